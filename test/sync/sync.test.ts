// The sync engine against the simulator over loopback: first and incremental syncs, late and
// removed punches, a second sync that changes nothing, each fault leaving the cache as it was.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CancelledError, FestimeDeskError } from '../../main/core/errors';
import { createFestimeClient, type FestimeClient } from '../../main/core/festime/client';
import { createSimulator, type FaultKind, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { createNodeTransport, type NodeTransport } from '../../main/core/festime/transport';
import { listHolders } from '../../main/core/holders/register';
import { ensureAccount } from '../../main/core/store/accounts';
import { countPunches, queryPunches } from '../../main/core/store/punches';
import { openStore, type Store } from '../../main/core/store';
import { lastRuns, syncAccount, type SyncProgress } from '../../main/core/sync/engine';

let now = new Date('2026-11-25T15:30:00Z'); // Wednesday 16:30 in Paris
let sim: Simulator;
let transport: NodeTransport;
let client: FestimeClient;
let store: Store;
let accountId: number;

beforeEach(async () => {
  now = new Date('2026-11-25T15:30:00Z');
  sim = createSimulator({ now: () => now });
  const url = await sim.listen();
  transport = createNodeTransport();
  client = createFestimeClient({
    server: url,
    login: 'demo',
    password: DEMO_PASSWORD,
    transport,
    timeoutMs: 400,
    // A whole window is real work for the simulator (over a second the first time in a cold
    // process): a timed-out read is not tried again, so the long timeout must hold it once.
    longTimeoutMs: 4_000,
    retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
  });
  store = openStore(mkdtempSync(join(tmpdir(), 'festime-sync-')));
  accountId = ensureAccount(store.db, url, 'demo').id;
});
afterEach(async () => {
  store.close();
  await transport.close();
  await sim.close();
});

const sync = (options: Parameters<typeof syncAccount>[3] = {}) => syncAccount(store.db, accountId, client, { now: () => now, ...options });
const cachedIds = () => new Set(queryPunches(store.db, accountId, {}, { limit: 1_000_000 }).map((p) => p.id));

describe('sync', () => {
  it('first sync takes the whole 90-day window Festime holds, exactly', async () => {
    const progress: SyncProgress[] = [];
    const summary = await sync({ onProgress: (p) => progress.push(p), batchSize: 1000 });
    expect(summary.from).toBe('2026-08-28');
    expect(summary.to).toBe('2026-11-25');
    expect(summary.days).toBe(90);
    const upstream = sim.punches('demo', '2026-08-28', '2026-11-25');
    expect(summary.received).toBe(upstream.length);
    expect(summary.added).toBe(upstream.length);
    expect(cachedIds()).toEqual(new Set(upstream.map((p) => p.id)));
    expect(sim.requests.at(-1)?.params).toEqual({ date: '28/08/2026' });
    // Progress a bar can show: fetch, then stored batches going up to the total, then done.
    expect(progress[0]!.phase).toBe('fetch');
    const stored = progress.filter((p) => p.phase === 'store');
    expect(stored.length).toBeGreaterThan(3);
    expect(stored.at(-1)).toMatchObject({ done: upstream.length, total: upstream.length });
    expect(progress.at(-1)!.phase).toBe('done');
    expect(lastRuns(store.db, accountId)[0]).toMatchObject({ outcome: 'ok', added: upstream.length, full: true });
  });

  it('the register is fed by the punches, names split into nom and prénom', async () => {
    await sync();
    const holders = listHolders(store.db, accountId);
    expect(holders).toHaveLength(25);
    expect(holders.find((h) => h.nom === 'DE LA FONTAINE')).toMatchObject({ prenom: 'François', source: 'punches' });
    expect(holders.find((h) => h.nom === 'D’ARTOIS')).toMatchObject({ prenom: 'Jean-Noël' });
  });

  it('a second sync in a row changes nothing', async () => {
    await sync();
    const before = countPunches(store.db, accountId);
    const again = await sync();
    expect(again).toMatchObject({ added: 0, removed: 0, restored: 0 });
    expect(countPunches(store.db, accountId)).toBe(before);
  });

  it('next syncs read from the last synced day minus 3 days; new punches of the day come in', async () => {
    await sync();
    const count = countPunches(store.db, accountId);
    now = new Date('2026-11-26T17:00:00Z'); // the next day, 18:00 in Paris
    const next = await sync();
    expect(next.from).toBe('2026-11-22');
    expect(next.to).toBe('2026-11-26');
    expect(sim.requests.at(-1)?.params).toEqual({ date: '22/11/2026' });
    expect(next.added).toBeGreaterThan(50);
    expect(countPunches(store.db, accountId)).toBe(count + next.added);
    const cached = cachedIds();
    expect(sim.punches('demo', '2026-08-28', '2026-11-26').every((p) => cached.has(p.id))).toBe(true);
  });

  it('"today" is the terminal’s date in Paris, not the PC’s', async () => {
    now = new Date('2026-11-25T23:30:00Z'); // still the 25th in UTC, already the 26th in Paris
    const summary = await sync();
    expect(summary.to).toBe('2026-11-26');
  });

  it('a late punch uploaded for a past day is picked up by the overlap', async () => {
    await sync();
    const late = sim.addPunch('demo', { uid: '100200300', type: 'D', at: '2026-11-23T18:05:00' });
    now = new Date('2026-11-25T16:30:00Z');
    const next = await sync();
    expect(next.added).toBeGreaterThanOrEqual(1);
    expect(cachedIds().has(late.id)).toBe(true);
  });

  it('a punch Festime no longer returns is marked removed upstream, with the date, never deleted', async () => {
    await sync();
    const victim = sim.punches('demo', '2026-11-24', '2026-11-24')[3]!;
    sim.removePunch('demo', victim.id);
    now = new Date('2026-11-25T15:45:00Z');
    expect((await sync()).removed).toBe(0); // one answer without it only makes it a candidate
    now = new Date('2026-11-25T16:00:00Z');
    const next = await sync();
    expect(next.removed).toBe(1);
    const stored = queryPunches(store.db, accountId, { from: '2026-11-24', to: '2026-11-24' }, { limit: 1000 }).find((p) => p.id === victim.id)!;
    expect(stored.removedUpstream).toBe(true);
    expect(stored.removedAt).toBe('2026-11-25T16:00:00.000Z');
    expect(stored.name).toBe(victim.name);
    expect((await sync()).removed).toBe(0); // still marked, not marked twice
  });

  it('punches older than the 90 days stay in the cache when Festime drops them', async () => {
    await sync();
    const oldest = queryPunches(store.db, accountId, {}, { limit: 1 })[0]!;
    now = new Date('2026-12-10T10:00:00Z');
    const next = await sync({ full: true });
    expect(next.removed).toBe(0);
    expect(queryPunches(store.db, accountId, {}, { limit: 1 })[0]).toMatchObject({ id: oldest.id, removedUpstream: false });
  });

  const faults: FaultKind[] = ['slow', 'http500', 'html', 'truncated', 'drop', 'empty', 'crlf-only'];
  for (const kind of faults) {
    it(`fault ${kind}: the sync fails clearly, the cache stays as it was, the error is recorded`, async () => {
      await sync();
      const before = { count: countPunches(store.db, accountId), ids: cachedIds() };
      sim.addPunch('demo', { uid: '100200300', type: 'A', at: '2026-11-25T16:00:00' });
      sim.setFaults([{ kind, delayMs: 5_000 }]);
      const error = await sync().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(FestimeDeskError);
      expect((error as FestimeDeskError).localized('fr').length).toBeGreaterThan(20);
      expect(countPunches(store.db, accountId)).toBe(before.count);
      expect(cachedIds()).toEqual(before.ids);
      const run = lastRuns(store.db, accountId)[0]!;
      expect(run.outcome).toBe('failed');
      expect(run.errorCode).toBe((error as FestimeDeskError).code);
      // The next sync, with Festime well again, starts from the last good one: nothing lost.
      sim.setFaults([]);
      const next = await sync();
      expect(next.from).toBe('2026-11-22');
      expect(next.added).toBe(1);
    });
  }

  it('can be cancelled; a cancelled run is recorded as such', async () => {
    sim.setFaults([{ kind: 'slow', delayMs: 1_000 }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(
      syncAccount(store.db, accountId, createFestimeClient({ server: sim.url, login: 'demo', password: DEMO_PASSWORD, transport }), {
        signal: controller.signal,
        now: () => now,
      }),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(lastRuns(store.db, accountId)[0]!.outcome).toBe('cancelled');
    expect(countPunches(store.db, accountId)).toBe(0);
  });
});
