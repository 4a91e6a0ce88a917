// What each terminal last said of itself (global_get_infos_iot, read at every sync and by the
// Terminaux screen: the whole last report is kept for when Festime is out of reach), and the day a
// sync must fetch again from when a terminal comes back from a gap: an offline terminal keeps its
// punches and uploads them late, dated in the past, beyond the sync's usual overlap.
import type { Database } from 'better-sqlite3';
import type { LastKnownTerminals } from '../../../shared/api';
import type { TerminalInfoReport } from '../../../shared/festime';
import { accountScope, getSetting, putSetting } from './accounts';

interface Row {
  status: string | null;
  lastScan: string | null;
  gapSince: string | null;
  refetchFrom: string | null;
}

export interface TerminalReturn {
  accessPoint: string;
  /** The day of its last scan before the gap. */
  from: string;
}

const earlier = (a: string | null, b: string | null) => (a && b ? (a < b ? a : b) : (a ?? b));

/**
 * Saves a terminal report and says which terminals came back: ONLINE now, with a newer last scan,
 * after a report where they were OFFLINE or silent (no scan since the report before). Their
 * return day is kept until a good run covered it (see refetchFrom / refetchDone).
 */
export function recordTerminalReport(db: Database, accountId: number, report: TerminalInfoReport, readAt: string): TerminalReturn[] {
  const get = db.prepare(
    `SELECT status, last_scan AS lastScan, gap_since AS gapSince, refetch_from AS refetchFrom FROM terminal_status WHERE account_id = ? AND access_point = ? AND serial = ?`,
  );
  const put = db.prepare(
    `INSERT INTO terminal_status (account_id, access_point, serial, status, last_scan, read_at, gap_since, refetch_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (account_id, access_point, serial) DO UPDATE SET status = excluded.status, last_scan = excluded.last_scan, read_at = excluded.read_at,
       gap_since = excluded.gap_since, refetch_from = excluded.refetch_from`,
  );
  const returns: TerminalReturn[] = [];
  db.transaction(() => {
    for (const ap of report.accessPoints) {
      if (!ap.parsed || !ap.accessPoint) continue;
      const serial = ap.serial ?? '';
      const prev = get.get(accountId, ap.accessPoint, serial) as Row | undefined;
      const online = ap.status === 'ONLINE';
      // A report without a last scan keeps the one known (nothing is learnt from it).
      const lastScan = ap.lastScan ?? prev?.lastScan ?? null;
      const newer = lastScan !== null && (!prev?.lastScan || lastScan > prev.lastScan);
      let gapSince: string | null = null;
      let refetchFrom = prev?.refetchFrom ?? null;
      if (prev && online && newer && (prev.status !== 'ONLINE' || prev.gapSince !== null)) {
        const since = prev.gapSince ?? prev.lastScan;
        if (since) {
          refetchFrom = earlier(refetchFrom, since.slice(0, 10));
          returns.push({ accessPoint: ap.accessPoint, from: since.slice(0, 10) });
        }
        // The gap starts at the last scan Festime saw before it (kept while the gap lasts).
      } else if (!online || (prev && !newer)) gapSince = prev?.gapSince ?? lastScan;
      put.run(accountId, ap.accessPoint, serial, ap.status, lastScan, readAt, gapSince, refetchFrom);
    }
    putLastReport(db, accountId, report, readAt);
  })();
  return returns;
}

// The whole report, as read: what the Terminaux screen shows when Festime cannot be reached. One
// account setting (like the zone its terminals report) rather than a table: it is only ever read whole.
const LAST_REPORT = 'terminals-last-report';

/** Inside a transaction the caller holds: `report` is now the last one known, read at `readAt` (ISO). */
export function putLastReport(db: Database, accountId: number, report: TerminalInfoReport, readAt: string): void {
  putSetting(db, accountScope(accountId), LAST_REPORT, JSON.stringify({ report, readAt } satisfies LastKnownTerminals));
}

/** The terminals' last report read for the account, and when; null before the first. */
export function lastReport(db: Database, accountId: number): LastKnownTerminals | null {
  const saved = getSetting(db, accountScope(accountId), LAST_REPORT);
  if (!saved) return null;
  try {
    const known = JSON.parse(saved) as LastKnownTerminals;
    return Array.isArray(known.report?.accessPoints) && typeof known.readAt === 'string' ? known : null;
  } catch {
    return null; // A value this version cannot read is no state to show.
  }
}

/** The earliest day a terminal's return asks the next sync to fetch again from, if any. */
export function refetchFrom(db: Database, accountId: number): string | null {
  return (db.prepare(`SELECT min(refetch_from) FROM terminal_status WHERE account_id = ?`).pluck().get(accountId) as string | null) ?? null;
}

/** A good run fetched from `from`: the returns it covered are done. */
export function refetchDone(db: Database, accountId: number, from: string): void {
  db.prepare(`UPDATE terminal_status SET refetch_from = NULL WHERE account_id = ? AND refetch_from >= ?`).run(accountId, from);
}

export interface OfflineTerminal {
  accessPoint: string;
  /** Its last scan, "YYYY-MM-DDTHH:MM:SS" (site time). */
  since: string;
}

/** Terminals OFFLINE in the last report whose last scan is before `beforeDay` (a month's end, exclusive). */
export function offlineTerminals(db: Database, accountId: number, beforeDay: string): OfflineTerminal[] {
  return db
    .prepare(
      `SELECT access_point AS accessPoint, last_scan AS since FROM terminal_status
       WHERE account_id = ? AND status = 'OFFLINE' AND last_scan IS NOT NULL AND last_scan < ? ORDER BY last_scan, access_point`,
    )
    .all(accountId, beforeDay) as OfflineTerminal[];
}
