// A read budget: the time a set of reads may take together (all the reads of one sync: the
// terminals' report, the punches, their retries). Each read is given what is left of it as its
// timeout, so a server that never answers costs the budget once, not once per attempt and read.
// A plain object passed in the call options: the client keeps no global state about it.

export interface ReadDeadline {
  /** The budget as it was given, in ms. */
  readonly budgetMs: number;
  /** Time spent since the budget was opened, in ms. */
  elapsedMs(): number;
  /** What is left, in ms (0 once spent). */
  remainingMs(): number;
}

/** A budget of `budgetMs` from now; `now` is a monotonic clock in ms (tests may move their own). */
export function createReadDeadline(budgetMs: number, now: () => number = () => performance.now()): ReadDeadline {
  const opened = now();
  return {
    budgetMs,
    elapsedMs: () => now() - opened,
    remainingMs: () => Math.max(0, budgetMs - (now() - opened)),
  };
}

/** Seconds actually waited, as the timeout message says them (at least 1). */
export function waitedSeconds(deadline: ReadDeadline): number {
  return Math.max(1, Math.round(deadline.elapsedMs() / 1000));
}
