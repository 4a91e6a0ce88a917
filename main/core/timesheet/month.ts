// A month of one account, from the cache: the timesheet, its raw punches and its corrections.
import type { Database } from 'better-sqlite3';
import type { MonthFigures } from '../../../shared/api';
import {
  DEFAULT_RULES,
  type AlertKind,
  type CorrectionRow,
  type DayRow,
  type DurationKey,
  type HolderFigures,
  type HolderMonth,
  type MonthTimesheet,
  type TimesheetRules,
} from '../../../shared/timesheet';
import { accountScope, getSetting } from '../store/accounts';
import { listHolders } from '../holders/register';
import { badgeChain, currentBadges } from '../holders/badges';
import { conflictingRecords, queryPunches, type StoredPunch } from '../store/punches';
import { listCorrections, removedPunches, timesheetPunches } from './corrections';
import { addMonths, lastDayOf } from '../../../shared/time';
import { absencesBetween } from '../employees/store';
import { siteZone } from '../store/site-zone';
import { computeMonth, countedWeeksFrom, punchRangeFor, type EmploymentInput } from './engine';
import { payrollPunchRangeFor } from './payroll';
import { frozenMonth, withRegularisations } from './closed';

/** The account's rules; the zone is the site's (store/site-zone.ts), never one saved with the rules. */
export function rulesOf(db: Database, accountId: number, zone = siteZone(db, accountId)): TimesheetRules {
  const saved = getSetting(db, accountScope(accountId), 'timesheet-rules');
  return { ...DEFAULT_RULES, ...(saved ? (JSON.parse(saved) as Partial<TimesheetRules>) : {}), timeZone: zone };
}

export interface LoadedMonth {
  sheet: MonthTimesheet;
  punches: StoredPunch[];
  corrections: CorrectionRow[];
}

export interface MonthOptions {
  rules?: TimesheetRules;
  /**
   * The holders' contracts and absences (the employees store's loadEmployment): the payroll figures
   * (complementary hours, absences, holidays off, the new alerts). Without it, today's figures, from
   * today's punch range; with it, the 11 weeks before too (the 12-week average).
   */
  employment?: EmploymentInput;
  /** A closed month computed from the record as it stands, not the figures it was closed with. */
  live?: boolean;
}

/**
 * Rows of a person (`uid`: that person only; none: everyone's) under their current badge: a replaced
 * badge's punches are read with the new one's (holders/badges.ts), in every month, so that the month
 * of the replacement shows one row per person and a closed month keeps its figures.
 */
function underCurrentBadge<T extends { uid: string }>(db: Database, accountId: number, uid: string | undefined, read: (uid?: string) => T[]): T[] {
  const current = currentBadges(db, accountId);
  if (current.size === 0) return read(uid);
  const rows = uid === undefined ? read() : badgeChain(db, accountId, uid).flatMap((u) => read(u));
  return rows.map((r) => {
    const now = current.get(r.uid);
    return now === undefined ? r : { ...r, uid: now };
  });
}

/** The punches the engine reads: the wider range only when the employment is given (its 12-week average). */
const engineRange = (month: string, employment: EmploymentInput | undefined) => (employment ? payrollPunchRangeFor(month) : punchRangeFor(month));

/**
 * The overtime (both tiers, in ms) of the weeks counted in the earlier months of `month`'s year
 * (January to the month before), per holder: what the yearly quota (contingent annuel) adds this
 * month's weeks to. Each earlier month is computed as its own workbook computes it (the contract in
 * force on each week's Sunday, formation counted toward the thresholds), from one read of the punches
 * and absences since the first week counted in January. `uid`: that holder only.
 */
export function overtimeBefore(
  db: Database,
  accountId: number,
  month: string,
  rules: TimesheetRules,
  employment: EmploymentInput,
  uid?: string,
): Map<string, number> {
  const out = new Map<string, number>();
  const january = `${month.slice(0, 4)}-01`;
  if (month <= january) return out;
  const previous = addMonths(month, -1);
  const range = { from: punchRangeFor(january).from, to: punchRangeFor(previous).to };
  const punches = underCurrentBadge(db, accountId, uid, (u) => timesheetPunches(db, accountId, previous, u, range));
  const absences = absencesBetween(db, accountId, range.from, range.to, true, uid).map(({ name: _name, ...a }) => a);
  const contracts = uid === undefined ? employment.contracts : new Map([...employment.contracts].filter(([k]) => k === uid));
  for (let m = january; m < month; m = addMonths(m, 1)) {
    const { from, to } = punchRangeFor(m);
    const inRange = punches.filter((p) => p.at >= from && p.at < `${to}T99`);
    const sheet = computeMonth(m, [], inRange, rules, [], { ...employment, contracts, absences, overtimeBeforeMs: undefined });
    for (const h of sheet.holders) out.set(h.uid, (out.get(h.uid) ?? 0) + h.overtimeFirstMs + h.overtimeSecondMs);
  }
  return out;
}

/** The employment with the year's earlier overtime filled in, when not given. */
const withYear = (db: Database, accountId: number, month: string, rules: TimesheetRules, employment: EmploymentInput | undefined, uid?: string) =>
  employment && (employment.overtimeBeforeMs ? employment : { ...employment, overtimeBeforeMs: overtimeBefore(db, accountId, month, rules, employment, uid) });

/**
 * The month as every output reads it: a closed month's stored figures (as it was paid), an open
 * month's computed from the record with the regularisations carried into it (timesheet/closed.ts).
 */
export function loadMonth(db: Database, accountId: number, month: string, options: MonthOptions = {}): LoadedMonth {
  const frozen = options.live ? null : frozenMonth(db, accountId, month);
  if (frozen) return frozen;
  const loaded = computeLoadedMonth(db, accountId, month, options);
  return options.live ? loaded : { ...loaded, sheet: withRegularisations(db, accountId, loaded.sheet) };
}

function computeLoadedMonth(db: Database, accountId: number, month: string, options: MonthOptions): LoadedMonth {
  const rules = options.rules ?? rulesOf(db, accountId);
  const employment = withYear(db, accountId, month, rules, options.employment);
  const range = engineRange(month, employment);
  // A replaced badge is listed under its person's current badge (the new one is in the register from the replacement on).
  const replaced = currentBadges(db, accountId);
  const holders = listHolders(db, accountId, { includeDeleted: true })
    .filter((h) => !replaced.has(h.uid))
    .map((h) => ({ uid: h.uid, nom: h.nom, prenom: h.prenom }));
  const sheet = computeMonth(
    month,
    holders,
    underCurrentBadge(db, accountId, undefined, () => timesheetPunches(db, accountId, month, undefined, range)),
    rules,
    underCurrentBadge(db, accountId, undefined, () => removedPunches(db, accountId, month, rules.timeZone, undefined, range)),
    employment,
    underCurrentBadge(db, accountId, undefined, () => conflictingRecords(db, accountId, range.from, range.to)),
  );
  // The raw punches of every day shown: the month's, and the previous month's days of its first counted week.
  const punches = queryPunches(db, accountId, { from: countedWeeksFrom(month), to: lastDayOf(month) }, { limit: 10_000_000 });
  return { sheet, punches, corrections: underCurrentBadge(db, accountId, undefined, () => listCorrections(db, accountId, month)) };
}

/**
 * One holder's month, computed as the month screen computes everyone's (same engine, same rules and
 * employment) but for that holder alone: their HolderMonth (null when nothing shows in the month),
 * the month's corrections of theirs (undone ones too), and the contract versions the weeks follow.
 */
export function loadHolderMonth(
  db: Database,
  accountId: number,
  uid: string,
  month: string,
  options: Pick<MonthOptions, 'employment' | 'live'> = {},
): { holder: HolderMonth | null; nom: string; prenom: string; corrections: CorrectionRow[]; rules: TimesheetRules } {
  // The person's badges (a replaced one's punches count under the current badge), the current one last.
  const badges = badgeChain(db, accountId, uid);
  const person = badges.at(-1)!;
  // A closed month as it was paid, as the month's outputs show it (the person under their badge then).
  const frozen = options.live ? null : frozenMonth(db, accountId, month);
  if (frozen) {
    const holder = frozen.sheet.holders.find((h) => badges.includes(h.uid)) ?? null;
    const known = listHolders(db, accountId, { includeDeleted: true }).find((h) => h.uid === person);
    return {
      holder,
      nom: holder?.nom ?? known?.nom ?? '',
      prenom: holder?.prenom ?? known?.prenom ?? '',
      corrections: frozen.corrections.filter((c) => badges.includes(c.uid)),
      rules: frozen.sheet.rules,
    };
  }
  // This holder's contract and absences only: the others' would list (and compute) them too.
  const all = options.employment;
  const mine = all?.contracts.get(person);
  const employment = all && { ...all, contracts: new Map(mine ? [[person, mine]] : []), absences: all.absences.filter((a) => a.uid === person) };
  const range = engineRange(month, employment);
  const known = listHolders(db, accountId, { includeDeleted: true }).find((h) => h.uid === person) ?? { uid: person, nom: '', prenom: '' };
  const rules = rulesOf(db, accountId);
  const yearly = withYear(db, accountId, month, rules, employment, person);
  const sheet = computeMonth(
    month,
    [{ uid: person, nom: known.nom, prenom: known.prenom }],
    underCurrentBadge(db, accountId, person, (u) => timesheetPunches(db, accountId, month, u, range)),
    rules,
    underCurrentBadge(db, accountId, person, (u) => removedPunches(db, accountId, month, rules.timeZone, u, range)),
    yearly,
    underCurrentBadge(db, accountId, person, (u) => conflictingRecords(db, accountId, range.from, range.to, u)),
  );
  return {
    // The holder asked for: with contracts, the month also lists holders who have one but no punch.
    holder: sheet.holders.find((h) => h.uid === person) ?? null,
    nom: known.nom,
    prenom: known.prenom,
    corrections: listCorrections(db, accountId, month).filter((c) => badges.includes(c.uid)),
    rules,
  };
}

/** One holder's day: the raw punches, the corrections and the day's figures, computing that holder's month only. */
export function loadHolderDay(
  db: Database,
  accountId: number,
  uid: string,
  day: string,
  options: Pick<MonthOptions, 'employment'> = {},
): { punches: StoredPunch[]; corrections: CorrectionRow[]; figures: DayRow | null } {
  const { holder, corrections } = loadHolderMonth(db, accountId, uid, day.slice(0, 7), options);
  return {
    // The person's punches on all their badges (queryPunches reads a badge's chain).
    punches: queryPunches(db, accountId, { uid, from: day, to: day }, { limit: 10_000, order: 'asc' }),
    corrections: corrections.filter((c) => (c.at ?? '').startsWith(day)),
    figures: holder?.days.find((d) => d.day === day) ?? null,
  };
}

/** Exact milliseconds as decimal hours to the hundredth: every output's figures are rounded this one way. */
export const decimalHours = (ms: number): number => Math.round((ms / 3_600_000) * 100) / 100;

/** Per-holder figures in decimal hours, for `export --format json` (exactly these keys, in this order). */
export function monthFigures(sheet: MonthTimesheet): HolderFigures[] {
  const h = decimalHours;
  const alertKinds = (days: readonly DayRow[]): AlertKind[] => [...new Set(days.flatMap((d) => d.alerts.map((a) => a.kind)))];
  return sheet.holders.map((x) => ({
    uid: x.uid,
    nom: x.nom,
    prenom: x.prenom,
    daysWorked: x.daysWorked,
    worked: h(x.workedMs),
    pause: h(x.pauseMs),
    overtime25: h(x.overtimeFirstMs),
    overtime50: h(x.overtimeSecondMs),
    night: h(x.nightMs),
    sunday: h(x.sundayMs),
    holiday: h(x.holidayMs),
    anomalies: x.anomalyCount,
    matricule: x.matricule,
    contractType: x.contractType,
    contractHours: x.contractHours,
    complementary10: h(x.complementary10Ms),
    complementary25: h(x.complementary25Ms),
    absences: Object.fromEntries(Object.entries(x.absenceMs).map(([code, ms]) => [code, h(ms)])),
    holidayOff: h(x.holidayOffMs),
    mayFirstWorked: h(x.mayFirstWorkedMs),
    alerts: alertKinds(x.days),
    regularisations: (x.regularisations ?? []).map((r) => ({ month: r.month, key: r.key, quantity: h(r.ms) })),
  }));
}

/** The same figures with the legal alerts and the days worth a look (an anomaly or an alert), in date order, for the app's preview. */
export function monthPreview(sheet: MonthTimesheet): MonthFigures['holders'] {
  return monthFigures(sheet).map((f, i) => {
    const x = sheet.holders[i]!;
    const days = x.days;
    const issueDays = days.filter((d) => d.anomalies.length > 0 || d.alerts.length > 0).map((d) => d.day);
    // Exact durations too: totals are summed from these, as the workbook's SUM does, never from rounded hours.
    const ms: Record<DurationKey, number> = {
      worked: x.workedMs,
      pause: x.pauseMs,
      overtime25: x.overtimeFirstMs,
      overtime50: x.overtimeSecondMs,
      night: x.nightMs,
      sunday: x.sundayMs,
      holiday: x.holidayMs,
      complementary10: x.complementary10Ms,
      complementary25: x.complementary25Ms,
      absenceTotal: Object.values(x.absenceMs).reduce((s, v) => s + v, 0),
      holidayOff: x.holidayOffMs,
      mayFirstWorked: x.mayFirstWorkedMs,
    };
    return { ...f, alertCount: x.alertCount, days: days.map((d) => d.day), issueDays, ms, absenceMs: { ...x.absenceMs } };
  });
}

export type { DurationKey };
