// How far the PC's clock is from Festime's (measured at each sync), and how that is said: the
// status bar and the CLI's `sync` warn past a few minutes, in a unit a person reads at a glance.

/** Beyond this the status bar and the CLI warn: a punch's day and the sync window come from the PC's clock. */
export const CLOCK_WARN_MINUTES = 5;

export interface SkewAmount {
  /** The catalogue's unit key: `…clockUnit.minutes`, `.hours` or `.days`. */
  unit: 'minutes' | 'hours' | 'days';
  count: number;
}

/** A warning worth showing (past the threshold), with its size; null when the clocks agree or nothing was measured. */
export function clockWarning(skewMinutes: number | null): { ahead: boolean; amount: SkewAmount } | null {
  if (skewMinutes === null || Math.abs(skewMinutes) <= CLOCK_WARN_MINUTES) return null;
  const m = Math.abs(skewMinutes);
  const amount: SkewAmount =
    m < 120 ? { unit: 'minutes', count: m } : m < 48 * 60 ? { unit: 'hours', count: Math.round(m / 60) } : { unit: 'days', count: Math.round(m / 1440) };
  return { ahead: skewMinutes > 0, amount };
}
