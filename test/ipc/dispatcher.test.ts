// The handler table every door uses: unknown methods, bad arguments and untrusted senders are
// refused; errors cross as translatable values; no handler ever returns the password.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { METHOD_NAMES, type AppInfo, type EventName, type MethodName, type Settings } from '../../shared/api';
import { ABSENCE_CODES, DEFAULT_ABSENCE_CODES, type AbsenceRow, type EmployeeRow } from '../../shared/employees';
import { createAppService, type AppService } from '../../main/core/app/service';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { createNodeTransport, type NodeTransport } from '../../main/core/festime/transport';
import { noopLogger } from '../../main/core/log';
import { createKeytarStore } from '../../main/core/secrets';
import { createDispatcher, type Dispatch } from '../../main/ipc/dispatcher';
import { addMonths } from '../../shared/time';

let sim: Simulator;
let url: string;
let transport: NodeTransport;
let service: AppService;
let dispatch: Dispatch;
const events: [EventName, unknown][] = [];
const trusted = { trusted: true };

beforeEach(async () => {
  sim = createSimulator({ now: () => new Date('2026-11-25T15:30:00Z') });
  url = await sim.listen();
  transport = createNodeTransport();
  events.length = 0;
  service = createAppService({
    dataDir: mkdtempSync(join(tmpdir(), 'festime-ipc-')),
    version: 'test',
    credentials: createKeytarStore(),
    transport,
    emit: (event, payload) => events.push([event, payload]),
    lang: () => 'fr',
    actor: 'gerante',
    logger: noopLogger,
    now: () => new Date('2026-11-25T15:30:00Z'),
    deliver: async () => ({ savedTo: null, download: '/download/test' }),
  });
  dispatch = createDispatcher(service.handlers, () => 'fr');
});
afterEach(async () => {
  await service.close();
  await createKeytarStore().delete(url, 'demo');
  await transport.close();
  await sim.close();
});

describe('dispatcher', () => {
  it('refuses an unknown method, by name, without calling anything', async () => {
    const r = await dispatch('shell/openExternal', { url: 'https://evil.example' }, trusted);
    expect(r).toMatchObject({ ok: false, error: { code: 'ipc.unknown-method' } });
    expect(!r.ok && r.error.message).toContain('« shell/openExternal » n’existe pas');
    expect(await dispatch('__proto__', {}, trusted)).toMatchObject({ ok: false, error: { code: 'ipc.unknown-method' } });
    expect(await dispatch('constructor', {}, trusted)).toMatchObject({ ok: false, error: { code: 'ipc.unknown-method' } });
  });

  it('refuses a call from an untrusted sender before anything else', async () => {
    const r = await dispatch('app/info', {}, { trusted: false });
    expect(r).toMatchObject({ ok: false, error: { code: 'ipc.sender' } });
  });

  it('refuses a bad argument, naming the field', async () => {
    const r = await dispatch('punches/query', { limit: 100_000 }, trusted);
    expect(r).toMatchObject({ ok: false, error: { code: 'validation.field' } });
    expect(!r.ok && r.error.message).toContain('limit');
    const date = await dispatch('punches/query', { from: '2026-02-30' }, trusted);
    expect(!date.ok && date.error.code).toBe('validation.field');
  });

  it('a bound exceeded is "too long", named by the field’s label', async () => {
    const long = await dispatch('corrections/add', { uid: '1', type: 'D', at: '2026-11-02T17:00', comment: 'x'.repeat(501) }, trusted);
    expect(long).toMatchObject({ ok: false, error: { code: 'validation.field', key: 'errors.validation.tooLong', params: { field: 'comment', max: 500 } } });
    expect((long as { error: { message: string } }).error.message).toBe('Le champ « Commentaire » est trop long (500 caractères au plus).');
  });

  it('errors are values with a code and a French message, never a stack', async () => {
    const r = await dispatch('punches/query', {}, trusted);
    expect(r).toMatchObject({ ok: false, error: { code: 'app.no-account' } });
    expect(JSON.stringify(r)).not.toMatch(/at .*\.ts:\d+|Error:/);
    const wrong = await dispatch('accounts/connect', { server: url, login: 'demo', password: 'wrong-password' }, trusted);
    expect(wrong).toMatchObject({ ok: false, error: { code: 'festime.refused' } });
    expect(JSON.stringify(wrong)).not.toContain('wrong-password');
  });

  it('connect keeps the password in the keychain; no handler ever returns it', async () => {
    const connected = await dispatch('accounts/connect', { server: url, login: 'demo', password: DEMO_PASSWORD, label: 'Atelier' }, trusted);
    expect(connected).toMatchObject({ ok: true, value: { login: 'demo', label: 'Atelier', hasPassword: true } });
    expect(await createKeytarStore().get(url, 'demo')).toBe(DEMO_PASSWORD);
    const sync = await dispatch('sync/run', {}, trusted);
    expect(sync).toMatchObject({ ok: true });
    expect(events.some(([e]) => e === 'sync/progress')).toBe(true);
    const outcomes = await Promise.all([
      dispatch('app/info', {}, trusted),
      dispatch('punches/query', { limit: 5 }, trusted),
      dispatch('holders/list', {}, trusted),
      dispatch('sync/status', {}, trusted),
    ]);
    for (const o of outcomes) expect(o.ok).toBe(true);
    const everything = JSON.stringify([connected, sync, outcomes, events]);
    for (const secret of [DEMO_PASSWORD, encodeURIComponent(DEMO_PASSWORD)]) expect(everything).not.toContain(secret);
    const info = (outcomes[0] as { value: AppInfo }).value;
    expect(info.accounts).toHaveLength(1);
    expect(info.currentAccountId).toBe(info.accounts[0]!.id);
    expect((outcomes[1] as { value: { total: number; rows: unknown[] } }).value.rows).toHaveLength(5);
  });

  it('every method of the contract, called once: none answers with the password', async () => {
    await dispatch('accounts/connect', { server: url, login: 'demo', password: DEMO_PASSWORD }, trusted);
    await dispatch('sync/run', {}, trusted);
    const punch = ((await dispatch('punches/query', { limit: 1 }, trusted)) as { value: { rows: { id: number; uid: string; at: string }[] } }).value.rows[0]!;
    const lastMonth = addMonths(punch.at.slice(0, 7), -1);
    const samples: Record<MethodName, unknown> = {
      'app/info': {},
      'app/health': {},
      'accounts/connect': { server: url, login: 'demo', password: DEMO_PASSWORD },
      'accounts/select': { id: 1 },
      'accounts/demo': {},
      'accounts/forget': {},
      'punches/query': { text: 'a' },
      'punches/access-points': {},
      'punches/fetch': { day: punch.at.slice(0, 10) },
      'presence/day': { day: punch.at.slice(0, 10) },
      'presence/rollcall': {},
      'holders/list': {},
      'holders/create': { uid: '77', nom: 'NOUVEAU', prenom: 'Léa' },
      'holders/edit': { uid: '77', nom: 'NOUVEAU', prenom: 'Léna' },
      'holders/delete': { uid: '77', nom: 'NOUVEAU', prenom: 'Léna' },
      'holders/cancel': { id: 1 },
      'holders/pending': {},
      'holders/replace': { uid: punch.uid, newUid: '78' },
      'holders/resolve': { uid: '77', choice: 'keep-festime' },
      'holders/fix': { uid: punch.uid, nom: 'NOM', prenom: 'Prénom' },
      'terminals/info': {},
      'terminals/last-known': {},
      'terminals/push-users': {},
      'terminals/push-reasons': {},
      'terminals/empty': { confirm: 'pas le mot' },
      'timesheet/month': { month: punch.at.slice(0, 7) },
      'timesheet/day': { uid: punch.uid, day: punch.at.slice(0, 10) },
      // Last month: the current one cannot be closed yet.
      'timesheet/export': { month: lastMonth },
      'employee/month': { uid: punch.uid, month: punch.at.slice(0, 7) },
      'corrections/add': { uid: punch.uid, type: 'D', at: `${punch.at.slice(0, 10)}T18:00`, comment: 'oubli' },
      'corrections/ignore': { punchId: punch.id, comment: 'doublon' },
      'corrections/keep': { punchId: punch.id, comment: 'a bien badgé' },
      'corrections/reading': { punchId: punch.id, occurrence: 2, comment: 'la seconde 02:30' },
      'corrections/undo': { id: 1 },
      'corrections/list': {},
      'month/close': { month: lastMonth },
      'month/reopen': { month: lastMonth, reason: 'erreur' },
      'review/list': {},
      'settings/get': {},
      'settings/set': { language: 'fr' },
      'employees/list': {},
      'employees/set': { uid: punch.uid, matricule: 'M0001', type: 'part-time', weeklyHours: 28 },
      'absences/add': { uid: punch.uid, from: punch.at.slice(0, 10), code: 'CP', comment: 'congé' },
      'absences/list': { month: punch.at.slice(0, 7) },
      // The one added just before (its id set from that answer below: the demo came with its own).
      'absences/remove': { id: 0 },
      'backup/list': {},
      'backup/now': {},
      'backup/restore': {},
      'retention/purge': {},
      'sync/run': {},
      'sync/cancel': {},
      'sync/status': {},
    };
    expect(Object.keys(samples).sort()).toEqual([...METHOD_NAMES].sort());
    const answers: unknown[] = [];
    for (const name of METHOD_NAMES) {
      const answer = await dispatch(name, samples[name], trusted);
      answers.push(answer);
      if (name === 'absences/add' && answer.ok) samples['absences/remove'] = { id: (answer.value as { id: number }).id };
      // The demo account becomes the current one: back to the connected account for the rest.
      if (name === 'accounts/demo') await dispatch('accounts/select', { id: 1 }, trusted);
      // The password was removed from the keychain: saved again for the rest.
      if (name === 'accounts/forget') await dispatch('accounts/connect', { server: url, login: 'demo', password: DEMO_PASSWORD }, trusted);
    }
    const refused = METHOD_NAMES.filter((_, i) => !(answers[i] as { ok: boolean }).ok);
    // Only these are meant to be refused here: a wrong confirmation word, a change already settled, a badge not à vérifier,
    // keeping a punch Festime still has, reading twice a time the clocks never repeated.
    expect(refused).toEqual(['holders/cancel', 'holders/resolve', 'terminals/empty', 'corrections/keep', 'corrections/reading']);
    const cancelled = answers[METHOD_NAMES.indexOf('holders/cancel')] as { error: { message: string } };
    expect(cancelled.error.message).toBe('Changement en attente introuvable : 1.');
    const everything = JSON.stringify([answers, events]);
    for (const secret of [DEMO_PASSWORD, encodeURIComponent(DEMO_PASSWORD)]) expect(everything).not.toContain(secret);
  });
});

describe('handlers for the screens', () => {
  it('badge holders through the outbox, pushing to terminals, emptying only with the typed word, the month preview', async () => {
    await dispatch('accounts/connect', { server: url, login: 'demo', password: DEMO_PASSWORD }, trusted);
    await dispatch('sync/run', {}, trusted);
    const created = await dispatch('holders/create', { uid: '858745632', nom: 'DUPONT', prenom: 'Mario' }, trusted);
    expect(created).toMatchObject({ ok: true, value: { state: 'ok', festimeText: 'Utilisateur ajouté dans Festime — DUPONT / Mario / 858745632' } });
    const refused = await dispatch('holders/create', { uid: '858745632', nom: 'DUPONT', prenom: 'Mario' }, trusted);
    expect(refused).toMatchObject({ ok: true, value: { state: 'ko', error: { code: 'festime.refused' } } });
    const bad = await dispatch('holders/create', { uid: '1;2', nom: 'X', prenom: 'Y' }, trusted);
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation.field' } });
    expect(await dispatch('holders/pending', {}, trusted)).toMatchObject({ ok: true, value: { toPush: 1 } });
    const pushed = await dispatch('terminals/push-users', {}, trusted);
    expect(pushed).toMatchObject({
      ok: true,
      value: {
        accessPoints: [
          { status: 'OK', count: 26 },
          { status: 'OK', count: 26 },
        ],
      },
    });
    expect(await dispatch('holders/pending', {}, trusted)).toMatchObject({ ok: true, value: { toPush: 0 } });

    const before = sim.requests.filter((r) => r.fonction === 'global_vider_iot').length;
    const wrongWord = await dispatch('terminals/empty', { confirm: 'Entrée atelier - Melun' }, trusted);
    expect(wrongWord).toMatchObject({ ok: false, error: { code: 'validation.field' } });
    expect(sim.requests.filter((r) => r.fonction === 'global_vider_iot').length).toBe(before);
    const emptied = await dispatch('terminals/empty', { confirm: 'VIDER' }, trusted);
    expect(emptied.ok).toBe(true);
    expect(sim.account('demo').terminals.map((t) => t.usersLoaded)).toEqual([0, 0]);

    const month = await dispatch('timesheet/month', { month: '2026-10' }, trusted);
    expect(month).toMatchObject({ ok: true, value: { month: '2026-10', closed: false } });
    const holders = (month as { value: { holders: { nom: string; worked: number }[] } }).value.holders;
    expect(holders.length).toBe(25);
    expect(holders[0]!.nom).toBe('ANDRÉ');
    expect(await dispatch('timesheet/month', { month: '2026-13' }, trusted)).toMatchObject({ ok: false, error: { code: 'validation.field' } });

    await sim.close();
    const offline = await dispatch('holders/edit', { uid: '858745632', nom: 'DUPONT', prenom: 'Mario Sylva' }, trusted);
    expect(offline).toMatchObject({ ok: true, value: { state: 'queued' } });
  });
});

describe('employee records', () => {
  it('a holder’s day is that holder’s, whoever else has a contract', async () => {
    await dispatch('accounts/demo', {}, trusted);
    await dispatch('sync/run', {}, trusted);
    const month = await dispatch('timesheet/month', { month: '2026-10' }, trusted);
    if (!month.ok) throw new Error(month.error.message);
    const holders = (month.value as { holders: { uid: string; nom: string; days: string[] }[] }).holders;
    const last = holders[holders.length - 1]!;
    const day = await dispatch('timesheet/day', { uid: last.uid, day: last.days[5]! }, trusted);
    if (!day.ok) throw new Error(day.error.message);
    const figures = (day.value as { figures: { workedMs: number; anomalies: { kind: string }[] } }).figures;
    expect(figures.workedMs).toBeGreaterThan(0);
    expect(figures.anomalies.map((a) => a.kind)).not.toContain('absence-to-qualify');
  });

  it('the demo account comes with contracts for everyone and a few absences last month', async () => {
    await dispatch('accounts/demo', {}, trusted);
    await dispatch('sync/run', {}, trusted);
    const employees = await dispatch('employees/list', {}, trusted);
    if (!employees.ok) throw new Error(employees.error.message);
    const rows = employees.value as EmployeeRow[];
    expect(rows.length).toBe(25);
    expect(rows.every((r) => /^M\d{4}$/.test(r.current?.matricule ?? ''))).toBe(true);
    const byName = (nom: string) => rows.find((r) => r.nom === nom)!.current!;
    expect(rows.filter((r) => r.current?.type === 'part-time').map((r) => [r.nom, r.current!.weeklyHours])).toEqual([
      ['FRANÇOIS', 28],
      ['MASSON', 30],
      ['MOREAU', 30],
    ]);
    expect(byName('PERRIN')).toMatchObject({ type: 'full-time', weeklyHours: 39 });
    expect(byName('D’ARTOIS')).toMatchObject({ nightWorker: true });
    expect(byName('LEFÈVRE').days).toEqual(['mon', 'tue', 'thu', 'fri']);
    const absences = await dispatch('absences/list', { month: '2026-10' }, trusted);
    expect(absences.ok && (absences.value as AbsenceRow[]).map((a) => [a.name, a.code, a.from.slice(0, 7)])).toEqual(
      expect.arrayContaining([
        ['BERNARD Mathieu', 'CP', '2026-10'],
        ['ROUX Léa', 'MAL', '2026-10'],
        ['GARCIA Nicolas', 'FOR', '2026-10'],
      ]),
    );
    // BERNARD's week of paid leave is a week the simulator gives him no punch: 35 h of CP, nothing to fix.
    const bernard = rows.find((r) => r.nom === 'BERNARD')!.uid;
    const leave = await dispatch('timesheet/day', { uid: bernard, day: '2026-10-12' }, trusted);
    expect(leave.ok && (leave.value as { figures: unknown }).figures).toMatchObject({ workedMs: 0, anomalies: [], absences: [{ code: 'CP', half: null }] });
    const october = await dispatch('timesheet/month', { month: '2026-10' }, trusted);
    const line = october.ok && (october.value as { holders: { uid: string; absences: Record<string, number> }[] }).holders.find((h) => h.uid === bernard);
    expect(line && line.absences).toEqual({ CP: 35 });
    // A second visit to the demo does not write them again.
    await dispatch('accounts/demo', {}, trusted);
    const again = await dispatch('absences/list', { month: '2026-10' }, trusted);
    expect(again.ok && (again.value as AbsenceRow[]).length).toBe(3);
  }, 60_000);

  it('payroll settings: the absence codes by default, edited, a code in use cannot be removed', async () => {
    await dispatch('accounts/connect', { server: url, login: 'demo', password: DEMO_PASSWORD }, trusted);
    await dispatch('sync/run', {}, trusted);
    const settings = await dispatch('settings/get', {}, trusted);
    expect(settings.ok && (settings.value as Settings).payroll.absenceCodes.map((c) => c.code)).toEqual([...ABSENCE_CODES]);
    const holder = ((await dispatch('holders/list', {}, trusted)) as { value: { uid: string }[] }).value[0]!;
    expect(await dispatch('absences/add', { uid: holder.uid, from: '2026-11-02', code: 'RTT', comment: 'pont' }, trusted)).toMatchObject({ ok: true });
    const codes = DEFAULT_ABSENCE_CODES.filter((c) => c.code !== 'RTT');
    const refused = await dispatch('settings/set', { payroll: { absenceCodes: codes } }, trusted);
    expect(refused).toMatchObject({ ok: false, error: { code: 'validation.field' } });
    expect(!refused.ok && refused.error.message).toBe('Le champ « Codes d’absence » : le code RTT est utilisé par des absences et ne peut pas être retiré.');
    const added = await dispatch(
      'settings/set',
      { payroll: { absenceCodes: [...DEFAULT_ABSENCE_CODES, { code: 'tt', fr: 'Télétravail', en: 'Remote work', countsAsWork: true }] } },
      trusted,
    );
    expect(added.ok && (added.value as Settings).payroll.absenceCodes.at(-1)).toEqual({ code: 'TT', fr: 'Télétravail', en: 'Remote work', countsAsWork: true });
  });
});
