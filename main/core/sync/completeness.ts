// Completeness: what makes a sync fetch more than its usual overlap. Late uploads with no terminal
// signal (and any gap a short answer left) are refilled by a sweep of the whole window Festime
// holds, at least once a day: a sync whose last sweep is older than 20 hours does one. A last sweep
// dated after now (a run under a clock set ahead) is not trusted: a sweep is due, so one wrong date
// cannot switch the sweep off.
import type { Database } from 'better-sqlite3';

export const SWEEP_EVERY_MS = 20 * 3_600_000;

/** When the last good run covering the whole window finished, if any. */
export function lastSweepAt(db: Database, accountId: number): string | null {
  return (
    (db.prepare(`SELECT finished_at FROM sync_runs WHERE account_id = ? AND outcome = 'ok' AND full = 1 ORDER BY id DESC LIMIT 1`).pluck().get(accountId) as
      string | null | undefined) ?? null
  );
}

export function sweepDue(db: Database, accountId: number, now: Date): boolean {
  const last = lastSweepAt(db, accountId);
  if (last === null) return true;
  const age = now.getTime() - Date.parse(last);
  return age < 0 || age > SWEEP_EVERY_MS;
}
