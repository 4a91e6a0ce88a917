// The runtime every door runs: the automatic sync keeps the cache fresh on its own, and when
// Festime goes away the failure is recorded for the status bar, announced, and retried later.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName, SyncStatus } from '../../shared/api';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { createNodeTransport } from '../../main/core/festime/transport';
import { noopLogger } from '../../main/core/log';
import { createKeytarStore } from '../../main/core/secrets';
import { createRuntime, type Runtime } from '../../main/runtime';

let sim: Simulator | null = null;
let runtime: Runtime | null = null;
afterEach(async () => {
  await runtime?.close();
  await sim?.close().catch(() => undefined);
});

const until = async (check: () => Promise<boolean>, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('automatic sync', () => {
  it('syncs on its own, then records and announces a failure when Festime is gone', async () => {
    sim = createSimulator();
    const url = await sim.listen();
    const events: [EventName, unknown][] = [];
    runtime = createRuntime({
      dataDir: mkdtempSync(join(tmpdir(), 'festime-runtime-')),
      version: 'test',
      credentials: createKeytarStore(),
      transport: createNodeTransport(),
      emit: (event, payload) => events.push([event, payload]),
      lang: () => 'fr',
      actor: 'gerante',
      logger: noopLogger,
      deliver: async () => ({ savedTo: null, download: null }),
      intervalMs: 300,
      retryMs: 300,
    });
    const status = async () => ((await runtime!.dispatch('sync/status', {}, { trusted: true })) as { value: SyncStatus }).value;
    // Nothing to sync before an account is connected: the scheduler waits quietly.
    await new Promise((r) => setTimeout(r, 700));
    expect(events).toEqual([]);
    expect(await runtime.dispatch('accounts/connect', { server: url, login: 'demo', password: DEMO_PASSWORD }, { trusted: true })).toMatchObject({ ok: true });

    await until(async () => (await status()).lastSuccessAt !== null);
    expect(events.some(([e, p]) => e === 'data/changed' && (p as { what: string }).what === 'punches')).toBe(true);
    const total = ((await runtime.dispatch('punches/query', { limit: 1 }, { trusted: true })) as { value: { total: number } }).value.total;
    expect(total).toBeGreaterThan(3000);

    await sim.close();
    events.length = 0;
    await until(async () => (await status()).lastRun?.error?.code === 'network.unreachable');
    const failed = await status();
    expect(failed.lastRun!.error!.message).toContain('Impossible de joindre le serveur Festime');
    expect(events).toContainEqual(['data/changed', { what: 'sync' }]);
    // The cache is still there for browsing.
    expect(((await runtime.dispatch('punches/query', { limit: 1 }, { trusted: true })) as { value: { total: number } }).value.total).toBe(total);
  });
});
