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
import { countedWeeksFrom } from './engine';
import type { LoadedMonth } from './month';

/** The stored month of a closed month; null when it is open, or was closed before figures were kept. */
export function frozenMonth(db: Database, accountId: number, month: string): LoadedMonth | null {
  const text = db.prepare('SELECT figures FROM closed_months WHERE account_id = ? AND month = ?').pluck().get(accountId, month) as string | null | undefined;
  return text ? (JSON.parse(text) as LoadedMonth) : null;
}

/** Stores a closed month's figures (in the transaction that closes it, or the first sync after an upgrade). */
export function freezeMonth(db: Database, accountId: number, month: string, loaded: LoadedMonth): void {
  db.prepare('UPDATE closed_months SET figures = ? WHERE account_id = ? AND month = ?').run(JSON.stringify(loaded), accountId, month);
}

/** Reopening: the stored figures go, and the regularisations the month caused (its own figures count again). */
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
  for (const [uid, list] of regs) {
    if (holders.some((h) => h.uid === uid)) continue;
    const source = frozenMonth(db, accountId, list[0]!.month)?.sheet.holders.find((h) => h.uid === uid);
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
  for (const month of bare) if (addDays(lastDayOf(month), 1) >= since) db.transaction(() => freezeMonth(db, accountId, month, live(month)))();
}

/**
 * After a sync that changed the cache: a closed month in which Festime has changed punches since it
 * was closed (added, or marked removed: counted by the punches' own dates of arrival and removal)
 * and whose count moved since the last look is computed again from the record; the difference with
 * what it was paid on, less what earlier regularisations carried, is the regularisation of the next
 * open month (replaced whole: a sync that changes nothing there changes nothing).
 */
export function settleClosedMonths(db: Database, accountId: number, live: (month: string) => LoadedMonth, now: Date): ClosedMonthChange[] {
  const closed = db
    .prepare('SELECT month, closed_at AS closedAt FROM closed_months WHERE account_id = ? AND figures IS NOT NULL ORDER BY month')
    .all(accountId) as { month: string; closedAt: string }[];
  const changes: ClosedMonthChange[] = [];
  for (const { month, closedAt } of closed) {
    // The month's days, the weeks it counts, and the night of its last day (a shift ends the day after).
    const from = countedWeeksFrom(month);
    const to = addDays(lastDayOf(month), 1);
    const punches = db
      .prepare(`SELECT count(*) FROM punches WHERE account_id = ? AND at >= ? AND at < ? AND (first_seen > ? OR removed_at > ?)`)
      .pluck()
      .get(accountId, from, `${to}T99`, closedAt, closedAt) as number;
    const said =
      (db.prepare('SELECT max(punches) FROM closed_month_changes WHERE account_id = ? AND month = ?').pluck().get(accountId, month) as number | null) ?? 0;
    if (punches === said) continue;
    const paid = frozenMonth(db, accountId, month)!.sheet;
    const current = live(month).sheet;
    const into = nextOpenMonth(db, accountId, month);
    const carried = db
      .prepare('SELECT uid, key, sum(ms) AS ms FROM regularisations WHERE account_id = ? AND month = ? AND into_month <> ? GROUP BY uid, key')
      .all(accountId, month, into) as { uid: string; key: RegularisationKey; ms: number }[];
    const already = new Map(carried.map((r) => [`${r.uid}|${r.key}`, r.ms]));
    const byUid = (sheet: MonthTimesheet) => new Map(sheet.holders.map((h) => [h.uid, h]));
    const before = byUid(paid);
    const after = byUid(current);
    const rows: { uid: string; key: RegularisationKey; ms: number }[] = [];
    for (const uid of new Set([...before.keys(), ...after.keys()])) {
      for (const key of REGULARISATION_KEYS) {
        const field = REGULARISATION_FIELD[key];
        const ms = (after.get(uid)?.[field] ?? 0) - (before.get(uid)?.[field] ?? 0) - (already.get(`${uid}|${key}`) ?? 0);
        if (ms !== 0) rows.push({ uid, key, ms });
      }
    }
    db.transaction(() => {
      db.prepare('DELETE FROM regularisations WHERE account_id = ? AND month = ? AND into_month = ?').run(accountId, month, into);
      const insert = db.prepare('INSERT INTO regularisations (account_id, month, into_month, uid, key, ms) VALUES (?, ?, ?, ?, ?, ?)');
      for (const r of rows) insert.run(accountId, month, into, r.uid, r.key, r.ms);
      db.prepare(
        `INSERT INTO closed_month_changes (account_id, month, into_month, punches, noticed_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (account_id, month, into_month) DO UPDATE SET punches = excluded.punches, noticed_at = excluded.noticed_at`,
      ).run(accountId, month, into, punches, now.toISOString());
    })();
    changes.push({ month, into, punches });
  }
  return changes;
}

/** The closed months the last sync changed (noticed since `since`), for the status bar. */
export function closedMonthChangesSince(db: Database, accountId: number, since: string): ClosedMonthChange[] {
  return db
    .prepare('SELECT month, into_month AS "into", punches FROM closed_month_changes WHERE account_id = ? AND noticed_at >= ? ORDER BY month')
    .all(accountId, since) as ClosedMonthChange[];
}
