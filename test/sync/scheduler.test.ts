// Automatic sync: on a schedule, backing off after failures, back to the normal pace after a success.
import { describe, expect, it } from 'vitest';
import { createScheduler } from '../../main/core/sync/scheduler';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('scheduler', () => {
  it('runs every interval while started, and not after stop', async () => {
    let runs = 0;
    const s = createScheduler({ intervalMs: 30, run: async () => void runs++ });
    s.start();
    await wait(115);
    s.stop();
    const seen = runs;
    expect(seen).toBeGreaterThanOrEqual(2);
    await wait(80);
    expect(runs).toBe(seen);
    expect(s.nextDelay).toBeNull();
  });

  it('backs off after failures and returns to the interval after a success', async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const s = createScheduler({
      intervalMs: 1_000,
      retryMs: 10,
      maxBackoffMs: 40,
      run: async () => {
        calls++;
        if (calls <= 4) throw new Error('offline');
      },
      onError: (e) => errors.push(e),
    });
    s.start();
    await s.runNow();
    expect([s.failures, s.nextDelay]).toEqual([1, 10]);
    await wait(15);
    expect([s.failures, s.nextDelay]).toEqual([2, 20]);
    await wait(25);
    expect([s.failures, s.nextDelay]).toEqual([3, 40]);
    await wait(45);
    expect([s.failures, s.nextDelay]).toEqual([4, 40]); // capped
    await wait(45);
    expect([s.failures, s.nextDelay]).toEqual([0, 1_000]);
    expect(errors).toHaveLength(4);
    s.stop();
  });
});
