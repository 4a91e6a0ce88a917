// Issue 23: a closed month stays as it was paid. Through the real CLI (child processes, clock pinned to
// the simulator's), a real SQLite cache and the simulator over loopback: November closed, then Festime
// changes it (a Saturday uploaded late, a departure removed), `sync --full` twice, and a correction on
// 1 December that would end one of November's night shifts. November's JSON, EVP file, workbook
// (read by LibreOffice) and statements stay as they were; the difference is December's
// regularisation in each of them, the EVP lines dated in November; the correction is refused, one
// that does not reach November is not; reopening November recomputes it and December carries nothing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { demoSite } from '../../main/core/festime/simulator/demo-site';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { pinCliClock, runCli } from '../helpers/cli';
import { sheetsAsShown } from '../helpers/libreoffice';

const NOW = new Date('2026-12-03T15:30:00Z');
pinCliClock(NOW);
const env = { FESTIME_PASSWORD: DEMO_PASSWORD };
const NIGHT = { uid: '7001', name: 'NUIT Paul' };
const LATE = { uid: '7002', name: 'TARD Léa' };

let sim: Simulator;
let dataDir: string;
let base: string[];
const cli = (args: string[]) => runCli([...base, ...args], { env, timeoutMs: 60_000 });
const ok = async (args: string[]) => {
  const r = await cli(args);
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
};
const json = async (month: string) => JSON.parse((await ok(['export', '--month', month, '--format', 'json'])).stdout) as Record<string, unknown>[];
const file = (name: string) => join(dataDir, name);
const text = (name: string) => readFileSync(file(name), 'utf8');
/** The statements as read, less the footer's "generated at" (the only thing that says when they were made). */
const pdfText = (name: string) =>
  execFileSync('pdftotext', ['-layout', file(name), '-'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => !/Généré le|Données jusqu/.test(l))
    .join('\n');
/** A workbook's sheets as LibreOffice shows them, from each sheet's headings on (the title block says when it was made). */
const workbook = (name: string) =>
  Object.fromEntries(
    Object.entries(sheetsAsShown(file(name))).map(([sheet, rows]) => [sheet, rows.slice(rows.findIndex((r) => r[0] === 'Nom' || r[0] === 'N°'))]),
  );
let punchId: (uid: string, at: string) => number;

beforeAll(async () => {
  sim = createSimulator({
    now: () => NOW,
    accounts: [{ login: 'demo', password: DEMO_PASSWORD, label: 'Atelier des Nuits', site: { ...demoSite('demo'), people: [] } }],
  });
  const url = await sim.listen();
  const work = (who: { uid: string; name: string }, from: string, to: string) => {
    sim.addPunch('demo', { uid: who.uid, type: 'A', at: from, name: who.name });
    sim.addPunch('demo', { uid: who.uid, type: 'D', at: to, name: who.name });
  };
  // November 2026 begins on a Sunday. A night worker, 22:00–06:00 on weeknights, the last one
  // on Monday 30 November ending on Tuesday 1 December; a day worker, 7 h on weekdays.
  for (let d = 2; d <= 30; d++) {
    const day = `2026-11-${String(d).padStart(2, '0')}`;
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const next = d === 30 ? '2026-12-01' : `2026-11-${String(d + 1).padStart(2, '0')}`;
    work(NIGHT, `${day}T22:00:00`, `${next}T06:00:00`);
    work(LATE, `${day}T08:00:00`, `${day}T15:00:00`);
  }
  dataDir = mkdtempSync(join(tmpdir(), 'festime-closed-'));
  base = ['--server', url, '--login', 'demo', '--data-dir', dataDir];
  await ok(['sync']);
  await ok(['employees', 'set', '--uid', NIGHT.uid, '--matricule', 'N001', '--night-worker']);
  await ok(['employees', 'set', '--uid', LATE.uid, '--matricule', 'T002']);
  punchId = (uid, at) => {
    const db = new Database(join(dataDir, 'festime-desk.sqlite'), { readonly: true });
    try {
      return db.prepare('SELECT id FROM punches WHERE uid = ? AND at = ?').pluck().get(uid, at) as number;
    } finally {
      db.close();
    }
  };
}, 120_000);

describe('a closed month', () => {
  let paid: { json: Record<string, unknown>[]; evp: string; book: Record<string, string[][]>; pdf: string };

  it('is closed once exported; its figures are stored', async () => {
    // Closed a few minutes after the sync that brought its punches.
    pinCliClock(new Date(NOW.getTime() + 5 * 60_000));
    await ok(['export', '--month', '2026-11', '--out', file('nov-paid.xlsx')]);
    await ok(['month', 'close', '2026-11']);
    await ok(['export', '--month', '2026-11', '--format', 'evp', '--out', file('nov-paid.csv')]);
    await ok(['export', '--month', '2026-11', '--format', 'pdf', '--out', file('nov-paid.pdf')]);
    paid = { json: await json('2026-11'), evp: text('nov-paid.csv'), book: workbook('nov-paid.xlsx'), pdf: pdfText('nov-paid.pdf') };
    const late = paid.json.find((h) => h.uid === LATE.uid)!;
    expect(late).toMatchObject({ worked: 147, overtime25: 0, anomalies: 0, regularisations: [] });
  }, 120_000);

  it('does not move when Festime changes it: the difference is December’s regularisation, said by the sync', async () => {
    // A Saturday uploaded late (4 h: the week of 16 November goes to 39 h) and a departure removed at Festime (10 November: 7 h less).
    sim.addPunch('demo', { uid: LATE.uid, type: 'A', at: '2026-11-21T08:00:00', name: LATE.name });
    sim.addPunch('demo', { uid: LATE.uid, type: 'D', at: '2026-11-21T12:00:00', name: LATE.name });
    sim.removePunch('demo', punchId(LATE.uid, '2026-11-10T15:00:00'));
    pinCliClock(new Date(NOW.getTime() + 10 * 60_000));
    const first = await ok(['sync', '--full']);
    expect(first.stderr + first.stdout).toContain(
      'Festime a changé 2 pointage(s) de novembre 2026 (mois clos) : reporté(s) en régularisation sur décembre 2026.',
    );
    // The removal is confirmed by the next answers (two, and that day's own), ten minutes later.
    pinCliClock(new Date(NOW.getTime() + 15 * 60_000));
    const second = await ok(['sync', '--full']);
    // Said with all that changed since November was closed.
    expect(second.stderr + second.stdout).toContain('Festime a changé 3 pointage(s) de novembre 2026 (mois clos)');
    pinCliClock(new Date(NOW.getTime() + 25 * 60_000));
    const third = await ok(['sync', '--full']);
    expect(third.stderr + third.stdout).not.toContain('mois clos');

    // November as it was paid, in every output.
    expect(await json('2026-11')).toEqual(paid.json);
    await ok(['export', '--month', '2026-11', '--format', 'evp', '--out', file('nov-after.csv')]);
    expect(text('nov-after.csv')).toBe(paid.evp);
    await ok(['export', '--month', '2026-11', '--out', file('nov-after.xlsx')]);
    expect(workbook('nov-after.xlsx')).toEqual(paid.book);
    await ok(['export', '--month', '2026-11', '--format', 'pdf', '--out', file('nov-after.pdf')]);
    expect(pdfText('nov-after.pdf')).toBe(paid.pdf);

    // December carries the difference: +4 h worked −7 h worked = −3 h, and 4 h of overtime at +25 %.
    const december = await json('2026-12');
    const late = december.find((h) => h.uid === LATE.uid)!;
    expect(late.regularisations).toEqual([
      { month: '2026-11', key: 'worked', quantity: -3 },
      { month: '2026-11', key: 'overtime25', quantity: 4 },
    ]);
    expect(late.worked).toBe(0); // December's own hours are December's (none for her)
    expect(december.find((h) => h.uid === NIGHT.uid)!.regularisations).toEqual([]);

    // The EVP file: her regularisation's lines dated in November (normal hours −7, overtime +4).
    await ok(['export', '--month', '2026-12', '--format', 'evp', '--out', file('dec.csv')]);
    const lines = text('dec.csv')
      .replace(/^\ufeff/, '')
      .split('\r\n')
      .filter((l) => l.startsWith('T002;'));
    expect(lines).toEqual([
      'T002;TARD;Léa;HN;Heures normales;-7,00;h;01/11/2026;30/11/2026',
      'T002;TARD;Léa;HS25;Heures supplémentaires à 25 %;4,00;h;01/11/2026;30/11/2026',
    ]);
    // The workbook: a Régularisations sheet (LibreOffice shows its numbers with its own locale's point).
    await ok(['export', '--month', '2026-12', '--out', file('dec.xlsx')]);
    const sheets = sheetsAsShown(file('dec.xlsx'));
    const regs = sheets['Régularisations']!;
    expect(regs.filter((r) => r[2] === LATE.uid).map((r) => [r[4], r[5], r[6], r[7], r[8]])).toEqual([
      ['novembre 2026 (2026-11)', '01/11/2026', '30/11/2026', 'Travaillé', '-3.00'],
      ['novembre 2026 (2026-11)', '01/11/2026', '30/11/2026', 'HS +25 %', '4.00'],
    ]);
    // Her statement: the section, signed.
    await ok(['export', '--month', '2026-12', '--format', 'pdf', '--uid', LATE.uid, '--out', file('dec-late.pdf')]);
    const statement = pdfText('dec-late.pdf');
    expect(statement).toContain('Régularisations');
    expect(statement).toMatch(/novembre 2026\s+Heures travaillées\s+−3:00 \(3,00 h\)/);
    expect(statement).toMatch(/novembre 2026\s+Heures supplémentaires \+25 %\s+\+4:00 \(4,00 h\)/);
  }, 240_000);

  it('refuses a correction that would change it, whatever its date; one that does not reach it is taken', async () => {
    // The 06:00 departure of 1 December ends the night shift of 30 November: November's.
    const departure = punchId(NIGHT.uid, '2026-12-01T06:00:00');
    const refused = await cli(['corrections', 'ignore', '--id', String(departure), '--comment', 'badge oublié']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Le mois 2026-11 est clos');
    // A punch added on the afternoon of 1 December changes no November figure.
    await ok(['corrections', 'add', '--uid', LATE.uid, '--at', '2026-12-01T14:00', '--type', 'A', '--comment', 'arrivée oubliée']);
    expect(await json('2026-11')).toEqual(paid.json);
  }, 120_000);

  it('reopened, is computed again from the record, and December carries nothing of it', async () => {
    await ok(['month', 'reopen', '2026-11', '--reason', 'régularisation intégrée au mois']);
    const late = (await json('2026-11')).find((h) => h.uid === LATE.uid)!;
    // The removed departure: a punch Festime removed, and a shift without its departure.
    expect(late).toMatchObject({ worked: 144, overtime25: 4, anomalies: 2 });
    expect((await json('2026-12')).find((h) => h.uid === LATE.uid)?.regularisations ?? []).toEqual([]);
  }, 120_000);
});
