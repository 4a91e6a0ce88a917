// Employee records beside the badge holders: contract versions (each in force from a day, so that
// past months keep the contract then in force), absences (a layer like the corrections: refused in
// a closed month, removed by a date and a name, never deleted), the payroll settings, and what the
// timesheet engine reads for one month (loadEmployment).
import type { Database } from 'better-sqlite3';
import {
  ABSENCE_MAX_DAYS,
  DEFAULT_CONTRACT,
  DEFAULT_PAYROLL_SETTINGS,
  WEEKDAYS,
  absenceCodeSchema,
  contractOn,
  type AbsenceAdd,
  type AbsenceCode,
  type AbsenceRow,
  type Contract,
  type ContractType,
  type EmployeeRow,
  type EmployeeSet,
  type Employment,
  type HalfDay,
  type PayrollSettings,
} from '../../../shared/employees';
import { addDays, addMonths, daysBetween, lastDayOf } from '../../../shared/time';
import { nextPayrollCodes, payrollCodesSchema, payrollKeys, type PayrollCodes } from '../../../shared/payroll-export';
import type { FieldIssue } from '../../../shared/validation';
import { MonthClosedError, NotFoundError, ValidationError } from '../errors';
import { countedWeeksFrom } from '../timesheet/engine';
import { refuseIfClosed as refuseIfDayClosed } from '../timesheet/corrections';
import { accountScope, audit, getSetting, putSetting } from '../store/accounts';
import { durably } from '../store/database';
import { payrollPunchRangeFor } from '../timesheet/payroll';
import { currentBadges } from '../holders/badges';

/** Where a holder's first contract starts when no day is given: it covers their past months too. */
export const FIRST_CONTRACT_DAY = '2000-01-01';

const refuse = (field: string, rule: FieldIssue['rule'], params: FieldIssue['params'] = {}): never => {
  throw new ValidationError([{ field, rule, params }]);
};

// ---------------------------------------------------------------- payroll settings

const ABSENCE_CODES_KEY = 'absence-codes';
const PAYROLL_KEY = 'payroll';

function storedJson(db: Database, accountId: number, key: string): unknown {
  const raw = getSetting(db, accountScope(accountId), key);
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}

/** The account's absence codes: the list saved in Paramètres, or the nine by default. */
export function absenceCodes(db: Database, accountId: number): AbsenceCode[] {
  const saved = storedJson(db, accountId, ABSENCE_CODES_KEY);
  if (Array.isArray(saved)) {
    const codes = saved.map((c) => absenceCodeSchema.safeParse(c)).filter((r) => r.success);
    if (codes.length > 0) return codes.map((r) => r.data);
  }
  return DEFAULT_PAYROLL_SETTINGS.absenceCodes.map((c) => ({ ...c }));
}

export function payrollSettings(db: Database, accountId: number): PayrollSettings {
  const saved = (storedJson(db, accountId, PAYROLL_KEY) ?? {}) as Partial<PayrollSettings>;
  return {
    partTimeCap: saved.partTimeCap === 'third' ? 'third' : 'tenth',
    overtimeQuotaHours:
      typeof saved.overtimeQuotaHours === 'number' && saved.overtimeQuotaHours >= 0 ? saved.overtimeQuotaHours : DEFAULT_PAYROLL_SETTINGS.overtimeQuotaHours,
    absenceCodes: absenceCodes(db, accountId),
    payrollCodes: savedCodes(saved.payrollCodes),
    evpEncoding: saved.evpEncoding === 'windows-1252' ? 'windows-1252' : 'utf8-bom',
  };
}

/** The payroll codes saved, those still readable (a hand-edited database keeps the others at their defaults). */
function savedCodes(raw: unknown): PayrollCodes {
  const parsed = payrollCodesSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : {};
}

/** The payroll codes after `change`, checked against the items and the absence codes `absence` (shared/payroll-export.ts). */
function checkedPayrollCodes(current: PayrollCodes, change: Readonly<Record<string, string>>, absence: readonly AbsenceCode[]): PayrollCodes {
  const { codes, issues } = nextPayrollCodes(current, change, payrollKeys(absence));
  if (issues.length > 0) throw new ValidationError(issues);
  return codes;
}

/** Codes of absences still in force (not removed): they cannot leave the list. */
export function codesInUse(db: Database, accountId: number): Set<string> {
  return new Set(db.prepare('SELECT DISTINCT code FROM absences WHERE account_id = ? AND removed_at IS NULL').pluck().all(accountId) as string[]);
}

/**
 * Saves payroll settings inside the caller's transaction (Paramètres saves all its fields at once).
 * The absence codes are checked (no code twice, none in use removed), then the payroll codes
 * against them (nextPayrollCodes).
 */
export function putPayrollSettings(db: Database, accountId: number, change: Partial<PayrollSettings>): void {
  const current = payrollSettings(db, accountId);
  const codes = change.absenceCodes?.map((c) => ({ ...c, code: c.code.trim().toUpperCase(), fr: c.fr.trim(), en: c.en.trim() }));
  if (codes !== undefined) {
    const seen = new Set<string>();
    for (const c of codes) {
      if (seen.has(c.code)) refuse('absenceCodes', 'duplicateCode', { code: c.code });
      seen.add(c.code);
    }
    for (const used of codesInUse(db, accountId)) if (!seen.has(used)) refuse('absenceCodes', 'codeInUse', { code: used });
  }
  if (
    change.partTimeCap !== undefined ||
    change.overtimeQuotaHours !== undefined ||
    change.payrollCodes !== undefined ||
    change.evpEncoding !== undefined ||
    codes !== undefined
  ) {
    const next = {
      partTimeCap: change.partTimeCap ?? current.partTimeCap,
      overtimeQuotaHours: change.overtimeQuotaHours ?? current.overtimeQuotaHours,
      // Checked again when the absence codes change: a new absence code must not take an item's payroll code.
      payrollCodes:
        change.payrollCodes !== undefined || codes !== undefined
          ? checkedPayrollCodes(current.payrollCodes, change.payrollCodes ?? {}, codes ?? current.absenceCodes)
          : current.payrollCodes,
      evpEncoding: change.evpEncoding ?? current.evpEncoding,
    };
    putSetting(db, accountScope(accountId), PAYROLL_KEY, JSON.stringify(next));
  }
  if (codes !== undefined) putSetting(db, accountScope(accountId), ABSENCE_CODES_KEY, JSON.stringify(codes));
}

// ---------------------------------------------------------------- contracts

interface ContractDbRow {
  uid: string;
  from_day: string;
  matricule: string;
  type: ContractType;
  weekly_hours: number;
  days: string;
  night_worker: number;
  start_day: string | null;
  end_day: string | null;
}

const CONTRACT_COLUMNS = 'uid, from_day, matricule, type, weekly_hours, days, night_worker, start_day, end_day';

function toContract(r: ContractDbRow): Contract {
  return {
    uid: r.uid,
    from: r.from_day,
    matricule: r.matricule,
    type: r.type,
    weeklyHours: r.weekly_hours,
    days: WEEKDAYS.filter((d) => r.days.split(',').includes(d)),
    nightWorker: r.night_worker === 1,
    start: r.start_day,
    end: r.end_day,
  };
}

/** Every contract version of the account (or of one holder), per holder, oldest first. */
export function contractVersions(db: Database, accountId: number, uid?: string): Map<string, Contract[]> {
  const rows = db
    .prepare(`SELECT ${CONTRACT_COLUMNS} FROM contracts WHERE account_id = ? AND (? IS NULL OR uid = ?) ORDER BY uid, from_day`)
    .all(accountId, uid ?? null, uid ?? null) as ContractDbRow[];
  const out = new Map<string, Contract[]>();
  for (const r of rows) {
    const list = out.get(r.uid) ?? [];
    list.push(toContract(r));
    out.set(r.uid, list);
  }
  return out;
}

/** A payroll number as payroll software reads it: no control or invisible format characters, 40 at most. */
const MATRICULE_FORBIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

function checkMatricule(value: string): string {
  const m = value.trim();
  const bad = [...m].filter((ch) => MATRICULE_FORBIDDEN.test(ch));
  if (bad.length > 0)
    refuse('matricule', 'forbidden', { chars: [...new Set(bad.map((ch) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`))].join(' ') });
  if ([...m].length > 40) refuse('matricule', 'tooLong', { max: 40 });
  return m;
}

/** The rules between fields of one version: part-time under 35 h, full-time 35–48 h, end not before start. */
export function checkContract(c: Omit<Contract, 'uid' | 'from'>): void {
  if (c.type === 'part-time' && !(c.weeklyHours > 0 && c.weeklyHours < 35)) refuse('weeklyHours', 'partTimeHours', { hours: c.weeklyHours });
  if (c.type === 'full-time' && !(c.weeklyHours >= 35 && c.weeklyHours <= 48)) refuse('weeklyHours', 'fullTimeHours', { hours: c.weeklyHours });
  if (c.days.length === 0) refuse('days', 'required');
  if (c.start !== null && c.end !== null && c.end < c.start) refuse('end', 'endBeforeStart', { start: c.start, end: c.end });
}

/** The account's closed months, oldest first. */
function closedMonths(db: Database, accountId: number): string[] {
  return db.prepare('SELECT month FROM closed_months WHERE account_id = ? ORDER BY month').pluck().all(accountId) as string[];
}

/** The first day no closed month counts (its own days and the weeks it counts): the day after the last closed month. */
function firstOpenDay(db: Database, accountId: number): string {
  const last = closedMonths(db, accountId).at(-1);
  return last === undefined ? FIRST_CONTRACT_DAY : `${addMonths(last, 1)}-01`;
}

/**
 * A contract version in force from `from` up to (not including) `until` (null: open-ended) changes
 * the figures of every month showing one of those days: refused when one of them is closed.
 */
function refuseIfSpanClosed(db: Database, accountId: number, from: string, until: string | null): void {
  for (const month of closedMonths(db, accountId))
    if (lastDayOf(month) >= from && (until === null || countedWeeksFrom(month) < until)) throw new MonthClosedError(month);
}

/** Whether two versions give the same figures (the payroll number is not a figure: it may be corrected in a closed month). */
const sameTerms = (a: Omit<Contract, 'uid' | 'from'>, b: Omit<Contract, 'uid' | 'from'>): boolean =>
  a.type === b.type &&
  a.weeklyHours === b.weeklyHours &&
  a.days.join() === b.days.join() &&
  a.nightWorker === b.nightWorker &&
  a.start === b.start &&
  a.end === b.end;

function holderExists(db: Database, accountId: number, uid: string): boolean {
  return db.prepare('SELECT 1 FROM holders WHERE account_id = ? AND uid = ?').get(accountId, uid) !== undefined;
}

/**
 * Writes the version of `change.uid`'s contract starting `change.from` (today by default; a
 * holder's first contract, without a day, from their start or FIRST_CONTRACT_DAY, so that it covers
 * the months already punched, but never before the last closed month's end): a copy of the version
 * in force that day with the given fields changed; the same day again updates that version. A change
 * of terms (anything but the payroll number) reaching a closed month's days is refused, naming it.
 * Audited as 'employee.set'.
 */
export function setEmployee(db: Database, accountId: number, change: EmployeeSet, today: string, actor: string, now = new Date()): Contract {
  return durably(db, () => {
    if (!holderExists(db, accountId, change.uid)) throw new NotFoundError('holder', change.uid);
    const versions = contractVersions(db, accountId, change.uid).get(change.uid) ?? [];
    const open = firstOpenDay(db, accountId);
    const from = change.from ?? (versions.length === 0 ? [change.start ?? FIRST_CONTRACT_DAY, open].sort().at(-1)! : today);
    const base = contractOn(versions, from) ?? { ...DEFAULT_CONTRACT, uid: change.uid, from };
    const type = change.type ?? base.type;
    const next: Contract = {
      uid: change.uid,
      from,
      matricule: change.matricule !== undefined ? checkMatricule(change.matricule) : base.matricule,
      type,
      // Forfait jours counts days, not hours: the weekly figure stays at 35 for the daily reference.
      weeklyHours: type === 'days' ? 35 : (change.weeklyHours ?? base.weeklyHours),
      days: change.days ? WEEKDAYS.filter((d) => change.days!.includes(d)) : [...base.days],
      nightWorker: change.nightWorker ?? base.nightWorker,
      start: change.start !== undefined ? change.start : base.start,
      end: change.end !== undefined ? change.end : base.end,
    };
    checkContract(next);
    const until = versions.map((v) => v.from).find((f) => f > from) ?? null;
    const before = contractOn(versions, from);
    if (before === null || !sameTerms(before, next)) refuseIfSpanClosed(db, accountId, from, until);
    db.prepare(
      `INSERT INTO contracts (account_id, ${CONTRACT_COLUMNS}, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (account_id, uid, from_day) DO UPDATE SET matricule = excluded.matricule, type = excluded.type, weekly_hours = excluded.weekly_hours,
        days = excluded.days, night_worker = excluded.night_worker, start_day = excluded.start_day, end_day = excluded.end_day,
        updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    ).run(
      accountId,
      next.uid,
      next.from,
      next.matricule,
      next.type,
      next.weeklyHours,
      next.days.join(','),
      next.nightWorker ? 1 : 0,
      next.start,
      next.end,
      actor,
      now.toISOString(),
    );
    // What was asked, not the whole record: the audit says who changed what, from when.
    const { uid, ...asked } = change;
    audit(db, accountId, actor, 'employee.set', { uid, from, ...asked }, now);
    return next;
  });
}

/** Every holder of the register (deleted ones included: their months stay), with its contract versions. */
export function listEmployees(db: Database, accountId: number, today: string): EmployeeRow[] {
  const holders = db.prepare('SELECT uid, nom, prenom FROM holders WHERE account_id = ? ORDER BY nom, prenom, uid').all(accountId) as {
    uid: string;
    nom: string;
    prenom: string;
  }[];
  const versions = contractVersions(db, accountId);
  return holders.map((h) => {
    const list = versions.get(h.uid) ?? [];
    return { ...h, current: contractOn(list, today), versions: list };
  });
}

// ---------------------------------------------------------------- absences

const ABSENCE_COLUMNS = `a.id, a.uid, a.from_day AS "from", a.to_day AS "to", a.code, a.half, a.comment, a.created_by AS createdBy,
  a.created_at AS createdAt, a.removed_at AS removedAt`;

/** An absence over a range changes the figures of every month its days (and their weeks) count in: the one check, per day. */
function refuseIfClosed(db: Database, accountId: number, from: string, to: string): void {
  for (let day = from; day <= to; day = addDays(day, 1)) refuseIfDayClosed(db, accountId, day);
}

/** Records an absence (whole days, or one half day): checked, refused in a closed month or over another one; audited. */
export function addAbsence(db: Database, accountId: number, a: AbsenceAdd, actor: string, now = new Date()): number {
  const comment = a.comment.trim();
  if (!comment) refuse('comment', 'required');
  const from = a.from;
  const to = a.to ?? a.from;
  const half: HalfDay | null = a.half ?? null;
  if (to < from) refuse('to', 'toBeforeFrom', { from, to });
  if (daysBetween(from, to) + 1 > ABSENCE_MAX_DAYS) refuse('to', 'rangeTooLong', { max: ABSENCE_MAX_DAYS });
  if (half !== null && to !== from) refuse('half', 'halfOneDay');
  return durably(db, () => {
    if (!holderExists(db, accountId, a.uid)) throw new NotFoundError('holder', a.uid);
    const code = a.code.trim().toUpperCase();
    const codes = absenceCodes(db, accountId);
    if (!codes.some((c) => c.code === code)) refuse('code', 'unknownCode', { code, codes: codes.map((c) => c.code).join(', ') });
    refuseIfClosed(db, accountId, from, to);
    const clash = (
      db
        .prepare(
          `SELECT ${ABSENCE_COLUMNS} FROM absences a WHERE a.account_id = ? AND a.uid = ? AND a.removed_at IS NULL AND a.from_day <= ? AND a.to_day >= ?`,
        )
        .all(accountId, a.uid, to, from) as AbsenceRow[]
    ).find((o) => !(half !== null && o.half !== null && o.half !== half));
    if (clash) refuse('from', 'overlap', { code: clash.code, from: clash.from, to: clash.to, id: clash.id });
    const id = Number(
      db
        .prepare('INSERT INTO absences (account_id, uid, from_day, to_day, code, half, comment, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(accountId, a.uid, from, to, code, half, comment, actor, now.toISOString()).lastInsertRowid,
    );
    audit(db, accountId, actor, 'absence.add', { id, uid: a.uid, from, to, code, half }, now);
    return id;
  });
}

/** Removes an absence (it stays listed, struck out); refused in a closed month. */
export function removeAbsence(db: Database, accountId: number, id: number, actor: string, now = new Date()): void {
  durably(db, () => {
    const row = db
      .prepare('SELECT from_day AS "from", to_day AS "to" FROM absences WHERE account_id = ? AND id = ? AND removed_at IS NULL')
      .get(accountId, id) as { from: string; to: string } | undefined;
    if (!row) throw new NotFoundError('absence', id);
    refuseIfClosed(db, accountId, row.from, row.to);
    db.prepare('UPDATE absences SET removed_at = ?, removed_by = ? WHERE id = ?').run(now.toISOString(), actor, id);
    audit(db, accountId, actor, 'absence.remove', { id }, now);
  });
}

/** Absences overlapping the days from–to (removed ones too unless `live`), with the holder's name. */
export function absencesBetween(db: Database, accountId: number, from: string, to: string, live = false, uid?: string): AbsenceRow[] {
  return db
    .prepare(
      `SELECT ${ABSENCE_COLUMNS}, coalesce(h.nom || ' ' || h.prenom, a.uid) AS name
    FROM absences a LEFT JOIN holders h ON h.account_id = a.account_id AND h.uid = a.uid
    WHERE a.account_id = ? AND a.from_day <= ? AND a.to_day >= ? AND (? = 0 OR a.removed_at IS NULL) AND (? IS NULL OR a.uid = ?)
    ORDER BY a.from_day, a.uid, a.id`,
    )
    .all(accountId, to, from, live ? 1 : 0, uid ?? null, uid ?? null) as AbsenceRow[];
}

/** The absences touching a month (removed ones too: the list shows them struck out). */
export function listAbsences(db: Database, accountId: number, month: string): AbsenceRow[] {
  return absencesBetween(db, accountId, `${month}-01`, `${month}-31`);
}

// ---------------------------------------------------------------- for the engine

/**
 * The employment facts the timesheet engine reads for `month`: every contract version of every
 * holder (oldest first), the absences over the range the engine reads (its 12-week average included), the payroll settings.
 */
export function loadEmployment(db: Database, accountId: number, month: string, nowLocal: string): Employment {
  const { from, to } = payrollPunchRangeFor(month);
  // A replaced badge's records were moved to the new one (holders/replace.ts); any written to it since
  // (a command naming the old badge) are read as the person's too: one row per person, never two.
  const current = currentBadges(db, accountId);
  const contracts = contractVersions(db, accountId);
  for (const [old, now] of current) {
    const versions = contracts.get(old);
    if (versions === undefined) continue;
    contracts.delete(old);
    if (!contracts.has(now))
      contracts.set(
        now,
        versions.map((c) => ({ ...c, uid: now })),
      );
  }
  return {
    contracts,
    absences: absencesBetween(db, accountId, from, to, true).map(({ name: _name, ...a }) => ({ ...a, uid: current.get(a.uid) ?? a.uid })),
    settings: payrollSettings(db, accountId),
    nowLocal,
  };
}
