// The workbook's cells and sheets as SheetJS writes them: time values formatted [h]:mm, decimal
// hours, SUM formulas with their value cached beside them, columns as wide as their headings.
import zlib from 'node:zlib';
import XLSX from 'xlsx';

// Node's zlib instead of SheetJS's own deflate: a faster write and a file less than half the size.
// SheetJS checks that zlib works by reading `bytesRead`, a getter Node has deprecated (DEP0108,
// a warning on stderr): it is given an InflateRaw that answers with the value the deprecated getter
// returns, bytesWritten. Set up on the first workbook, not at import: importing changes nothing.
class InflateRaw extends zlib.InflateRaw {
  override get bytesRead(): number {
    return this.bytesWritten;
  }
}
let zlibInUse = false;
export function useNodeZlib(): void {
  if (zlibInUse) return;
  XLSX.CFB.utils.use_zlib({ InflateRaw, deflateRawSync: zlib.deflateRawSync });
  zlibInUse = true;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
export const TIME = '[h]:mm';
export const DECIMAL = '0.00';
// SheetJS would number a new format in the range Excel reserves for East-Asian built-in formats
// (50–81), which LibreOffice reads as its own time format: ours goes in the workbook's own table
// at 164, the first id free for custom formats, so that every spreadsheet application shows [h]:mm.
export const TIME_FORMAT_ID = 164;
/** Row index of the column headings, under the title block (header()). */
const HEADINGS_ROW = 8;
const MAX_HEADING_WIDTH = 20;

export type Cell = null | string | number | { t: 'n'; v: number; z?: string } | { f: string; z?: string };

export const text = (v: string): Cell => v;
export const time = (ms: number): Cell => ({ t: 'n', v: ms / DAY_MS, z: TIME });
export const decimal = (ms: number): Cell => ({ t: 'n', v: ms / HOUR_MS, z: DECIMAL });
export const clock = (iso: string | null): Cell => (iso ? iso.slice(11, 16) : null);

const numberOf = (cell: Cell | undefined): number => (typeof cell === 'number' ? cell : cell && typeof cell === 'object' && 't' in cell ? cell.v : 0);

/**
 * The value a SUM(Xa:Xb) of this column has, stored beside the formula: applications that show
 * cached values (previews, some readers) then agree with those that recompute.
 */
function cachedSum(rows: Cell[][], formula: string, c: number): number {
  const m = /^SUM\([A-Z]+(\d+):[A-Z]+(\d+)\)$/.exec(formula);
  if (!m) return 0;
  let total = 0;
  for (let r = Number(m[1]) - 1; r <= Number(m[2]) - 1; r++) total += numberOf(rows[r]?.[c]);
  return total;
}

export function sheet(rows: Cell[][], widths: number[]): XLSX.WorkSheet {
  const ws: XLSX.WorkSheet = {};
  let maxCol = 0;
  rows.forEach((row, r) => {
    row.forEach((cell, c) => {
      if (cell === null || cell === undefined) return;
      const addr = XLSX.utils.encode_cell({ r, c });
      if (typeof cell === 'string') ws[addr] = { t: 's', v: cell };
      else if (typeof cell === 'number') ws[addr] = { t: 'n', v: cell };
      else if ('f' in cell) ws[addr] = { t: 'n', f: cell.f, v: cachedSum(rows, cell.f, c), ...(cell.z ? { z: cell.z } : {}) };
      else ws[addr] = { t: 'n', v: cell.v, ...(cell.z ? { z: cell.z } : {}) };
      maxCol = Math.max(maxCol, c);
    });
  });
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(0, rows.length - 1), c: maxCol } });
  // A heading is never cut: the widths suit the figures, and a language with longer headings
  // (English "Hours worked (h)" for "Travaillé (h)") widens its columns up to a limit.
  const headings = rows[HEADINGS_ROW] ?? [];
  ws['!cols'] = widths.map((wch, c) => {
    const heading = headings[c];
    return { wch: typeof heading === 'string' ? Math.max(wch, Math.min(heading.length + 1, MAX_HEADING_WIDTH)) : wch };
  });
  return ws;
}

export const col = (c: number) => XLSX.utils.encode_col(c);
