// The monthly statements to sign: one PDF, a statement per employee (each on a new page), for the
// employer's record of daily and weekly working time (Code du travail D3171-8). A4 portrait: the
// identity block, a line per day with activity (the days of the adjacent month in the weeks counted,
// marked, as the workbook's Détail shows them), the weeks and the month's totals side by side, the
// anomalies and legal alerts, two signature boxes. Every text is from the catalogue
// (shared/i18n/statement-*.ts). Durations h:mm, minutes truncated as the window and the workbook's
// [h]:mm show them; totals also in decimal hours, rounded as `export --format json` rounds them.
// Built with pdfmake over its Roboto TrueType fonts, embedded (subset) so that accents print.
import { fileNamePart } from './file-name';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, sep } from 'node:path';
import pdfmake from 'pdfmake';
import type { Content, CustomTableLayout, TableCell } from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { contractOn, type AbsenceCode, type Contract } from '../../../shared/employees';
import { isWholeDayAnomaly, type DayRow, type HolderMonth, type MonthTimesheet } from '../../../shared/timesheet';
import { translate, type Catalogue, type KeyPath, type Lang } from '../../../shared/i18n';
import { addDays, dayOfWeek, lastDayOf, mondayOf, wallClockAt } from '../../../shared/time';
import { alertLabel, anomalyLabel } from '../timesheet/labels';

type Words = Catalogue['statement'];
type Word = KeyPath<Words>;

export interface StatementInput {
  /** The month, with the holders to print (everyone, or the one asked for). */
  sheet: MonthTimesheet;
  site: string;
  /** ISO instant of the export. */
  generatedAt: string;
  /** How current the data is: the last good sync's finish (ISO instant), null when none. */
  dataUntil?: string | null;
  /** Each holder's contract versions (the employment's): the one in force on the month's last day is printed. */
  contracts: ReadonlyMap<string, readonly Contract[]>;
  /** The site's absence codes (Paramètres), for their labels. */
  absenceCodes: readonly AbsenceCode[];
}

// ── Fonts ─────────────────────────────────────────────────────────────────────────────────────

/**
 * pdfmake's Roboto folder, found from this module: the sources (tsx, ESM), the CLI bundle and the
 * app's bundles (CJS, pdfmake external: from node_modules, inside the asar once packaged).
 */
export function fontFolder(): string {
  // A CJS bundle has __filename; ESM (tsx) has import.meta.url (an eval'd worker's __filename is "[worker eval]").
  const from = typeof __filename === 'string' && isAbsolute(__filename) ? __filename : import.meta.url;
  return join(dirname(createRequire(from).resolve('pdfmake/package.json')), 'build', 'fonts', 'Roboto');
}

export const FONT_FILES = {
  normal: 'Roboto-Regular.ttf',
  bold: 'Roboto-Medium.ttf',
  italics: 'Roboto-Italic.ttf',
  bolditalics: 'Roboto-MediumItalic.ttf',
} as const;

let fontsSet = false;
/** pdfmake set up once: the fonts, and no resource from anywhere else (no URL, no other file). */
function setUpPdfmake(): void {
  if (fontsSet) return;
  const folder = fontFolder();
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => path.startsWith(folder + sep));
  pdfmake.setFonts({
    Roboto: {
      normal: join(folder, FONT_FILES.normal),
      bold: join(folder, FONT_FILES.bold),
      italics: join(folder, FONT_FILES.italics),
      bolditalics: join(folder, FONT_FILES.bolditalics),
    },
  });
  fontsSet = true;
}

// ── Texts and figures ─────────────────────────────────────────────────────────────────────────

interface Ctx {
  input: StatementInput;
  lang: Lang;
  t: (key: Word, params?: Record<string, unknown>) => string;
}

const HOUR_MS = 3_600_000;

/** Milliseconds → "7:30", seconds dropped (not rounded), as the window and a [h]:mm cell show them. */
export function clock(ms: number): string {
  const minutes = Math.floor(Math.round(ms) / 60_000);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Decimal hours to two places, rounded as `export --format json` rounds them: "151,70" ("151.70" in English). */
const decimalHours = (ms: number, mark: string) => (Math.round((ms / HOUR_MS) * 100) / 100).toFixed(2).replace('.', mark);

const monthTitle = ({ t }: Ctx, month: string) => `${t(`month.${month.slice(5, 7) as keyof Words['month']}`)} ${month.slice(0, 4)}`;
/** "lun. 05/10". */
const dayLabel = ({ t }: Ctx, day: string) => `${t(`weekday.${String(dayOfWeek(day)) as keyof Words['weekday']}`)} ${day.slice(8, 10)}/${day.slice(5, 7)}`;
const shortDate = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;
/** An ISO instant → "03/12/2026 16:30" at the site. */
const siteTime = (iso: string, zone: string) => {
  const at = wallClockAt(new Date(iso), zone);
  return `${at.slice(8, 10)}/${at.slice(5, 7)}/${at.slice(0, 4)} ${at.slice(11, 16)}`;
};
const fullName = (h: Pick<HolderMonth, 'nom' | 'prenom'>) => `${h.nom} ${h.prenom}`.trim();

// ── Layout ────────────────────────────────────────────────────────────────────────────────────

const GREY = '#555555';
const LIGHT = '#e8e8e8';
const LINE = '#9a9a9a';
const PAGE_MARGINS: [number, number, number, number] = [36, 32, 36, 44];

/** Thin grey lines; a darker one above the first row of each week (`weekStarts`: body row indexes). */
const gridLayout = (weekStarts: ReadonlySet<number> = new Set()): CustomTableLayout => ({
  hLineWidth: (i, node) => (i === 0 || i === node.table.body.length || weekStarts.has(i) ? 0.8 : 0.3),
  vLineWidth: (i, node) => (i === 0 || i === (node.table.widths?.length ?? 0) ? 0.8 : 0.3),
  hLineColor: (i, node) => (i === 0 || i === node.table.body.length || weekStarts.has(i) ? '#333333' : LINE),
  vLineColor: () => LINE,
  paddingLeft: () => 3,
  paddingRight: () => 3,
  paddingTop: () => 1.2,
  paddingBottom: () => 0.8,
});

const heading = (text: string, alignment: 'left' | 'right' | 'center' = 'left'): TableCell => ({ text, bold: true, fillColor: LIGHT, alignment });
const title = (text: string, span: number): TableCell[] => [
  { text, bold: true, colSpan: span, fontSize: 9, margin: [0, 1, 0, 1] },
  ...Array.from({ length: span - 1 }, () => ({ text: '' })),
];

function identity(ctx: Ctx, h: HolderMonth): Content {
  const { input, t } = ctx;
  const versions = input.contracts.get(h.uid) ?? [];
  const contract = contractOn(versions, lastDayOf(input.sheet.month));
  const days = contract ? contract.days.map((d) => t(`workday.${d}`)).join(t('listSeparator')) : '';
  const contractText = !contract
    ? t('noContract')
    : contract.type === 'days'
      ? t('contractDaysText', { type: t(`contract.${contract.type}`), days })
      : t('contractText', { type: t(`contract.${contract.type}`), hours: String(contract.weeklyHours).replace('.', t('decimalMark')), days });
  const label = (key: Word): TableCell => ({ text: t(key), color: GREY });
  return {
    stack: [
      { text: t('title', { month: monthTitle(ctx, input.sheet.month) }), style: 'title' },
      { text: t('legal'), style: 'legal' },
      {
        table: {
          widths: [58, '*', 44, '*'],
          body: [
            [label('info.employee'), { text: fullName(h), bold: true, fontSize: 10 }, label('info.site'), input.site],
            [label('info.matricule'), h.matricule || contract?.matricule || t('none'), label('info.month'), monthTitle(ctx, input.sheet.month)],
            [label('info.badge'), h.uid, label('info.contract'), contractText],
          ],
        },
        layout: 'noBorders',
        margin: [0, 4, 0, 6],
      },
    ],
  };
}

/** The holder's days week by week: the adjacent month's days of the first counted week first, marked. */
function byWeek(h: HolderMonth): Map<string, DayRow[]> {
  const weeks = new Map<string, DayRow[]>();
  for (const d of [...h.weekDays, ...h.days]) {
    const monday = mondayOf(d.day);
    let list = weeks.get(monday);
    if (!list) weeks.set(monday, (list = []));
    list.push(d);
  }
  return weeks;
}

function dayTable(ctx: Ctx, h: HolderMonth, weeks: Map<string, DayRow[]>): Content {
  const { input, t } = ctx;
  const first = `${input.sheet.month}-01`;
  const columns = ['date', 'arrival', 'departure', 'pauses', 'worked', 'night', 'absences', 'remarks'] as const;
  const body: TableCell[][] = [
    title(t('days.title', { name: fullName(h), month: monthTitle(ctx, input.sheet.month) }), columns.length),
    columns.map((c) => heading(t(`days.${c}`), c === 'date' || c === 'absences' || c === 'remarks' ? 'left' : 'right')),
  ];
  const weekStarts = new Set<number>();
  const list = (items: string[]) => items.join(t('listSeparator'));
  for (const days of weeks.values()) {
    weekStarts.add(body.length);
    for (const d of days) {
      const adjacent = d.day < first;
      const remarks = [
        ...(adjacent ? [t('remark.adjacent', { month: monthTitle(ctx, d.day.slice(0, 7)) })] : []),
        ...(d.corrected ? [t('remark.corrected')] : []),
        ...(d.holidayMs > 0 ? [t('remark.holiday')] : []),
        ...(d.holidayOffMs > 0 ? [t('remark.holidayOff', { time: clock(d.holidayOffMs) })] : []),
        ...(d.anomalies.length > 0 ? [t('remark.anomaly')] : []),
        ...(d.alerts.length > 0 ? [t('remark.alert')] : []),
      ];
      const punched = d.firstArrival !== null || d.workedMs > 0;
      const style = adjacent ? { italics: true, color: GREY } : {};
      const right = (text: string) => ({ text, alignment: 'right' as const, ...style });
      body.push([
        { text: dayLabel(ctx, d.day), ...style },
        right(d.firstArrival?.slice(11, 16) ?? ''),
        right(d.lastDeparture?.slice(11, 16) ?? ''),
        right(d.pauseMs > 0 ? clock(d.pauseMs) : ''),
        { ...right(punched ? clock(d.workedMs) : ''), bold: !adjacent && punched },
        right(d.nightMs > 0 ? clock(d.nightMs) : ''),
        { text: list(d.absences.map((a) => `${a.code} ${clock(a.ms)}`)), ...style },
        { text: list(remarks), ...style, ...(d.corrected && !adjacent ? { bold: true } : {}) },
      ]);
    }
  }
  if (body.length === 2) body.push([{ text: t('noDays'), colSpan: columns.length, italics: true, color: GREY }, ...columns.slice(1).map(() => ({ text: '' }))]);
  return {
    table: { headerRows: 2, keepWithHeaderRows: 1, dontBreakRows: true, widths: [50, 38, 38, 36, 42, 34, 76, '*'], body },
    layout: gridLayout(weekStarts),
    margin: [0, 0, 0, 8],
  };
}

function weekTable(ctx: Ctx, h: HolderMonth, weeks: Map<string, DayRow[]>): Content {
  const { input, t } = ctx;
  const columns = ['week', 'worked', 'overtime25', 'overtime50', 'complementary10', 'complementary25'] as const;
  const body: TableCell[][] = [title(t('weeks.title'), columns.length), columns.map((c, i) => heading(t(`weeks.${c}`), i === 0 ? 'left' : 'right'))];
  const first = `${input.sheet.month}-01`;
  for (const [monday, days] of weeks) {
    const sunday = addDays(monday, 6);
    const span = t('weeks.span', { from: shortDate(monday), to: shortDate(sunday) });
    const week = h.weeks.find((w) => w.start === monday);
    const right = (ms: number) => ({ text: clock(ms), alignment: 'right' as const });
    if (week) {
      body.push([
        span,
        { ...right(week.workedMs), bold: true },
        right(week.overtimeFirstMs),
        right(week.overtimeSecondMs),
        right(week.complementary10Ms),
        right(week.complementary25Ms),
      ]);
    } else {
      // The month's last days, in a week counted next month: their hours, its overtime there.
      const worked = days.filter((d) => d.day >= first).reduce((s, d) => s + d.workedMs, 0);
      body.push([
        span,
        { ...right(worked), bold: true },
        { text: t('weeks.countedIn', { month: monthTitle(ctx, sunday.slice(0, 7)) }), colSpan: 4, italics: true, color: GREY },
        { text: '' },
        { text: '' },
        { text: '' },
      ]);
    }
  }
  return {
    stack: [
      { table: { headerRows: 2, widths: ['*', 36, 36, 36, 36, 36], body }, layout: gridLayout() },
      { text: t('weeks.note'), style: 'note', margin: [0, 3, 0, 0] },
    ],
  };
}

function totalsTable(ctx: Ctx, h: HolderMonth): Content {
  const { input, lang, t } = ctx;
  const mark = t('decimalMark');
  const hours = (ms: number) => t('hours', { clock: clock(ms), decimal: decimalHours(ms, mark) });
  const row = (label: string, value: string, strong = false): TableCell[] => [
    { text: label, bold: strong },
    { text: value, alignment: 'right', bold: strong, noWrap: true },
  ];
  const codes = Object.keys(h.absenceMs).sort();
  const labelOf = (code: string) => {
    const known = input.absenceCodes.find((c) => c.code === code);
    return known ? known[lang] : code;
  };
  const body: TableCell[][] = [
    title(t('totals.title'), 2),
    row(t('totals.daysWorked'), String(h.daysWorked)),
    row(t('totals.worked'), hours(h.workedMs), true),
    row(t('totals.overtime25'), hours(h.overtimeFirstMs), true),
    row(t('totals.overtime50'), hours(h.overtimeSecondMs), true),
    row(t('totals.complementary10'), hours(h.complementary10Ms), true),
    row(t('totals.complementary25'), hours(h.complementary25Ms), true),
    row(t('totals.night'), hours(h.nightMs)),
    row(t('totals.sunday'), hours(h.sundayMs)),
    row(t('totals.holiday'), hours(h.holidayMs)),
    row(t('totals.holidayOff'), hours(h.holidayOffMs)),
    ...(h.mayFirstWorkedMs > 0 ? [row(t('totals.mayFirstWorked'), hours(h.mayFirstWorkedMs))] : []),
    ...(codes.length > 0
      ? codes.map((code) => row(t('totals.absence', { code, label: labelOf(code) }), hours(h.absenceMs[code] ?? 0)))
      : [row(t('totals.noAbsence'), t('none'))]),
  ];
  return { table: { headerRows: 1, widths: ['*', 'auto'], body }, layout: gridLayout() };
}

function issuesTable(ctx: Ctx, h: HolderMonth): Content {
  const { lang, t } = ctx;
  const rows: TableCell[][] = [];
  const mark = t('decimalMark');
  const alertRow = (a: DayRow['alerts'][number]): TableCell[] => [
    shortDate(a.day),
    '',
    t('issues.alert'),
    t('issues.alertHours', { label: alertLabel(a.kind, lang), hours: a.hours.toFixed(2).replace('.', mark) }),
  ];
  // The weekly alert of the first counted week lies on its Monday, in the adjacent month: it is this month's.
  for (const d of h.weekDays) for (const a of d.alerts) if (a.kind === 'week-over-48h') rows.push(alertRow(a));
  for (const d of h.days) {
    for (const a of d.anomalies)
      rows.push([shortDate(a.at.slice(0, 10)), isWholeDayAnomaly(a.kind) ? '' : a.at.slice(11, 16), t('issues.anomaly'), anomalyLabel(a, lang)]);
    for (const a of d.alerts) rows.push(alertRow(a));
  }
  if (rows.length === 0) return { text: t('issues.none'), style: 'note', margin: [0, 8, 0, 0] };
  const columns = ['date', 'time', 'nature', 'what'] as const;
  return {
    table: {
      headerRows: 2,
      keepWithHeaderRows: 1,
      dontBreakRows: true,
      widths: [40, 32, 60, '*'],
      body: [title(t('issues.title'), columns.length), columns.map((c) => heading(t(`issues.${c}`))), ...rows],
    },
    layout: gridLayout(),
    margin: [0, 8, 0, 0],
  };
}

/** What Festime changed in closed months since they were paid, settled this month: a line per month and figure (signed). */
function regularisationsTable(ctx: Ctx, h: HolderMonth): Content[] {
  const regs = h.regularisations ?? [];
  if (regs.length === 0) return [];
  const { t } = ctx;
  const mark = t('decimalMark');
  const signed = (ms: number) => `${ms < 0 ? '−' : '+'}${t('hours', { clock: clock(Math.abs(ms)), decimal: decimalHours(Math.abs(ms), mark) })}`;
  const label = (key: (typeof regs)[number]['key']) => (key === 'pause' ? t('regularisations.pause') : t(`totals.${key}`));
  const columns = ['month', 'item', 'quantity'] as const;
  return [
    {
      table: {
        headerRows: 2,
        keepWithHeaderRows: 1,
        dontBreakRows: true,
        widths: [90, '*', 'auto'],
        body: [
          title(t('regularisations.title'), columns.length),
          columns.map((c) => heading(t(`regularisations.${c}`))),
          ...regs.map((r): TableCell[] => [monthTitle(ctx, r.month), label(r.key), { text: signed(r.ms), alignment: 'right', noWrap: true }]),
        ],
      },
      layout: gridLayout(),
      margin: [0, 8, 0, 0],
    },
    { text: t('regularisations.text'), style: 'note', margin: [0, 3, 0, 0] },
  ];
}

function signatures(ctx: Ctx, h: HolderMonth): Content {
  const { t } = ctx;
  const box = (who: Word, name: string): Content => ({
    table: {
      widths: ['*'],
      body: [
        [
          {
            stack: [
              { text: t(who), bold: true, fontSize: 10 },
              { text: name, color: GREY, margin: [0, 1, 0, 0] },
              { text: t('signature.approved'), italics: true, margin: [0, 6, 0, 0] },
              { text: t('signature.date'), margin: [0, 6, 0, 0] },
              { text: t('signature.sign'), margin: [0, 6, 0, 0] },
              { text: ' ', margin: [0, 0, 0, 30] },
            ],
            margin: [4, 4, 4, 4],
          },
        ],
      ],
    },
    layout: { hLineWidth: () => 0.8, vLineWidth: () => 0.8, hLineColor: () => '#333333', vLineColor: () => '#333333' },
  });
  return {
    // The boxes never part from each other or from their sentence.
    unbreakable: true,
    stack: [
      { text: t('signature.intro'), style: 'note', margin: [0, 10, 0, 4] },
      { columns: [box('signature.employee', fullName(h)), box('signature.employer', ctx.input.site)], columnGap: 18 },
    ],
  };
}

function statementOf(ctx: Ctx, h: HolderMonth, first: boolean): Content {
  const { input } = ctx;
  const weeks = byWeek(h);
  const statement: Content = {
    stack: [
      dayTable(ctx, h, weeks),
      {
        // The weeks and the month's totals side by side, kept on one page.
        unbreakable: true,
        columns: [
          { width: 300, stack: [weekTable(ctx, h, weeks)] },
          { width: '*', stack: [totalsTable(ctx, h)] },
        ],
        columnGap: 12,
      },
      issuesTable(ctx, h),
      ...regularisationsTable(ctx, h),
      signatures(ctx, h),
    ],
  };
  // A frame table whose heading row repeats on every page the statement runs over: each page says whose it is.
  const running = [fullName(h), h.uid, monthTitle(ctx, input.sheet.month)].join(' · ');
  return {
    table: {
      headerRows: 1,
      widths: ['*'],
      body: [[{ text: running, style: 'running' }], [{ stack: [identity(ctx, h), statement] }]],
    },
    layout: { hLineWidth: () => 0, vLineWidth: () => 0, paddingLeft: () => 0, paddingRight: () => 0, paddingTop: () => 0, paddingBottom: () => 0 },
    ...(first ? {} : { pageBreak: 'before' as const }),
  };
}

/** The statements of every holder in `input.sheet`, one PDF, in the language given. */
export async function buildStatements(input: StatementInput, lang: Lang): Promise<Buffer> {
  setUpPdfmake();
  const ctx: Ctx = { input, lang, t: (key, params = {}) => translate(lang, `statement.${key}`, params) };
  const { t } = ctx;
  const zone = input.sheet.rules.timeZone;
  const current = input.dataUntil ? t('footer.dataUntil', { at: siteTime(input.dataUntil, zone) }) : t('footer.noData');
  const generated = t('footer.generatedAt', { at: siteTime(input.generatedAt, zone) });
  const holders = input.sheet.holders;
  const doc: TDocumentDefinitions = {
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: PAGE_MARGINS,
    language: lang === 'fr' ? 'fr-FR' : 'en-GB',
    info: { title: t('docTitle', { month: monthTitle(ctx, input.sheet.month) }), author: 'Festime Desk', creator: 'Festime Desk', subject: input.site },
    defaultStyle: { font: 'Roboto', fontSize: 8, lineHeight: 1 },
    styles: {
      title: { fontSize: 13, bold: true },
      legal: { fontSize: 8, italics: true, color: GREY, margin: [0, 2, 0, 0] },
      note: { fontSize: 7, italics: true, color: GREY },
      running: { fontSize: 7, color: GREY, alignment: 'right', margin: [0, 0, 0, 4] },
    },
    content:
      holders.length > 0
        ? holders.map((h, i) => statementOf(ctx, h, i === 0))
        : [
            { text: t('title', { month: monthTitle(ctx, input.sheet.month) }), style: 'title' },
            { text: t('noDays'), margin: [0, 8, 0, 0] },
          ],
    footer: (page, pages) => ({
      columns: [
        { text: `${input.site} · ${current} · ${generated}`, width: '*' },
        { text: t('footer.page', { page, pages }), width: 'auto', alignment: 'right' },
      ],
      fontSize: 7,
      color: GREY,
      margin: [PAGE_MARGINS[0], 16, PAGE_MARGINS[2], 0],
    }),
  };
  return pdfmake.createPdf(doc).getBuffer();
}

/** "Festime_<site>_<month>_releves.pdf"; one person's: "Festime_<site>_<month>_releve_<NOM>-<Prenom>.pdf". */
export function statementFileName(site: string, month: string, one?: { uid: string; nom: string; prenom: string }): string {
  const base = `Festime_${fileNamePart(site, 'site')}_${month}`;
  if (!one) return `${base}_releves.pdf`;
  const who = [fileNamePart(one.nom, ''), fileNamePart(one.prenom, '')].filter(Boolean).join('-') || fileNamePart(one.uid, 'badge');
  return `${base}_releve_${who}.pdf`;
}
