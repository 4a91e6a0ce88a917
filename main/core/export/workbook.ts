// The monthly workbook payroll uses as is: Synthèse, Détail, Pointages, Anomalies, Corrections
// (or Summary, Detail… in English: every text is from the catalogue, shared/i18n/workbook-*.ts).
// Names and every text from Festime are text cells (a name starting with "=" stays text); dates
// and clock times are real date and time cells, durations real time values formatted [h]:mm next
// to decimal hours; totals are SUM formulas. Written by exceljs's streaming writer (cells.ts).
import { fileNamePart } from './file-name';
import { PassThrough } from 'node:stream';
import type ExcelJSWorkbookWriter from 'exceljs/lib/stream/xlsx/workbook-writer.js';
import type { Punch } from '../../../shared/festime';
import {
  isWholeDayAnomaly,
  type AlertKind,
  type Anomaly,
  type CorrectionRow,
  type DayRow,
  type HolderMonth,
  type MonthTimesheet,
  type TimesheetRules,
} from '../../../shared/timesheet';
import { translate, type Catalogue, type KeyPath, type Lang } from '../../../shared/i18n';
import { addDays, dayOfWeek, lastDayOf, mondayOf, wallClockAt } from '../../../shared/time';
import { alertLabel, anomalyLabel } from '../timesheet/labels';
import {
  clock,
  date,
  dateTime,
  dateTimeText,
  dayText,
  duration,
  headerText,
  hours,
  nameFilters,
  PAGE_COUNT,
  PAGE_NUMBER,
  row,
  sum,
  text,
  writeSheet,
  type Cell,
  type Fill,
  type FilterName,
  type Format,
  type Row,
  type SheetSpec,
} from './cells';

type Words = Catalogue['workbook'];
type Word = KeyPath<Words>;

/** The texts of one workbook, in its language. */
interface Ctx {
  input: WorkbookInput;
  lang: Lang;
  t: (key: Word, params?: Record<string, unknown>) => string;
  /** An anomaly, a legal alert in words. */
  anomaly: (a: Anomaly) => string;
  alert: (kind: AlertKind) => string;
}

function words(lang: Lang): Ctx['t'] {
  return (key, params = {}) => translate(lang, `workbook.${key}`, params);
}

/**
 * The same texts, each translated once per workbook: a month's sheets ask for the same few
 * (weekdays, labels, "mois voisin") tens of thousands of times.
 */
function context(input: WorkbookInput, lang: Lang): Ctx {
  const known = new Map<string, string>();
  const once = (key: string, make: () => string) => {
    let s = known.get(key);
    if (s === undefined) known.set(key, (s = make()));
    return s;
  };
  const t = words(lang);
  return {
    input,
    lang,
    t: (key, params) => once(params ? `${key}\u0000${JSON.stringify(params)}` : key, () => t(key, params)),
    // Keyed by all the label says: a conflicting record names its punch and readings.
    anomaly: (a) =>
      once(
        `\u0001${a.kind}\u0000${a.removedOn ?? ''}\u0000${a.reading ?? ''}\u0000${a.other ?? ''}\u0000${a.readings ? JSON.stringify([a.punchIds[0], a.readings]) : ''}`,
        () => anomalyLabel(a, lang),
      ),
    alert: (kind) => once(`\u0002${kind}`, () => alertLabel(kind, lang)),
  };
}

const monthTitles = new Map<string, string>();
/** "octobre 2026", "October 2026". */
export function monthTitle(month: string, lang: Lang): string {
  const key = `${lang}${month}`;
  let title = monthTitles.get(key);
  if (title === undefined) monthTitles.set(key, (title = `${words(lang)(`month.${month.slice(5, 7) as keyof Words['month']}`)} ${month.slice(0, 4)}`));
  return title;
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

/** A sheet in the making: its rows (title block, headings, data) and the headings' row (1-based). */
interface Draft {
  rows: Row[];
  headingRow: number;
}

/** A sheet's title block, then its column headings in the order given (and `more` headings after them). */
function header<P extends Part & keyof Words>(
  { input, lang, t }: Ctx,
  part: P,
  columns: readonly (keyof Words[P] & string)[],
  { more = [], legend = false }: { more?: readonly string[]; legend?: boolean } = {},
): Draft {
  const month = monthTitle(input.sheet.month, lang);
  const line = (label: string, value: string) => row([text(label), text(value)]);
  const rows: Row[] = [
    row([text(t(`title.${part}`, { month }))], { font: 'title', height: 21 }),
    line(t('header.site'), input.site),
    line(t('header.account'), input.account),
    line(t('header.month'), `${month} (${input.sheet.month})`),
    line(t('header.rules'), rulesText(input.sheet.rules, lang)),
    line(t('header.weeks'), t('header.weeksText')),
    line(t('header.generatedAt'), siteTime(input, input.generatedAt)),
    // Payroll reads on the sheet itself how current it is, and where punches may be missing.
    ...(input.dataUntil ? [line(t('header.dataUntil'), siteTime(input, input.dataUntil))] : []),
    ...(input.offlineTerminals ?? []).map((o) => line(t('header.offline'), t('header.offlineText', { accessPoint: o.accessPoint, day: dayMonth(o.since) }))),
    // What the fills of the rows below mean, each shown in its fill.
    ...(legend
      ? [
          row([text(t('legend.title')), text(t('legend.anomaly'))], { fill: 'anomaly', fillFrom: 1 }),
          row([null, text(t('legend.alert'))], { fill: 'alert', fillFrom: 1 }),
        ]
      : []),
    row([...columns.map((c) => text(t(`${part}.${c}` as Word))), ...more.map(text)]),
  ];
  return { rows, headingRow: rows.length };
}

/** The sheet as written: frozen under its headings (and beside its name columns), its pages headed with the site, the month and how current the data is. */
/** An instant ("…Z") as the site's wall clock reads it, jj/mm/aaaa hh:mm: the time the month screen shows too. */
const siteTime = (input: WorkbookInput, iso: string) => dateTimeText(wallClockAt(new Date(iso), input.sheet.rules.timeZone));

function sheetOf({ input, lang, t }: Ctx, part: Part, { rows, headingRow }: Draft, freezeColumns: number): SheetSpec {
  const title = t(`title.${part}`, { month: monthTitle(input.sheet.month, lang) });
  return {
    name: t(`sheet.${part}`),
    rows,
    headingRow,
    freezeColumns,
    pageHeader: [headerText(input.site), headerText(title), input.dataUntil ? headerText(`${t('header.dataUntil')} ${siteTime(input, input.dataUntil)}`) : ''],
    pageFooter: [
      headerText(`Festime Desk — ${t('header.generatedAt')} ${siteTime(input, input.generatedAt)}`),
      '',
      t('page', { page: PAGE_NUMBER, pages: PAGE_COUNT }),
    ],
  };
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
const SUMMARY_ANOMALIES = SUMMARY_COLUMNS.indexOf('anomalies');
const SUMMARY_ALERTS = SUMMARY_COLUMNS.indexOf('alerts');

function summary(ctx: Ctx): SheetSpec {
  const { input, t } = ctx;
  const codes = [...new Set(input.sheet.holders.flatMap((h) => Object.keys(h.absenceMs)))].sort();
  const draft = header(ctx, 'summary', SUMMARY_COLUMNS, {
    more: [...codes.map((code) => t('absenceHours', { code })), ...SUMMARY_LAST_COLUMNS.map((c) => t(`summary.${c}`))],
    legend: true,
  });
  const { rows } = draft;
  const first = draft.headingRow + 1; // 1-based row of the first holder
  // Each column's total: a SUM shown in this format (undefined: a count), or none (names, payroll number, contract hours).
  const formats: (Format | null | undefined)[] = [
    ...SUMMARY_COLUMNS.map((c, i) =>
      i < 3 || c === 'matricule' || c === 'contractHours'
        ? null
        : c === 'daysWorked' || c === 'anomalies' || c === 'alerts'
          ? undefined
          : c.endsWith('Hours')
            ? 'hours'
            : 'duration',
    ),
    ...codes.map(() => 'hours' as const),
    ...SUMMARY_LAST_COLUMNS.map(() => 'hours' as const),
  ];
  for (const h of input.sheet.holders) {
    const pair = (ms: number): Cell[] => [duration(ms), hours(ms)];
    const fills: Partial<Record<number, Fill>> = {};
    if (h.anomalyCount > 0) fills[SUMMARY_ANOMALIES] = 'anomaly';
    if (h.alertCount > 0) fills[SUMMARY_ALERTS] = 'alert';
    rows.push(
      row(
        [
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
          ...codes.map((code) => hours(h.absenceMs[code] ?? 0)),
          hours(h.holidayOffMs),
          hours(h.mayFirstWorkedMs),
        ],
        { fills },
      ),
    );
  }
  const last = rows.length;
  const totals: Cell[] = [text(t('total'))];
  formats.forEach((z, c) => {
    if (c === 0) return;
    totals.push(z === null ? null : last >= first ? sum(first, last, z) : 0);
  });
  rows.push(row(totals, { font: 'bold', rule: true }));
  return { ...sheetOf(ctx, 'summary', draft, 2), filterTo: last };
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
const DETAIL_ALERTS = DETAIL_COLUMNS.indexOf('alerts');
const DETAIL_DATE = DETAIL_COLUMNS.indexOf('date');

function detail(ctx: Ctx): SheetSpec {
  const draft = header(ctx, 'detail', DETAIL_COLUMNS, { legend: true });
  for (const h of ctx.input.sheet.holders) detailOf(ctx, h, draft.rows);
  return sheetOf(ctx, 'detail', draft, 2);
}

/**
 * A holder's days week by week, each week counted in the month shown whole: its days of the previous
 * month first, marked (and in grey), in its SUMs (the week's overtime comes from them) but in none of
 * the month's totals. The month's last days, in a week counted next month, are marked so, with their
 * subtotal. A day with an anomaly is on light red, a day with a legal alert on light amber.
 */
function detailOf({ input, lang, t, anomaly, alert }: Ctx, h: HolderMonth, rows: Row[]): void {
  const first = `${input.sheet.month}-01`;
  const byWeek = new Map<string, DayRow[]>();
  for (const d of [...h.weekDays, ...h.days]) {
    const monday = mondayOf(d.day);
    let list = byWeek.get(monday);
    if (!list) byWeek.set(monday, (list = []));
    list.push(d);
  }
  const list = (items: string[]) => (items.length > 0 ? text(items.join(t('listSeparator'))) : null);
  const who = [text(h.nom), text(h.prenom), text(h.uid)];
  for (const [monday, days] of byWeek) {
    const sunday = addDays(monday, 6);
    const week = h.weeks.find((w) => w.start === monday);
    const nextMonth = week ? null : t('countedIn', { month: monthTitle(sunday.slice(0, 7), lang) });
    const top = rows.length + 1;
    for (const d of days) {
      const weekday = String(dayOfWeek(d.day)) as keyof Words['weekday'];
      const adjacent = d.day < first;
      const note = adjacent ? t('adjacentMonth', { month: monthTitle(d.day.slice(0, 7), lang) }) : nextMonth;
      const fill: Fill | undefined = d.anomalies.length > 0 ? 'anomaly' : d.alerts.length > 0 ? 'alert' : undefined;
      rows.push(
        row(
          [
            ...who,
            text(t(`weekday.${weekday}`)),
            date(d.day),
            clock(d.firstArrival),
            clock(d.lastDeparture),
            duration(d.pauseMs),
            duration(d.workedMs),
            hours(d.workedMs),
            duration(d.nightMs),
            duration(d.sundayMs),
            duration(d.holidayMs),
            null,
            null,
            list(d.anomalies.map((a) => (isWholeDayAnomaly(a.kind) ? anomaly(a) : t('anomalyAt', { label: anomaly(a), time: a.at.slice(11, 16) })))),
            list(d.alerts.map((a) => alert(a.kind))),
            d.corrected ? text(t('yes')) : null,
            null,
            null,
            null,
            null,
            note === null ? null : text(note),
          ],
          {
            ...(fill ? { fill } : {}),
            // A day with both: the row says anomaly, the alerts' cell alert.
            ...(fill === 'anomaly' && d.alerts.length > 0 ? { fills: { [DETAIL_ALERTS]: 'alert' as const } } : {}),
            ...(adjacent ? { font: 'muted' as const } : {}),
          },
        ),
      );
      // Absences on rows of their own, under their day: code and time, out of the worked columns.
      for (const a of d.absences) {
        const absence: Cell[] = [...who, text(t('absence')), date(d.day)];
        while (absence.length < DETAIL_ABSENCE - 1) absence.push(null);
        rows.push(row([...absence, text(a.code), duration(a.ms), note === null ? null : text(note)], adjacent ? { font: 'muted' } : {}));
      }
    }
    const last = rows.length;
    const span = { from: dayText(monday), to: dayText(sunday) };
    rows.push(
      row(
        [
          ...who,
          text(t('week')),
          text(week ? t('weekSpan', span) : t('weekSpanNextMonth', { ...span, month: monthTitle(sunday.slice(0, 7), lang) })),
          null,
          null,
          sum(top, last, 'duration'),
          sum(top, last, 'duration'),
          sum(top, last, 'hours'),
          sum(top, last, 'duration'),
          sum(top, last, 'duration'),
          sum(top, last, 'duration'),
          week ? duration(week.overtimeFirstMs) : null,
          week ? duration(week.overtimeSecondMs) : null,
          null,
          null,
          null,
          week ? duration(week.complementary10Ms) : null,
          week ? duration(week.complementary25Ms) : null,
          null,
          sum(top, last, 'duration'),
          nextMonth === null ? null : text(nextMonth),
        ],
        // The week's span runs on over the clock columns, empty on this row.
        { fill: 'subtotal', font: 'bold', overflow: DETAIL_DATE },
      ),
    );
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

/** The raw punches as Festime sent them, to the second; the previous month's days of the first counted week in grey. */
function punchesSheet(ctx: Ctx): SheetSpec {
  const { input, lang, t } = ctx;
  const draft = header(ctx, 'punches', PUNCH_COLUMNS);
  const first = `${input.sheet.month}-01`;
  const types = new Map<string, string>();
  const typeName = (type: string) => types.get(type) ?? types.set(type, translate(lang, `cli.type.${type}`)).get(type)!;
  for (const p of input.punches) {
    // The previous month's days of the first counted week: their punches are in its overtime.
    const adjacent = p.at < first;
    draft.rows.push(
      row(
        [
          date(p.at),
          clock(p.at, true),
          text(p.name),
          text(p.uid),
          text(typeName(p.type)),
          text(p.reason),
          text(p.accessPoint),
          text(p.terminal),
          p.id,
          p.removedUpstream ? text(t('yes')) : null,
          adjacent ? text(t('adjacentMonth', { month: monthTitle(p.at.slice(0, 7), lang) })) : null,
        ],
        adjacent ? { font: 'muted' } : {},
      ),
    );
  }
  return sheetOf(ctx, 'punches', draft, 0);
}

const ANOMALY_COLUMNS = ['nom', 'prenom', 'uid', 'date', 'time', 'nature', 'what', 'punchIds'] as const satisfies readonly (keyof Words['anomalies'])[];

/** What payroll must check: anomalies on light red, legal alerts on light amber (the legend above says so). */
function anomaliesSheet(ctx: Ctx): SheetSpec {
  const { input, t, anomaly, alert } = ctx;
  const draft = header(ctx, 'anomalies', ANOMALY_COLUMNS, { legend: true });
  for (const h of input.sheet.holders) {
    const who = [text(h.nom), text(h.prenom), text(h.uid)];
    for (const d of h.days) {
      for (const a of d.anomalies)
        draft.rows.push(
          row(
            [
              ...who,
              date(a.at),
              isWholeDayAnomaly(a.kind) ? null : clock(a.at),
              text(t('anomaly')),
              text(anomaly(a)),
              a.punchIds.length > 0 ? text(a.punchIds.join(', ')) : null,
            ],
            { fill: 'anomaly' },
          ),
        );
      for (const a of d.alerts) {
        const hoursText = a.hours.toFixed(2).replace('.', t('decimalMark'));
        draft.rows.push(
          row([...who, date(a.day), null, text(t('alert')), text(t('alertHours', { label: alert(a.kind), hours: hoursText })), null], { fill: 'alert' }),
        );
      }
    }
  }
  return sheetOf(ctx, 'anomalies', draft, 2);
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

const CORRECTION_WORDS = { add: 'added', ignore: 'ignored', keep: 'kept', reading: 'readFirst', second: 'readSecond' } as const;

/** Every correction of the month, an undone one in grey. */
function correctionsSheet(ctx: Ctx): SheetSpec {
  const { input, lang, t } = ctx;
  const draft = header(ctx, 'corrections', CORRECTION_COLUMNS);
  for (const c of input.corrections) {
    draft.rows.push(
      row(
        [
          c.id,
          text(c.name),
          text(c.uid),
          text(t(CORRECTION_WORDS[c.kind === 'reading' && c.occurrence === 2 ? 'second' : c.kind])),
          c.type ? text(translate(lang, `cli.type.${c.type}`)) : null,
          dateTime(c.at),
          c.punchId,
          text(c.comment),
          text(c.createdBy),
          dateTime(c.createdAt),
          dateTime(c.undoneAt),
        ],
        c.undoneAt ? { font: 'muted' } : {},
      ),
    );
  }
  return sheetOf(ctx, 'corrections', draft, 2);
}

const REGULARISATION_COLUMNS = [
  'nom',
  'prenom',
  'uid',
  'matricule',
  'month',
  'from',
  'to',
  'item',
  'hours',
] as const satisfies readonly (keyof Words['regularisations'])[];

/** What Festime changed in closed months since they were paid, carried into this one: a line per holder, month and figure. */
function regularisationsSheet(ctx: Ctx): SheetSpec {
  const { input, lang, t } = ctx;
  const draft = header(ctx, 'regularisations', REGULARISATION_COLUMNS);
  // What the lines are, above the headings.
  draft.rows.splice(draft.headingRow - 1, 0, row([text(t('regularisationsText'))]));
  draft.headingRow += 1;
  for (const h of input.sheet.holders)
    for (const r of h.regularisations ?? [])
      draft.rows.push(
        row([
          text(h.nom),
          text(h.prenom),
          text(h.uid),
          text(h.matricule ?? ''),
          text(`${monthTitle(r.month, lang)} (${r.month})`),
          date(`${r.month}-01`),
          date(lastDayOf(r.month)),
          text(t(`summary.${r.key}`)),
          hours(r.ms),
        ]),
      );
  return sheetOf(ctx, 'regularisations', draft, 2);
}

/** The same in every language: the name a scheduled task or payroll looks for. */
export function workbookFileName(site: string, month: string): string {
  return `Festime_${fileNamePart(site, 'site')}_${month}.xlsx`;
}

type WorkbookWriterClass = typeof ExcelJSWorkbookWriter;
/**
 * exceljs's streaming writer, loaded with the first workbook (a command that writes none does not
 * wait for it), alone: the whole of exceljs would load its reader too, which changes a global
 * (bluebird, under unzipper, marks Error) and takes twice as long.
 */
async function workbookWriter(): Promise<WorkbookWriterClass> {
  const loaded = (await import('exceljs/lib/stream/xlsx/workbook-writer.js')) as WorkbookWriterClass & { default?: WorkbookWriterClass };
  return loaded.default ?? loaded;
}

/** The workbook's sheets in order, each made when it is asked for: one sheet's rows in memory at a time. */
export function* workbookSheets(input: WorkbookInput, lang: Lang): Generator<SheetSpec> {
  const ctx = context(input, lang);
  for (const make of [summary, detail, punchesSheet, anomaliesSheet, correctionsSheet]) yield make(ctx);
  // Only in a month that carries some: the five sheets payroll knows stay as they are.
  if (input.sheet.holders.some((h) => (h.regularisations ?? []).length > 0)) yield regularisationsSheet(ctx);
}

/** The workbook as .xlsx bytes, its texts in the language given. */
export async function buildWorkbook(input: WorkbookInput, lang: Lang): Promise<Buffer> {
  const WorkbookWriter = await workbookWriter();
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const book = new WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
  book.creator = 'Festime Desk';
  book.lastModifiedBy = 'Festime Desk';
  book.title = `Festime Desk — ${input.sheet.month}`;
  const filters: FilterName[] = [];
  for (const spec of workbookSheets(input, lang)) filters.push(await writeSheet(book, spec));
  nameFilters(book, filters);
  await book.commit();
  return Buffer.concat(chunks);
}
