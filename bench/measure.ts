// Small helpers for benchmarks: median of repeated runs, memory after a forced GC, and the verdict
// on a target (a missed one fails the run: `npm run bench` exits 1).

/** PASS or FAIL for a target; a FAIL makes this benchmark's process, and so `npm run bench`, exit 1. */
export function verdict(ok: boolean): 'PASS' | 'FAIL' {
  if (!ok) process.exitCode = 1;
  return ok ? 'PASS' : 'FAIL';
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs `fn` `warmup` times, then `runs` times, and returns the median duration in ms. */
export function timeIt(fn: () => unknown, runs = 7, warmup = 2): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(times);
}

const gc = (globalThis as { gc?: () => void }).gc;

export function canMeasureMemory(): boolean {
  return typeof gc === 'function';
}

/** Heap + array buffers after a full GC, in bytes (needs node --expose-gc). */
export function usedMemory(): number {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

export const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
