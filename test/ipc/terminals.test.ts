// The terminals' handlers as every door calls them, over the real simulator and a real SQLite file:
// emptying (all the account's terminals at once) only with the typed word; the last report kept
// for when Festime is out of reach, across a restart.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LastKnownTerminals } from '../../shared/api';
import type { TerminalInfoReport } from '../../shared/festime';
import type { Lang } from '../../shared/i18n';
import { createAppService, type AppService } from '../../main/core/app/service';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { createNodeTransport, type NodeTransport } from '../../main/core/festime/transport';
import { noopLogger } from '../../main/core/log';
import { createKeytarStore } from '../../main/core/secrets';
import { createDispatcher, type Dispatch } from '../../main/ipc/dispatcher';

let clock = new Date('2026-11-29T13:05:00Z');
let sim: Simulator;
let url: string;
let transport: NodeTransport;
let dataDir: string;
let service: AppService;
let dispatch: Dispatch;
const trusted = { trusted: true };

const open = (lang: Lang = 'fr') => {
  service = createAppService({
    dataDir,
    version: 'test',
    credentials: createKeytarStore(),
    transport,
    emit: () => {},
    lang: () => lang,
    actor: 'gerante',
    logger: noopLogger,
    now: () => clock,
    // The fast failure of a stopped server, not the retries of a slow one.
    client: { retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 } },
    deliver: async () => ({ savedTo: null, download: null }),
  });
  dispatch = createDispatcher(service.handlers, () => lang);
};

beforeEach(async () => {
  clock = new Date('2026-11-29T13:05:00Z');
  sim = createSimulator({ now: () => clock });
  url = await sim.listen();
  transport = createNodeTransport();
  dataDir = mkdtempSync(join(tmpdir(), 'festime-terminals-'));
  open();
  await dispatch('accounts/connect', { server: url, login: 'demo', password: DEMO_PASSWORD }, trusted);
});
afterEach(async () => {
  await service.close();
  await createKeytarStore().delete(url, 'demo');
  await transport.close();
  await sim.close();
});

const emptyOrders = () => sim.requests.filter((r) => r.fonction === 'global_vider_iot').length;
const loaded = () => sim.account('demo').terminals.map((t) => t.usersLoaded);

describe('terminals/empty: every terminal, only with the word typed', () => {
  it.each(['VIDER', 'vider', '  Vider ', 'EMPTY', 'empty'])('%j empties both terminals at once', async (word) => {
    expect(loaded()).toEqual([25, 25]);
    const r = await dispatch('terminals/empty', { confirm: word }, trusted);
    expect(r).toMatchObject({ ok: true, value: { fonction: 'global_vider_iot', accessPoints: [{ status: 'OK' }, { status: 'OK' }] } });
    expect(emptyOrders()).toBe(1);
    expect(loaded()).toEqual([0, 0]);
  });

  it.each(['Entrée atelier - Melun', 'VIDE', 'oui', 'VIDER VIDER'])('%j is refused, naming the word, and nothing is sent', async (typed) => {
    const r = await dispatch('terminals/empty', { confirm: typed }, trusted);
    expect(r).toMatchObject({ ok: false, error: { code: 'validation.field', key: 'errors.validation.confirmWord', params: { field: 'confirm' } } });
    expect(!r.ok && r.error.message).toBe('Le champ « Mot de confirmation » : tapez « VIDER » pour confirmer le vidage de tous les terminaux.');
    expect(emptyOrders()).toBe(0);
    expect(loaded()).toEqual([25, 25]);
  });

  it('in English the refusal names EMPTY', async () => {
    await service.close();
    open('en');
    const r = await dispatch('terminals/empty', { confirm: 'yes' }, trusted);
    expect(!r.ok && r.error.message).toBe('The “Confirmation word” field: type “EMPTY” to confirm emptying every terminal.');
    expect(emptyOrders()).toBe(0);
  });
});

describe('terminals/last-known: the last report read, for offline', () => {
  const lastKnown = async () => {
    const r = await dispatch('terminals/last-known', {}, trusted);
    if (!r.ok) throw new Error(r.error.message);
    return (r.value as { known: LastKnownTerminals | null }).known;
  };

  it('nothing before any report; the screen’s read is kept whole with its time, and outlives a restart and a server gone', async () => {
    expect(await lastKnown()).toBeNull();
    const info = await dispatch('terminals/info', {}, trusted);
    expect(info.ok).toBe(true);
    const report = (info as { value: TerminalInfoReport }).value;
    const known = await lastKnown();
    expect(known).toEqual({ report, readAt: '2026-11-29T13:05:00.000Z' });
    expect(known!.report.accessPoints.map((ap) => [ap.accessPoint, ap.serial, ap.status, ap.ip, ap.usersLoaded, ap.reasonsLoaded])).toEqual([
      ['Entrée atelier - Melun', '8798', 'ONLINE', '203.0.113.41', 25, 3],
      ['Accueil bureaux - Melun', '9112', 'ONLINE', '203.0.113.58', 25, 3],
    ]);

    // Festime goes away: the live read fails on the network, the last known state is still there.
    await sim.close();
    await service.close();
    clock = new Date('2026-11-30T08:00:00Z');
    open();
    const offline = await dispatch('terminals/info', {}, trusted);
    expect(offline).toMatchObject({ ok: false, error: { code: 'network.unreachable' } });
    expect(await lastKnown()).toEqual({ report, readAt: '2026-11-29T13:05:00.000Z' });
  });

  it('a sync keeps the report it reads too: the newest one wins', async () => {
    await dispatch('terminals/info', {}, trusted);
    sim.setTerminal('demo', 'Accueil bureaux - Melun', { online: false });
    clock = new Date('2026-11-29T14:00:00Z');
    expect((await dispatch('sync/run', {}, trusted)).ok).toBe(true);
    const known = await lastKnown();
    expect(known?.readAt).toBe('2026-11-29T14:00:00.000Z');
    expect(known?.report.accessPoints.map((ap) => ap.status)).toEqual(['ONLINE', 'OFFLINE']);
  });
});
