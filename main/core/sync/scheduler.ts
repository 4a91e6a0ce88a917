// Automatic sync while the app runs: every `intervalMs` (default 15 minutes); after a failure the
// next try comes sooner at first, then backs off (doubling up to the interval… and beyond, up to
// `maxBackoffMs`), so a server that is down is not hammered, and a good run resets the pace.

export interface SchedulerOptions {
  intervalMs?: number;
  /** First retry after a failure. */
  retryMs?: number;
  maxBackoffMs?: number;
  run: () => Promise<unknown>;
  onError?: (error: unknown) => void;
}

export interface Scheduler {
  start(): void;
  stop(): void;
  /** Runs now (unless a run is under way) and restarts the clock. */
  runNow(): Promise<void>;
  /** Milliseconds until the next planned run, or null when stopped. */
  readonly nextDelay: number | null;
  readonly failures: number;
}

export const DEFAULT_SYNC_INTERVAL_MS = 15 * 60_000;

export function createScheduler(options: SchedulerOptions): Scheduler {
  const interval = options.intervalMs ?? DEFAULT_SYNC_INTERVAL_MS;
  const retry = options.retryMs ?? 60_000;
  const maxBackoff = options.maxBackoffMs ?? 60 * 60_000;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let failures = 0;
  let nextDelay: number | null = null;
  let started = false;

  const plan = () => {
    if (!started) return;
    nextDelay = failures === 0 ? interval : Math.min(maxBackoff, retry * 2 ** (failures - 1));
    timer = setTimeout(() => void tick(), nextDelay);
    timer.unref?.();
  };

  const tick = async () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (running) return running;
    running = (async () => {
      try {
        await options.run();
        failures = 0;
      } catch (error) {
        failures++;
        options.onError?.(error);
      } finally {
        running = null;
        plan();
      }
    })();
    return running;
  };

  return {
    start() {
      if (started) return;
      started = true;
      plan();
    },
    stop() {
      started = false;
      nextDelay = null;
      if (timer) clearTimeout(timer);
      timer = null;
    },
    runNow: () => tick(),
    get nextDelay() {
      return nextDelay;
    },
    get failures() {
      return failures;
    },
  };
}
