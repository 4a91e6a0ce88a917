// What the timesheet engine computes, shared by the CLI, the workbook and the renderer.
// Durations are milliseconds of real elapsed time; days are "YYYY-MM-DD" in the site's time zone.
import type { ContractType, HalfDay } from './employees';
import type { PunchType } from './festime';
import { DEFAULT_SITE_ZONE } from './time';

export interface TimesheetRules {
  /** Weekly hours above which overtime starts. */
  weeklyBaseHours: number;
  /** Overtime hours paid at the first rate (the 36th to 43rd hour by default). */
  firstTierHours: number;
  firstTierRate: number;
  secondTierRate: number;
  /** "HH:MM" local, night window start and end. */
  nightStart: string;
  nightEnd: string;
  duplicateWindowMinutes: number;
  missingDepartureHours: number;
  /** Round each punch to this many minutes (0: none). */
  roundingMinutes: 0 | 5 | 10 | 15;
  alsaceMoselle: boolean;
  /** The site's IANA zone: the account's, never a saved rule (see main/core/store/site-zone.ts). */
  timeZone: string;
  maxDayHours: number;
  maxWeekHours: number;
  minRestHours: number;
  pauseAfterHours: number;
  minPauseMinutes: number;
}

export const DEFAULT_RULES: TimesheetRules = {
  weeklyBaseHours: 35,
  firstTierHours: 8,
  firstTierRate: 25,
  secondTierRate: 50,
  nightStart: '21:00',
  nightEnd: '06:00',
  duplicateWindowMinutes: 2,
  missingDepartureHours: 16,
  roundingMinutes: 0,
  alsaceMoselle: false,
  timeZone: DEFAULT_SITE_ZONE,
  maxDayHours: 10,
  maxWeekHours: 48,
  minRestHours: 11,
  pauseAfterHours: 6,
  minPauseMinutes: 20,
};

export type AnomalyKind =
  | 'departure-without-arrival'
  | 'double-arrival'
  | 'double-pause'
  | 'pause-without-arrival'
  | 'missing-departure'
  | 'duplicate-badge'
  /** A punch Festime no longer has (two answers in a row lacked it): out of the figures unless a correction keeps it. */
  | 'removed-upstream'
  /** A past working day of the contract (not a public holiday) with neither punch nor absence: payroll says what it was. */
  | 'absence-to-qualify'
  /** A whole-day absence on a day with punches: counted twice until payroll removes one or the other. */
  | 'absence-with-punches'
  /**
   * A punch in the hour repeated the night clocks go back (02:00–03:00 twice in Europe/Paris): read the
   * first time (summer time) until a correction says which (see `reading`).
   */
  | 'ambiguous-time'
  /** A punch in the hour skipped the night clocks go forward: a time that never was, read shifted forward (02:30 as 03:30). */
  | 'nonexistent-time'
  /** Festime sent one id_pointage with two contents: the first reading counts, both are shown. */
  | 'conflicting-record';
/** Anomalies of a whole day: shown without a time. */
export const isWholeDayAnomaly = (kind: AnomalyKind): boolean => kind === 'absence-to-qualify' || kind === 'absence-with-punches';
export type AlertKind =
  | 'day-over-10h'
  | 'week-over-48h'
  | 'rest-under-11h'
  | 'no-pause-6h'
  // The alerts below need the employment (contracts, absences): computeMonth's `employment` argument.
  /** A night worker (contract) over 8 h worked in a day (L3122-6). */
  | 'night-worker-over-8h'
  /** The longest rest overlapping a civil week is under 35 consecutive hours (L3132-2). */
  | 'weekly-rest-under-35h'
  /** The average of a week and the 11 before it is over 44 h (L3121-22). */
  | 'average-12-weeks-over-44h'
  /** The year's overtime, up to and including this week, is over the yearly quota (contingent). */
  | 'overtime-quota-passed'
  /** A part-timer's complementary hours in a week are over the cap (a tenth, or a third by agreement). */
  | 'part-time-cap-passed'
  /** A part-timer reached the legal 35 h in a week. */
  | 'part-time-reached-35h';

/** A punch as the engine reads it: raw or added by a correction. */
export interface TimesheetPunch {
  id: number;
  uid: string;
  type: PunchType;
  /** "YYYY-MM-DDTHH:MM:SS" local. */
  at: string;
  reason: string;
  /** Added by a correction (or a raw punch next to an ignored one). */
  corrected: boolean;
  /**
   * A time of the hour repeated when clocks go back, read by payroll's decision (a `reading`
   * correction): 1 the first time (summer time), 2 the second. Absent: not decided.
   */
  occurrence?: 1 | 2;
}

export interface Anomaly {
  kind: AnomalyKind;
  at: string;
  punchIds: number[];
  /** removed-upstream: the site's day when the removal was found ("YYYY-MM-DD"). */
  removedOn?: string;
  /**
   * ambiguous-time, nonexistent-time: the reading the figures take, local time and its offset
   * ("2026-10-25T02:30:00+02:00"); `other`: the other reading of an ambiguous time, a correction away.
   */
  reading?: string;
  other?: string;
  /** conflicting-record: the readings of the punch, the one that counts first. */
  readings?: PunchReading[];
}

/** What one record of Festime said of a punch. */
export interface PunchReading {
  uid: string;
  type: PunchType;
  at: string;
  terminal: string;
}

/** A punch Festime sent with two contents or more (schema 13): the reading stored first, then the others. */
export interface ConflictingRecord {
  id: number;
  uid: string;
  at: string;
  readings: PunchReading[];
}

/** A punch of the cache marked removed upstream, that no correction keeps (or ignores). */
export interface RemovedPunch {
  id: number;
  uid: string;
  type: PunchType;
  at: string;
  /** The site's day when the removal was found. */
  removedOn: string;
}

export interface Alert {
  kind: AlertKind;
  /** The day, or the week's Monday for a weekly alert. */
  day: string;
  hours: number;
}

export interface Shift {
  day: string;
  start: string;
  end: string | null;
  workedMs: number;
  pauseMs: number;
  pauseByReason: Record<string, number>;
  nightMs: number;
  sundayMs: number;
  holidayMs: number;
  /** Worked time inside 1 May (00:00 to 24:00), also counted in holidayMs. */
  mayFirstMs: number;
  /** Longest single pause, for the 20-minute rule. */
  longestPauseMs: number;
  complete: boolean;
}

/** An absence on one day, valued at the contract's daily hours (half of them for a half day). */
export interface DayAbsence {
  id: number;
  code: string;
  half: HalfDay | null;
  ms: number;
}

export interface DayRow {
  day: string;
  firstArrival: string | null;
  lastDeparture: string | null;
  workedMs: number;
  pauseMs: number;
  pauseByReason: Record<string, number>;
  nightMs: number;
  sundayMs: number;
  holidayMs: number;
  anomalies: Anomaly[];
  alerts: Alert[];
  corrected: boolean;
  /** The day's absences (none without an employment); not in workedMs, which stays punched time. */
  absences: DayAbsence[];
  /** A public holiday on a working day of the contract, not worked (férié chômé): the contract's daily hours; 0 otherwise. */
  holidayOffMs: number;
}

export interface WeekRow {
  /** Monday. */
  start: string;
  /** Sunday: the week counts in this day's month. */
  end: string;
  workedMs: number;
  overtimeFirstMs: number;
  overtimeSecondMs: number;
  /** Part-time: hours beyond the contract, up to a tenth of it (+10 %), then up to 35 h (+25 %). */
  complementary10Ms: number;
  complementary25Ms: number;
  /** Weekly hours of the contract in force on the week's Sunday; null without one. */
  contractHours: number | null;
}

export interface HolderMonth {
  uid: string;
  nom: string;
  prenom: string;
  daysWorked: number;
  workedMs: number;
  pauseMs: number;
  overtimeFirstMs: number;
  overtimeSecondMs: number;
  nightMs: number;
  sundayMs: number;
  holidayMs: number;
  anomalyCount: number;
  alertCount: number;
  days: DayRow[];
  /**
   * The neighbouring month's days of the first week counted in this month (a week counts in the month
   * of its Sunday: 26 Oct–1 Nov 2026 counts in November), shown beside the month's days so that each
   * week's overtime can be recomputed from its days; in none of the month's totals.
   */
  weekDays: DayRow[];
  /** The weeks that end in the month. */
  weeks: WeekRow[];
  /** The contract version in force on the month's last day (null without an employment or a contract then). */
  matricule: string | null;
  contractType: ContractType | null;
  contractHours: number | null;
  complementary10Ms: number;
  complementary25Ms: number;
  /** Absence time of the month's days, by code. */
  absenceMs: Record<string, number>;
  /** Public holidays off on working days (férié chômé), at the contract's daily hours. */
  holidayOffMs: number;
  /** Worked time inside 1 May, reported on its own (also in holidayMs). */
  mayFirstWorkedMs: number;
  /** What Festime changed since in closed months, carried into this one (exact ms, signed). */
  regularisations?: Regularisation[];
}

/** The figures a regularisation can carry: the durations of `export --format json` (hours there). */
export const REGULARISATION_KEYS = [
  'worked',
  'pause',
  'overtime25',
  'overtime50',
  'night',
  'sunday',
  'holiday',
  'complementary10',
  'complementary25',
  'holidayOff',
  'mayFirstWorked',
] as const;
export type RegularisationKey = (typeof REGULARISATION_KEYS)[number];

/** The HolderMonth field each regularisation key reads. */
export const REGULARISATION_FIELD = {
  worked: 'workedMs',
  pause: 'pauseMs',
  overtime25: 'overtimeFirstMs',
  overtime50: 'overtimeSecondMs',
  night: 'nightMs',
  sunday: 'sundayMs',
  holiday: 'holidayMs',
  complementary10: 'complementary10Ms',
  complementary25: 'complementary25Ms',
  holidayOff: 'holidayOffMs',
  mayFirstWorked: 'mayFirstWorkedMs',
} as const satisfies Record<RegularisationKey, keyof HolderMonth>;

/**
 * A closed month's figure that Festime changed after it was closed (a late punch, a removal): the
 * difference, carried into the next open month. `ms`: what the closed month would count now minus
 * what it was paid on (less what earlier regularisations already carried).
 */
export interface Regularisation {
  month: string;
  key: RegularisationKey;
  ms: number;
}

export interface MonthTimesheet {
  month: string;
  rules: TimesheetRules;
  holders: HolderMonth[];
}

/** A payroll correction as the workbook and the app list it. */
export interface CorrectionRow {
  id: number;
  /**
   * add: a missing punch added; ignore: a raw punch left out; keep: a punch removed upstream counted all
   * the same; reading: which of the two times a punch in the hour repeated when clocks go back is (`occurrence`).
   */
  kind: 'add' | 'ignore' | 'keep' | 'reading';
  uid: string;
  name: string;
  type: string | null;
  at: string | null;
  punchId: number | null;
  /** reading: 1 the first time (summer time), 2 the second; null for the other kinds. */
  occurrence: 1 | 2 | null;
  comment: string;
  createdBy: string;
  createdAt: string;
  undoneAt: string | null;
}

/** A holder's month in decimal hours: exactly these keys, in this order, are what `export --format json` prints (scripts read them). */
export const HOLDER_FIGURE_KEYS = [
  'uid',
  'nom',
  'prenom',
  'daysWorked',
  'worked',
  'pause',
  'overtime25',
  'overtime50',
  'night',
  'sunday',
  'holiday',
  'anomalies',
  // Added with the employment (issue 13), after the keys scripts already read: null / 0 / empty without one.
  'matricule',
  'contractType',
  'contractHours',
  'complementary10',
  'complementary25',
  'absences',
  'holidayOff',
  'mayFirstWorked',
  'alerts',
  // Issue 23: what Festime changed since in closed months, carried into this one.
  'regularisations',
] as const;

export interface HolderFigures {
  uid: string;
  nom: string;
  prenom: string;
  daysWorked: number;
  worked: number;
  pause: number;
  overtime25: number;
  overtime50: number;
  night: number;
  sunday: number;
  holiday: number;
  anomalies: number;
  /** The contract in force on the month's last day (null without one). */
  matricule: string | null;
  contractType: ContractType | null;
  contractHours: number | null;
  /** Part-time complementary hours at +10 % and +25 %. */
  complementary10: number;
  complementary25: number;
  /** Absence hours of the month's days, by code ({ "CP": 14 }). */
  absences: Record<string, number>;
  /** Public holidays off on working days (férié chômé), in hours. */
  holidayOff: number;
  /** Hours worked on 1 May (also in `holiday`). */
  mayFirstWorked: number;
  /** The kinds of the month's legal alerts, each once, in the order of their first day. */
  alerts: AlertKind[];
  /** Changes Festime made in closed months since they were paid, carried into this month: quantity in hours, signed. */
  regularisations: { month: string; key: RegularisationKey; quantity: number }[];
}

/**
 * The durations the month preview also gives in exact milliseconds (`ms`), for totals summed as the
 * workbook's SUM does: the old columns, then the employment's (absenceTotal: all codes together).
 */
export const DURATION_KEYS = [
  'worked',
  'pause',
  'overtime25',
  'overtime50',
  'night',
  'sunday',
  'holiday',
  'complementary10',
  'complementary25',
  'absenceTotal',
  'holidayOff',
  'mayFirstWorked',
] as const;
export type DurationKey = (typeof DURATION_KEYS)[number];

// Every key listed, none forgotten (checked by type).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const keysMatch: Same<(typeof HOLDER_FIGURE_KEYS)[number], keyof HolderFigures> = true;
void keysMatch;
