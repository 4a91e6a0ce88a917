// Issue 13: every week counted in a month shown whole in its workbook (26 Oct–1 Nov 2026 counts in
// November: its October days and punches are there, marked), the week's overtime recomputed from its
// rows by a real spreadsheet application (LibreOffice); a closed month refuses a correction on any day
// of the weeks it counts, through the real CLI (exit 1, naming the month).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSimulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { loadMonth } from '../../main/core/timesheet/month';
import { closeMonth, monthsOfDay } from '../../main/core/timesheet/corrections';
import { openStore } from '../../main/core/store';
import { listAccounts } from '../../main/core/store/accounts';
import { DEFAULT_RULES, type MonthTimesheet } from '../../shared/timesheet';
import { pinCliClock, runCli } from '../helpers/cli';
import { sheetsAsShown } from '../helpers/libreoffice';

const NOW = new Date('2026-12-03T15:30:00Z');
// The CLI lives at the simulator's time: its sync window must not drift with the calendar.
pinCliClock(NOW);
const UID = '4242';
const HOUR = 3_600_000;
let dataDir: string;
let base: string[];
const env = { FESTIME_PASSWORD: DEMO_PASSWORD };

beforeAll(async () => {
  const sim = createSimulator({ now: () => NOW });
  const url = await sim.listen();
  // Monday 26 to Friday 30 October, 10 h a day (no pause), and Sunday 1 November, 4 h: a 54 h week
  // counted in November (its Sunday), 8 h at +25 % and 11 h at +50 %; November's own worked time is 4 h.
  for (const day of ['2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29', '2026-10-30']) {
    sim.addPunch('demo', { uid: UID, type: 'A', at: `${day}T08:00:00`, name: 'SEMAINE Entière' });
    sim.addPunch('demo', { uid: UID, type: 'D', at: `${day}T18:00:00`, name: 'SEMAINE Entière' });
  }
  sim.addPunch('demo', { uid: UID, type: 'A', at: '2026-11-01T08:00:00', name: 'SEMAINE Entière' });
  sim.addPunch('demo', { uid: UID, type: 'D', at: '2026-11-01T12:00:00', name: 'SEMAINE Entière' });
  dataDir = mkdtempSync(join(tmpdir(), 'festime-weeks-'));
  base = ['--server', url, '--login', 'demo', '--data-dir', dataDir];
  expect((await runCli([...base, 'sync'], { env, timeoutMs: 60_000 })).code).toBe(0);
  await sim.close(); // everything below works from the cache alone
}, 90_000);

const engine = (month: string): MonthTimesheet => {
  const store = openStore(dataDir);
  try {
    return loadMonth(store.db, listAccounts(store.db)[0]!.id, month).sheet;
  } finally {
    store.close();
  }
};
/** November closed as on NOW (3 December): the CLI reads the machine's clock, and a month is closed only once over. */
const closeNovember = () => {
  const store = openStore(dataDir);
  try {
    closeMonth(store.db, listAccounts(store.db)[0]!.id, '2026-11', 'paie', NOW);
  } finally {
    store.close();
  }
};
/** "54:00" → 54; "8:30" → 8.5. */
const hours = (shown: string | undefined) => {
  const [h, m] = (shown ?? '0:00').split(':').map(Number);
  return h! + m! / 60;
};
const overtime = (workedHours: number) => {
  const over = Math.max(0, workedHours - DEFAULT_RULES.weeklyBaseHours);
  const first = Math.min(over, DEFAULT_RULES.firstTierHours);
  return [first, over - first] as const;
};

describe('whole weeks in the workbook', () => {
  it('the engine keeps the month’s totals and gives the first week’s October days beside them', () => {
    const h = engine('2026-11').holders.find((x) => x.uid === UID)!;
    expect(h.days.map((d) => d.day)).toEqual(['2026-11-01']);
    expect(h.weekDays.map((d) => d.day)).toEqual(['2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29', '2026-10-30']);
    expect([h.workedMs, h.daysWorked, h.sundayMs, h.holidayMs]).toEqual([4 * HOUR, 1, 4 * HOUR, 4 * HOUR]);
    expect(h.weeks[0]).toMatchObject({ start: '2026-10-26', end: '2026-11-01', workedMs: 54 * HOUR, overtimeFirstMs: 8 * HOUR, overtimeSecondMs: 11 * HOUR });
    // October: those days are its own, the week is not (counted in November).
    const oct = engine('2026-10').holders.find((x) => x.uid === UID)!;
    expect(oct.days.map((d) => d.day)).toEqual(['2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29', '2026-10-30']);
    expect(oct.weeks.some((w) => w.start === '2026-10-26')).toBe(false);
    expect([oct.workedMs, oct.overtimeFirstMs]).toEqual([50 * HOUR, 0]);
  });

  it('export --format json: the old keys’ values as before (the October days in no November total), the new ones empty without a contract', async () => {
    const r = await runCli([...base, 'export', '--month', '2026-11', '--format', 'json']);
    expect(r.code).toBe(0);
    const row = (JSON.parse(r.stdout) as Record<string, unknown>[]).find((x) => x.uid === UID)!;
    expect(row).toEqual({
      uid: UID,
      nom: row.nom,
      prenom: row.prenom,
      daysWorked: 1,
      worked: 4,
      pause: 0,
      overtime25: 8,
      overtime50: 11,
      night: 0,
      sunday: 4,
      holiday: 4, // 1 November, la Toussaint
      anomalies: 0,
      matricule: null,
      contractType: null,
      contractHours: null,
      complementary10: 0,
      complementary25: 0,
      absences: {},
      holidayOff: 0,
      mayFirstWorked: 0,
      alerts: row.alerts,
      regularisations: [],
    });
    expect(row.alerts).toEqual([]); // the 10 h days without a pause are October's (its alerts)
  });

  it('November’s workbook: 26 Oct–1 Nov whole, October days and punches marked; LibreOffice’s SUMs are the engine’s weeks; overtime recomputed from the rows', async () => {
    const file = join(dataDir, 'novembre.xlsx');
    expect((await runCli([...base, 'export', '--month', '2026-11', '--out', file], { timeoutMs: 60_000 })).code).toBe(0);
    const sheet = engine('2026-11');
    const shown = sheetsAsShown(file);
    const detail = shown['Détail']!;
    const heading = detail.findIndex((r) => r[0] === 'Nom');
    const col = (name: string) => detail[heading]!.indexOf(name);
    const [DATE, WORKED, HOURS, OT25, OT50, NOTE] = ['Date', 'Travaillé', 'Travaillé (h)', 'HS +25 %', 'HS +50 %', 'Mois'].map(col);

    // The hand-made week: its October days marked, then 1 November, then the week's line.
    const mine = detail.filter((r) => r[2] === UID);
    // Dates as the date cells show them (jj/mm/aaaa), in the week's span too.
    expect(mine.map((r) => [r[DATE!], r[NOTE!]])).toEqual([
      ...['26/10/2026', '27/10/2026', '28/10/2026', '29/10/2026', '30/10/2026'].map((d) => [d, 'mois voisin (octobre 2026)']),
      ['01/11/2026', ''],
      ['du 26/10/2026 au 01/11/2026', ''],
    ]);
    const week = mine.at(-1)!;
    expect([week[WORKED!], week[HOURS!], week[OT25!], week[OT50!]]).toEqual(['54:00', '54.00', '8:00', '11:00']);

    // Every holder's every week: the SUM LibreOffice computes is the engine's week, and the overtime
    // shown is what the rules give from the rows above it.
    let checked = 0;
    for (let i = heading + 1; i < detail.length; i++) {
      const row = detail[i]!;
      if (row[3] !== 'Semaine') continue;
      const h = sheet.holders.find((x) => x.uid === row[2])!;
      const [dd, mm, yyyy] = row[4]!.slice(3, 13).split('/');
      const start = `${yyyy}-${mm}-${dd}`;
      const w = h.weeks.find((x) => x.start === start);
      let rowsHours = 0;
      for (let j = i - 1; detail[j]![3] !== 'Semaine' && j > heading; j--) rowsHours += Number(detail[j]![HOURS!] || 0);
      expect(Math.abs(Number(row[HOURS!]) - rowsHours)).toBeLessThan(0.011 * 7);
      if (!w) {
        expect(row[4]).toContain('semaine comptée en décembre 2026');
        continue;
      }
      expect(Math.abs(Number(row[HOURS!]) - w.workedMs / HOUR), `${h.uid} ${start}`).toBeLessThanOrEqual(0.0051);
      const [first, second] = overtime(w.workedMs / HOUR);
      expect(Math.abs(hours(row[OT25!]) - first), `${h.uid} ${start}`).toBeLessThan(1 / 60 + 1e-9);
      expect(Math.abs(hours(row[OT50!]) - second), `${h.uid} ${start}`).toBeLessThan(1 / 60 + 1e-9);
      checked++;
    }
    expect(checked).toBeGreaterThan(sheet.holders.length * 3);
    // The month's last day, in a week counted in December, says so.
    expect(detail.some((r) => r[DATE!] === '30/11/2026' && r[NOTE!] === 'semaine comptée en décembre 2026')).toBe(true);

    // Synthèse: the month's totals, the October days in none of them.
    const synth = shown['Synthèse']!;
    const top = synth.findIndex((r) => r[0] === 'Nom');
    const total = synth[top + 1 + sheet.holders.length]!;
    expect(total[0]).toBe('Total');
    const worked = sheet.holders.reduce((s, h) => s + h.workedMs, 0) / HOUR;
    expect(Math.abs(Number(total[5]) - worked)).toBeLessThanOrEqual(0.0051);
    const line = synth.find((r) => r[2] === UID)!;
    expect([line[4], line[8], line[10]]).toEqual(['4:00', '8:00', '11:00']);
    expect(synth[top]!.slice(20)).toEqual([
      'Matricule',
      'Heures contrat (h/sem.)',
      'HC +10 %',
      'HC +10 % (h)',
      'HC +25 %',
      'HC +25 % (h)',
      'Férié chômé (h)',
      '1er mai travaillé (h)',
    ]);

    // Pointages: the October days' punches, marked.
    const punches = shown['Pointages']!;
    const october = punches.filter((r) => r[3] === UID && r[0]!.endsWith('/10/2026'));
    expect(october).toHaveLength(10);
    for (const r of october) expect(r.at(-1)).toBe('mois voisin (octobre 2026)');
    expect(punches.filter((r) => r[3] === UID && r[0] === '01/11/2026').map((r) => r[10] ?? '')).toEqual(['', '']);
  }, 180_000);
});

describe('a closed month stays closed for the days of the weeks it counts', () => {
  it('the months a day changes: its own and its week’s Sunday’s', () => {
    expect(monthsOfDay('2026-10-30')).toEqual(['2026-10', '2026-11']);
    expect(monthsOfDay('2026-10-30T12:00:00')).toEqual(['2026-10', '2026-11']);
    expect(monthsOfDay('2026-11-01')).toEqual(['2026-11']);
    expect(monthsOfDay('2026-11-30')).toEqual(['2026-11', '2026-12']);
    expect(monthsOfDay('2026-10-25')).toEqual(['2026-10']);
  });

  it('November closed: a correction on 30 October is refused (exit 1, naming 2026-11); reopened: accepted, listed in November and in October', async () => {
    const file = join(dataDir, 'novembre-clos.xlsx');
    expect((await runCli([...base, 'export', '--month', '2026-11', '--out', file], { timeoutMs: 60_000 })).code).toBe(0);
    closeNovember();
    const add = ['corrections', 'add', '--uid', UID, '--at', '2026-10-30T12:00', '--type', 'P', '--comment', 'Pause oubliée, confirmée par le chef d’équipe'];
    const refused = await runCli([...base, ...add]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('2026-11');
    expect(refused.stderr).toContain('clos');
    // 25 October (a Sunday) is in October's own week: November closed changes nothing for it.
    const own = await runCli([...base, 'corrections', 'add', '--uid', UID, '--at', '2026-10-25T10:00', '--type', 'A', '--comment', 'Venu un dimanche']);
    expect(own.code).toBe(0);

    expect((await runCli([...base, 'month', 'reopen', '2026-11', '--reason', 'Pause oubliée signalée par la paie'])).code).toBe(0);
    const accepted = await runCli([...base, ...add]);
    expect(accepted.code).toBe(0);
    const list = async (month: string) =>
      (JSON.parse((await runCli([...base, 'corrections', 'list', '--month', month])).stdout) as { id: number; at: string; comment: string }[]).map((c) => c.at);
    expect(await list('2026-11')).toEqual(['2026-10-30T12:00:00']);
    expect(await list('2026-10')).toEqual(['2026-10-25T10:00:00', '2026-10-30T12:00:00']);

    // November closed again: undoing it is refused too; its week's overtime is November's.
    closeNovember();
    const id = (JSON.parse((await runCli([...base, 'corrections', 'list', '--month', '2026-11'])).stdout) as { id: number }[])[0]!.id;
    const undo = await runCli([...base, 'corrections', 'undo', '--id', String(id)]);
    expect(undo.code).toBe(1);
    expect(undo.stderr).toContain('2026-11');
  }, 120_000);
});
