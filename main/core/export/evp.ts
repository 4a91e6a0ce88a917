// The payroll-variables file (éléments variables de paie, EVP) that Silae, Sage Paie, Cegid or PayFit
// import: per employee (by matricule) and payroll item, the month's hours, semicolon-separated with a
// decimal comma. Made from the same computed month as the workbook and `export --format json`, and
// rounded the same way (decimalHours), so the three agree to the hundredth.
import { fileNamePart } from './file-name';
import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import type { PayrollSettings } from '../../../shared/employees';
import { translate, type Lang } from '../../../shared/i18n';
import { payrollCodeOf, payrollKeys, payrollLabel, type EvpLayout, type PayrollItem } from '../../../shared/payroll-export';
import { REGULARISATION_FIELD, type HolderMonth, type MonthTimesheet } from '../../../shared/timesheet';
import { lastDayOf } from '../../../shared/time';
import { EvpEncodingError, MissingMatriculeError } from '../errors';
import { decimalHours } from '../timesheet/month';

/** The columns of the `lines` layout, in this order (what payroll software's import is set up with). */
export const EVP_LINE_COLUMNS = ['matricule', 'nom', 'prenom', 'code', 'libelle', 'quantite', 'unite', 'debut', 'fin'] as const;
/** The first columns of the `wide` layout; one column per payroll code follows. */
export const EVP_WIDE_COLUMNS = ['matricule', 'nom', 'prenom', 'debut', 'fin'] as const;

/** The exact time of each payroll item of a holder's month, in ms (absences keyed by their code). */
export function itemDurations(h: HolderMonth): Record<PayrollItem, number> & Record<string, number> {
  const items: Record<PayrollItem, number> = {
    // Worked hours at the normal rate. Overtime counts the weeks ending in the month, worked time the
    // month's days: a first week begun in the previous month moves its overtime hours out of the
    // normal ones already paid then, so this can be negative (a regularisation, written as such).
    normal: h.workedMs - h.overtimeFirstMs - h.overtimeSecondMs - h.complementary10Ms - h.complementary25Ms,
    overtime25: h.overtimeFirstMs,
    overtime50: h.overtimeSecondMs,
    complementary10: h.complementary10Ms,
    complementary25: h.complementary25Ms,
    night: h.nightMs,
    sunday: h.sundayMs,
    // 1 May's hours are in holidayMs too: they are reported on their own.
    holidayWorked: h.holidayMs - h.mayFirstWorkedMs,
    mayFirstWorked: h.mayFirstWorkedMs,
    holidayOff: h.holidayOffMs,
  };
  return { ...items, ...h.absenceMs };
}

export interface EvpItem {
  /** An item of PAYROLL_ITEMS, or an absence code. */
  key: string;
  code: string;
  label: string;
  /** Decimal hours to the hundredth, never 0. */
  hours: number;
}

export interface EvpEmployee {
  uid: string;
  nom: string;
  prenom: string;
  matricule: string | null;
  items: EvpItem[];
  /** What Festime changed in a closed month since it was paid: its items' differences, dated in that month. */
  regularisations: { month: string; items: EvpItem[] }[];
}

const ZERO = Object.fromEntries(Object.values(REGULARISATION_FIELD).map((f) => [f, 0]));

/** A holder's regularisations as payroll items (signed), by closed month: the same items a month's figures give. */
function regularisationItems(h: HolderMonth): { month: string; ms: Record<string, number> }[] {
  const byMonth = new Map<string, HolderMonth>();
  for (const r of h.regularisations ?? []) {
    const m = byMonth.get(r.month) ?? { ...h, ...ZERO, absenceMs: {} };
    byMonth.set(r.month, { ...m, [REGULARISATION_FIELD[r.key]]: r.ms });
  }
  return [...byMonth].map(([month, m]) => ({ month, ms: itemDurations(m) }));
}

export interface EvpInput {
  sheet: MonthTimesheet;
  payroll: Pick<PayrollSettings, 'payrollCodes' | 'evpEncoding' | 'absenceCodes'>;
  layout: EvpLayout;
  /** The language of the labels (libelle): the app's. */
  lang: Lang;
}

/** A text the windows-1252 file could not hold as it is, and what was written instead. */
export interface Replaced {
  text: string;
  written: string;
}

export interface EvpFile {
  bytes: Buffer;
  /** Employees in the file (those with at least one nonzero item). */
  employees: number;
  /** Data lines (not counting the header). */
  lines: number;
  replaced: Replaced[];
}

/** Each holder's nonzero items (rounded to the hundredth), codes and labels filled in; holders with none left out. */
export function evpEmployees(sheet: MonthTimesheet, payroll: EvpInput['payroll'], lang: Lang): EvpEmployee[] {
  const rates = { first: sheet.rules.firstTierRate, second: sheet.rules.secondTierRate };
  const keys = payrollKeys(
    payroll.absenceCodes,
    sheet.holders.flatMap((h) => Object.keys(h.absenceMs)),
  );
  const t = (key: string, params?: Record<string, unknown>) => translate(lang, key, params);
  const out: EvpEmployee[] = [];
  const itemsOf = (ms: Record<string, number>) =>
    keys
      .map((key) => ({ key, hours: decimalHours(ms[key] ?? 0) }))
      // A zero quantity writes no line (also one that rounds to 0,00); -0 is 0.
      .filter((i) => i.hours !== 0)
      .map((i) => ({ ...i, code: payrollCodeOf(payroll.payrollCodes, i.key), label: payrollLabel(t, i.key, payroll.absenceCodes, lang, rates) }));
  for (const h of sheet.holders) {
    const items = itemsOf(itemDurations(h));
    const regularisations = regularisationItems(h)
      .map((r) => ({ month: r.month, items: itemsOf(r.ms) }))
      .filter((r) => r.items.length > 0);
    if (items.length === 0 && regularisations.length === 0) continue;
    const matricule = h.matricule?.trim() ? h.matricule.trim() : null;
    out.push({ uid: h.uid, nom: h.nom, prenom: h.prenom, matricule, items, regularisations });
  }
  return out;
}

// ---------------------------------------------------------------- windows-1252

let cp1252: Set<string> | null = null;
/** The characters windows-1252 has (its five unassigned bytes excepted), from iconv-lite's own table. */
const inCp1252 = (ch: string): boolean =>
  (cp1252 ??= new Set([...iconv.decode(Buffer.from(Array.from({ length: 256 }, (_, i) => i)), 'windows-1252')].filter((c) => c !== '\uFFFD'))).has(ch);

/** Letters with no decomposition, written as the letter a French payroll file would use. */
const NEAREST: Readonly<Record<string, string>> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  Ŧ: 'T',
  ŧ: 't',
  Ŋ: 'N',
  ŋ: 'n',
  ĸ: 'k',
  ʼ: '’',
  '\u2010': '-',
  '\u2011': '-',
  '\u2212': '-',
};

/**
 * `text` as windows-1252 can hold it: a character it lacks becomes its nearest letters (Ł → L,
 * ș → s, ő → o, the narrow no-break space → a space, ﬁ → fi), or `?` when there are none.
 */
export function toCp1252(text: string): string {
  let out = '';
  for (const ch of text) {
    if (inCp1252(ch)) {
      out += ch;
      continue;
    }
    const near = NEAREST[ch] ?? [...ch.normalize('NFKD')].filter((c) => !/\p{M}/u.test(c)).join('');
    out += near !== '' && [...near].every(inCp1252) ? near : '?';
  }
  return out;
}

/** The characters of `text` windows-1252 cannot hold, as « Ł » (U+0141). */
const unencodable = (text: string): string =>
  [...new Set([...text].filter((ch) => !inCp1252(ch)))]
    .map((ch) => `« ${ch} » (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`)
    .join(', ');

// ---------------------------------------------------------------- the file

/** "2026-11-01" → "01/11/2026". */
const frenchDate = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/** Quantities with two decimals and a decimal comma ("7,50", "-15,00"); a number, so never taken for a formula. */
const quantity = (hours: number) => hours.toFixed(2).replace('.', ',');

/**
 * The variables file's bytes. Refuses the whole file (nothing to deliver) when an employee with a
 * line has no matricule (MissingMatriculeError, listing them all), or, in windows-1252, when a
 * matricule holds a character that encoding lacks (EvpEncodingError). Names and labels it lacks are
 * written with their nearest letters, each said in `replaced`.
 */
export function buildEvp({ sheet, payroll, layout, lang }: EvpInput): EvpFile {
  const employees = evpEmployees(sheet, payroll, lang);
  const missing = employees.filter((e) => e.matricule === null);
  if (missing.length > 0) throw new MissingMatriculeError(missing.map((e) => ({ uid: e.uid, name: `${e.nom} ${e.prenom}`.trim() })));

  const cp = payroll.evpEncoding === 'windows-1252';
  const replaced = new Map<string, string>();
  const text = (value: string): string => {
    if (!cp) return value;
    const written = toCp1252(value);
    if (written !== value) replaced.set(value, written);
    return written;
  };
  const matriculeOf = (e: EvpEmployee): string => {
    const m = e.matricule!;
    if (cp && toCp1252(m) !== m) throw new EvpEncodingError(m, `${e.nom} ${e.prenom}`.trim(), unencodable(m));
    return m;
  };
  const names = (e: EvpEmployee) => {
    // The name said once, whole, when it changes.
    const whole = `${e.nom} ${e.prenom}`.trim();
    const nom = cp ? toCp1252(e.nom) : e.nom;
    const prenom = cp ? toCp1252(e.prenom) : e.prenom;
    if (cp && (nom !== e.nom || prenom !== e.prenom)) replaced.set(whole, `${nom} ${prenom}`.trim());
    return { nom, prenom };
  };
  const debut = frenchDate(`${sheet.month}-01`);
  const fin = frenchDate(lastDayOf(sheet.month));

  let records: (string | number)[][];
  let header: string[];
  if (layout === 'wide') {
    // One column per item that any employee has, in the items' order.
    const keys = payrollKeys(
      payroll.absenceCodes,
      sheet.holders.flatMap((h) => Object.keys(h.absenceMs)),
    ).filter((k) => employees.some((e) => [e.items, ...e.regularisations.map((r) => r.items)].some((items) => items.some((i) => i.key === k))));
    header = [...EVP_WIDE_COLUMNS, ...keys.map((k) => payrollCodeOf(payroll.payrollCodes, k))];
    records = employees.flatMap((e) => {
      const { nom, prenom } = names(e);
      const matricule = matriculeOf(e);
      const line = (from: string, to: string, items: EvpItem[]) => [
        matricule,
        nom,
        prenom,
        from,
        to,
        ...keys.map((k) => items.find((i) => i.key === k)?.hours ?? ''),
      ];
      return [
        ...(e.items.length > 0 ? [line(debut, fin, e.items)] : []),
        // A closed month's regularisation: a line of its own, dated in that month.
        ...e.regularisations.map((r) => line(frenchDate(`${r.month}-01`), frenchDate(lastDayOf(r.month)), r.items)),
      ];
    });
  } else {
    header = [...EVP_LINE_COLUMNS];
    records = employees.flatMap((e) => {
      const matricule = matriculeOf(e);
      const { nom, prenom } = names(e);
      return [
        ...e.items.map((i) => [matricule, nom, prenom, i.code, text(i.label), i.hours, 'h', debut, fin]),
        // A closed month's regularisation: its lines dated in that month (payroll software books them there).
        ...e.regularisations.flatMap((r) =>
          r.items.map((i) => [matricule, nom, prenom, i.code, text(i.label), i.hours, 'h', frenchDate(`${r.month}-01`), frenchDate(lastDayOf(r.month))]),
        ),
      ];
    });
  }
  const csv = stringify([header, ...records], {
    delimiter: ';',
    record_delimiter: 'windows',
    // A text cell starting with = + - @ (a tab, a carriage return) gets a leading ': never a formula.
    escape_formulas: true,
    cast: { number: quantity },
  });
  const bytes = cp ? iconv.encode(csv, 'windows-1252') : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]);
  return {
    bytes,
    employees: employees.length,
    lines: records.length,
    replaced: [...replaced].map(([from, written]) => ({ text: from, written })),
  };
}

/** Festime_<site>_<month>_variables-paie.csv, the site's name in plain letters, digits and dashes. */
export function evpFileName(site: string, month: string): string {
  return `Festime_${fileNamePart(site, 'site')}_${month}_variables-paie.csv`;
}
