// The contract between the renderer and the main process: every method once, with the zod schema
// of its input and the type of its result, and every push event. The preload object, the IPC
// registration, the browser bridge and the renderer's client are all derived from it: adding a
// method is one line here and one handler in main/.
import { z } from 'zod';
import type { AppError } from './app-error';
import {
  absenceAddSchema,
  employeeSetSchema,
  payrollSettingsSchema,
  type AbsenceRow,
  type Contract,
  type ContractType,
  type EmployeeRow,
  type PayrollSettings,
} from './employees';
import type { Punch, PunchType, TerminalInfoReport, TransferReport } from './festime';
import type { AlertKind, AnomalyKind, CorrectionRow, DayRow, DurationKey, HolderFigures, TimesheetRules } from './timesheet';
import {
  holderInputSchema as holderSchema,
  isoDateSchema,
  localDateTimeSchema,
  monthSchema,
  punchTimeSchema,
  timeSchema,
  zoneSettingSchema,
} from './validation';
import { EVP_LAYOUTS, EXPORT_FORMATS } from './payroll-export';

/** A method: its input schema, and (as a type only) its result. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, R = unknown> {
  input: I;
  /** Never read at run time: carries the result type. */
  result?: R;
}

const method = <I extends z.ZodType>(input: I) => ({ returns: <R>(): MethodSpec<I, R> => ({ input }) });

export interface AccountView {
  id: number;
  server: string;
  login: string;
  label: string;
  /** Whether the keychain holds a password for it; the password itself never leaves the main process. */
  hasPassword: boolean;
  /**
   * The keychain could not be read for it (no Secret Service, locked, refused): said as such, not
   * as "no password saved", and the window still opens. Null when the keychain answered.
   */
  keychainError: AppError | null;
  /** The built-in demonstration account (its server is the simulator on this computer). */
  demo: boolean;
}

export interface AppInfo {
  version: string;
  dataDir: string;
  /** Where the log file is (`<dataDir>/logs`): failures only, a week kept, never a password or a name. */
  logDir: string;
  accounts: AccountView[];
  currentAccountId: number | null;
}

/** What the window can offer when the data cannot be opened at start. */
export type StartRemedy = 'restore' | 'update' | 'reinstall' | 'retry';

/** Whether the data opened; when not, why, and what the user can do — the window shows it instead of the app. */
export interface AppHealth {
  version: string;
  dataDir: string;
  logDir: string;
  problem: {
    error: AppError;
    remedies: StartRemedy[];
    /** The newest backup's day (the restore takes the newest that passes its checks), or null when there is none. */
    newestBackup: string | null;
  } | null;
}

export interface PunchRow extends Punch {
  removedUpstream: boolean;
  /** A payroll correction ignores this punch. */
  ignored: boolean;
  /** Removed upstream, and a payroll correction counts it all the same. */
  kept: boolean;
  /** Not from Festime: a punch added by a payroll correction (in force), with its comment; null for a raw punch. */
  added: { correctionId: number; comment: string } | null;
}

export interface PunchPageResult {
  rows: PunchRow[];
  /** How many punches the filter matches: with the first page (offset 0, no `after`) only, null with the others. */
  total: number | null;
}

export interface HolderRow {
  uid: string;
  nom: string;
  prenom: string;
  source: 'app' | 'punches';
  lastSeenAt: string | null;
  pending: 'none' | 'queued' | 'unknown' | 'conflict' | 'refused' | 'to-push';
  pendingId: number | null;
  /** What the pending change is (a deletion stays listed until the terminals have it). */
  pendingOp: 'add' | 'edit' | 'delete' | null;
  /** Deleted at Festime (kept in the register: its punches stay). */
  deleted: boolean;
  /** The badges this one replaced (lost cards), the latest first: the same person, their history counted here. */
  replaces: string[];
}

export interface SyncStatus {
  running: boolean;
  lastRun: { outcome: string; finishedAt: string | null; added: number; error: AppError | null } | null;
  lastSuccessAt: string | null;
  /** The PC's clock minus Festime's at the last sync, in minutes (null: not measured). */
  clockSkewMinutes: number | null;
  /** What the last good sync changed in closed months. */
  closedMonths: ClosedMonthChange[];
  /** The day's backup a sync could not make (its cause, e.g. the disk full), until a backup succeeds; null when none failed. */
  backupError: AppError | null;
}

/**
 * The largest page of punches one call returns: the window asks for 200 at a time; the CLI prints a
 * whole filter in pages this size (paged by offset, so few pages even on five years).
 */
export const PUNCH_PAGE_MAX = 50_000;

const punchType = z.enum(['A', 'D', 'P']) satisfies z.ZodType<PunchType>;

/** A change to a badge holder as recorded in the outbox, and Festime's answer when there is one. */
export interface OutboxView {
  id: number;
  op: 'add' | 'edit' | 'delete';
  uid: string;
  nom: string;
  prenom: string;
  /** 'conflict': à vérifier — the badge exists at Festime under a name not known as ours; waits for holders/resolve. */
  state: 'queued' | 'ok' | 'ko' | 'unknown' | 'conflict' | 'cancelled';
  festimeText: string | null;
  error: AppError | null;
}

/** Per-holder figures of a month, in decimal hours (what `export --format json` prints). */
export type MonthFigures = {
  month: string;
  closed: boolean;
  holders: (HolderFigures & {
    /** How many legal alerts (`alerts` lists their kinds). */
    alertCount: number;
    days: string[];
    issueDays: string[];
    /** The same durations in exact milliseconds (decimal hours are rounded to 0.01). */
    ms: Record<DurationKey, number>;
    /** The absences by code in exact milliseconds (`absences` in decimal hours). */
    absenceMs: Record<string, number>;
  })[];
  /** How current the cache is: when the last good sync finished (null: never synced). */
  dataUntil: string | null;
  /** Terminals OFFLINE in the last report, silent since before the month's end: punches may be missing. */
  offlineTerminals: { accessPoint: string; since: string }[];
};

/** One day's presence from its punches: the hourly chart of Pointages (the evacuation roll call is RollCallView). */
export interface PresenceView {
  day: string;
  /** At most one row per holder: the state their last punch of the day left them in. */
  people: { uid: string; name: string; state: 'in' | 'pause'; since: string; accessPoint: string }[];
  /** For each hour 0–23 of the day, how many people were on site at some time in it. */
  hours: number[];
}

/**
 * The evacuation roll call of today (the site's day): who is on site, who came and left, who was
 * expected and has not badged. Times are the terminals' local wall-clock time.
 */
export interface RollCallView {
  day: string;
  /** How current the list is: the last good sync's end, else the newest cached punch (site local time); null: no data at all. */
  dataAt: string | null;
  dataFrom: 'sync' | 'punches' | null;
  /** In or on a break: `arrivedAt` the arrival that began the stay (a break's return is not one); null: a pause badged without an arrival. */
  onSite: { uid: string; name: string; arrivedAt: string | null; accessPoint: string; pause: boolean }[];
  /** Badged today and gone: the departure's time and access point. */
  left: { uid: string; name: string; leftAt: string; accessPoint: string }[];
  /**
   * No punch today, and expected: by a contract that has today as a working day and no absence today
   * ('contract'), or, without a contract, by habit: badged on at least 2 of the same weekday in the last 4 weeks ('habit').
   * `half`: a half-day absence today.
   */
  expected: { uid: string; name: string; basis: 'contract' | 'habit'; half: 'am' | 'pm' | null }[];
}

/** One holder's day as the month preview opens it: raw punches, corrections, the figures. */
export interface DayView {
  uid: string;
  day: string;
  punches: PunchRow[];
  corrections: CorrectionRow[];
  figures: DayRow | null;
  closed: boolean;
}

/** One thing « À vérifier » lists: an open anomaly (to fix) or a legal alert (for payroll's information). */
export interface ReviewItem {
  uid: string;
  /** "NOM Prénom" (the uid when the register does not know the holder). */
  name: string;
  day: string;
  /** Where on the day ("YYYY-MM-DDTHH:MM:SS"; midnight for a whole day or an alert). */
  at: string;
  kind: AnomalyKind | AlertKind;
  /** The punches concerned (an added one has the correction's id, negated). */
  punchIds: number[];
  severity: 'anomaly' | 'alert';
  month: string;
  /** removed-upstream: the site's day when Festime's removal was found. */
  removedOn?: string;
  /** absence-with-punches: the whole-day absences of the day. */
  absenceIds?: number[];
  /** An alert's hours (the day's, the week's, the rest's…). */
  hours?: number;
}

/** The months « À vérifier » covers (closed, exported), their items by date then name, and how many are anomalies. */
export interface ReviewList {
  months: { month: string; closed: boolean; exported: boolean }[];
  items: ReviewItem[];
  anomalies: number;
}

/** One day of a holder's month as the employee page's calendar shows it. */
export interface EmployeeDay {
  day: string;
  /** A day of the month (false: a day of the neighbouring month in a week shown with it). */
  inMonth: boolean;
  workedMs: number;
  pauseMs: number;
  nightMs: number;
  anomalies: AnomalyKind[];
  alerts: AlertKind[];
  absences: { code: string; half: 'am' | 'pm' | null; ms: number }[];
  /** Corrections in force on that day (added, ignored or kept punches). */
  corrections: number;
  /** A French public holiday (its name), null otherwise. */
  holiday: string | null;
}

/** A civil week (Monday to Sunday) shown on the employee page: counted in the month when its Sunday is in it. */
export interface EmployeeWeek {
  start: string;
  end: string;
  /** Counted in this month (its Sunday is in it): its figures are the month screen's; false: in the next month's. */
  counted: boolean;
  workedMs: number;
  overtime25Ms: number;
  overtime50Ms: number;
  complementary10Ms: number;
  complementary25Ms: number;
  /** The contract in force on its Sunday is part-time: complementary hours, not overtime. */
  partTime: boolean;
}

/** One holder's month (employee/month): who, the contract, the calendar's days, the weeks and the month's totals. */
export interface EmployeeMonth {
  uid: string;
  nom: string;
  prenom: string;
  month: string;
  closed: boolean;
  /** The contract in force on the month's last day, as the month screen shows it (null without one). */
  matricule: string | null;
  contractType: ContractType | null;
  contractHours: number | null;
  /** Monday of the first week to the Sunday of the last: the calendar's rows. */
  days: EmployeeDay[];
  weeks: EmployeeWeek[];
  /** The month screen's row for this holder (zeros when nothing shows in the month). */
  totals: MonthFigures['holders'][number];
}

export interface Settings {
  syncIntervalMinutes: number;
  retentionYears: number;
  language: 'fr' | 'en';
  rules: TimesheetRules;
  /** The account's zone as set: 'auto' (what its terminals report) or an IANA zone. */
  timeZone: string;
  /** The zone in force for the account (days, "today", durations): the setting, else the terminals', else France. */
  siteZone: string;
  /** The account's payroll settings (absence codes, part-time cap, overtime quota); the defaults without an account. */
  payroll: PayrollSettings;
}

/** A change to a badge holder, and every change sent with it (the queue goes out in order). */
export type HolderChangeResult = OutboxView & { batch: OutboxView[] };

export interface SyncResult {
  from: string;
  to: string;
  days: number;
  received: number;
  added: number;
  removed: number;
  restored: number;
  /** Punches missing from two answers in a row, left unmarked: too many at once to be real removals. */
  removalsWithheld: number;
  /** Records with a known id_pointage and other content, kept beside the first reading (an anomaly of the person's day). */
  conflicts: number;
  ms: number;
  /** The queued badge-holder changes sent first, with Festime's answers. */
  sent: OutboxView[];
  /** The day's backup, due after this sync, could not be made (its cause); the next sync tries again. null: made, or made earlier today. */
  backupError: AppError | null;
  /** Closed months in which this sync brought or removed punches: the difference is carried into `into`. */
  closedMonths: ClosedMonthChange[];
}

/** Punches Festime changed in a closed month, reported as a regularisation of the next open month. */
export interface ClosedMonthChange {
  month: string;
  into: string;
  punches: number;
}

export interface BackupView {
  file: string;
  day: string;
  bytes: number;
  /** After a restore: where the database it replaced is kept. */
  kept?: string;
}

/**
 * The word typed to confirm emptying the terminals (global_vider_iot empties every terminal of the
 * account at once): either language's, in any case, spaces around ignored.
 */
export const EMPTY_WORDS = { fr: 'VIDER', en: 'EMPTY' } as const;
export const isEmptyWord = (typed: string): boolean => (Object.values(EMPTY_WORDS) as string[]).includes(typed.trim().toUpperCase());

/** The terminals' last report read (at a sync or on the Terminaux screen), with when: what is shown offline. */
export interface LastKnownTerminals {
  report: TerminalInfoReport;
  /** When it was read, an ISO instant (UTC). */
  readAt: string;
}

const rulesSchema = z
  .object({
    weeklyBaseHours: z.number().min(1).max(60),
    firstTierHours: z.number().min(0).max(40),
    firstTierRate: z.number().min(0).max(200),
    secondTierRate: z.number().min(0).max(200),
    nightStart: timeSchema,
    nightEnd: timeSchema,
    roundingMinutes: z.union([z.literal(0), z.literal(5), z.literal(10), z.literal(15)]),
    alsaceMoselle: z.boolean(),
  })
  .partial();
const commentSchema = z.string().trim().min(1).max(500);

export const API = {
  'app/info': method(z.object({})).returns<AppInfo>(),
  // Asked first by the window: the data opened, or why not (a damaged file, a newer version's, an engine that does not load).
  'app/health': method(z.object({})).returns<AppHealth>(),
  'accounts/connect': method(
    z.object({
      server: z.string().min(1).max(300),
      login: z.string().trim().min(1).max(100),
      password: z.string().min(1).max(500),
      label: z.string().max(100).optional(),
      // "Tester la connexion" first (a harmless read); the CLI's --no-check skips it.
      check: z.boolean().default(true),
    }),
  ).returns<AccountView>(),
  // The current account's password removed from the keychain (the account and its record stay).
  'accounts/forget': method(z.object({})).returns<{ server: string; login: string; removed: boolean }>(),
  'accounts/select': method(z.object({ id: z.number().int().positive() })).returns<AccountView>(),
  'accounts/demo': method(z.object({})).returns<AccountView>(),
  'punches/query': method(
    z.object({
      from: isoDateSchema.optional(),
      to: isoDateSchema.optional(),
      uid: z.string().max(100).optional(),
      type: punchType.optional(),
      accessPoint: z.string().max(200).optional(),
      text: z.string().max(100).optional(),
      offset: z.number().int().min(0).default(0),
      // The rows after this one (the previous page's last): the CLI pages a whole filter this way, never reading again what it printed.
      after: z.object({ at: punchTimeSchema, id: z.number().int() }).optional(),
      // The window pages by 200; the CLI prints a whole filter in pages of the maximum.
      limit: z.number().int().min(1).max(PUNCH_PAGE_MAX).default(200),
      order: z.enum(['asc', 'desc']).default('desc'),
      // The punches added by payroll corrections too, in their time order (the window's Pointages); the CLI lists the cache only.
      added: z.boolean().default(false),
    }),
  ).returns<PunchPageResult>(),
  'punches/access-points': method(z.object({})).returns<string[]>(),
  // Straight from Festime (not the cache): one day, or from a day to today, or today.
  'punches/fetch': method(
    z.object({ since: isoDateSchema.optional(), day: isoDateSchema.optional() }).refine((o) => !(o.since && o.day), { message: 'mismatch', path: ['day'] }),
  ).returns<Punch[]>(),
  'presence/day': method(z.object({ day: isoDateSchema.optional() })).returns<PresenceView>(),
  'presence/rollcall': method(z.object({})).returns<RollCallView>(),
  'holders/list': method(z.object({})).returns<HolderRow[]>(),
  'holders/create': method(holderSchema).returns<HolderChangeResult>(),
  'holders/edit': method(holderSchema).returns<HolderChangeResult>(),
  'holders/delete': method(holderSchema).returns<HolderChangeResult>(),
  // A name split wrongly from the punches ("NOM Prénom"), corrected in the register only.
  'holders/fix': method(holderSchema).returns<{ uid: string; nom: string; prenom: string }>(),
  'holders/cancel': method(z.object({ id: z.number().int().positive() })).returns<OutboxView>(),
  // `toCheck`: the changes à vérifier (a badge Festime already holds under another name), each waiting for holders/resolve.
  'holders/pending': method(z.object({})).returns<{ queued: OutboxView[]; toCheck: OutboxView[]; toPush: number }>(),
  // The manager's choice for a badge à vérifier: keep Festime's holder (our change dropped), or give this person another badge.
  'holders/resolve': method(
    z
      .object({ uid: z.string(), choice: z.enum(['keep-festime', 'new-uid']), newUid: z.string().optional() })
      .refine((o) => (o.choice === 'new-uid') === (o.newUid !== undefined), { message: 'mismatch', path: ['newUid'] }),
  ).returns<{ closed: OutboxView; created: OutboxView | null; batch: OutboxView[] }>(),
  // A lost badge: the new number for the same person (created at Festime, the old one deleted; history kept under one person).
  'holders/replace': method(z.object({ uid: z.string(), newUid: z.string() })).returns<{ add: OutboxView; remove: OutboxView; batch: OutboxView[] }>(),
  'terminals/info': method(z.object({})).returns<TerminalInfoReport>(),
  'terminals/push-users': method(z.object({})).returns<TransferReport>(),
  'terminals/push-reasons': method(z.object({})).returns<TransferReport>(),
  // What terminals/info (or a sync) last read, for when Festime cannot be reached; null before any report.
  'terminals/last-known': method(z.object({})).returns<{ known: LastKnownTerminals | null }>(),
  // Emptying wipes the badge holders and pause reasons of EVERY terminal: the user types EMPTY_WORDS to confirm.
  'terminals/empty': method(z.object({ confirm: z.string().min(1).max(200) })).returns<TransferReport>(),
  'timesheet/month': method(z.object({ month: monthSchema })).returns<MonthFigures>(),
  'timesheet/day': method(z.object({ uid: z.string().min(1).max(100), day: isoDateSchema })).returns<DayView>(),
  'employee/month': method(z.object({ uid: z.string().trim().min(1).max(100), month: monthSchema })).returns<EmployeeMonth>(),
  /**
   * One of the month's outputs for payroll, handed to `deliver` (the save dialog, a download, the
   * CLI's file): the workbook (xlsx), the payroll-variables file (evp: `layout` lines or wide), the
   * statements to sign (pdf: everyone, or `uid` alone).
   */
  'timesheet/export': method(
    z.object({
      month: monthSchema,
      format: z.enum(EXPORT_FORMATS).default('xlsx'),
      layout: z.enum(EVP_LAYOUTS).optional(),
      uid: z.string().trim().min(1).max(100).optional(),
    }),
  ).returns<{
    fileName: string;
    savedTo: string | null;
    download: string | null;
    /** The holders of the month (evp: the employees in the file, those with at least one nonzero item). */
    holders: number;
    anomalies: number;
    /** evp: the file's data lines (the header not counted). */
    lines?: number;
    /** evp in windows-1252: each name or label that encoding could not hold as it is, and what was written instead. */
    replaced?: { text: string; written: string }[];
  }>(),
  'corrections/add': method(
    z.object({
      uid: z.string().trim().min(1).max(100),
      type: punchType,
      at: localDateTimeSchema,
      comment: commentSchema,
      reason: z.string().max(100).optional(),
    }),
  ).returns<{ id: number }>(),
  'corrections/ignore': method(z.object({ punchId: z.number().int().positive(), comment: commentSchema })).returns<{ id: number }>(),
  'corrections/keep': method(z.object({ punchId: z.number().int().positive(), comment: commentSchema })).returns<{ id: number }>(),
  // The time of a punch the night clocks change: 1 the first of the repeated hour (or a skipped time as read), 2 the second.
  // punchId: a raw punch, or minus the correction that added one (as anomalies name it).
  'corrections/reading': method(
    z.object({
      punchId: z
        .number()
        .int()
        .refine((n) => n !== 0),
      occurrence: z.union([z.literal(1), z.literal(2)]),
      comment: commentSchema,
    }),
  ).returns<{ id: number }>(),
  'corrections/undo': method(z.object({ id: z.number().int().positive() })).returns<{ id: number }>(),
  'corrections/list': method(z.object({ month: monthSchema.optional() })).returns<CorrectionRow[]>(),
  'month/close': method(z.object({ month: monthSchema })).returns<{ closed: boolean }>(),
  'month/reopen': method(z.object({ month: monthSchema, reason: commentSchema })).returns<{ closed: boolean }>(),
  // « À vérifier »: the open anomalies and the alerts of a month, or of the current month and the previous one while open.
  'review/list': method(z.object({ month: monthSchema.optional() })).returns<ReviewList>(),
  'settings/get': method(z.object({})).returns<Settings>(),
  'settings/set': method(
    z.object({
      syncIntervalMinutes: z.number().int().min(5).max(1440).optional(),
      retentionYears: z.number().int().min(1).max(50).optional(),
      language: z.enum(['fr', 'en']).optional(),
      rules: rulesSchema.optional(),
      timeZone: zoneSettingSchema.optional(),
      payroll: payrollSettingsSchema.optional(),
    }),
  ).returns<Settings>(),
  // Employee records beside the badge holders: contract versions, each in force from a day.
  'employees/list': method(z.object({})).returns<EmployeeRow[]>(),
  'employees/set': method(employeeSetSchema).returns<{ contract: Contract }>(),
  // Absences: whole days or one half day, with a comment; refused in a closed month; removed, never deleted.
  'absences/add': method(absenceAddSchema).returns<{ id: number }>(),
  'absences/list': method(z.object({ month: monthSchema, uid: z.string().min(1).max(100).optional() })).returns<AbsenceRow[]>(),
  'absences/remove': method(z.object({ id: z.number().int().positive() })).returns<{ id: number }>(),
  'backup/list': method(z.object({})).returns<BackupView[]>(),
  'backup/now': method(z.object({})).returns<BackupView>(),
  'backup/restore': method(z.object({ from: z.string().min(1).max(4096).optional() })).returns<BackupView>(),
  // Without apply: where the purge would cut (the policy's day, or the one given), nothing removed.
  'retention/purge': method(z.object({ before: isoDateSchema.optional(), apply: z.boolean().default(false) })).returns<{
    before: string;
    removed: number;
    applied: boolean;
  }>(),
  'sync/run': method(z.object({ full: z.boolean().default(false) })).returns<SyncResult>(),
  'sync/cancel': method(z.object({})).returns<{ cancelled: boolean }>(),
  'sync/status': method(z.object({})).returns<SyncStatus>(),
} as const satisfies Record<string, MethodSpec>;

export type Api = typeof API;
export type MethodName = keyof Api;
export type MethodInput<M extends MethodName> = z.input<Api[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Api[M]['input']>;
export type MethodResult<M extends MethodName> = NonNullable<Api[M]['result']>;

/** What crosses the boundary: errors are values, with a code the UI translates, never a stack. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const EVENTS = {
  'sync/progress': z.object({ phase: z.enum(['fetch', 'store', 'reconcile', 'done']), done: z.number(), total: z.number(), from: z.string(), to: z.string() }),
  // 'sync': a sync ended (well or not), whoever started it: the status bar reads the new state.
  'data/changed': z.object({ what: z.enum(['punches', 'holders', 'accounts', 'timesheet', 'settings', 'sync']) }),
  // Something failed that no call was waiting for (an unhandled rejection in the app): written to the log, and said.
  'app/problem': z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }),
} as const;

export type EventName = keyof typeof EVENTS;
export type EventPayload<E extends EventName> = z.infer<(typeof EVENTS)[E]>;

/**
 * `window.festime`, as the preload exposes it (and the browser bridge's client mimics it): the
 * contract's named methods and events only, errors as values.
 */
export interface FestimeBridge {
  invoke(method: MethodName, input: unknown): Promise<Outcome<unknown>>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}

/** The two Electron IPC channels: calls (invoke) and push events. */
export const IPC_CHANNELS = { call: 'festime:call', event: 'festime:event' } as const;

export const METHOD_NAMES = Object.keys(API) as MethodName[];
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

/** What the main process implements: one handler per method, given the parsed input. */
export type Handlers = { [M in MethodName]: (input: ParsedInput<M>) => Promise<MethodResult<M>> };
