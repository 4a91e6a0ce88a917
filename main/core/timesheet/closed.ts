// A closed month stays as it was paid. Closing stores the month as its exports read it (the
// timesheet, its raw punches and corrections); every later export of it reads that. What Festime
// changes afterwards (a late punch, a removal) reaches the record, and the difference between what
// the month would count now and what it was paid on becomes a regularisation of the next open month.
import type { Database } from 'better-sqlite3';
import {
  REGULARISATION_FIELD,
  REGULARISATION_KEYS,
  type HolderMonth,
  type MonthTimesheet,
  type Regularisation,
  type RegularisationKey,
} from '../../../shared/timesheet';
import type { ClosedMonthChange } from '../../../shared/api';
import { addDays, addMonths, lastDayOf } from '../../../shared/time';
import { currentBadges } from '../holders/badges';
import { durably } from '../store/database';
import { countedWeeksFrom } from './engine';
import type { LoadedMonth } from './month';

/** The stored month of a closed month; null when it is open, or was closed before figures were kept. */
export function frozenMonth(db: Database, accountId: number, month: string): LoadedMonth | null {
  const text = db.prepare('SELECT figures FROM closed_months WHERE account_id = ? AND month = ?').pluck().get(accountId, month) as string | null | undefined;
  return text ? (JSON.parse(text) as LoadedMonth) : null;
}

/** The days whose punches can change a closed month: its own, the weeks it counts, and the night after its last day. */
function rangeOf(month: string): { from: string; to: string } {
  // A shift begun on its last day ends by the next day's afternoon (the missing-departure delay, 16 h by default).
  return { from: countedWeeksFrom(month), to: `${addDays(lastDayOf(month), 1)}T16:00:00` };
}

/** The record of a closed month's days as it stands: how many punches, the newest arrival, the removals. */
function fingerprint(db: Database, accountId: number, month: string): string {
  const { from, to } = rangeOf(month);
  const row = db
    .prepare(
      'SELECT count(*) AS n, max(first_seen) AS seen, count(removed_at) AS removed, max(removed_at) AS lastRemoved FROM punches WHERE account_id = ? AND at >= ? AND at < ?',
    )
    .get(accountId, from, to);
  return JSON.stringify(row);
}

/** Stores a closed month's figures (in the transaction that closes it, or the first sync after an upgrade), and its record's fingerprint. */
export function freezeMonth(db: Database, accountId: number, month: string, loaded: LoadedMonth): void {
  db.prepare('UPDATE closed_months SET figures = ?, fingerprint = ? WHERE account_id = ? AND month = ?').run(
    JSON.stringify(loaded),
    fingerprint(db, accountId, month),
    accountId,
    month,
  );
}

/** Reopening (with the closed_months row, which held the stored figures): the regularisations the month caused go too (its own figures count again). */
export function thawMonth(db: Database, accountId: number, month: string): void {
  db.prepare('DELETE FROM regularisations WHERE account_id = ? AND month = ?').run(accountId, month);
  db.prepare('DELETE FROM closed_month_changes WHERE account_id = ? AND month = ?').run(accountId, month);
}

/** The first month after `month` that is not closed: where its regularisations go. */
export function nextOpenMonth(db: Database, accountId: number, month: string): string {
  const closed = new Set(db.prepare('SELECT month FROM closed_months WHERE account_id = ? AND month > ?').pluck().all(accountId, month) as string[]);
  let next = addMonths(month, 1);
  while (closed.has(next)) next = addMonths(next, 1);
  return next;
}

/** The regularisations carried into `month`, by holder. */
export function regularisationsInto(db: Database, accountId: number, month: string): Map<string, Regularisation[]> {
  const rows = db
    .prepare('SELECT uid, month, key, ms FROM regularisations WHERE account_id = ? AND into_month = ? ORDER BY uid, month, key')
    .all(accountId, month) as { uid: string; month: string; key: RegularisationKey; ms: number }[];
  const out = new Map<string, Regularisation[]>();
  for (const r of rows) {
    const list = out.get(r.uid) ?? [];
    list.push({ month: r.month, key: r.key, ms: r.ms });
    out.set(r.uid, list);
  }
  // In the keys' order within each closed month, as the outputs list them.
  for (const list of out.values())
    list.sort((a, b) => a.month.localeCompare(b.month) || REGULARISATION_KEYS.indexOf(a.key) - REGULARISATION_KEYS.indexOf(b.key));
  return out;
}

/** A row for someone with regularisations but nothing else in the month (gone since, say): identity from the closed month. */
function emptyHolder(from: Pick<HolderMonth, 'uid' | 'nom' | 'prenom' | 'matricule' | 'contractType' | 'contractHours'>): HolderMonth {
  return {
    ...from,
    daysWorked: 0,
    workedMs: 0,
    pauseMs: 0,
    overtimeFirstMs: 0,
    overtimeSecondMs: 0,
    nightMs: 0,
    sundayMs: 0,
    holidayMs: 0,
    anomalyCount: 0,
    alertCount: 0,
    days: [],
    weekDays: [],
    weeks: [],
    complementary10Ms: 0,
    complementary25Ms: 0,
    absenceMs: {},
    holidayOffMs: 0,
    mayFirstWorkedMs: 0,
  };
}

/** An open month's sheet with the regularisations carried into it, each on its holder's row (a row added when they have none). */
export function withRegularisations(db: Database, accountId: number, sheet: MonthTimesheet): MonthTimesheet {
  const regs = regularisationsInto(db, accountId, sheet.month);
  if (regs.size === 0) return sheet;
  const holders = sheet.holders.map((h) => (regs.has(h.uid) ? { ...h, regularisations: regs.get(h.uid) } : h));
  const stored = new Map<string, MonthTimesheet | undefined>();
  const storedSheet = (month: string) => {
    if (!stored.has(month)) stored.set(month, frozenMonth(db, accountId, month)?.sheet);
    return stored.get(month);
  };
  for (const [uid, list] of regs) {
    if (holders.some((h) => h.uid === uid)) continue;
    const source = storedSheet(list[0]!.month)?.holders.find((h) => h.uid === uid);
    const name = db.prepare('SELECT nom, prenom FROM holders WHERE account_id = ? AND uid = ?').get(accountId, uid) as
      { nom: string; prenom: string } | undefined;
    holders.push({
      ...emptyHolder({
        uid,
        nom: source?.nom ?? name?.nom ?? '',
        prenom: source?.prenom ?? name?.prenom ?? '',
        matricule: source?.matricule ?? null,
        contractType: source?.contractType ?? null,
        contractHours: source?.contractHours ?? null,
      }),
      regularisations: list,
    });
  }
  holders.sort((a, b) => a.nom.localeCompare(b.nom, 'fr') || a.prenom.localeCompare(b.prenom, 'fr') || a.uid.localeCompare(b.uid));
  return { ...sheet, holders };
}

/**
 * Before a sync: a closed month whose days Festime may still change (`since` on) and that has no
 * stored figures (closed before they were kept) is frozen as it stands, so that what the sync
 * brings is a regularisation, not a silent change.
 */
export function freezeBareMonths(db: Database, accountId: number, since: string, live: (month: string) => LoadedMonth): void {
  const bare = db.prepare('SELECT month FROM closed_months WHERE account_id = ? AND figures IS NULL').pluck().all(accountId) as string[];
  for (const month of bare) if (addDays(lastDayOf(month), 1) >= since) durably(db, () => freezeMonth(db, accountId, month, live(month)));
}

/**
 * After a sync: each closed month whose days Festime may still change (`since` on) and whose record
 * moved since it was last compared (a punch added, removed or given back) is computed again; the
 * difference with what it was paid on, less what earlier regularisations carried, is the
 * regularisation of the next open month (replaced whole). A month whose regularisation changed is
 * said, with the punches Festime changed in it since it was closed.
 */
export function settleClosedMonths(db: Database, accountId: number, since: string, live: (month: string) => LoadedMonth, now: Date): ClosedMonthChange[] {
  const closed = db
    .prepare('SELECT month, closed_at AS closedAt, fingerprint FROM closed_months WHERE account_id = ? AND figures IS NOT NULL ORDER BY month')
    .all(accountId) as { month: string; closedAt: string; fingerprint: string | null }[];
  const current = currentBadges(db, accountId);
  const changes: ClosedMonthChange[] = [];
  for (const { month, closedAt, fingerprint: known } of closed) {
    if (addDays(lastDayOf(month), 1) < since) continue;
    const print = fingerprint(db, accountId, month);
    if (print === known) continue;
    // Each holder under their current badge, as the record computes them now (a badge replaced since the closing).
    const byUid = (sheet: MonthTimesheet) => new Map(sheet.holders.map((h) => [current.get(h.uid) ?? h.uid, h]));
    const before = byUid(frozenMonth(db, accountId, month)!.sheet);
    const after = byUid(live(month).sheet);
    const into = nextOpenMonth(db, accountId, month);
    const carried = db
      .prepare('SELECT uid, key, sum(ms) AS ms FROM regularisations WHERE account_id = ? AND month = ? AND into_month <> ? GROUP BY uid, key')
      .all(accountId, month, into) as { uid: string; key: RegularisationKey; ms: number }[];
    const already = new Map(carried.map((r) => [`${r.uid}|${r.key}`, r.ms]));
    const rows: { uid: string; key: RegularisationKey; ms: number }[] = [];
    for (const uid of new Set([...before.keys(), ...after.keys()])) {
      for (const key of REGULARISATION_KEYS) {
        const field = REGULARISATION_FIELD[key];
        const ms = (after.get(uid)?.[field] ?? 0) - (before.get(uid)?.[field] ?? 0) - (already.get(`${uid}|${key}`) ?? 0);
        if (ms !== 0) rows.push({ uid, key, ms });
      }
    }
    const previous = db
      .prepare('SELECT uid, key, ms FROM regularisations WHERE account_id = ? AND month = ? AND into_month = ? ORDER BY uid, key')
      .all(accountId, month, into) as typeof rows;
    const sorted = [...rows].sort((a, b) => a.uid.localeCompare(b.uid) || a.key.localeCompare(b.key));
    const moved = JSON.stringify(previous) !== JSON.stringify(sorted);
    const { from, to } = rangeOf(month);
    const punches = db
      .prepare(`SELECT count(*) FROM punches WHERE account_id = ? AND at >= ? AND at < ? AND (first_seen > ? OR removed_at > ?)`)
      .pluck()
      .get(accountId, from, to, closedAt, closedAt) as number;
    durably(db, () => {
      db.prepare('UPDATE closed_months SET fingerprint = ? WHERE account_id = ? AND month = ?').run(print, accountId, month);
      if (!moved) return;
      db.prepare('DELETE FROM regularisations WHERE account_id = ? AND month = ? AND into_month = ?').run(accountId, month, into);
      const insert = db.prepare('INSERT INTO regularisations (account_id, month, into_month, uid, key, ms) VALUES (?, ?, ?, ?, ?, ?)');
      for (const r of rows) insert.run(accountId, month, into, r.uid, r.key, r.ms);
      db.prepare(
        `INSERT INTO closed_month_changes (account_id, month, into_month, punches, noticed_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (account_id, month, into_month) DO UPDATE SET punches = excluded.punches, noticed_at = excluded.noticed_at`,
      ).run(accountId, month, into, punches, now.toISOString());
    });
    if (moved) changes.push({ month, into, punches });
  }
  return changes;
}

/** The closed months the last sync changed (noticed since `since`), for the status bar. */
export function closedMonthChangesSince(db: Database, accountId: number, since: string): ClosedMonthChange[] {
  return db
    .prepare('SELECT month, into_month AS "into", punches FROM closed_month_changes WHERE account_id = ? AND noticed_at >= ? ORDER BY month')
    .all(accountId, since) as ClosedMonthChange[];
}
