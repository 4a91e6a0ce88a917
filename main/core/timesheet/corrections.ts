// Payroll corrections: a layer over the raw punches (never changed): a missing punch added, a
// raw punch ignored, a removed one kept, the time of a punch the night clocks change read as payroll
// says, each with a mandatory comment, who and when; undoable; refused in a closed month.
import type { Database } from 'better-sqlite3';
import type { PunchType } from '../../../shared/festime';
import type { CorrectionRow, RemovedPunch, TimesheetPunch } from '../../../shared/timesheet';
import { addMonths, lastDayOf, localDateTimeIssue, todayIn, zoneClock } from '../../../shared/time';
import { MonthClosedError, MonthNotExportedError, MonthNotOverError, NotAmbiguousError, NotFoundError, NotRemovedError, ValidationError } from '../errors';
import { audit } from '../store/accounts';
import { durably } from '../store/database';
import { IN_LIST, inList } from '../store/id-list';
import { siteZone } from '../store/site-zone';
import { countedWeeksFrom, punchRangeFor, weekMonthOf } from './engine';
import { freezeMonth, thawMonth } from './closed';
import type { LoadedMonth } from './month';

function requireComment(comment: string): string {
  const c = comment.trim();
  if (!c) throw new ValidationError([{ field: 'comment', rule: 'required', params: {} }]);
  return c;
}

export function isClosed(db: Database, accountId: number, month: string): boolean {
  return db.prepare('SELECT 1 FROM closed_months WHERE account_id = ? AND month = ?').get(accountId, month) !== undefined;
}

/**
 * The months whose figures a day changes: its own, and the month its week counts in (the month of
 * its Sunday: 30 October 2026 is in the week of 26 Oct–1 Nov, counted in November).
 */
export function monthsOfDay(day: string): string[] {
  const own = day.slice(0, 7);
  const week = weekMonthOf(day.slice(0, 10));
  return week === own ? [own] : [own, week];
}

/** The first closed month among those whose figures the day changes; null when none is closed. */
export function closedMonthOf(db: Database, accountId: number, day: string): string | null {
  return monthsOfDay(day).find((m) => isClosed(db, accountId, m)) ?? null;
}

/**
 * The one check before anything changes a day's figures (a correction, its undo, an absence):
 * refused with MonthClosedError naming the closed month. `day`: "YYYY-MM-DD" or a local date-time.
 */
export function refuseIfClosed(db: Database, accountId: number, day: string): void {
  const month = closedMonthOf(db, accountId, day);
  if (month !== null) throw new MonthClosedError(month);
}

export function addPunch(
  db: Database,
  accountId: number,
  c: { uid: string; type: PunchType; at: string; reason?: string; comment: string },
  actor: string,
  now = new Date(),
): number {
  const comment = requireComment(c.comment);
  // A real day and a real time: 30 February or 25:61 would only fail later, in the month's figures.
  const issue = localDateTimeIssue(c.at, true);
  if (issue) throw new ValidationError([{ field: 'at', rule: issue, params: {} }]);
  const at = c.at.length === 16 ? `${c.at}:00` : c.at;
  return durably(db, () => {
    refuseIfClosed(db, accountId, at);
    const id = Number(
      db
        .prepare(
          `INSERT INTO corrections (account_id, kind, uid, type, at, reason_code, comment, created_by, created_at) VALUES (?, 'add', ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(accountId, c.uid, c.type, at, c.reason ?? '', comment, actor, now.toISOString()).lastInsertRowid,
    );
    audit(db, accountId, actor, 'correction.add', { id, uid: c.uid, type: c.type, at }, now);
    return id;
  });
}

export function ignorePunch(db: Database, accountId: number, punchId: number, comment: string, actor: string, now = new Date()): number {
  const text = requireComment(comment);
  return durably(db, () => {
    const punch = db.prepare('SELECT uid, at FROM punches WHERE account_id = ? AND id = ?').get(accountId, punchId) as { uid: string; at: string } | undefined;
    if (!punch) throw new NotFoundError('punch', punchId);
    refuseIfClosed(db, accountId, punch.at);
    const id = Number(
      db
        .prepare(`INSERT INTO corrections (account_id, kind, uid, at, punch_id, comment, created_by, created_at) VALUES (?, 'ignore', ?, ?, ?, ?, ?, ?)`)
        .run(accountId, punch.uid, punch.at, punchId, text, actor, now.toISOString()).lastInsertRowid,
    );
    audit(db, accountId, actor, 'correction.ignore', { id, punchId }, now);
    return id;
  });
}

/** Counts a punch Festime removed (marked removed upstream) all the same: payroll's decision, with its comment. */
export function keepPunch(db: Database, accountId: number, punchId: number, comment: string, actor: string, now = new Date()): number {
  const text = requireComment(comment);
  return durably(db, () => {
    const punch = db.prepare('SELECT uid, at, removed_at AS removedAt FROM punches WHERE account_id = ? AND id = ?').get(accountId, punchId) as
      { uid: string; at: string; removedAt: string | null } | undefined;
    if (!punch) throw new NotFoundError('punch', punchId);
    refuseIfClosed(db, accountId, punch.at);
    if (punch.removedAt === null) throw new NotRemovedError(punchId);
    const kept = db
      .prepare(`SELECT id FROM corrections WHERE account_id = ? AND kind = 'keep' AND punch_id = ? AND undone_at IS NULL`)
      .pluck()
      .get(accountId, punchId) as number | undefined;
    if (kept !== undefined) return kept; // kept already (a double click): one correction
    const id = Number(
      db
        .prepare(`INSERT INTO corrections (account_id, kind, uid, at, punch_id, comment, created_by, created_at) VALUES (?, 'keep', ?, ?, ?, ?, ?, ?)`)
        .run(accountId, punch.uid, punch.at, punchId, text, actor, now.toISOString()).lastInsertRowid,
    );
    audit(db, accountId, actor, 'correction.keep', { id, punchId }, now);
    return id;
  });
}

/**
 * Which time a punch of the hour repeated when clocks go back is: `occurrence` 1 the first (summer
 * time, what the figures take until told), 2 the second (an hour later in real time); or, with 1, a
 * time of the hour skipped when they go forward taken as read (shifted forward). The anomaly closes and
 * the figures follow; a decision made before on the same punch gives way to this one (undone, kept in
 * the list). `punchId`: a raw punch, or minus the correction that added one (as the timesheet numbers it).
 */
export function readPunch(db: Database, accountId: number, punchId: number, occurrence: 1 | 2, comment: string, actor: string, now = new Date()): number {
  const text = requireComment(comment);
  return durably(db, () => {
    const punch = (
      punchId > 0
        ? db.prepare('SELECT uid, at FROM punches WHERE account_id = ? AND id = ?').get(accountId, punchId)
        : db.prepare(`SELECT uid, at FROM corrections WHERE account_id = ? AND id = ? AND kind = 'add' AND undone_at IS NULL`).get(accountId, -punchId)
    ) as { uid: string; at: string } | undefined;
    if (!punch) throw new NotFoundError('punch', punchId);
    refuseIfClosed(db, accountId, punch.at);
    const readings = zoneClock(siteZone(db, accountId)).readings(punch.at).length;
    if (readings === 1 || (readings === 0 && occurrence === 2)) throw new NotAmbiguousError(punchId, punch.at);
    const previous = db
      .prepare(`SELECT id, occurrence FROM corrections WHERE account_id = ? AND kind = 'reading' AND punch_id = ? AND undone_at IS NULL`)
      .get(accountId, punchId) as { id: number; occurrence: number } | undefined;
    if (previous?.occurrence === occurrence) return previous.id; // said already (a double click): one correction
    if (previous) {
      db.prepare('UPDATE corrections SET undone_at = ?, undone_by = ? WHERE id = ?').run(now.toISOString(), actor, previous.id);
      audit(db, accountId, actor, 'correction.undo', { id: previous.id }, now);
    }
    const id = Number(
      db
        .prepare(
          `INSERT INTO corrections (account_id, kind, uid, at, punch_id, occurrence, comment, created_by, created_at) VALUES (?, 'reading', ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(accountId, punch.uid, punch.at, punchId, occurrence, text, actor, now.toISOString()).lastInsertRowid,
    );
    audit(db, accountId, actor, 'correction.reading', { id, punchId, occurrence }, now);
    return id;
  });
}

export function undoCorrection(db: Database, accountId: number, id: number, actor: string, now = new Date()): void {
  durably(db, () => {
    const row = db.prepare('SELECT at FROM corrections WHERE account_id = ? AND id = ? AND undone_at IS NULL').get(accountId, id) as { at: string } | undefined;
    if (!row) throw new NotFoundError('correction', id);
    refuseIfClosed(db, accountId, row.at);
    db.prepare('UPDATE corrections SET undone_at = ?, undone_by = ? WHERE id = ?').run(now.toISOString(), actor, id);
    audit(db, accountId, actor, 'correction.undo', { id }, now);
  });
}

/**
 * The corrections, or a month's: those on its days and on the days of the weeks it counts (the
 * previous month's days of its first week), since they change its figures.
 */
export function listCorrections(db: Database, accountId: number, month?: string): CorrectionRow[] {
  const from = month === undefined ? null : countedWeeksFrom(month);
  const to = month === undefined ? null : `${lastDayOf(month)}T99`;
  const rows = db
    .prepare(
      `SELECT c.id, c.kind, c.uid, coalesce(h.nom || ' ' || h.prenom, c.uid) AS name, c.type, c.at, c.punch_id AS punchId, c.occurrence, c.comment,
      c.created_by AS createdBy, c.created_at AS createdAt, c.undone_at AS undoneAt
    FROM corrections c LEFT JOIN holders h ON h.account_id = c.account_id AND h.uid = c.uid
    WHERE c.account_id = ? AND (? IS NULL OR (c.at >= ? AND c.at < ?)) ORDER BY c.at, c.id`,
    )
    .all(accountId, from, from, to);
  return rows as CorrectionRow[];
}

/** Records that a month's workbook was written (a month is closed once exported). */
export function recordExport(db: Database, accountId: number, month: string, file: string, actor: string, now = new Date()): void {
  audit(db, accountId, actor, 'month.export', { month, file }, now);
}

export function wasExported(db: Database, accountId: number, month: string): boolean {
  return (
    db.prepare("SELECT 1 FROM audit_log WHERE account_id = ? AND action = 'month.export' AND json_extract(details, '$.month') = ?").get(accountId, month) !==
    undefined
  );
}

/**
 * Closes a month once it is over (from the first day of the next, in the site's time: its punches may
 * still come until then) and its workbook was written.
 */
export function closeMonth(db: Database, accountId: number, month: string, actor: string, now = new Date(), figures?: () => LoadedMonth): void {
  const next = addMonths(month, 1);
  if (todayIn(siteZone(db, accountId), now) < `${next}-01`) throw new MonthNotOverError(month, `${next}-01`);
  if (!wasExported(db, accountId, month)) throw new MonthNotExportedError(month);
  durably(db, () => {
    const added = db
      .prepare('INSERT INTO closed_months (account_id, month, closed_at, closed_by) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
      .run(accountId, month, now.toISOString(), actor).changes;
    // The figures it is paid on, read in the same transaction (a month closed twice keeps its first).
    if (added > 0 && figures) freezeMonth(db, accountId, month, figures());
    audit(db, accountId, actor, 'month.close', { month }, now);
  });
}

export function reopenMonth(db: Database, accountId: number, month: string, reason: string, actor: string, now = new Date()): void {
  const why = requireComment(reason);
  durably(db, () => {
    db.prepare('DELETE FROM closed_months WHERE account_id = ? AND month = ?').run(accountId, month);
    thawMonth(db, accountId, month);
    audit(db, accountId, actor, 'month.reopen', { month, reason: why }, now);
  });
}

const KEPT = `EXISTS (SELECT 1 FROM corrections c WHERE c.account_id = p.account_id AND c.kind = 'keep' AND c.punch_id = p.id AND c.undone_at IS NULL)`;
const IGNORED = `EXISTS (SELECT 1 FROM corrections c WHERE c.account_id = p.account_id AND c.kind = 'ignore' AND c.punch_id = p.id AND c.undone_at IS NULL)`;

/**
 * The punches a month's timesheet reads: raw ones (not removed upstream unless a correction keeps
 * them, not ignored) plus added ones; one holder's with `uid`.
 */
export function timesheetPunches(db: Database, accountId: number, month: string, uid?: string, range = punchRangeFor(month)): TimesheetPunch[] {
  const { from, to } = range;
  const who = uid === undefined ? '' : ' AND uid = ?';
  const params = uid === undefined ? [accountId, from, `${to}T99`] : [accountId, from, `${to}T99`, uid];
  const raw = db
    .prepare(
      `SELECT p.id, p.uid, p.type, p.at, p.reason FROM punches p
    WHERE p.account_id = ? AND p.at >= ? AND p.at < ?${who.replace('uid', 'p.uid')}
      AND (p.removed_at IS NULL OR ${KEPT}) AND NOT ${IGNORED}`,
    )
    .all(...params) as Omit<TimesheetPunch, 'corrected'>[];
  const added = db
    .prepare(
      `SELECT id, uid, type, at, reason_code AS reason FROM corrections
    WHERE account_id = ? AND kind = 'add' AND undone_at IS NULL AND at >= ? AND at < ?${who}`,
    )
    .all(...params) as Omit<TimesheetPunch, 'corrected'>[];
  // A holder's day with an ignored, kept or re-read punch is a corrected day too: their raw punches beside it carry the mark.
  const ignoredDays = new Set(
    db
      .prepare(
        `SELECT uid || '|' || substr(at, 1, 10) FROM corrections WHERE account_id = ? AND kind IN ('ignore', 'keep', 'reading') AND undone_at IS NULL AND at >= ? AND at < ?${who}`,
      )
      .pluck()
      .all(...params) as string[],
  );
  // The time payroll said each punch of a night clocks changed is, by punch id (an added one's negative).
  const readings = new Map(
    (
      db
        .prepare(
          `SELECT punch_id AS id, occurrence FROM corrections WHERE account_id = ? AND kind = 'reading' AND undone_at IS NULL AND at >= ? AND at < ?${who}`,
        )
        .all(...params) as { id: number; occurrence: 1 | 2 }[]
    ).map((r) => [r.id, r.occurrence]),
  );
  const read = <P extends { id: number }>(p: P): P & { occurrence?: 1 | 2 } => {
    const occurrence = readings.get(p.id);
    return occurrence === undefined ? p : { ...p, occurrence };
  };
  return [
    ...raw.map((p) => read({ ...p, corrected: ignoredDays.has(`${p.uid}|${p.at.slice(0, 10)}`) })),
    // An impossible time saved before corrections were checked (30 February) cannot be placed in any day.
    ...added.filter((p) => localDateTimeIssue(p.at, true) === null).map((p) => read({ ...p, id: -p.id, corrected: true })),
  ];
}

/** The month's punches Festime removed that no correction keeps or ignores: the anomalies payroll must see. */
export function removedPunches(db: Database, accountId: number, month: string, zone: string, uid?: string, range = punchRangeFor(month)): RemovedPunch[] {
  const { from, to } = range;
  const who = uid === undefined ? '' : ' AND p.uid = ?';
  const params = uid === undefined ? [accountId, from, `${to}T99`] : [accountId, from, `${to}T99`, uid];
  const rows = db
    .prepare(
      `SELECT p.id, p.uid, p.type, p.at, p.removed_at AS removedAt FROM punches p
    WHERE p.account_id = ? AND p.at >= ? AND p.at < ? AND p.removed_at IS NOT NULL${who} AND NOT ${KEPT} AND NOT ${IGNORED}`,
    )
    .all(...params) as (Omit<RemovedPunch, 'removedOn'> & { removedAt: string })[];
  return rows.map(({ removedAt, ...p }) => ({ ...p, removedOn: todayIn(zone, new Date(removedAt)) }));
}

/** Which of these punches a correction still in force keeps (although Festime removed them) or ignores. */
export function correctedAmong(db: Database, accountId: number, ids: readonly number[], kind: 'keep' | 'ignore'): Set<number> {
  if (ids.length === 0) return new Set();
  const rows = db
    .prepare(`SELECT punch_id FROM corrections WHERE account_id = ? AND kind = ? AND undone_at IS NULL AND punch_id ${IN_LIST}`)
    .pluck()
    .all(accountId, kind, inList(ids)) as number[];
  return new Set(rows);
}
