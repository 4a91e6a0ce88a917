// The workbook in the user's language: `--lang en export` writes Summary, Detail… that
// LibreOffice reads with English headings and the very totals of the French workbook; the file
// name stays the same in both. The CLI starts and exports under NODE_OPTIONS=--no-deprecation
// (process.noDeprecation read-only) and under --throw-deprecation (no deprecated call at all).
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../../main/core/store';
import { pinCliClock, runCli } from '../helpers/cli';
import { sheetsAsShown } from '../helpers/libreoffice';

const NOW = new Date('2026-11-25T15:30:00Z');
// The CLI lives at the simulator's time: its sync window must not drift with the calendar.
pinCliClock(NOW);
let sim: Simulator;
let dataDir: string;
let base: string[];

beforeAll(async () => {
  sim = createSimulator({ now: () => NOW });
  const url = await sim.listen();
  dataDir = mkdtempSync(join(tmpdir(), 'festime-lang-'));
  base = ['--server', url, '--login', 'demo', '--data-dir', dataDir];
  expect((await runCli([...base, 'sync'], { env: { FESTIME_PASSWORD: DEMO_PASSWORD } })).code).toBe(0);
  await sim.close(); // the exports below work from the cache alone
});
afterAll(() => undefined);

const headingRow = (rows: string[][], first: string) => rows.findIndex((r) => r[0] === first);

describe('the workbook in English', () => {
  it('--lang en export: English sheets, headings, month and labels; the same figures as the French workbook', async () => {
    const frFile = join(dataDir, 'fr', 'Festime_Menuiserie_2026-10.xlsx');
    const enFile = join(dataDir, 'en', 'Festime_Menuiserie_2026-10.xlsx');
    mkdirSync(join(dataDir, 'fr'));
    mkdirSync(join(dataDir, 'en'));
    const fr = await runCli([...base, 'export', '--month', '2026-10', '--out', frFile]);
    const en = await runCli([...base, '--lang', 'en', 'export', '--month', '2026-10', '--out', enFile]);
    expect(fr.code).toBe(0);
    expect(en.code).toBe(0);
    expect(en.stderr).toMatch(/^Workbook written: .*\n$/);
    expect(en.stderr).not.toMatch(/Deprecation|Warning/);

    const [frSheets, enSheets] = [sheetsAsShown(frFile), sheetsAsShown(enFile)];
    expect(Object.keys(enSheets).sort()).toEqual(['Anomalies', 'Corrections', 'Detail', 'Punches', 'Summary']);
    expect(Object.keys(frSheets).sort()).toEqual(['Anomalies', 'Corrections', 'Détail', 'Pointages', 'Synthèse']);

    const summary = enSheets['Summary']!;
    expect(summary[0]![0]).toBe('Hours summary — October 2026');
    expect(summary.find((r) => r[0] === 'Month')?.[1]).toBe('October 2026 (2026-10)');
    expect(summary.find((r) => r[0] === 'Rules')?.[1]).toMatch(/^Base 35 h a week; overtime: the first 8 at \+25 %.*Alsace-Moselle: no$/);
    const head = headingRow(summary, 'Last name');
    expect(summary[head]).toEqual(
      expect.arrayContaining(['First name', 'Days worked', 'Hours worked', 'Hours worked (h)', 'OT +25 %', 'Public holiday', 'Legal alerts']),
    );

    // Every figure, holder by holder and in the totals row, is the French workbook's.
    const frSummary = frSheets['Synthèse']!;
    const frHead = headingRow(frSummary, 'Nom');
    const figures = (rows: string[][], from: number) => rows.slice(from + 1).map((r) => r.slice(1));
    expect(figures(summary, head)).toEqual(figures(frSummary, frHead));
    const total = summary.at(-1)!;
    expect(total[0]).toBe('Total');
    expect(Number(total[5])).toBeGreaterThan(1000); // hours worked by the whole site in a month

    const detail = enSheets['Detail']!;
    expect(detail[0]![0]).toBe('Detail by day — October 2026');
    const days = new Set(detail.slice(headingRow(detail, 'Last name') + 1).map((r) => r[3]));
    for (const day of ['Monday', 'Friday', 'Week']) expect(days).toContain(day);
    // Dates as the date cells show them, in the week's span too.
    expect(detail.some((r) => r[3] === 'Week' && /^\d\d\/\d\d\/2026 to \d\d\/\d\d\/2026/.test(r[4]!))).toBe(true);
    expect(detail.some((r) => r[3] === 'Monday' && /^\d\d\/10\/2026$/.test(r[4]!))).toBe(true);
    expect(detail.flat().join('\n')).not.toMatch(/Semaine|lundi|Départ manquant/);
    expect(detail.length).toBe(frSheets['Détail']!.length);

    expect(enSheets['Punches']!.some((r) => r.includes('Arrival'))).toBe(true);
    expect(enSheets['Anomalies']!.some((r) => r.includes('Missing departure') && r.includes('Anomaly'))).toBe(true);
    expect(enSheets['Anomalies']!.length).toBe(frSheets['Anomalies']!.length);
  }, 120_000);

  it('without a path, the file name is Festime_<site>_YYYY-MM.xlsx in English too', async () => {
    const r = await runCli([...base, '--lang', 'en', 'export', '--month', '2026-09'], { cwd: dataDir });
    expect(r.code).toBe(0);
    const file = /Workbook written: (Festime_[A-Za-z0-9-]+_2026-09\.xlsx) /.exec(r.stderr)?.[1];
    expect(file).toBeDefined();
    expect(existsSync(join(dataDir, file!))).toBe(true);
  });

  it('an English locale alone speaks English on the terminal, but the workbook follows Paramètres: French by default, English once saved', async () => {
    const file = join(dataDir, 'locale.xlsx');
    const r = await runCli([...base, 'export', '--month', '2026-10', '--out', file], { env: { LANG: 'en_US.UTF-8' } });
    expect(r.stderr).toContain('Workbook written');
    const sheetNames = async () => (await import('xlsx')).default.readFile(file, { bookSheets: true }).SheetNames;
    expect(await sheetNames()).toContain('Synthèse');
    // The language saved in Paramètres (as the window saves it) is the workbook's.
    const db = new Database(join(dataDir, DATABASE_FILE));
    db.prepare(
      "INSERT INTO settings (scope, key, value) VALUES ('global', 'language', 'en') ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value",
    ).run();
    db.close();
    const fr = await runCli([...base, 'export', '--month', '2026-10', '--out', file], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.stderr).toContain('Classeur écrit');
    expect(await sheetNames()).toContain('Summary');
    const back = new Database(join(dataDir, DATABASE_FILE));
    back.prepare("DELETE FROM settings WHERE key = 'language'").run();
    back.close();
  });
});

describe('Node options scripts may set', () => {
  it('NODE_OPTIONS=--no-deprecation: --help and real commands work', async () => {
    const env = { NODE_OPTIONS: '--no-deprecation' };
    const help = await runCli(['--help'], { env });
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
    const json = await runCli([...base, 'export', '--month', '2026-10', '--format', 'json'], { env });
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as unknown[]).length).toBeGreaterThan(20);
    const xlsx = await runCli([...base, 'export', '--month', '2026-10', '--out', join(dataDir, 'quiet.xlsx')], { env });
    expect(xlsx.code).toBe(0);
  });

  it('--throw-deprecation: writing a workbook makes no deprecated call (stderr stays clean for scripts)', async () => {
    const r = await runCli([...base, 'export', '--month', '2026-10', '--out', join(dataDir, 'strict.xlsx')], { env: { NODE_OPTIONS: '--throw-deprecation' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^Classeur écrit : [^\n]*\n$/);
  });
});
