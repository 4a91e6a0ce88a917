// Completeness: what makes a sync fetch more than its usual overlap. Late uploads with no terminal
// signal (and any gap a short answer left) are refilled by a sweep of the whole window Festime
// holds, at least once a day: a sync whose last sweep is older than 20 hours does one.
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
  return last === null || now.getTime() - Date.parse(last) > SWEEP_EVERY_MS;
}
