// A form's or dialog's refusal, said where it happened and announced (role alert); nothing when there is none.
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}
