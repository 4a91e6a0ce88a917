// Employee records and absences through the CLI as a user runs it (a child process, a real SQLite
// file, the simulator over loopback): contract versions, validation, absences, the closed month, the audit.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractOn, type AbsenceRow, type EmployeeRow } from '../../shared/employees';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { pinCliClock, runCli } from '../helpers/cli';

const NOW = new Date('2026-11-25T15:30:00Z');
// The CLI lives at the simulator's time: its sync window must not drift with the calendar.
pinCliClock(NOW);
const UID = '100200300'; // MARTIN Élodie
const OTHER = '100208219'; // BERNARD Mathieu
let sim: Simulator;
let dataDir: string;
let base: string[];

beforeAll(async () => {
  sim = createSimulator({ now: () => NOW });
  const url = await sim.listen();
  dataDir = mkdtempSync(join(tmpdir(), 'festime-employees-'));
  base = ['--server', url, '--login', 'demo', '--data-dir', dataDir];
  expect((await cli(['sync'])).code).toBe(0);
});
afterAll(() => sim.close());

const cli = (args: string[]) => runCli([...base, ...args], { env: { FESTIME_PASSWORD: DEMO_PASSWORD } });

describe('employees', () => {
  it('set and list: a contract change mid-month makes two versions; the right one is in force each day', async () => {
    const first = await cli([
      'employees',
      'set',
      '--uid',
      UID,
      '--matricule',
      'M0001',
      '--contract',
      'full-time',
      '--weekly-hours',
      '39',
      '--from',
      '2026-10-01',
    ]);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('Contrat de 100200300 enregistré à partir du 2026-10-01');
    const second = await cli([
      'employees',
      'set',
      '--uid',
      UID,
      '--contract',
      'part-time',
      '--weekly-hours',
      '28',
      '--days',
      'mon,tue,thu,fri',
      '--from',
      '2026-10-16',
    ]);
    expect(second.code).toBe(0);
    // The same day again updates that version (no third one).
    expect((await cli(['employees', 'set', '--uid', UID, '--night-worker', '--from', '2026-10-16'])).code).toBe(0);

    const rows = JSON.parse((await cli(['employees', 'list', '--format', 'json'])).stdout) as EmployeeRow[];
    const me = rows.find((r) => r.uid === UID)!;
    expect(me.nom).toBe('MARTIN');
    expect(me.versions.map((v) => v.from)).toEqual(['2026-10-01', '2026-10-16']);
    expect(contractOn(me.versions, '2026-10-15')).toMatchObject({ type: 'full-time', weeklyHours: 39, matricule: 'M0001', nightWorker: false });
    // The new version copies the one in force that day: the matricule stays.
    expect(contractOn(me.versions, '2026-10-20')).toMatchObject({
      type: 'part-time',
      weeklyHours: 28,
      matricule: 'M0001',
      days: ['mon', 'tue', 'thu', 'fri'],
      nightWorker: true,
    });
    expect(contractOn(me.versions, '2026-09-30')).toBeNull();
    expect(me.current).toMatchObject({ from: '2026-10-16', weeklyHours: 28 });
    // Every holder is listed, with or without a contract.
    expect(rows.find((r) => r.uid === OTHER)).toMatchObject({ current: null, versions: [] });

    const table = await cli(['employees', 'list']);
    expect(table.code).toBe(0);
    const line = table.stdout.split('\n').find((l) => l.startsWith(UID))!;
    expect(line).toMatch(/MARTIN Élodie\s+M0001\s+temps partiel\s+28\s+mon,tue,thu,fri\s+oui/);
  }, 60_000);

  it('a first contract without --from covers the past from the start date', async () => {
    expect((await cli(['employees', 'set', '--uid', OTHER, '--matricule', 'M0002', '--start', '2019-03-01'])).code).toBe(0);
    const rows = JSON.parse((await cli(['employees', 'list', '--format', 'json'])).stdout) as EmployeeRow[];
    expect(rows.find((r) => r.uid === OTHER)!.versions).toMatchObject([{ from: '2019-03-01', start: '2019-03-01', type: 'full-time', weeklyHours: 35 }]);
  });

  it.each([
    [
      ['--contract', 'part-time', '--weekly-hours', '36'],
      /--weekly-hours : Le champ « Heures hebdomadaires » d’un temps partiel doit être inférieur à 35 heures/,
    ],
    [['--contract', 'full-time', '--weekly-hours', '50'], /--weekly-hours : Le champ « Heures hebdomadaires » doit valoir au plus 48/],
    [['--contract', 'full-time', '--weekly-hours', '30'], /Le champ « Heures hebdomadaires » d’un temps plein doit être compris entre 35 et 48 heures/],
    [['--matricule', 'M\u200b01'], /--matricule : Le champ « Matricule » contient un caractère interdit \(U\+200B\)/],
    [['--matricule', 'X'.repeat(41)], /« Matricule » est trop long \(40 caractères au plus\)/],
    [
      ['--start', '2026-05-01', '--end', '2026-04-30'],
      /--end : Le champ « Date de sortie » \(2026-04-30\) ne peut pas précéder la date d’entrée \(2026-05-01\)/,
    ],
    [['--days', 'mon,xyz'], /--days : Le champ « Jours travaillés » n’a pas une valeur acceptée/],
    [['--contract', 'half-time'], /--contract/],
  ])('refused with exit 2: %j', async (args, message) => {
    const r = await cli(['employees', 'set', '--uid', UID, '--from', '2026-11-01', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('in English too; an unknown uid is said as such', async () => {
    const en = await cli(['--lang', 'en', 'employees', 'set', '--uid', UID, '--contract', 'part-time', '--weekly-hours', '36']);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain('The “Weekly hours” field of a part-time contract must be under 35 hours (got 36)');
    const unknown = await cli(['employees', 'set', '--uid', '999', '--matricule', 'X']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Badgé introuvable : 999.');
  });
});

describe('absences', () => {
  it('add, list, remove; overlaps refused; a half day only for one day; audited', async () => {
    const week = await cli(['absences', 'add', '--uid', UID, '--from', '2026-11-02', '--to', '2026-11-06', '--code', 'CP', '--comment', 'Congés']);
    expect(week.code).toBe(0);
    expect(week.stderr).toMatch(/Absence n° \d+ enregistrée/);

    const overlap = await cli(['absences', 'add', '--uid', UID, '--from', '2026-11-06', '--code', 'MAL', '--comment', 'Malade']);
    expect(overlap.code).toBe(2);
    expect(overlap.stderr).toContain('ce badgé a déjà une absence CP du 2026-11-02 au 2026-11-06');
    // Another holder the same days: no clash.
    expect((await cli(['absences', 'add', '--uid', OTHER, '--from', '2026-11-06', '--code', 'mal', '--comment', 'Malade'])).code).toBe(0);

    expect((await cli(['absences', 'add', '--uid', UID, '--from', '2026-11-09', '--half', 'am', '--code', 'RTT', '--comment', 'RTT matin'])).code).toBe(0);
    expect((await cli(['absences', 'add', '--uid', UID, '--from', '2026-11-09', '--half', 'pm', '--code', 'FOR', '--comment', 'Formation'])).code).toBe(0);
    const sameHalf = await cli(['absences', 'add', '--uid', UID, '--from', '2026-11-09', '--half', 'pm', '--code', 'CP', '--comment', 'x']);
    expect(sameHalf.code).toBe(2);
    const range = await cli(['absences', 'add', '--uid', UID, '--from', '2026-11-16', '--to', '2026-11-17', '--half', 'am', '--code', 'CP', '--comment', 'x']);
    expect(range.code).toBe(2);
    expect(range.stderr).toContain('--half : Le champ « Demi-journée » ne vaut que pour une absence d’un seul jour');
    const backwards = await cli(['absences', 'add', '--uid', UID, '--from', '2026-11-17', '--to', '2026-11-16', '--code', 'CP', '--comment', 'x']);
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toContain('--to : Le champ « Au » (2026-11-16) ne peut pas précéder le premier jour (2026-11-17)');
    const tooLong = await cli(['absences', 'add', '--uid', UID, '--from', '2026-01-01', '--to', '2027-01-02', '--code', 'MAL', '--comment', 'x']);
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toContain('366 jours au plus');
    const badCode = await cli(['absences', 'add', '--uid', UID, '--from', '2026-11-20', '--code', 'XYZ', '--comment', 'x']);
    expect(badCode.code).toBe(2);
    expect(badCode.stderr).toContain('le code XYZ n’est pas dans la liste (CP, RTT, MAL, AT, MAT, CSS, ABS, FOR, EVT)');
    const noComment = await cli(['absences', 'add', '--uid', UID, '--from', '2026-11-20', '--code', 'CP', '--comment', '  ']);
    expect(noComment.code).toBe(2);
    expect(noComment.stderr).toContain('« Commentaire » est obligatoire');

    const list = JSON.parse((await cli(['absences', 'list', '--month', '2026-11', '--format', 'json'])).stdout) as AbsenceRow[];
    expect(list.map((a) => [a.uid, a.code, a.from, a.to, a.half])).toEqual([
      [UID, 'CP', '2026-11-02', '2026-11-06', null],
      [OTHER, 'MAL', '2026-11-06', '2026-11-06', null],
      [UID, 'RTT', '2026-11-09', '2026-11-09', 'am'],
      [UID, 'FOR', '2026-11-09', '2026-11-09', 'pm'],
    ]);
    expect(list[0]).toMatchObject({ name: 'MARTIN Élodie', comment: 'Congés', removedAt: null });

    const removed = await cli(['absences', 'remove', '--id', String(list[0]!.id)]);
    expect(removed.code).toBe(0);
    expect(removed.stderr).toContain(`Absence n° ${list[0]!.id} retirée`);
    expect((await cli(['absences', 'remove', '--id', String(list[0]!.id)])).stderr).toContain(`Absence introuvable : ${list[0]!.id}`);
    const table = await cli(['absences', 'list', '--month', '2026-11']);
    expect(table.stdout).toMatch(/MARTIN Élodie\s+2026-11-02\s+2026-11-06\s+CP\s+Congés\s+oui/);
    expect(table.stderr).toContain('3 absence(s).');
    // Removed, the days are free again.
    expect((await cli(['absences', 'add', '--uid', UID, '--from', '2026-11-05', '--code', 'MAL', '--comment', 'Malade'])).code).toBe(0);

    const db = new Database(join(dataDir, 'festime-desk.sqlite'), { readonly: true });
    const actions = db.prepare("SELECT action, details FROM audit_log WHERE action LIKE 'absence.%' OR action = 'employee.set' ORDER BY id").all() as {
      action: string;
      details: string;
    }[];
    db.close();
    expect(actions.filter((a) => a.action === 'absence.add')).toHaveLength(5);
    expect(actions.filter((a) => a.action === 'absence.remove')).toEqual([{ action: 'absence.remove', details: JSON.stringify({ id: list[0]!.id }) }]);
    expect(actions.filter((a) => a.action === 'employee.set').length).toBeGreaterThanOrEqual(4);
    expect(JSON.parse(actions.find((a) => a.action === 'employee.set')!.details)).toMatchObject({ uid: UID, from: '2026-10-01', matricule: 'M0001' });
  }, 120_000);

  it('a closed month refuses an absence, added or removed, with exit 1 and the month named', async () => {
    const october = await cli(['absences', 'add', '--uid', OTHER, '--from', '2026-10-12', '--code', 'CP', '--comment', 'Congé']);
    expect(october.code).toBe(0);
    const out = join(dataDir, 'octobre.xlsx');
    expect((await cli(['export', '--month', '2026-10', '--out', out])).code).toBe(0);
    expect((await cli(['month', 'close', '2026-10'])).code).toBe(0);

    const refused = await cli(['absences', 'add', '--uid', UID, '--from', '2026-10-05', '--code', 'MAL', '--comment', 'Malade']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Le mois 2026-10 est clos');
    // A range that only ends in the closed month is refused too.
    const across = await cli(['absences', 'add', '--uid', UID, '--from', '2026-09-28', '--to', '2026-10-02', '--code', 'CP', '--comment', 'x']);
    expect(across.code).toBe(1);
    expect(across.stderr).toContain('Le mois 2026-10 est clos');
    const list = JSON.parse((await cli(['absences', 'list', '--month', '2026-10', '--format', 'json'])).stdout) as AbsenceRow[];
    const remove = await cli(['absences', 'remove', '--id', String(list[0]!.id)]);
    expect(remove.code).toBe(1);
    expect(remove.stderr).toContain('Le mois 2026-10 est clos');
    // November is open.
    expect((await cli(['absences', 'add', '--uid', OTHER, '--from', '2026-11-12', '--code', 'CP', '--comment', 'Congé'])).code).toBe(0);
  }, 120_000);

  it('a closed month refuses a contract change reaching its days; the payroll number may still be corrected; a first contract starts after it', async () => {
    // October is closed (the test above).
    const refused = await cli(['employees', 'set', '--uid', UID, '--weekly-hours', '30', '--from', '2026-10-20']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Le mois 2026-10 est clos');
    // From 1 September to MARTIN's next version (1 October): 28–30 September are in October's first counted week.
    const spanning = await cli(['employees', 'set', '--uid', UID, '--contract', 'full-time', '--weekly-hours', '35', '--from', '2026-09-01']);
    expect(spanning.code).toBe(1);
    expect(spanning.stderr).toContain('Le mois 2026-10 est clos');
    // The payroll number alone changes no figure: corrected in the version of 16 October, in force in the closed month.
    const renumbered = await cli(['employees', 'set', '--uid', UID, '--matricule', 'M0001-B', '--from', '2026-10-16']);
    expect(renumbered.code).toBe(0);
    // From 26 October: its week counts in November, but 26–31 October are October's own days: refused; from 1 November: allowed.
    expect((await cli(['employees', 'set', '--uid', UID, '--weekly-hours', '30', '--from', '2026-10-26'])).code).toBe(1);
    expect((await cli(['employees', 'set', '--uid', UID, '--weekly-hours', '30', '--from', '2026-11-01'])).code).toBe(0);
    // A first contract without --from: after the last closed month, not from 2000.
    const third = '100216138';
    const first = await cli(['employees', 'set', '--uid', third, '--matricule', 'M0003']);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('enregistré à partir du 2026-11-01');
    // Reopened, October takes a change again.
    expect((await cli(['month', 'reopen', '2026-10', '--reason', 'contrat corrigé'])).code).toBe(0);
    expect((await cli(['employees', 'set', '--uid', UID, '--weekly-hours', '30', '--from', '2026-10-20'])).code).toBe(0);
  }, 120_000);
});
