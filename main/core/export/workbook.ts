// The monthly workbook payroll uses as is: Synthèse, Détail, Pointages, Anomalies, Corrections
// (or Summary, Detail… in English: every text is from the catalogue, shared/i18n/workbook-*.ts).
// Names and every text from Festime are text cells (a name starting with "=" stays text);
// durations are real time values formatted [h]:mm next to decimal hours; totals are SUM formulas.
import XLSX from 'xlsx';
import type { Punch } from '../../../shared/festime';
import { isWholeDayAnomaly, type CorrectionRow, type DayRow, type HolderMonth, type MonthTimesheet, type TimesheetRules } from '../../../shared/timesheet';
import { translate, type Catalogue, type KeyPath, type Lang } from '../../../shared/i18n';
import { addDays, dayOfWeek, mondayOf } from '../../../shared/time';
import { alertLabel, anomalyLabel } from '../timesheet/labels';
import { clock, col, decimal, DECIMAL, sheet, text, time, TIME, TIME_FORMAT_ID, useNodeZlib, type Cell } from './cells';

type Words = Catalogue['workbook'];
type Word = KeyPath<Words>;

/** The texts of one workbook, in its language. */
interface Ctx {
  input: WorkbookInput;
  lang: Lang;
  t: (key: Word, params?: Record<string, unknown>) => string;
}

function words(lang: Lang): Ctx['t'] {
  return (key, params = {}) => translate(lang, `workbook.${key}`, params);
}

/** "octobre 2026", "October 2026". */
export function monthTitle(month: string, lang: Lang): string {
  return `${words(lang)(`month.${month.slice(5, 7) as keyof Words['month']}`)} ${month.slice(0, 4)}`;
}

export function rulesText(rules: TimesheetRules, lang: Lang): string {
  const t = words(lang);
  return t('rules.text', {
    base: rules.weeklyBaseHours,
    first: rules.firstTierHours,
    firstRate: rules.firstTierRate,
    secondRate: rules.secondTierRate,
    nightStart: rules.nightStart,
    nightEnd: rules.nightEnd,
    rounding: rules.roundingMinutes ? t('rules.rounding', { minutes: rules.roundingMinutes }) : t('rules.noRounding'),
    alsaceMoselle: t(rules.alsaceMoselle ? 'rules.yes' : 'rules.no'),
  });
}

export interface WorkbookInput {
  sheet: MonthTimesheet;
  site: string;
  account: string;
  /** Raw punches of the month and of its first counted week's days in the previous month (as Festime sent them), marked when removed upstream. */
  punches: readonly (Punch & { removedUpstream?: boolean })[];
  corrections: readonly CorrectionRow[];
  generatedAt: string;
  /** How current the data is: the last good sync's finish (the month's figures say the same). */
  dataUntil?: string | null;
  /** Terminals offline since before the month's end: punches may be missing. */
  offlineTerminals?: readonly { accessPoint: string; since: string }[];
}

/** "22/11" (a terminal's last scan, site time). */
const dayMonth = (at: string) => `${at.slice(8, 10)}/${at.slice(5, 7)}`;

type Part = keyof Words['title'];

/** A sheet's title block, then its column headings in the order given (and `more` headings after them). */
function header<P extends Part & keyof Words>(
  { input, lang, t }: Ctx,
  part: P,
  columns: readonly (keyof Words[P] & string)[],
  more: readonly string[] = [],
): Cell[][] {
  const month = monthTitle(input.sheet.month, lang);
  return [
    [text(t(`title.${part}`, { month }))],
    [text(t('header.site')), text(input.site)],
    [text(t('header.account')), text(input.account)],
    [text(t('header.month')), text(`${month} (${input.sheet.month})`)],
    [text(t('header.rules')), text(rulesText(input.sheet.rules, lang))],
    [text(t('header.weeks')), text(t('header.weeksText'))],
    [text(t('header.generatedAt')), text(input.generatedAt.replace('T', ' ').slice(0, 16))],
    // Payroll reads on the sheet itself how current it is, and where punches may be missing.
    ...(input.dataUntil ? [[text(t('header.dataUntil')), text(input.dataUntil.replace('T', ' ').slice(0, 16))]] : []),
    ...(input.offlineTerminals ?? []).map((o) => [
      text(t('header.offline')),
      text(t('header.offlineText', { accessPoint: o.accessPoint, day: dayMonth(o.since) })),
    ]),
    [],
    [...columns.map((c) => text(t(`${part}.${c}` as Word))), ...more.map(text)],
  ];
}

const SUMMARY_COLUMNS = [
  'nom',
  'prenom',
  'uid',
  'daysWorked',
  'worked',
  'workedHours',
  'pause',
  'pauseHours',
  'overtime25',
  'overtime25Hours',
  'overtime50',
  'overtime50Hours',
  'night',
  'nightHours',
  'sunday',
  'sundayHours',
  'holiday',
  'holidayHours',
  'anomalies',
  'alerts',
  // The employment's figures (issue 13), after the columns payroll already reads: empty / 0 without one.
  'matricule',
  'contractHours',
  'complementary10',
  'complementary10Hours',
  'complementary25',
  'complementary25Hours',
] as const satisfies readonly (keyof Words['summary'])[];
/** After SUMMARY_COLUMNS and one column per absence code present in the month (hours). */
const SUMMARY_LAST_COLUMNS = ['holidayOff', 'mayFirstWorked'] as const satisfies readonly (keyof Words['summary'])[];

function summary(ctx: Ctx): XLSX.WorkSheet {
  const { input, t } = ctx;
  const codes = [...new Set(input.sheet.holders.flatMap((h) => Object.keys(h.absenceMs)))].sort();
  const rows = header(ctx, 'summary', SUMMARY_COLUMNS, [
    ...codes.map((code) => t('absenceHours', { code })),
    ...SUMMARY_LAST_COLUMNS.map((c) => t(`summary.${c}`)),
  ]);
  const first = rows.length + 1; // 1-based row of the first holder
  // Each column's total: a SUM in this format, or none (names, payroll number, contract hours).
  const formats: (string | null | undefined)[] = [
    ...SUMMARY_COLUMNS.map((c, i) =>
      i < 3 || c === 'matricule' || c === 'contractHours'
        ? null
        : c === 'daysWorked' || c === 'anomalies' || c === 'alerts'
          ? undefined
          : c.endsWith('Hours')
            ? DECIMAL
            : TIME,
    ),
    ...codes.map(() => DECIMAL),
    ...SUMMARY_LAST_COLUMNS.map(() => DECIMAL),
  ];
  for (const h of input.sheet.holders) {
    const pair = (ms: number): Cell[] => [time(ms), decimal(ms)];
    rows.push([
      text(h.nom),
      text(h.prenom),
      text(h.uid),
      h.daysWorked,
      ...pair(h.workedMs),
      ...pair(h.pauseMs),
      ...pair(h.overtimeFirstMs),
      ...pair(h.overtimeSecondMs),
      ...pair(h.nightMs),
      ...pair(h.sundayMs),
      ...pair(h.holidayMs),
      h.anomalyCount,
      h.alertCount,
      h.matricule ? text(h.matricule) : null,
      h.contractHours,
      ...pair(h.complementary10Ms),
      ...pair(h.complementary25Ms),
      ...codes.map((code) => decimal(h.absenceMs[code] ?? 0)),
      decimal(h.holidayOffMs),
      decimal(h.mayFirstWorkedMs),
    ]);
  }
  const last = rows.length;
  const totals: Cell[] = [text(t('total'))];
  formats.forEach((z, c) => {
    if (c === 0) return;
    if (z === null) totals.push(null);
    else totals.push(last >= first ? { f: `SUM(${col(c)}${first}:${col(c)}${last})`, ...(z ? { z } : {}) } : 0);
  });
  rows.push(totals);
  return sheet(rows, [22, 18, 14, 10, 11, 11, 9, 9, 10, 10, 10, 10, 9, 9, 10, 10, 9, 9, 10, 12, 12, 10, 10, 10, 10, 10, ...codes.map(() => 8), 10, 10]);
}

const DETAIL_COLUMNS = [
  'nom',
  'prenom',
  'uid',
  'weekday',
  'date',
  'firstArrival',
  'lastDeparture',
  'pauses',
  'worked',
  'workedHours',
  'night',
  'sunday',
  'holiday',
  'overtime25',
  'overtime50',
  'anomalies',
  'alerts',
  'corrected',
  // Issue 13: the week's complementary hours, the day's absences (a row each), the neighbouring month's marks.
  'complementary10',
  'complementary25',
  'absenceCode',
  'absence',
  'note',
] as const satisfies readonly (keyof Words['detail'])[];
const DETAIL_ABSENCE = DETAIL_COLUMNS.indexOf('absence');

function detail(ctx: Ctx): XLSX.WorkSheet {
  const rows = header(ctx, 'detail', DETAIL_COLUMNS);
  for (const h of ctx.input.sheet.holders) detailOf(ctx, h, rows);
  return sheet(rows, [22, 18, 14, 10, 11, 10, 10, 9, 10, 10, 9, 9, 9, 10, 10, 34, 34, 8, 10, 10, 10, 9, 26]);
}

/**
 * A holder's days week by week, each week counted in the month shown whole: its days of the previous
 * month first, marked, in its SUMs (the week's overtime comes from them) but in none of the month's
 * totals. The month's last days, in a week counted next month, are marked so, with their subtotal.
 */
function detailOf({ input, lang, t }: Ctx, h: HolderMonth, rows: Cell[][]): void {
  const first = `${input.sheet.month}-01`;
  const byWeek = new Map<string, DayRow[]>();
  for (const d of [...h.weekDays, ...h.days]) {
    const monday = mondayOf(d.day);
    let list = byWeek.get(monday);
    if (!list) byWeek.set(monday, (list = []));
    list.push(d);
  }
  const list = (items: string[]) => items.join(t('listSeparator'));
  for (const [monday, days] of byWeek) {
    const sunday = addDays(monday, 6);
    const week = h.weeks.find((w) => w.start === monday);
    const nextMonth = week ? null : t('countedIn', { month: monthTitle(sunday.slice(0, 7), lang) });
    const top = rows.length + 1;
    for (const d of days) {
      const weekday = String(dayOfWeek(d.day)) as keyof Words['weekday'];
      const note = d.day < first ? t('adjacentMonth', { month: monthTitle(d.day.slice(0, 7), lang) }) : nextMonth;
      rows.push([
        text(h.nom),
        text(h.prenom),
        text(h.uid),
        text(t(`weekday.${weekday}`)),
        text(d.day),
        clock(d.firstArrival),
        clock(d.lastDeparture),
        time(d.pauseMs),
        time(d.workedMs),
        decimal(d.workedMs),
        time(d.nightMs),
        time(d.sundayMs),
        time(d.holidayMs),
        null,
        null,
        text(
          list(
            d.anomalies.map((a) =>
              isWholeDayAnomaly(a.kind) ? anomalyLabel(a, lang) : t('anomalyAt', { label: anomalyLabel(a, lang), time: a.at.slice(11, 16) }),
            ),
          ),
        ),
        text(list(d.alerts.map((a) => alertLabel(a.kind, lang)))),
        d.corrected ? text(t('yes')) : null,
        null,
        null,
        null,
        null,
        note === null ? null : text(note),
      ]);
      // Absences on rows of their own, under their day: code and time, out of the worked columns.
      for (const a of d.absences) {
        const absence: Cell[] = [text(h.nom), text(h.prenom), text(h.uid), text(t('absence')), text(d.day)];
        while (absence.length < DETAIL_ABSENCE - 1) absence.push(null);
        rows.push([...absence, text(a.code), time(a.ms), note === null ? null : text(note)]);
      }
    }
    const last = rows.length;
    const sum = (c: number, z: string): Cell => ({ f: `SUM(${col(c)}${top}:${col(c)}${last})`, z });
    rows.push([
      text(h.nom),
      text(h.prenom),
      text(h.uid),
      text(t('week')),
      text(
        week ? t('weekSpan', { from: monday, to: sunday }) : t('weekSpanNextMonth', { from: monday, to: sunday, month: monthTitle(sunday.slice(0, 7), lang) }),
      ),
      null,
      null,
      sum(7, TIME),
      sum(8, TIME),
      sum(9, DECIMAL),
      sum(10, TIME),
      sum(11, TIME),
      sum(12, TIME),
      week ? time(week.overtimeFirstMs) : null,
      week ? time(week.overtimeSecondMs) : null,
      null,
      null,
      null,
      week ? time(week.complementary10Ms) : null,
      week ? time(week.complementary25Ms) : null,
      null,
      sum(DETAIL_ABSENCE, TIME),
      nextMonth === null ? null : text(nextMonth),
    ]);
  }
}

const PUNCH_COLUMNS = [
  'date',
  'time',
  'name',
  'uid',
  'type',
  'reason',
  'accessPoint',
  'terminal',
  'id',
  'removed',
  'adjacent',
] as const satisfies readonly (keyof Words['punches'])[];

function punchesSheet(ctx: Ctx): XLSX.WorkSheet {
  const { input, lang, t } = ctx;
  const rows = header(ctx, 'punches', PUNCH_COLUMNS);
  const first = `${input.sheet.month}-01`;
  for (const p of input.punches) {
    rows.push([
      text(p.at.slice(0, 10)),
      text(p.at.slice(11, 19)),
      text(p.name),
      text(p.uid),
      text(translate(lang, `cli.type.${p.type}`)),
      text(p.reason),
      text(p.accessPoint),
      text(p.terminal),
      p.id,
      p.removedUpstream ? text(t('yes')) : null,
      // The previous month's days of the first counted week: their punches are in its overtime.
      p.at < first ? text(t('adjacentMonth', { month: monthTitle(p.at.slice(0, 7), lang) })) : null,
    ]);
  }
  return sheet(rows, [11, 9, 26, 14, 9, 18, 26, 10, 12, 12, 22]);
}

const ANOMALY_COLUMNS = ['nom', 'prenom', 'uid', 'date', 'time', 'nature', 'what', 'punchIds'] as const satisfies readonly (keyof Words['anomalies'])[];

function anomaliesSheet(ctx: Ctx): XLSX.WorkSheet {
  const { input, lang, t } = ctx;
  const rows = header(ctx, 'anomalies', ANOMALY_COLUMNS);
  for (const h of input.sheet.holders) {
    for (const d of h.days) {
      for (const a of d.anomalies)
        rows.push([
          text(h.nom),
          text(h.prenom),
          text(h.uid),
          text(a.at.slice(0, 10)),
          isWholeDayAnomaly(a.kind) ? null : text(a.at.slice(11, 16)),
          text(t('anomaly')),
          text(anomalyLabel(a, lang)),
          text(a.punchIds.join(', ')),
        ]);
      for (const a of d.alerts) {
        const hours = a.hours.toFixed(2).replace('.', t('decimalMark'));
        rows.push([
          text(h.nom),
          text(h.prenom),
          text(h.uid),
          text(a.day),
          null,
          text(t('alert')),
          text(t('alertHours', { label: alertLabel(a.kind, lang), hours })),
          null,
        ]);
      }
    }
  }
  return sheet(rows, [22, 18, 14, 11, 8, 14, 40, 24]);
}

const CORRECTION_COLUMNS = [
  'number',
  'name',
  'uid',
  'correction',
  'type',
  'at',
  'punchId',
  'comment',
  'by',
  'on',
  'undoneAt',
] as const satisfies readonly (keyof Words['corrections'])[];

function correctionsSheet(ctx: Ctx): XLSX.WorkSheet {
  const { input, lang, t } = ctx;
  const rows = header(ctx, 'corrections', CORRECTION_COLUMNS);
  for (const c of input.corrections) {
    rows.push([
      c.id,
      text(c.name),
      text(c.uid),
      text(t(c.kind === 'add' ? 'added' : c.kind === 'keep' ? 'kept' : 'ignored')),
      c.type ? text(translate(lang, `cli.type.${c.type}`)) : null,
      c.at ? text(c.at.replace('T', ' ').slice(0, 16)) : null,
      c.punchId,
      text(c.comment),
      text(c.createdBy),
      text(c.createdAt.replace('T', ' ').slice(0, 16)),
      c.undoneAt ? text(c.undoneAt.replace('T', ' ').slice(0, 16)) : null,
    ]);
  }
  return sheet(rows, [6, 24, 14, 16, 9, 16, 14, 40, 14, 16, 16]);
}

/** The same in every language: the name a scheduled task or payroll looks for. */
export function workbookFileName(site: string, month: string): string {
  const safe =
    site
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'site';
  return `Festime_${safe}_${month}.xlsx`;
}

/** The workbook as .xlsx bytes, its texts in the language given. */
export function buildWorkbook(input: WorkbookInput, lang: Lang): Buffer {
  useNodeZlib();
  const ctx: Ctx = { input, lang, t: words(lang) };
  const wb: XLSX.WorkBook & { SSF?: Record<number, string> } = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, summary(ctx), ctx.t('sheet.summary'));
  XLSX.utils.book_append_sheet(wb, detail(ctx), ctx.t('sheet.detail'));
  XLSX.utils.book_append_sheet(wb, punchesSheet(ctx), ctx.t('sheet.punches'));
  XLSX.utils.book_append_sheet(wb, anomaliesSheet(ctx), ctx.t('sheet.anomalies'));
  XLSX.utils.book_append_sheet(wb, correctionsSheet(ctx), ctx.t('sheet.corrections'));
  // The workbook's own format table (SheetJS writes from it) rather than SheetJS's shared one.
  wb.SSF = { ...(XLSX.SSF.get_table() as Record<number, string>), [TIME_FORMAT_ID]: TIME };
  wb.Props = { Title: `Festime Desk — ${input.sheet.month}`, Author: 'Festime Desk' };
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}
