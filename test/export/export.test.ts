// The monthly export as payroll gets it: the CLI writes the workbook from the cache (offline), a
// real spreadsheet application (LibreOffice) opens it, recomputes every SUM and shows the same
// totals as the engine; accents survive; a name starting with "=" stays text.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { loadMonth } from '../../main/core/timesheet/month';
import { openStore } from '../../main/core/store';
import { listAccounts } from '../../main/core/store/accounts';
import { pinCliClock, runCli } from '../helpers/cli';
import { addMonths, DEFAULT_SITE_ZONE, todayIn } from '../../shared/time';
import { sheetsAsShown } from '../helpers/libreoffice';

const NOW = new Date('2026-11-25T15:30:00Z');
// The CLI lives at the simulator's time: its sync window must not drift with the calendar.
pinCliClock(NOW);
let sim: Simulator;
let dataDir: string;
let base: string[];
const env = { FESTIME_PASSWORD: DEMO_PASSWORD };

beforeAll(async () => {
  sim = createSimulator({ now: () => NOW });
  const url = await sim.listen();
  // Someone whose name a spreadsheet would take for a formula.
  sim.addPunch('demo', { uid: '31337', type: 'A', at: '2026-10-05T08:00:00', name: '=1+2 Hack' });
  sim.addPunch('demo', { uid: '31337', type: 'D', at: '2026-10-05T12:00:00', name: '=1+2 Hack' });
  dataDir = mkdtempSync(join(tmpdir(), 'festime-export-'));
  base = ['--server', url, '--login', 'demo', '--data-dir', dataDir];
  expect((await runCli([...base, 'sync'], { env })).code).toBe(0);
  await sim.close(); // everything below works from the cache alone
});
afterAll(() => undefined);

const hm = (ms: number) => {
  const minutes = Math.floor(ms / 60_000);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
};

describe('monthly export', () => {
  it('--format json: the per-holder figures in decimal hours, with the documented keys', async () => {
    const r = await runCli([...base, 'export', '--month', '2026-10', '--format', 'json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows.length).toBe(26);
    for (const row of rows)
      expect(Object.keys(row)).toEqual([
        'uid',
        'nom',
        'prenom',
        'daysWorked',
        'worked',
        'pause',
        'overtime25',
        'overtime50',
        'night',
        'sunday',
        'holiday',
        'anomalies',
        // Issue 13: after the keys scripts read, unchanged; without a contract nothing but the alerts' kinds.
        'matricule',
        'contractType',
        'contractHours',
        'complementary10',
        'complementary25',
        'absences',
        'holidayOff',
        'mayFirstWorked',
        'alerts',
        // Issue 23: what Festime changed in closed months since, carried into this one (none here).
        'regularisations',
      ]);
    for (const row of rows) {
      expect(row).toMatchObject({
        matricule: null,
        contractType: null,
        contractHours: null,
        complementary10: 0,
        complementary25: 0,
        absences: {},
        holidayOff: 0,
        regularisations: [],
      });
      expect(Array.isArray(row.alerts)).toBe(true);
    }
    const names = rows.map((x) => `${x.nom} ${x.prenom}`);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'fr', { sensitivity: 'base' })));
    const guard = rows.find((x) => x.nom === 'D’ARTOIS')!;
    expect(guard.night as number).toBeGreaterThan(100); // the night watchman
  });

  it('LibreOffice opens the workbook; every SUM gives the engine’s totals; accents and text survive', async () => {
    const file = join(dataDir, 'octobre.xlsx');
    const r = await runCli([...base, 'export', '--month', '2026-10', '--out', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Classeur écrit');

    // The engine's own figures for the same month.
    const store = openStore(dataDir);
    const { sheet } = loadMonth(store.db, listAccounts(store.db)[0]!.id, '2026-10');
    store.close();

    // Totals are formulas, not numbers written by us.
    const wb = XLSX.readFile(file, { cellFormula: true });
    expect(wb.SheetNames).toEqual(['Synthèse', 'Détail', 'Pointages', 'Anomalies', 'Corrections']);
    const synth = wb.Sheets['Synthèse']!;
    // The first holder's row: under the title block and the headings.
    let firstRow = 1;
    while (synth[`A${firstRow}`]?.v !== 'Nom') firstRow++;
    firstRow++;
    const totalRow = firstRow + sheet.holders.length;
    expect(synth[`E${totalRow}`]?.f).toBe(`SUM(E${firstRow}:E${totalRow - 1})`);
    expect(synth[`A${firstRow + sheet.holders.findIndex((h) => h.uid === '31337')}`]).toMatchObject({ t: 's', v: '=1+2' });
    // Each total's value is stored beside its formula: a viewer that does not recompute (a preview, a
    // mail attachment) shows the engine's totals too. Durations are days, decimal hours hours.
    const cached = (column: string) => synth[`${column}${totalRow}`] as { f?: string; v?: number } | undefined;
    const msSum = (f: (h: (typeof sheet.holders)[number]) => number) => sheet.holders.reduce((s, h) => s + f(h), 0);
    for (const [duration, decimal, ms] of [
      ['E', 'F', msSum((h) => h.workedMs)],
      ['I', 'J', msSum((h) => h.overtimeFirstMs)],
      ['M', 'N', msSum((h) => h.nightMs)],
    ] as const) {
      expect(cached(duration)?.f).toBe(`SUM(${duration}${firstRow}:${duration}${totalRow - 1})`);
      expect(cached(duration)?.v).toBeCloseTo(ms / 86_400_000, 9);
      expect(cached(decimal)?.v).toBeCloseTo(ms / 3_600_000, 9);
    }
    expect(cached('D')?.v).toBe(msSum((h) => h.daysWorked));

    const shown = sheetsAsShown(file);
    const rows = shown['Synthèse']!;
    const header = rows.findIndex((row) => row[0] === 'Nom');
    expect(rows[header]).toContain('HS +25 %');
    const total = rows[header + 1 + sheet.holders.length]!;
    expect(total[0]).toBe('Total');
    const sum = (f: (h: (typeof sheet.holders)[number]) => number) => sheet.holders.reduce((s, h) => s + f(h), 0);
    expect(total[3]).toBe(String(sum((h) => h.daysWorked)));
    const pairs: [number, number][] = [
      [4, sum((h) => h.workedMs)],
      [6, sum((h) => h.pauseMs)],
      [8, sum((h) => h.overtimeFirstMs)],
      [10, sum((h) => h.overtimeSecondMs)],
      [12, sum((h) => h.nightMs)],
      [14, sum((h) => h.sundayMs)],
      [16, sum((h) => h.holidayMs)],
    ];
    for (const [c, ms] of pairs) {
      expect(total[c], `column ${c}`).toBe(hm(ms));
      // Shown with two decimals: within half a hundredth of the engine's exact figure.
      expect(Math.abs(Number(total[c + 1]) - ms / 3_600_000), `column ${c + 1}`).toBeLessThanOrEqual(0.0051);
    }
    expect(total[18]).toBe(String(sum((h) => h.anomalyCount)));
    // Each holder's line too, in nom then prénom order.
    sheet.holders.forEach((h, i) => {
      const row = rows[header + 1 + i]!;
      expect([row[0], row[1], row[2], row[4]]).toEqual([h.nom, h.prenom, h.uid, hm(h.workedMs)]);
      expect(Math.abs(Number(row[5]) - h.workedMs / 3_600_000)).toBeLessThanOrEqual(0.0051);
    });
    // Accents, apostrophes, the "=" name: all as text.
    const flat = rows.map((r) => r.join('|')).join('\n');
    for (const name of ['LEFÈVRE|Sébastien', 'D’ARTOIS|Jean-Noël', 'DE LA FONTAINE|François', '=1+2|Hack']) expect(flat).toContain(name);
    expect(rows.find((r) => r[4] === 'Règles' || r[0] === 'Règles')?.[1]).toContain('Base 35 h');

    // Détail: week subtotals are formulas LibreOffice computes to the days above them.
    const detail = shown['Détail']!;
    const weekRow = detail.findIndex((r) => r[3] === 'Semaine');
    expect(weekRow).toBeGreaterThan(0);
    const days = [] as string[][];
    for (let i = weekRow - 1; detail[i]![3] !== 'Semaine' && detail[i]![0] !== 'Nom'; i--) days.push(detail[i]!);
    const dayMinutes = days.reduce((s, d) => s + Number(d[9]) * 60, 0);
    expect(Math.abs(Number(detail[weekRow]![9]) * 60 - dayMinutes)).toBeLessThan(1);
    expect(shown['Pointages']!.some((r) => r.includes('Déjeuner'))).toBe(true);
    expect(shown['Anomalies']!.some((r) => r.includes('Départ manquant'))).toBe(true);
  }, 120_000);
});

describe('corrections and closing a month', () => {
  it('a correction fixes a forgotten departure, shows in the workbook, can be undone; a closed month refuses it until reopened', async () => {
    const before = JSON.parse((await runCli([...base, 'export', '--month', '2026-10', '--format', 'json'])).stdout) as {
      uid: string;
      worked: number;
      anomalies: number;
    }[];
    const store = openStore(dataDir);
    const accountId = listAccounts(store.db)[0]!.id;
    const { sheet } = loadMonth(store.db, accountId, '2026-10');
    store.close();
    const holder = sheet.holders.find((h) => h.days.some((d) => d.anomalies.some((a) => a.kind === 'missing-departure')))!;
    const day = holder.days.find((d) => d.anomalies.some((a) => a.kind === 'missing-departure'))!;

    const add = await runCli([
      ...base,
      'corrections',
      'add',
      '--uid',
      holder.uid,
      '--at',
      `${day.day}T17:00`,
      '--type',
      'D',
      '--comment',
      'Oubli de badge, confirmé par le chef d’atelier',
    ]);
    expect(add.code).toBe(0);
    const after = JSON.parse((await runCli([...base, 'export', '--month', '2026-10', '--format', 'json'])).stdout) as {
      uid: string;
      worked: number;
      anomalies: number;
    }[];
    const b = before.find((x) => x.uid === holder.uid)!;
    const a = after.find((x) => x.uid === holder.uid)!;
    expect(a.anomalies).toBe(b.anomalies - 1);
    expect(a.worked).toBeGreaterThan(b.worked);

    const noComment = await runCli([...base, 'corrections', 'add', '--uid', holder.uid, '--at', `${day.day}T18:00`, '--type', 'D', '--comment', '  ']);
    expect(noComment.code).toBe(2);
    expect(noComment.stderr).toContain('« Commentaire » est obligatoire');

    const list = JSON.parse((await runCli([...base, 'corrections', 'list', '--month', '2026-10'])).stdout) as {
      id: number;
      comment: string;
      createdBy: string;
    }[];
    expect(list).toHaveLength(1);
    expect(list[0]!.comment).toContain('Oubli de badge');
    expect(list[0]!.createdBy.length).toBeGreaterThan(0);

    const early = await runCli([...base, 'month', 'close', '2026-09']);
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('n’a pas encore été exporté');
    // The CLI keeps its command line (the window has its own words and button).
    expect(early.stderr).toContain('festime-desk export --month 2026-09');
    // The machine's current month is not over: refused, with the day it can be (exit 2, as a wrong request).
    const current = todayIn(DEFAULT_SITE_ZONE).slice(0, 7);
    const notOver = await runCli([...base, 'month', 'close', current]);
    expect(notOver.code).toBe(2);
    expect(notOver.stderr).toContain(`Le mois ${current} n’est pas terminé : il pourra être clos à partir du ${addMonths(current, 1)}-01`);
    expect((await runCli([...base, 'month', 'close', '2026-10'])).code).toBe(0);
    const refused = await runCli([...base, 'corrections', 'undo', '--id', String(list[0]!.id)]);
    // Refused because the month is closed: exit 1 (2 is for a wrong command line).
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Le mois 2026-10 est clos');
    const noReason = await runCli([...base, 'month', 'reopen', '2026-10']);
    expect(noReason.code).toBe(2);
    expect((await runCli([...base, 'month', 'reopen', '2026-10', '--reason', 'Erreur signalée par la paie'])).code).toBe(0);
    expect((await runCli([...base, 'corrections', 'undo', '--id', String(list[0]!.id)])).code).toBe(0);
    const undone = JSON.parse((await runCli([...base, 'export', '--month', '2026-10', '--format', 'json'])).stdout) as { uid: string; worked: number }[];
    expect(undone.find((x) => x.uid === holder.uid)!.worked).toBe(b.worked);

    const s = openStore(dataDir);
    const audit = s.db.prepare("SELECT action, details FROM audit_log WHERE action LIKE 'month.%' OR action LIKE 'correction.%' ORDER BY id").all() as {
      action: string;
      details: string;
    }[];
    s.close();
    expect(audit.map((x) => x.action)).toEqual(['month.export', 'correction.add', 'month.close', 'month.reopen', 'correction.undo']);
    expect(audit[3]!.details).toContain('Erreur signalée par la paie');
  }, 120_000);
});
