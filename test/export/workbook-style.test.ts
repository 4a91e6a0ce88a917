// The workbook reads and prints well (issue 14): on every sheet bold headings, frozen under them
// and beside the names, a filter over them, columns as wide as what they show, landscape A4 one
// page wide with the headings on every page and the site, month and « données jusqu’au » in the
// page header; real date and clock cells; anomalies on light red and alerts on light amber, with a
// legend; totals that are SUMs carrying their values. Checked in the file the CLI writes (its XML)
// and as LibreOffice opens, shows and prints it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSimulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { loadMonth } from '../../main/core/timesheet/month';
import { openStore } from '../../main/core/store';
import { listAccounts } from '../../main/core/store/accounts';
import type { MonthTimesheet } from '../../shared/timesheet';
import { pinCliClock, runCli } from '../helpers/cli';
import { convertedBy, sheetsAsShown } from '../helpers/libreoffice';
import { attributes, cellsOf, cellStyles, sharedStrings, sheetsByName, zipEntries, type XmlCell } from '../helpers/xlsx-parts';

const NOW = new Date('2026-11-25T15:30:00Z');
// The CLI lives at the simulator's time: its sync window must not drift with the calendar.
pinCliClock(NOW);
const SHEETS = ['Synthèse', 'Détail', 'Pointages', 'Anomalies', 'Corrections'];
/** The name columns kept in view when scrolling right, by sheet (Pointages: its date and time come first). */
const FROZEN_COLUMNS: Record<string, number> = { Synthèse: 2, Détail: 2, Pointages: 0, Anomalies: 2, Corrections: 2 };
const RED = 'FFFFC7CE';
const AMBER = 'FFFFE0B2';
const DAY_MS = 86_400_000;
let file: string;
let site: string;
let month: MonthTimesheet;

beforeAll(async () => {
  const sim = createSimulator({ now: () => NOW });
  const url = await sim.listen();
  // A name a spreadsheet would take for a formula.
  sim.addPunch('demo', { uid: '31337', type: 'A', at: '2026-10-05T08:00:00', name: '=1+2 Hack' });
  sim.addPunch('demo', { uid: '31337', type: 'D', at: '2026-10-05T12:00:00', name: '=1+2 Hack' });
  const dataDir = mkdtempSync(join(tmpdir(), 'festime-style-'));
  const base = ['--server', url, '--login', 'demo', '--data-dir', dataDir];
  expect((await runCli([...base, 'sync'], { env: { FESTIME_PASSWORD: DEMO_PASSWORD }, timeoutMs: 60_000 })).code).toBe(0);
  await sim.close();
  // A correction, for the Corrections sheet's date and time cells.
  const add = ['corrections', 'add', '--uid', '31337', '--at', '2026-10-06T17:30', '--type', 'D', '--comment', 'Oubli de badge'];
  expect((await runCli([...base, ...add])).code).toBe(0);
  file = join(dataDir, 'octobre.xlsx');
  expect((await runCli([...base, 'export', '--month', '2026-10', '--out', file], { timeoutMs: 60_000 })).code).toBe(0);
  const store = openStore(dataDir);
  const account = listAccounts(store.db)[0]!;
  const loaded = loadMonth(store.db, account.id, '2026-10');
  store.close();
  month = loaded.sheet;
  // The demo account has no label of its own: its site is the client Festime names in its punches.
  site = loaded.punches[0]!.client;
  expect(site.length).toBeGreaterThan(3);
}, 120_000);

/** Column letters → 0-based index. */
const index = (column: string) => [...column].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;

describe('the workbook’s XML', () => {
  it('every sheet: bold headings frozen with the names, a filter over them, widths, landscape A4 one page wide, headings printed on every page, a page header', () => {
    const parts = zipEntries(file);
    const sheets = sheetsByName(parts);
    const styles = cellStyles(parts);
    const strings = sharedStrings(parts);
    const workbook = parts.get('xl/workbook.xml')!;
    expect([...sheets.keys()]).toEqual(SHEETS);
    [...sheets].forEach(([name, xml], i) => {
      // The headings' row: printed at the top of every page (Excel's print titles).
      const titles = new RegExp(`<definedName name="_xlnm.Print_Titles" localSheetId="${i}">&apos;${name}&apos;!\\$(\\d+):\\$(\\d+)</definedName>`).exec(
        workbook,
      );
      expect(titles, name).not.toBeNull();
      const heading = Number(titles![1]);
      expect(titles![2]).toBe(String(heading));
      const cells = cellsOf(xml);
      const headings = cells.filter((c) => c.row === heading);
      expect(strings[Number(headings[0]!.value)], name).toBe(name === 'Pointages' ? 'Date' : name === 'Corrections' ? 'N°' : 'Nom');
      const last = headings.at(-1)!.column;

      // Bold, and the only bold row but the title and totals.
      for (const c of headings) expect(styles[c.style]!.bold, `${name} ${c.ref}`).toBe(true);
      // Frozen under the headings, and beside the names.
      const pane = attributes(xml, 'pane')!;
      expect(pane).toMatchObject({ state: 'frozen', ySplit: String(heading) });
      expect(Number(pane.xSplit ?? 0), name).toBe(FROZEN_COLUMNS[name]);
      // A filter from the headings down over the data (Synthèse's totals left out), named so LibreOffice shows it.
      const rows = Math.max(...cells.map((c) => c.row));
      const filterTo = name === 'Synthèse' ? rows - 1 : rows;
      expect(attributes(xml, 'autoFilter'), name).toEqual({ ref: `A${heading}:${last}${filterTo}` });
      expect(workbook).toContain(
        `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}">&apos;${name}&apos;!$A$${heading}:$${last}$${filterTo}</definedName>`,
      );
      // Printed landscape on A4, one page wide and as many down as it takes.
      expect(xml, name).toMatch(/<sheetPr>\s*<pageSetUpPr fitToPage="1"\/>/);
      expect(attributes(xml, 'pageSetup'), name).toMatchObject({ paperSize: '9', orientation: 'landscape', fitToWidth: '1', fitToHeight: '0' });
      // The page header: the site, the sheet's title with its month, how current the data is; the page number below.
      const header = /<oddHeader>([^<]*)<\/oddHeader>/.exec(xml)?.[1] ?? '';
      expect(header).toContain(site);
      expect(header).toContain('octobre 2026');
      expect(header).toMatch(/Données jusqu’au \d\d\/\d\d\/\d{4} \d\d:\d\d/);
      expect(/<oddFooter>([^<]*)<\/oddFooter>/.exec(xml)?.[1]).toContain('Page &amp;P sur &amp;N');
      // A width for every column of the table.
      const widths = [...xml.matchAll(/<col min="(\d+)" max="(\d+)" width="([\d.]+)"/g)].flatMap(([, min, max]) =>
        Array.from({ length: Number(max) - Number(min) + 1 }, (_, k) => Number(min) + k),
      );
      expect(widths, name).toEqual(Array.from({ length: index(last) + 1 }, (_, k) => k + 1));
    });
  });

  it('dates, clock times and durations are numbers in date, time and [h]:mm formats; names and Festime’s texts are text, "=1+2" too', () => {
    const parts = zipEntries(file);
    const sheets = sheetsByName(parts);
    const styles = cellStyles(parts);
    const strings = sharedStrings(parts);
    const column = (sheet: string, letter: string, from: number): XmlCell[] =>
      cellsOf(sheets.get(sheet)!).filter((c) => c.column === letter && c.row > from && c.type === null && c.value !== null && c.formula === null);
    const headingRow = (sheet: string) => Number(new RegExp(`&apos;${sheet}&apos;!\\$(\\d+):\\$\\d+<`).exec(parts.get('xl/workbook.xml')!)![1]);
    const formatOf = (cells: XmlCell[]) => [...new Set(cells.map((c) => styles[c.style]!.numFmt))];
    // Détail: the date (E), first arrival (F), worked (I) next to its decimal hours (J).
    const detail = headingRow('Détail');
    expect(formatOf(column('Détail', 'E', detail))).toEqual(['dd/mm/yyyy']);
    expect(formatOf(column('Détail', 'F', detail))).toEqual(['hh:mm']);
    expect(formatOf(column('Détail', 'I', detail))).toEqual(['[h]:mm']);
    expect(formatOf(column('Détail', 'J', detail))).toEqual(['0.00']);
    // 5 October 2026 is day 46300 of the spreadsheet calendar (1 = 1 January 1900, Excel and LibreOffice alike).
    expect(column('Détail', 'E', detail).some((c) => c.value === '46300')).toBe(true);
    // Pointages: the date, and the time to the second, as Festime sent it.
    const punches = headingRow('Pointages');
    expect(formatOf(column('Pointages', 'A', punches))).toEqual(['dd/mm/yyyy']);
    expect(formatOf(column('Pointages', 'B', punches))).toEqual(['hh:mm:ss']);
    expect(formatOf(column('Anomalies', 'D', headingRow('Anomalies')))).toEqual(['dd/mm/yyyy']);
    expect(formatOf(column('Anomalies', 'E', headingRow('Anomalies')))).toEqual(['hh:mm']);
    // Corrections: the punch's date and time, and when the correction was made.
    expect(formatOf(column('Corrections', 'F', headingRow('Corrections')))).toEqual(['dd/mm/yyyy hh:mm']);
    expect(formatOf(column('Corrections', 'J', headingRow('Corrections')))).toEqual(['dd/mm/yyyy hh:mm']);
    // Synthèse: worked time as [h]:mm, then decimal hours.
    const summary = headingRow('Synthèse');
    expect(formatOf(column('Synthèse', 'E', summary))).toEqual(['[h]:mm']);
    expect(formatOf(column('Synthèse', 'F', summary))).toEqual(['0.00']);
    // The name "=1+2" is a shared string, never a formula.
    const hack = cellsOf(sheets.get('Synthèse')!).find((c) => c.type === 's' && strings[Number(c.value)] === '=1+2')!;
    expect(hack).toMatchObject({ column: 'A', formula: null });
    expect(cellsOf(sheets.get('Pointages')!).some((c) => c.type === 's' && strings[Number(c.value)] === '=1+2 Hack')).toBe(true);
  });

  it('the totals are SUMs over the holders that carry the engine’s totals, for a viewer that does not recompute', () => {
    const parts = zipEntries(file);
    const cells = cellsOf(sheetsByName(parts).get('Synthèse')!);
    const strings = sharedStrings(parts);
    const total = cells.find((c) => c.column === 'A' && c.type === 's' && strings[Number(c.value)] === 'Total')!;
    const row = cells.filter((c) => c.row === total.row);
    const first = total.row - month.holders.length;
    const at = (column: string) => row.find((c) => c.column === column)!;
    const sum = (f: (h: MonthTimesheet['holders'][number]) => number) => month.holders.reduce((s, h) => s + f(h), 0);
    for (const [column, expected] of [
      ['D', sum((h) => h.daysWorked)],
      ['E', sum((h) => h.workedMs) / DAY_MS],
      ['F', sum((h) => h.workedMs) / 3_600_000],
      ['I', sum((h) => h.overtimeFirstMs) / DAY_MS],
      ['M', sum((h) => h.nightMs) / DAY_MS],
      ['S', sum((h) => h.anomalyCount)],
    ] as const) {
      expect(at(column).formula, column).toBe(`SUM(${column}${first}:${column}${total.row - 1})`);
      expect(Number(at(column).value), column).toBeCloseTo(expected, 9);
    }
  });

  it('anomalies on light red, legal alerts on light amber, in Anomalies (each row) and Détail (each day), with a legend that says so', () => {
    const parts = zipEntries(file);
    const sheets = sheetsByName(parts);
    const styles = cellStyles(parts);
    const strings = sharedStrings(parts);
    const text = (c: XmlCell | undefined) => (c?.type === 's' ? strings[Number(c.value)] : undefined);
    const fillOf = (c: XmlCell | undefined) => (c ? styles[c.style]!.fill : null);

    const anomalies = cellsOf(sheets.get('Anomalies')!);
    const legend = (sheet: XmlCell[]) =>
      sheet.filter((c) => c.column === 'B' && /^Fond (rouge|orange) clair/.test(text(c) ?? '')).map((c) => [text(c)!.split(' :')[0], fillOf(c)]);
    expect(legend(anomalies)).toEqual([
      ['Fond rouge clair', RED],
      ['Fond orange clair', AMBER],
    ]);
    const natures = anomalies.filter((c) => c.column === 'F' && ['Anomalie', 'Alerte légale'].includes(text(c) ?? ''));
    expect(natures.filter((c) => text(c) === 'Anomalie').length).toBe(month.holders.reduce((s, h) => s + h.anomalyCount, 0));
    expect(natures.some((c) => text(c) === 'Alerte légale')).toBe(true);
    for (const nature of natures) {
      const row = anomalies.filter((c) => c.row === nature.row);
      expect(row.length).toBe(8); // empty cells of the row filled too
      for (const c of row) expect(fillOf(c), c.ref).toBe(text(nature) === 'Anomalie' ? RED : AMBER);
    }

    const detail = cellsOf(sheets.get('Détail')!);
    expect(legend(detail).map(([, fill]) => fill)).toEqual([RED, AMBER]);
    const days = detail.filter((c) => c.column === 'P' && text(c)?.includes('Départ manquant'));
    expect(days.length).toBeGreaterThan(0);
    for (const day of days) for (const c of detail.filter((x) => x.row === day.row)) expect(fillOf(c), c.ref).toBe(RED);
    const alertDays = detail.filter((c) => c.column === 'Q' && text(c) && !text(detail.find((x) => x.row === c.row && x.column === 'P')));
    expect(alertDays.length).toBeGreaterThan(0);
    for (const day of alertDays) expect(fillOf(day), day.ref).toBe(AMBER);
    // A plain day has no fill.
    const plain = detail.find((c) => c.column === 'D' && text(c) === 'lundi' && !detail.some((x) => x.row === c.row && (x.column === 'P' || x.column === 'Q')));
    expect(fillOf(plain)).toBeNull();
  });
});

describe('the workbook as LibreOffice opens, shows and prints it', () => {
  it('shows dates jj/mm/aaaa, times hh:mm, each column wide enough for what it shows; a filter on every sheet', () => {
    const shown = sheetsAsShown(file);
    const parts = zipEntries(file);
    const sheets = sheetsByName(parts);
    const detail = shown['Détail']!;
    const top = detail.findIndex((r) => r[0] === 'Nom');
    const hack = detail.filter((r) => r[2] === '31337' && r[3] !== 'Semaine');
    expect(hack.find((r) => r[4] === '05/10/2026')?.slice(5, 7)).toEqual(['08:00', '12:00']);
    expect(detail.slice(top + 1).every((r) => r[3] === 'Semaine' || /^\d\d\/\d\d\/\d{4}$/.test(r[4]!))).toBe(true);
    expect(shown['Pointages']!.find((r) => r[2] === '=1+2 Hack')?.slice(0, 2)).toEqual(['05/10/2026', '08:00:00']);
    const correction = shown['Corrections']!.find((r) => r[7] === 'Oubli de badge')!;
    expect(correction[5]).toBe('06/10/2026 17:30');
    expect(correction[9]).toMatch(/^\d\d\/\d\d\/\d{4} \d\d:\d\d$/);

    // Every value shown fits its column (in characters of the default font), but the week's span in
    // Détail, which runs on over the empty clock cells beside it.
    for (const name of SHEETS) {
      const xml = sheets.get(name)!;
      const width = new Map<number, number>();
      for (const [, min, max, w] of xml.matchAll(/<col min="(\d+)" max="(\d+)" width="([\d.]+)"/g))
        for (let c = Number(min); c <= Number(max); c++) width.set(c - 1, Number(w));
      const rows = shown[name]!;
      const heading = rows.findIndex((r) => r[0] === (name === 'Pointages' ? 'Date' : name === 'Corrections' ? 'N°' : 'Nom'));
      for (const r of rows.slice(heading + 1))
        r.forEach((value, c) => {
          if (name === 'Détail' && c === 4 && r[3] === 'Semaine') return;
          expect(value.length, `${name} column ${c + 1}: ${value}`).toBeLessThanOrEqual(width.get(c)!);
        });
    }

    // LibreOffice shows a filter's buttons on each sheet, over the headings and the data.
    const fods = readFileSync(convertedBy(file, 'fods'), 'utf8');
    const ranges = [...fods.matchAll(/<table:database-range\b[^>]*table:target-range-address="([^"]+)"[^>]*table:display-filter-buttons="true"/g)].map(
      ([, range]) => range!.split('.')[0],
    );
    expect(ranges).toEqual(SHEETS);
  }, 120_000);

  it('prints on landscape A4 pages, each sheet one page wide, the headings again at the top of every page, the site and month in the page header', () => {
    const pdf = convertedBy(file, 'pdf');
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+841\.\d+ x 595\.\d+ pts \(A4\)/);
    const pages = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      .split('\f')
      .filter((p) => p.trim() !== '');
    expect(pages.length).toBe(Number(/Pages:\s+(\d+)/.exec(info)![1]));
    const of = (title: string) => pages.filter((p) => p.includes(`${title} — octobre 2026`));
    // Synthèse on one page: every holder, the totals and the last column.
    const summary = of('Synthèse des heures');
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatch(/^Total\s/m);
    expect(summary[0]).toContain('1er mai');
    for (const h of month.holders) expect(summary[0]).toContain(h.nom);
    // Détail over several pages: each has the page header and the headings again, with the last ones (one page wide).
    const detail = of('Détail par jour');
    expect(detail.length).toBeGreaterThan(5);
    for (const page of detail) {
      expect(page).toContain(site);
      expect(page).toMatch(/Données jusqu’au \d\d\/\d\d\/\d{4}/);
      expect(page).toMatch(/^Nom\s+Prénom\s+UID\s+Jour\s+Date\s.*\sCorrigé\s.*\sMois\s*$/m);
    }
    expect(of('Pointages bruts').every((p) => /^Date\s+Heure\s+Nom \(Festime\)/m.test(p))).toBe(true);
    expect(pages.at(-1)).toContain(`Page ${pages.length} sur ${pages.length}`);
  }, 180_000);
});
