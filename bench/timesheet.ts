// A month of a 500-person site (~45,000 punches): timesheet computed and written to .xlsx as the
// app exports it (all five sheets, the raw punches included; styled: bold frozen headings, filters,
// fills, date and time formats, widths, print setup), against exceljs writing the same cells plainly
// (values and formulas, no style, no sheet setup) with the same streaming writer, in the same run.
// Targets: under 2 seconds, peak memory under 500 MB.
import { PassThrough } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import WorkbookWriter from 'exceljs/lib/stream/xlsx/workbook-writer.js';
import type { TimesheetPunch } from '../shared/timesheet';
import { DEFAULT_RULES } from '../shared/timesheet';
import { generatedSite, punchesOfDay, type Person } from '../main/core/festime/simulator/demo-site';
import { buildWorkbook, workbookSheets, type WorkbookInput } from '../main/core/export/workbook';
import { col, type SheetSpec } from '../main/core/export/cells';
import { computeMonth, punchRangeFor, addDay } from '../main/core/timesheet/engine';
import type { Punch } from '../shared/festime';
import { mb, median, verdict } from './measure';

const MONTH = '2026-10';
const RUNS = 3;
const TARGET_MS = 2000;
const TARGET_MB = 500;

function monthPunches(): { punches: TimesheetPunch[]; raw: Punch[]; holders: { uid: string; nom: string; prenom: string }[] } {
  const site = generatedSite(500);
  const { from, to } = punchRangeFor(MONTH);
  const names = (p: Person) => `${p.nom} ${p.prenom}`;
  const punches: TimesheetPunch[] = [];
  const raw: Punch[] = [];
  for (let day = from; day <= to; day = addDay(day, 1)) {
    for (const p of punchesOfDay(site, day, names)) {
      punches.push({ id: p.id, uid: p.uid, type: p.type, at: p.at, reason: p.reason, corrected: false });
      if (day.startsWith(MONTH)) raw.push(p);
    }
  }
  return { punches, raw, holders: site.people.map((p) => ({ uid: p.uid, nom: p.nom, prenom: p.prenom })) };
}

/**
 * The cells of the workbook just written, counted in its sheets' XML: the zip's central directory
 * walked by hand and each worksheet inflated (no workbook reader in the benchmarks).
 */
function cellCount(buffer: Buffer): number {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let entry = buffer.readUInt32LE(end + 16);
  let cells = 0;
  for (let i = buffer.readUInt16LE(end + 10); i > 0; i--) {
    const method = buffer.readUInt16LE(entry + 10);
    const size = buffer.readUInt32LE(entry + 20);
    const nameLength = buffer.readUInt16LE(entry + 28);
    const name = buffer.toString('utf8', entry + 46, entry + 46 + nameLength).replace(/^\//, '');
    const local = buffer.readUInt32LE(entry + 42);
    entry += 46 + nameLength + buffer.readUInt16LE(entry + 30) + buffer.readUInt16LE(entry + 32);
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(name)) continue;
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(start, start + size);
    cells += (method === 8 ? inflateRawSync(data) : data).toString('utf8').match(/<c[\s>]/g)?.length ?? 0;
  }
  return cells;
}

/** The baseline: the same sheets' cells (values, formulas with their results) written with no style and no sheet setup. */
async function plainWorkbook(sheets: Iterable<SheetSpec>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const book = new WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: true });
  for (const spec of sheets) {
    const ws = book.addWorksheet(spec.name);
    for (let r = 0; r < spec.rows.length; r++) {
      const values = spec.rows[r]!.cells.map((cell, c) => {
        if (cell === null || typeof cell !== 'object') return cell;
        if ('v' in cell) return cell.v;
        let result = 0;
        for (let i = cell.sum[0]; i <= cell.sum[1]; i++) {
          const v = spec.rows[i - 1]?.cells[c];
          result += typeof v === 'number' ? v : v && typeof v === 'object' && 'v' in v ? v.v : 0;
        }
        return { formula: `SUM(${col(c)}${cell.sum[0]}:${col(c)}${cell.sum[1]})`, result };
      });
      ws.addRow(values).commit();
      if (r % 2000 === 1999) await new Promise((resolve) => setImmediate(resolve));
    }
    ws.commit();
  }
  await book.commit();
  return Buffer.concat(chunks);
}

const gc = (globalThis as { gc?: () => void }).gc;
const used = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
};

interface Run {
  ms: number;
  computeMs: number;
  writeMs: number;
  /** Peak heap and buffers above the level after a GC before the run. */
  peak: number;
  bytes: Buffer;
}

/** `runs` times: the month computed, then written by `write`; the median run's figures. */
async function measure(runs: number, write: (input: WorkbookInput) => Promise<Buffer>, month: () => WorkbookInput): Promise<Run> {
  const all: Run[] = [];
  for (let i = 0; i < runs; i++) {
    gc?.();
    const base = used();
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, used() - base)), 5);
    const t0 = performance.now();
    const input = month();
    const t1 = performance.now();
    peak = Math.max(peak, used() - base);
    const bytes = await write(input);
    const t2 = performance.now();
    clearInterval(sampler);
    all.push({ ms: t2 - t0, computeMs: t1 - t0, writeMs: t2 - t1, peak: Math.max(peak, used() - base), bytes });
    await new Promise((r) => setImmediate(r));
  }
  const ms = median(all.map((r) => r.ms));
  return all.find((r) => r.ms === ms)!;
}

export async function main(): Promise<void> {
  const { punches, raw, holders } = monthPunches();
  console.log(`\n# Monthly timesheet — ${holders.length} holders, ${punches.length.toLocaleString('en')} punches (${MONTH} and the days around it)`);
  const month = (): WorkbookInput => ({
    sheet: computeMonth(MONTH, holders, punches, DEFAULT_RULES),
    site: 'Grand site',
    account: 'bench',
    punches: raw,
    corrections: [],
    generatedAt: new Date().toISOString(),
    dataUntil: new Date().toISOString(),
  });
  // The workbook as the app exports it; the process's peak memory is measured over these runs only.
  gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const rssSampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
  const styled = await measure(RUNS, (input) => buildWorkbook(input, 'fr'), month);
  clearInterval(rssSampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const plain = await measure(RUNS, (input) => plainWorkbook(workbookSheets(input, 'fr')), month);
  // The same month without its raw punches (an empty Pointages sheet): the workbook the SheetJS writer's figure was for.
  const noPunches = await measure(RUNS, (input) => buildWorkbook({ ...input, punches: [] }, 'fr'), month);

  const cells = cellCount(styled.bytes);
  const line = (label: string, r: Run) =>
    `${label.padEnd(44)}${r.ms.toFixed(0).padStart(6)} ms   (compute ${r.computeMs.toFixed(0)} ms, write ${r.writeMs.toFixed(0)} ms; ${mb(r.bytes.byteLength)} MB file; peak heap +${mb(r.peak)} MB)`;
  console.log(`${line('compute + write .xlsx, styled (as exported)', styled)}   target < ${TARGET_MS} ms: ${verdict(styled.ms < TARGET_MS)}`);
  console.log(line('baseline: the same cells written plainly', plain));
  console.log(
    `${cells.toLocaleString('en')} cells styled (a filled row's empty cells included), ${cellCount(plain.bytes).toLocaleString('en')} plain; ${raw.length.toLocaleString('en')} raw punches in Pointages; styling costs ${(styled.writeMs - plain.writeMs).toFixed(0)} ms of writing`,
  );
  console.log(`${line('… styled, without the raw punches', noPunches)}   (${cellCount(noPunches.bytes).toLocaleString('en')} cells)`);
  console.log(
    `peak RSS while exporting ${mb(peakRss)} MB (${mb(rssBefore)} MB before)   target < ${TARGET_MB} MB: ${verdict(peakRss < TARGET_MB * 1024 * 1024)}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
