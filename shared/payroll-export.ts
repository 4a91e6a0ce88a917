// What payroll receives beside the figures: the three outputs of a month (the workbook, the
// payroll-variables file, the statements to sign) and the payroll codes the variables file uses.
// Shared by the core, the CLI and the renderer.
import { z } from 'zod';
import type { FieldIssue } from './validation';

/** The month's outputs: the workbook, the payroll-variables file (EVP), the statements to sign (PDF). */
export const EXPORT_FORMATS = ['xlsx', 'evp', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The variables file's layouts: one line per employee and item, or one line per employee and a column per item. */
export const EVP_LAYOUTS = ['lines', 'wide'] as const;
export type EvpLayout = (typeof EVP_LAYOUTS)[number];

/** How the variables file is encoded: UTF-8 with a BOM (most payroll software), or windows-1252 (older imports). */
export const EVP_ENCODINGS = ['utf8-bom', 'windows-1252'] as const;
export type EvpEncoding = (typeof EVP_ENCODINGS)[number];

/**
 * The payroll items of the variables file besides the absences (each absence code is an item too,
 * keyed by its own code). Hours, per employee and month:
 * - normal: worked hours paid at the normal rate (worked − overtime − complementary hours);
 * - overtime25 / overtime50, complementary10 / complementary25: as in the month's figures;
 * - night, sunday: as in the figures; holidayWorked: holiday hours other than 1 May's;
 * - mayFirstWorked: 1 May's hours (paid double by law); holidayOff: férié chômé.
 */
export const PAYROLL_ITEMS = [
  'normal',
  'overtime25',
  'overtime50',
  'complementary10',
  'complementary25',
  'night',
  'sunday',
  'holidayWorked',
  'mayFirstWorked',
  'holidayOff',
] as const;
export type PayrollItem = (typeof PAYROLL_ITEMS)[number];

/** The codes the employer's payroll file knows the items by, until Paramètres says otherwise. */
export const DEFAULT_PAYROLL_CODES: Readonly<Record<PayrollItem, string>> = {
  normal: 'HN',
  overtime25: 'HS25',
  overtime50: 'HS50',
  complementary10: 'HC10',
  complementary25: 'HC25',
  night: 'HNUIT',
  sunday: 'HDIM',
  holidayWorked: 'HFER',
  mayFirstWorked: 'H1MAI',
  holidayOff: 'FERC',
};

/** The longest payroll code. */
export const PAYROLL_CODE_MAX = 20;

/**
 * Whether a code is one payroll software can import: 1 to 20 unaccented letters, digits, `_`, `-`
 * or `.`, the first a letter or a digit (a code starting with `-` would be written `'-…` in the file,
 * the guard against spreadsheet formulas).
 */
export const isPayrollCode = (code: string): boolean => code.length <= PAYROLL_CODE_MAX && /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(code);

/** A saved payroll code (trimmed, checked). */
export const payrollCodeSchema = z
  .string()
  .trim()
  .min(1)
  .max(PAYROLL_CODE_MAX)
  .refine((c) => isPayrollCode(c), 'forbidden');

/**
 * The codes set in Paramètres, by key: an item of PAYROLL_ITEMS, or an absence code (its own code
 * by default). A key missing here: its default.
 */
export const payrollCodesSchema = z.record(z.string().min(1).max(20), payrollCodeSchema);
export type PayrollCodes = Record<string, string>;

/**
 * A change of codes as the window and the CLI send it (`settings/set`, `payroll.payrollCodes`): by
 * key, the new code, or an empty one to go back to the default. Keys and codes are checked by the
 * core (main/core/employees/store.ts), which names the key and the code refused.
 */
export const payrollCodesChangeSchema = z.record(z.string().min(1).max(40), z.string().max(100));

/** The code in use for an item or an absence code. */
export const payrollCodeOf = (codes: PayrollCodes, key: string): string => codes[key] ?? (DEFAULT_PAYROLL_CODES as Record<string, string>)[key] ?? key;

/** Whether a key names an item of PAYROLL_ITEMS (else it is an absence code). */
export const isPayrollItem = (key: string): key is PayrollItem => (PAYROLL_ITEMS as readonly string[]).includes(key);

/**
 * The keys of the variables file in its order: the items, then the absence codes as Paramètres lists
 * them, then any other code `met` (an absence whose code has since left the list), sorted.
 */
export function payrollKeys(absenceCodes: readonly { code: string }[], met: Iterable<string> = []): string[] {
  const keys: string[] = [...PAYROLL_ITEMS, ...absenceCodes.map((c) => c.code)];
  const others = [...new Set(met)].filter((k) => !keys.includes(k)).sort();
  return [...keys, ...others];
}

/**
 * An item's label through `t` (the catalogue's `payrollItem.*`, overtime with the rules' rates), an
 * absence code's from the account's list in `lang` (the code itself when not listed).
 */
export function payrollLabel(
  t: (key: string, params?: Record<string, unknown>) => string,
  key: string,
  absenceCodes: readonly { code: string; fr: string; en: string }[],
  lang: 'fr' | 'en',
  rates: { first: number; second: number },
): string {
  if (isPayrollItem(key)) {
    const rate = key === 'overtime25' ? rates.first : key === 'overtime50' ? rates.second : undefined;
    return t(`payrollItem.${key}`, rate === undefined ? {} : { rate });
  }
  return absenceCodes.find((c) => c.code === key)?.[lang] ?? key;
}

/**
 * The payroll codes after `change` (by item key or absence code; an empty code: back to its default),
 * `keys` being the items and the account's absence codes, and what is wrong with it: a key unknown,
 * a code payroll software cannot import, one code for two keys whatever its case (payroll software
 * would add them up). Each issue names its key (`params.key`: the window shows it by that key's
 * field). Only what differs from the defaults is kept, so a later change of a default reaches
 * everyone else. The core refuses on any issue; the window checks the same before sending.
 */
export function nextPayrollCodes(
  current: PayrollCodes,
  change: Readonly<Record<string, string>>,
  keys: readonly string[],
): { codes: PayrollCodes; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const next: PayrollCodes = { ...current };
  for (const [key, raw] of Object.entries(change)) {
    const code = raw.trim();
    if (!keys.includes(key)) issues.push({ field: 'payrollCodes', rule: 'unknownKey', params: { key, keys: keys.join(', ') } });
    else if (code === '') delete next[key];
    else if (!isPayrollCode(code)) issues.push({ field: 'payrollCodes', rule: 'payrollCode', params: { key, code, max: PAYROLL_CODE_MAX } });
    else next[key] = code;
  }
  const owner = new Map<string, string>();
  for (const key of keys) {
    const code = payrollCodeOf(next, key);
    const other = owner.get(code.toUpperCase());
    if (other === undefined) owner.set(code.toUpperCase(), key);
    else {
      // Said of the key being changed (its field), the other one named.
      const [first, second] = Object.hasOwn(change, key) || !Object.hasOwn(change, other) ? [other, key] : [key, other];
      issues.push({ field: 'payrollCodes', rule: 'duplicatePayrollCode', params: { code, first, second, key: second } });
    }
  }
  const codes = Object.fromEntries(Object.entries(next).filter(([key, code]) => keys.includes(key) && code !== payrollCodeOf({}, key)));
  return { codes, issues };
}
