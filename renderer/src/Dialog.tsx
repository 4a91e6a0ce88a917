// A modal dialog on the native <dialog> element: focus kept inside, Escape closes, a title names it.
// On closing, focus goes back to what had it when the dialog opened (the row's button, say); when
// that is gone (the row was deleted), to the screen's heading, so that it does not fall to the page.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

/** Focus back on `opener` if it is still in the page, else on the screen's heading (or main). */
function restoreFocus(opener: Element | null): void {
  if (opener instanceof HTMLElement && opener.isConnected && opener !== document.body) {
    opener.focus();
    if (document.activeElement === opener) return;
  }
  const target = document.querySelector<HTMLElement>('main h2') ?? document.querySelector<HTMLElement>('main');
  if (!target) return;
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus();
}

export function Dialog({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  // Read while rendering, before the dialog's own fields can take the focus (autoFocus).
  const [opener] = useState(() => document.activeElement);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => {
      d?.close();
      restoreFocus(opener);
    };
  }, [opener]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={id}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      className="dialog"
    >
      <h2 id={id}>{title}</h2>
      {children}
    </dialog>
  );
}
