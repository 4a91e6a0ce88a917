// Who the badge holders are for payroll: their employment contract (payroll number, type, weekly
// hours, working days, dates, night worker), which takes effect from a day so that past months keep
// the contract then in force, and their absences. Shared by the core, the CLI and the renderer.
import { z } from 'zod';
import { isoDateSchema } from './time';
import { EVP_ENCODINGS, payrollCodesChangeSchema, type EvpEncoding, type PayrollCodes } from './payroll-export';

export const CONTRACT_TYPES = ['full-time', 'part-time', 'days'] as const;
/** full-time: 35 h or more a week; part-time: under 35 h (heures complémentaires); days: forfait jours (days counted, no hourly overtime). */
export type ContractType = (typeof CONTRACT_TYPES)[number];

/** Monday first, as French payroll weeks run. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One version of a holder's contract, in force from `from` until the next version's `from`. */
export interface Contract {
  uid: string;
  /** The day this version takes effect ("YYYY-MM-DD"). */
  from: string;
  /** Payroll number, as the payroll software knows the person (text: leading zeros kept). */
  matricule: string;
  type: ContractType;
  /** Weekly contract hours: 35 by default; any value above 0 and under 35 for part-time; 35–48 for full-time. */
  weeklyHours: number;
  /** Working days, Monday first. */
  days: Weekday[];
  nightWorker: boolean;
  /** Employment start and end ("YYYY-MM-DD"); null: not known / still employed. */
  start: string | null;
  end: string | null;
}

export const DEFAULT_CONTRACT: Omit<Contract, 'uid' | 'from'> = {
  matricule: '',
  type: 'full-time',
  weeklyHours: 35,
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  nightWorker: false,
  start: null,
  end: null,
};

/** Contract hours of one working day: weekly hours ÷ working days. */
export const dailyHours = (c: Pick<Contract, 'weeklyHours' | 'days'>): number => (c.days.length > 0 ? c.weeklyHours / c.days.length : 0);

/** The version in force on `day`: the latest `from` on or before it (versions of one holder, any order). */
export function contractOn<C extends Pick<Contract, 'from'>>(versions: readonly C[], day: string): C | null {
  let found: C | null = null;
  for (const v of versions) if (v.from <= day && (found === null || v.from > found.from)) found = v;
  return found;
}

/** Whether `day` is within the contract's employment dates. */
export const employedOn = (c: Pick<Contract, 'start' | 'end'>, day: string): boolean =>
  (c.start === null || c.start <= day) && (c.end === null || day <= c.end);

export const ABSENCE_CODES = ['CP', 'RTT', 'MAL', 'AT', 'MAT', 'CSS', 'ABS', 'FOR', 'EVT'] as const;

/** An absence code of the site's list (editable in Paramètres; these nine by default). */
export interface AbsenceCode {
  code: string;
  /** Label in French and English. */
  fr: string;
  en: string;
  /** Counted as worked time for the weekly thresholds (formation); the others are not. */
  countsAsWork: boolean;
}

export const DEFAULT_ABSENCE_CODES: AbsenceCode[] = [
  { code: 'CP', fr: 'Congés payés', en: 'Paid leave', countsAsWork: false },
  { code: 'RTT', fr: 'RTT', en: 'RTT (reduced working time)', countsAsWork: false },
  { code: 'MAL', fr: 'Maladie', en: 'Sickness', countsAsWork: false },
  { code: 'AT', fr: 'Accident du travail', en: 'Work accident', countsAsWork: false },
  { code: 'MAT', fr: 'Maternité / paternité', en: 'Maternity / paternity', countsAsWork: false },
  { code: 'CSS', fr: 'Congé sans solde', en: 'Unpaid leave', countsAsWork: false },
  { code: 'ABS', fr: 'Absence injustifiée', en: 'Unjustified absence', countsAsWork: false },
  { code: 'FOR', fr: 'Formation', en: 'Training', countsAsWork: true },
  { code: 'EVT', fr: 'Événement familial', en: 'Family event', countsAsWork: false },
];

export type HalfDay = 'am' | 'pm';

/** An absence: one day or a range, whole days or one half day (then `from` = `to`). */
export interface Absence {
  id: number;
  uid: string;
  from: string;
  to: string;
  code: string;
  half: HalfDay | null;
  comment: string;
  createdBy: string;
  createdAt: string;
  /** Removed (undone) absences stay listed, struck out, like undone corrections. */
  removedAt: string | null;
}

/** Payroll settings of the account, beside the timesheet rules. */
export interface PayrollSettings {
  /** Part-time complementary hours cap: a tenth of the contract by law, a third where an agreement allows it. */
  partTimeCap: 'tenth' | 'third';
  /** Yearly overtime quota (contingent annuel), 220 h unless an agreement says otherwise. */
  overtimeQuotaHours: number;
  absenceCodes: AbsenceCode[];
  /** The payroll-variables file's codes, by item key or absence code, as changed from the defaults (shared/payroll-export.ts). */
  payrollCodes: PayrollCodes;
  /** The payroll-variables file's encoding. */
  evpEncoding: EvpEncoding;
}

export const DEFAULT_PAYROLL_SETTINGS: PayrollSettings = {
  partTimeCap: 'tenth',
  overtimeQuotaHours: 220,
  absenceCodes: DEFAULT_ABSENCE_CODES,
  payrollCodes: {},
  evpEncoding: 'utf8-bom',
};

/** What `employees set` changes: every field optional but the uid; `from` the day the change takes effect (today by default). */
export const employeeSetSchema = z
  .object({
    uid: z.string().min(1).max(100),
    matricule: z.string().max(40).optional(),
    type: z.enum(CONTRACT_TYPES).optional(),
    weeklyHours: z.number().gt(0).max(48).optional(),
    days: z.array(z.enum(WEEKDAYS)).min(1).max(7).optional(),
    nightWorker: z.boolean().optional(),
    start: isoDateSchema.nullable().optional(),
    end: isoDateSchema.nullable().optional(),
    from: isoDateSchema.optional(),
  })
  .strict();
export type EmployeeSet = z.infer<typeof employeeSetSchema>;

export const absenceAddSchema = z
  .object({
    uid: z.string().min(1).max(100),
    from: isoDateSchema,
    to: isoDateSchema.optional(),
    code: z.string().min(1).max(10),
    half: z.enum(['am', 'pm']).optional(),
    comment: z.string().trim().min(1).max(500),
  })
  .strict();
export type AbsenceAdd = z.infer<typeof absenceAddSchema>;

/** The employment facts the timesheet engine reads for one month: each holder's contract versions and absences. */
export interface Employment {
  contracts: ReadonlyMap<string, readonly Contract[]>;
  absences: readonly Absence[];
  settings: PayrollSettings;
  /** The site's current day and time ("YYYY-MM-DDTHH:MM:SS"): a shift still open today is not yet an anomaly. */
  nowLocal: string;
}

/** A badge holder with its contract: the version in force today, and every version (oldest first). */
export interface EmployeeRow {
  uid: string;
  nom: string;
  prenom: string;
  current: Contract | null;
  versions: Contract[];
}

/** An absence as listed: with the holder's name ("NOM Prénom"; the uid when the register does not know it). */
export type AbsenceRow = Absence & { name: string };

/** The longest absence one entry may cover (a year, leap day included). */
export const ABSENCE_MAX_DAYS = 366;

export const absenceCodeSchema = z
  .object({
    code: z
      .string()
      .trim()
      .min(1)
      .max(10)
      .refine((c) => /^[A-Za-z0-9_-]+$/.test(c), 'forbidden'),
    fr: z.string().trim().min(1).max(60),
    en: z.string().trim().min(1).max(60),
    countsAsWork: z.boolean(),
  })
  .strict();

/** What Paramètres may change of the payroll settings (each part optional). */
export const payrollSettingsSchema = z
  .object({
    partTimeCap: z.enum(['tenth', 'third']).optional(),
    overtimeQuotaHours: z.number().min(0).max(1000).optional(),
    absenceCodes: z.array(absenceCodeSchema).min(1).max(50).optional(),
    payrollCodes: payrollCodesChangeSchema.optional(),
    evpEncoding: z.enum(EVP_ENCODINGS).optional(),
  })
  .strict();
