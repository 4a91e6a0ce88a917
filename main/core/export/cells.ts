// The workbook's cells, rows and sheets, and how exceljs's streaming writer writes them: real
// date, clock and duration cells ([h]:mm) next to decimal hours, SUM formulas with their value
// cached beside them, text cells for every name and every text (a name starting with "=" stays
// text), bold headings frozen with a filter, fills for anomalies and alerts, columns as wide as
// their content, pages printed landscape one page wide with the headings on each.
import type * as ExcelJS from 'exceljs';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Day 0 of a spreadsheet's serial dates (the 1900 system, as Excel and LibreOffice count). */
const EPOCH_MS = Date.UTC(1899, 11, 30);

/** Number formats, by what a cell holds (the custom ones get ids from 164 on, as Excel expects). */
export const FORMATS = {
  duration: '[h]:mm',
  hours: '0.00',
  date: 'dd/mm/yyyy',
  clock: 'hh:mm',
  clockSeconds: 'hh:mm:ss',
  dateTime: 'dd/mm/yyyy hh:mm',
} as const;
export type Format = keyof typeof FORMATS;

/** A number shown in a format. */
export interface Num {
  v: number;
  z: Format;
}
/** SUM of its own column over the sheet's rows `from` to `to` (1-based), its value cached beside it. */
export interface Sum {
  sum: readonly [from: number, to: number];
  z?: Format;
}
export type Cell = null | string | number | Num | Sum;

/** A text cell (never a formula, whatever it starts with); none for an empty text. */
export const text = (v: string): Cell => (v === '' ? null : v);
export const duration = (ms: number): Num => ({ v: ms / DAY_MS, z: 'duration' });
export const hours = (ms: number): Num => ({ v: ms / HOUR_MS, z: 'hours' });
export const sum = (from: number, to: number, z?: Format): Sum => ({ sum: [from, to], ...(z ? { z } : {}) });

/** Days since the spreadsheet epoch of a wall-clock date or date-time ("2026-10-05", "2026-10-05T08:00:00"): the site's time, as written. */
function serial(iso: string): number {
  const day = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return (day - EPOCH_MS) / DAY_MS + (iso.length > 10 ? timeOfDay(iso.slice(11)) : 0);
}
/** "08:00", "08:00:30" → the fraction of a day. */
const timeOfDay = (hms: string) => (Number(hms.slice(0, 2)) * 3600 + Number(hms.slice(3, 5)) * 60 + (Number(hms.slice(6, 8)) || 0)) / 86_400;

/** A date cell, shown 05/10/2026. */
export const date = (day: string): Num => ({ v: serial(day.slice(0, 10)), z: 'date' });
/** A date and time cell, shown 05/10/2026 08:00 (the time as written: the site's, or UTC where the source is). */
export const dateTime = (iso: string | null | undefined): Cell => (iso ? { v: serial(iso.slice(0, 19)), z: 'dateTime' } : null);
/** The clock time of a date-time ("2026-10-05T08:00:00" → 08:00, or 08:00:00 with seconds). */
export const clock = (iso: string | null | undefined, seconds = false): Cell =>
  iso ? { v: timeOfDay(iso.slice(11, 19)), z: seconds ? 'clockSeconds' : 'clock' } : null;

/** "2026-10-05" → "05/10/2026": a date inside a text, shown as the date cells are. */
export const dayText = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
/** "2026-11-23T17:00:00.000Z" → "23/11/2026 17:00" (the time as written). */
export const dateTimeText = (iso: string) => `${dayText(iso)} ${iso.slice(11, 16)}`;

/** Background fills: an anomaly (light red), a legal alert (light amber), the headings, a subtotal. */
export type Fill = 'anomaly' | 'alert' | 'heading' | 'subtotal';
export type Font = 'title' | 'bold' | 'muted';
export interface Row {
  cells: Cell[];
  /** On every cell of the row, up to the last heading's column (from column `fillFrom`, 0 by default). */
  fill?: Fill;
  fillFrom?: number;
  font?: Font;
  /** Cells with a fill of their own, by column (over the row's). */
  fills?: Partial<Record<number, Fill>>;
  /** A line above (totals). */
  rule?: boolean;
  /** In points (a title in a larger font). */
  height?: number;
  /** A column whose text may run on over the empty cells to its right: left out of the column's width. */
  overflow?: number;
}
export const row = (cells: Cell[], look: Omit<Row, 'cells'> = {}): Row => ({ cells, ...look });

const FILL_COLOURS: Record<Fill, string> = { anomaly: 'FFFFC7CE', alert: 'FFFFE0B2', heading: 'FFDDE3EA', subtotal: 'FFF2F2F2' };
/** The sheet's font (exceljs's default, Calibri 11), in bold, larger, or grey italic: each whole, so every application shows the same. */
const BASE_FONT = { name: 'Calibri', family: 2, size: 11 } as const;
const FONTS: Record<Font, Partial<ExcelJS.Font>> = {
  title: { ...BASE_FONT, size: 14, bold: true },
  bold: { ...BASE_FONT, bold: true },
  muted: { ...BASE_FONT, italic: true, color: { argb: 'FF6B6B6B' } },
};
const THIN = { style: 'thin', color: { argb: 'FF8A8A8A' } } as const;

/**
 * One exceljs style object per look, shared by every cell that has it: the writer keeps the
 * style id of an object it has seen, so 600,000 cells cost a few dozen styles, not one each.
 * Looked up by the row's look, then by the cell's number format.
 */
class Styles {
  private readonly known = new Map<string, Map<Format | undefined, Partial<ExcelJS.Style>>>();
  /** The styles of one look (fill, font, rule above, heading), by number format. */
  look(fill: Fill | undefined, font: Font | undefined, rule: boolean, heading: boolean): Map<Format | undefined, Partial<ExcelJS.Style>> {
    const key = `${fill ?? ''}|${font ?? ''}|${rule ? 1 : 0}|${heading ? 1 : 0}`;
    let look = this.known.get(key);
    if (!look) this.known.set(key, (look = new Map()));
    return look;
  }
  get(
    look: Map<Format | undefined, Partial<ExcelJS.Style>>,
    z: Format | undefined,
    fill: Fill | undefined,
    font: Font | undefined,
    rule: boolean,
    heading: boolean,
  ) {
    let style = look.get(z);
    if (!style) {
      style = {};
      if (z) style.numFmt = FORMATS[z];
      if (fill) style.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL_COLOURS[fill] } };
      if (font) style.font = FONTS[font];
      if (rule) style.border = { top: THIN };
      if (heading) {
        style.border = { bottom: THIN };
        style.alignment = { vertical: 'top', wrapText: true };
      }
      look.set(z, style);
    }
    return style;
  }
}

const formatOf = (cell: Cell): Format | undefined => (cell !== null && typeof cell === 'object' ? cell.z : undefined);
const numberOf = (cell: Cell | undefined): number => (typeof cell === 'number' ? cell : cell !== null && typeof cell === 'object' && 'v' in cell ? cell.v : 0);

/** The value a SUM gives, cached beside the formula: a viewer that does not recompute shows the total too. */
function cachedSum(rows: readonly Row[], range: Sum['sum'], c: number): number {
  let total = 0;
  for (let r = range[0]; r <= range[1]; r++) total += numberOf(rows[r - 1]?.cells[c]);
  return total;
}

/** How many characters a cell shows, for its column's width. */
function shownLength(cell: Cell, value: number): number {
  if (typeof cell === 'string') return cell.length;
  switch (formatOf(cell)) {
    case 'duration':
      return String(Math.floor(value * 24)).length + 3;
    case 'hours':
      return value.toFixed(2).length;
    case 'date':
      return 10;
    case 'clock':
      return 5;
    case 'clockSeconds':
      return 8;
    case 'dateTime':
      return 16;
    default:
      return String(Math.round(value * 100) / 100).length;
  }
}

/** The rows' own style, none: one object for all (the writer looks up a style per object it has not seen). */
const NO_STYLE: Partial<ExcelJS.Style> = {};

/** Column letters: 0 → A, 26 → AA. */
export function col(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export interface SheetSpec {
  name: string;
  /** The whole sheet, its title block first, then the headings, then the data. */
  rows: Row[];
  /** 1-based row of the column headings: frozen, filtered, printed on every page. */
  headingRow: number;
  /** The filter's last row (1-based): the data's, a totals row under it left out. The sheet's last row by default. */
  filterTo?: number;
  /** Columns kept in view when scrolling right (the names). */
  freezeColumns: number;
  /** Page header and footer, each [left, centre (bold), right]: texts through headerText() (exceljs escapes the XML). */
  pageHeader: readonly [string, string, string];
  pageFooter: readonly [string, string, string];
}

const MIN_WIDTH = 5;
const MAX_WIDTH = 60;
/** Room for the filter's button beside a heading. */
const HEADING_ROOM = 3;
const LINE_HEIGHT = 15;

/** How many lines a heading takes, wrapped at spaces in `width` characters. */
function headingLines(heading: string, width: number): number {
  let lines = 1;
  let used = 0;
  for (const word of heading.split(' ')) {
    if (used > 0 && used + 1 + word.length > width) {
      lines++;
      used = word.length;
    } else used += (used > 0 ? 1 : 0) + word.length;
  }
  return lines;
}

/** The narrowest text width in which a heading takes two lines at most. */
function headingWidth(heading: string): number {
  let width = Math.max(...heading.split(' ').map((w) => w.length));
  while (headingLines(heading, width) > 2) width++;
  return width;
}

/**
 * Column widths that fit the content: the widest value of the column, its heading on two lines at
 * most (so a long heading does not widen a column of short figures much), the title block's labels
 * in the first column. Bounded, so a long list of anomalies does not push the rest away; a text
 * that may run on over the empty cells beside it (Row.overflow) does not count.
 */
function widths(spec: SheetSpec, columns: number): number[] {
  const headings = spec.rows[spec.headingRow - 1]!.cells;
  const out = Array.from({ length: columns }, (_, c) => {
    const h = headings[c];
    return Math.max(MIN_WIDTH, typeof h === 'string' ? headingWidth(h) + HEADING_ROOM : 0);
  });
  // The title block's labels (not the title, nor the values, which run on over the empty cells beside them).
  for (let r = 1; r < spec.headingRow - 1; r++) {
    const label = spec.rows[r]!.cells[0];
    if (typeof label === 'string') out[0] = Math.max(out[0]!, label.length + 1);
  }
  for (let r = spec.headingRow; r < spec.rows.length; r++) {
    const { cells, overflow } = spec.rows[r]!;
    for (let c = 0; c < cells.length && c < columns; c++) {
      const cell = cells[c]!;
      if (cell === null || c === overflow) continue;
      const value = typeof cell === 'object' && 'sum' in cell ? cachedSum(spec.rows, cell.sum, c) : numberOf(cell);
      // A figure, right-aligned, keeps a little more room from the text on its right.
      const length = shownLength(cell, value) + (typeof cell === 'string' ? 2 : 3);
      if (length > out[c]!) out[c] = length;
    }
  }
  // Half a character more: a margin, and no width of exactly 9, which exceljs takes for its default and leaves out.
  return out.map((w) => Math.min(w, MAX_WIDTH) + 0.5);
}

/** "&" starts a code in a page header: a site named "A & B" is written "A && B" (and cut short: Excel takes 255 characters in all). */
export const headerText = (s: string) => s.slice(0, 70).replace(/&/g, '&&');
/** Page header codes: the page's number, the number of pages. */
export const PAGE_NUMBER = '&P';
export const PAGE_COUNT = '&N';
const headerLine = ([left, centre, right]: readonly [string, string, string]) => `&L${left}&C${centre ? `&B${centre}&B` : ''}&R${right}`;

export type WorkbookWriter = ExcelJS.stream.xlsx.WorkbookWriter;

/**
 * Writes one sheet through the streaming writer, a row at a time: what the writer puts at the top
 * of the sheet's XML (the frozen pane, fit to page) is given when the sheet is added, the column
 * widths before the first row; each row is committed (turned into XML, then let go) as it is added.
 */
export async function writeSheet(book: WorkbookWriter, spec: SheetSpec): Promise<FilterName> {
  const styles = new Styles();
  const headings = spec.rows[spec.headingRow - 1]!.cells;
  const columns = headings.length;
  const ws = book.addWorksheet(spec.name, {
    views: [{ state: 'frozen', xSplit: spec.freezeColumns, ySplit: spec.headingRow }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0, // as many pages down as it takes
      printTitlesRow: `${spec.headingRow}:${spec.headingRow}`,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.25, footer: 0.25 },
    },
    headerFooter: { oddHeader: headerLine(spec.pageHeader), oddFooter: headerLine(spec.pageFooter) },
  });
  const width = widths(spec, columns);
  ws.columns = width.map((w) => ({ width: w }));
  // The headings and the data under them, as Excel writes a filter.
  const range = { from: { row: spec.headingRow, column: 1 }, to: { row: Math.max(spec.headingRow, spec.filterTo ?? spec.rows.length), column: columns } };
  ws.autoFilter = range;

  for (let r = 0; r < spec.rows.length; r++) {
    const { cells, fill, fillFrom = 0, font, fills, rule, height } = spec.rows[r]!;
    const heading = r === spec.headingRow - 1;
    const xr = ws.getRow(r + 1);
    (xr as ExcelJS.Row & { style: Partial<ExcelJS.Style> }).style = NO_STYLE; // untyped, but a plain property of exceljs's Row
    // A row with a look of its own has it over the whole table's width, empty cells included.
    const span = fill || rule || heading ? Math.max(columns, cells.length) : cells.length;
    const cellFont = heading ? 'bold' : font;
    const rowFill = heading ? 'heading' : fill;
    const plain = styles.look(rowFill, cellFont, rule === true, heading);
    for (let c = 0; c < span; c++) {
      const cell = cells[c] ?? null;
      const own = fills?.[c];
      const cellFill = own ?? (c >= fillFrom ? rowFill : undefined);
      if (cell === null && !cellFill && !rule) continue;
      const look = own === undefined && cellFill === rowFill ? plain : styles.look(cellFill, cellFont, rule === true, heading);
      const xc = xr.getCell(c + 1);
      if (typeof cell === 'string' || typeof cell === 'number') xc.value = cell;
      else if (cell !== null && 'sum' in cell) {
        const target = `${col(c)}${cell.sum[0]}:${col(c)}${cell.sum[1]}`;
        xc.value = { formula: `SUM(${target})`, result: cachedSum(spec.rows, cell.sum, c) };
      } else if (cell !== null) xc.value = cell.v;
      xc.style = styles.get(look, formatOf(cell), cellFill, cellFont, rule === true, heading);
    }
    if (height) xr.height = height;
    if (heading)
      xr.height = LINE_HEIGHT * Math.max(...headings.map((h, c) => (typeof h === 'string' ? headingLines(h, Math.floor(width[c]!) - HEADING_ROOM) : 1)));
    xr.commit();
    // Let the zip take what is written so far: the sheet's XML is not all held at once.
    if (r % 2000 === 1999) await new Promise((resolve) => setImmediate(resolve));
  }
  ws.commit();
  const quoted = `'${spec.name.replace(/'/g, "''")}'`;
  return { name: '_xlnm._FilterDatabase', ranges: [`${quoted}!$A$${range.from.row}:$${col(columns - 1)}$${range.to.row}`] };
}

/** A sheet's filter range as a defined name of its own (localSheetId set when the workbook is put together). */
export interface FilterName {
  name: '_xlnm._FilterDatabase';
  ranges: string[];
  localSheetId?: number;
}

/**
 * The sheets' filters named as Excel names them: LibreOffice shows a filter only when its range is
 * also the sheet's _xlnm._FilterDatabase, which exceljs does not write (exceljs issue 2778). Its
 * streaming writer takes the workbook's names from `_definedNames.model` when it commits, and its
 * public definedNames cannot say which sheet a name belongs to: the list is given there, whole.
 */
export function nameFilters(book: WorkbookWriter, filters: readonly FilterName[]): void {
  const names = filters.map((f, i) => ({ ...f, localSheetId: i }));
  (book as unknown as { _definedNames: { model: FilterName[] } })._definedNames = { model: names };
}
