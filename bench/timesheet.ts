// A month of a 500-person site (~45,000 punches): timesheet computed and written to .xlsx, against
// the time SheetJS takes to write the same number of plain cells, measured in the same run.
// Targets: under 2 seconds, peak memory under 500 MB.
import { inflateRawSync } from 'node:zlib';
import XLSX from 'xlsx';
import type { TimesheetPunch } from '../shared/timesheet';
import { DEFAULT_RULES } from '../shared/timesheet';
import { generatedSite, punchesOfDay, type Person } from '../main/core/festime/simulator/demo-site';
import { buildWorkbook } from '../main/core/export/workbook';
import { computeMonth, punchRangeFor, addDay } from '../main/core/timesheet/engine';
import type { Punch } from '../shared/festime';
import { mb, median } from './measure';

const MONTH = '2026-10';

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
 * walked by hand and each worksheet inflated. Not XLSX.read: SheetJS is used to write only (its
 * reader has known flaws, see test/package/xlsx-write-only.test.ts).
 */
function cellCount(buffer: Buffer): number {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let entry = buffer.readUInt32LE(end + 16);
  let cells = 0;
  for (let i = buffer.readUInt16LE(end + 10); i > 0; i--) {
    const method = buffer.readUInt16LE(entry + 10);
    const size = buffer.readUInt32LE(entry + 20);
    const nameLength = buffer.readUInt16LE(entry + 28);
    const name = buffer.toString('utf8', entry + 46, entry + 46 + nameLength);
    const local = buffer.readUInt32LE(entry + 42);
    entry += 46 + nameLength + buffer.readUInt16LE(entry + 30) + buffer.readUInt16LE(entry + 32);
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(name)) continue;
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(start, start + size);
    cells += (method === 8 ? inflateRawSync(data) : data).toString('utf8').match(/<c[\s>]/g)?.length ?? 0;
  }
  return cells;
}

export async function main(): Promise<void> {
  const { punches, raw, holders } = monthPunches();
  console.log(`\n# Monthly timesheet — ${holders.length} holders, ${punches.length.toLocaleString('en')} punches (${MONTH} and the days around it)`);
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
  const runs: number[] = [];
  const parts: { compute: number; write: number }[] = [];
  let bytes: Buffer = Buffer.alloc(0);
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const sheet = computeMonth(MONTH, holders, punches, DEFAULT_RULES);
    const t1 = performance.now();
    bytes = buildWorkbook({ sheet, site: 'Grand site', account: 'bench', punches: [], corrections: [], generatedAt: new Date().toISOString() }, 'fr');
    const t2 = performance.now();
    runs.push(t2 - t0);
    parts.push({ compute: t1 - t0, write: t2 - t1 });
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    await new Promise((r) => setImmediate(r));
  }
  clearInterval(sampler);
  const cells = cellCount(bytes);

  // Baseline: SheetJS writing the same number of cells (numbers and short strings) in one sheet.
  const cols = 20;
  const rows = Math.ceil(cells / cols);
  const aoa = Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => (c % 3 === 0 ? `Nom ${r}` : r * c * 0.01)));
  const base: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), 'Cellules');
    XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true });
    base.push(performance.now() - t0);
  }
  const ms = median(runs);
  const mid = parts[runs.indexOf(ms)] ?? parts[0]!;
  console.log(
    `compute + write .xlsx          ${ms.toFixed(0).padStart(5)} ms   (compute ${mid.compute.toFixed(0)} ms, write ${mid.write.toFixed(0)} ms; ${cells.toLocaleString('en')} cells, ${mb(bytes.byteLength)} MB)   target < 2000 ms: ${ms < 2000 ? 'PASS' : 'FAIL'}`,
  );
  console.log(`baseline: SheetJS writing ${(rows * cols).toLocaleString('en')} plain cells   ${median(base).toFixed(0).padStart(5)} ms`);
  // The figure above leaves out the Pointages sheet (the month's raw punches), which the app's
  // export writes too: said here, so that nobody reads the target as the export's whole time.
  const t0 = performance.now();
  const whole = buildWorkbook(
    {
      sheet: computeMonth(MONTH, holders, punches, DEFAULT_RULES),
      site: 'Grand site',
      account: 'bench',
      punches: raw,
      corrections: [],
      generatedAt: new Date().toISOString(),
    },
    'fr',
  );
  console.log(
    `… with the Pointages sheet (${raw.length.toLocaleString('en')} raw punches), as the app exports it   ${(performance.now() - t0).toFixed(0).padStart(5)} ms   (${mb(whole.byteLength)} MB; no target yet)`,
  );
  console.log(`peak RSS ${mb(peakRss)} MB (${mb(rssBefore)} MB before)   target < 500 MB: ${peakRss < 500 * 1024 * 1024 ? 'PASS' : 'FAIL'}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
