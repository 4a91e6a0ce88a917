// Retention: the cache is the site's long-term record; the user's policy (default five years)
// decides when old punches go. The labour code wants working-time records kept at least a year,
// so a purge of anything younger is refused.
// The PC's date is not trusted for this (a clock a year ahead once emptied a cache): every cut is
// also measured from the newest punch cached, and the earlier of the two wins.
import type { Database } from 'better-sqlite3';
import { yearsBefore } from '../../../shared/time';
import { RetentionError } from '../errors';
import { accountScope, audit, getSetting } from './accounts';
import { newestPunchDay, purgeBefore } from './punches';

export const MIN_RETENTION_YEARS = 1;
export const DEFAULT_RETENTION_YEARS = 5;

/** The latest day a purge may cut at, today being `today`. */
export function earliestAllowedCut(today: string): string {
  return yearsBefore(today, MIN_RETENTION_YEARS);
}

export function retentionYears(db: Database, accountId: number): number {
  const v = Number(getSetting(db, accountScope(accountId), 'retention-years'));
  return Number.isInteger(v) && v >= MIN_RETENTION_YEARS ? v : DEFAULT_RETENTION_YEARS;
}

/**
 * The day the retention is counted from: today, unless the newest punch cached is older (a PC
 * clock ahead, or a site that stopped punching): then that punch's day.
 */
export function retentionToday(db: Database, accountId: number, today: string): string {
  const newest = newestPunchDay(db, accountId);
  return newest !== null && newest < today ? newest : today;
}

/** Where a purge today would cut: the day given, else the account's policy; refused when younger than the law allows. */
export function purgeCut(db: Database, accountId: number, today: string, before?: string): string {
  const from = retentionToday(db, accountId, today);
  const cut = before ?? yearsBefore(from, retentionYears(db, accountId));
  const earliest = earliestAllowedCut(from);
  if (cut > earliest) throw new RetentionError(cut, earliest);
  return cut;
}

/** Removes punches dated before `before` (default: the account's policy), in one transaction, counted in the audit log. */
export function purge(db: Database, accountId: number, today: string, actor: string, cut?: string): { before: string; removed: number } {
  const before = purgeCut(db, accountId, today, cut);
  const removed = db
    .transaction(() => {
      const n = purgeBefore(db, accountId, before);
      audit(db, accountId, actor, 'punches.purge', { before, removed: n });
      return n;
    })
    .immediate();
  return { before, removed };
}
