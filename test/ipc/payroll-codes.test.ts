// The payroll codes through the handler table every door uses: refusals name the key (the window
// shows them by its field), nothing is saved on a refusal, an empty code goes back to the default,
// and an absence code added to the list cannot take an item's payroll code.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../shared/api';
import { DEFAULT_ABSENCE_CODES } from '../../shared/employees';
import { createAppService, type AppService } from '../../main/core/app/service';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { createNodeTransport, type NodeTransport } from '../../main/core/festime/transport';
import { noopLogger } from '../../main/core/log';
import { createKeytarStore } from '../../main/core/secrets';
import { createDispatcher, type Dispatch } from '../../main/ipc/dispatcher';

let sim: Simulator;
let url: string;
let transport: NodeTransport;
let service: AppService;
let dispatch: Dispatch;
const trusted = { trusted: true };

beforeEach(async () => {
  sim = createSimulator({ now: () => new Date('2026-11-25T15:30:00Z') });
  url = await sim.listen();
  transport = createNodeTransport();
  service = createAppService({
    dataDir: mkdtempSync(join(tmpdir(), 'festime-ipc-codes-')),
    version: 'test',
    credentials: createKeytarStore(),
    transport,
    emit: () => undefined,
    lang: () => 'fr',
    actor: 'gerante',
    logger: noopLogger,
    now: () => new Date('2026-11-25T15:30:00Z'),
    deliver: async () => ({ savedTo: null, download: '/download/test' }),
  });
  dispatch = createDispatcher(service.handlers, () => 'fr');
  await dispatch('accounts/connect', { server: url, login: 'demo', password: DEMO_PASSWORD }, trusted);
});
afterEach(async () => {
  await service.close();
  await createKeytarStore().delete(url, 'demo');
  await transport.close();
  await sim.close();
});

const payroll = async () => ((await dispatch('settings/get', {}, trusted)) as { value: Settings }).value.payroll;

describe('payroll codes', () => {
  it('saved by key, only what differs from the defaults; an empty code (or the default typed) goes back to it', async () => {
    const set = await dispatch(
      'settings/set',
      { payroll: { payrollCodes: { overtime25: ' HS125 ', CP: 'CONGES', night: 'HNUIT' }, evpEncoding: 'windows-1252' } },
      trusted,
    );
    expect(set.ok && (set.value as Settings).payroll).toMatchObject({ payrollCodes: { overtime25: 'HS125', CP: 'CONGES' }, evpEncoding: 'windows-1252' });
    await dispatch('settings/set', { payroll: { payrollCodes: { overtime25: '', CP: 'CP' } } }, trusted);
    expect(await payroll()).toMatchObject({ payrollCodes: {}, evpEncoding: 'windows-1252' });
  });

  it.each([
    ['{"bonus":"PRIME"}', 'unknownKey', 'bonus', '« bonus » n’est ni une rubrique ni un code d’absence'],
    ['{"constructor":"X"}', 'unknownKey', 'constructor', '« constructor » n’est ni une rubrique'],
    ['{"night":"H NUIT"}', 'payrollCode', 'night', 'le code « H NUIT » donné à night n’est pas accepté'],
    ['{"night":"HNUIT€"}', 'payrollCode', 'night', 'le code « HNUIT€ » donné à night n’est pas accepté'],
    ['{"night":"hn"}', 'duplicatePayrollCode', 'night', 'le code de paie hn serait celui de normal et de night'],
    ['{"RTT":"CP"}', 'duplicatePayrollCode', 'RTT', 'le code de paie CP serait celui de CP et de RTT'],
  ])('%s refused by key (%s), nothing saved', async (change, rule, key, message) => {
    // A good change beside the bad one, as JSON reaches the bridge: refused whole.
    const payrollCodes = JSON.parse(`{"sunday":"DIM",${change.slice(1)}`) as Record<string, string>;
    const r = await dispatch('settings/set', { payroll: { payrollCodes } }, trusted);
    expect(r).toMatchObject({ ok: false, error: { code: 'validation.field', key: `errors.validation.${rule}`, params: { field: 'payrollCodes', key } } });
    expect(!r.ok && r.error.message).toContain(message);
    expect((await payroll()).payrollCodes).toEqual({});
  });

  it('an absence code added with an item’s code is refused, unless that item’s code changes with it', async () => {
    const withHn = [...DEFAULT_ABSENCE_CODES, { code: 'hn', fr: 'Heures de nuit ?', en: 'Night?', countsAsWork: false }];
    const refused = await dispatch('settings/set', { payroll: { absenceCodes: withHn } }, trusted);
    expect(!refused.ok && refused.error.message).toBe('Le champ « Codes de paie » : le code de paie HN serait celui de normal et de HN.');
    expect((await payroll()).absenceCodes.map((c) => c.code)).not.toContain('HN');
    const both = await dispatch('settings/set', { payroll: { absenceCodes: withHn, payrollCodes: { normal: 'HNORM' } } }, trusted);
    expect(both.ok).toBe(true);
    expect(await payroll()).toMatchObject({ payrollCodes: { normal: 'HNORM' } });
    // A code that leaves the list takes its payroll code with it.
    await dispatch('settings/set', { payroll: { payrollCodes: { HN: 'HNX' } } }, trusted);
    expect((await payroll()).payrollCodes).toEqual({ normal: 'HNORM', HN: 'HNX' });
    await dispatch('settings/set', { payroll: { absenceCodes: DEFAULT_ABSENCE_CODES } }, trusted);
    expect((await payroll()).payrollCodes).toEqual({ normal: 'HNORM' });
  });
});
