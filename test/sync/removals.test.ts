// Removals confirmed, never guessed: a punch is marked removed upstream only when two answers in a
// row lack it, a short answer (cut cleanly between records) changes no figure, and a swathe of
// punches gone at once is refused and said. The simulator over loopback, as in sync.test.ts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFestimeClient, type FestimeClient } from '../../main/core/festime/client';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { createNodeTransport, type NodeTransport } from '../../main/core/festime/transport';
import { ensureAccount } from '../../main/core/store/accounts';
import { countPunches, queryPunches } from '../../main/core/store/punches';
import { openStore, type Store } from '../../main/core/store';
import { syncAccount } from '../../main/core/sync/engine';

let now = new Date('2026-11-25T15:30:00Z');
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
  client = createFestimeClient({ server: url, login: 'demo', password: DEMO_PASSWORD, transport, retry: { attempts: 1, baseDelayMs: 5, maxDelayMs: 10 } });
  store = openStore(mkdtempSync(join(tmpdir(), 'festime-removals-')));
  accountId = ensureAccount(store.db, url, 'demo').id;
});
afterEach(async () => {
  store.close();
  await transport.close();
  await sim.close();
});

const sync = () => syncAccount(store.db, accountId, client, { now: () => now });
/** The punches payroll counts: those not marked removed upstream. */
const kept = () => countPunches(store.db, accountId, { includeRemoved: false });
const later = (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000));

describe('removals upstream', () => {
  it('an answer cut cleanly between two records marks nothing, nor does the full one after it', async () => {
    await sync();
    const before = kept();
    sim.setFaults([{ kind: 'cut-between-records', fonction: 'pointage', times: 1 }]);
    later(10);
    const cut = await sync();
    expect(cut.received).toBeLessThan(sim.punches('demo', cut.from, cut.to).length);
    expect(cut.removed).toBe(0);
    expect(kept()).toBe(before);
    later(10);
    expect((await sync()).removed).toBe(0);
    // The full answer cleared the candidates: another cut is again only a first miss.
    sim.setFaults([{ kind: 'cut-between-records', fonction: 'pointage', times: 1 }]);
    later(10);
    expect((await sync()).removed).toBe(0);
    expect(kept()).toBe(before);
  });

  it('a punch deleted at Festime is marked after the second answer without it, not the first', async () => {
    await sync();
    const victim = sim.punches('demo', '2026-11-23', '2026-11-23')[5]!;
    sim.removePunch('demo', victim.id);
    later(10);
    expect((await sync()).removed).toBe(0);
    expect(queryPunches(store.db, accountId, { from: '2026-11-23', to: '2026-11-23' }, { limit: 1000 }).find((p) => p.id === victim.id)!.removedUpstream).toBe(
      false,
    );
    later(10);
    const second = await sync();
    expect(second).toMatchObject({ removed: 1, removalsWithheld: 0 });
    expect(queryPunches(store.db, accountId, { from: '2026-11-23', to: '2026-11-23' }, { limit: 1000 }).find((p) => p.id === victim.id)!.removedUpstream).toBe(
      true,
    );
  });

  it('a mass removal (many punches gone at once) marks nothing and says how many', async () => {
    await sync();
    const before = kept();
    const gone = sim.punches('demo', '2026-11-23', '2026-11-24').slice(0, 40);
    for (const p of gone) sim.removePunch('demo', p.id);
    later(10);
    expect(await sync()).toMatchObject({ removed: 0, removalsWithheld: 0 });
    later(10);
    const second = await sync();
    expect(second).toMatchObject({ removed: 0, removalsWithheld: gone.length });
    expect(kept()).toBe(before);
  });
});
