// One read budget per sync (issue 11): a Festime server that takes the request and never answers
// costs the user the budget once — not once per attempt and per read — and the message says how
// long was waited; quick failures (a reset, a 500) are still retried within it, the terminals'
// report included. The whole sync runs as the window or the CLI starts it (sync/run), over
// loopback against the simulator, with short budgets.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppService } from '../../main/core/app/service';
import { FestimeTimeoutError } from '../../main/core/errors';
import { createReadDeadline } from '../../main/core/festime/deadline';
import type { FestimeClientOptions } from '../../main/core/festime/client';
import { noopLogger, type Logger } from '../../main/core/log';
import { DEMO_LOGIN, DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { createDispatcher } from '../../main/ipc/dispatcher';
import type { MonthFigures, PunchPageResult, SyncResult, SyncStatus } from '../../shared/api';
import type { AppError } from '../../shared/app-error';
import { translate } from '../../shared/i18n';
import { memoryCredentials } from '../helpers/credentials';
import { caught, closeAll, onClose, RETRY, startRig, type Rig } from '../festime/harness';

afterEach(closeAll);

/** Monday 16 November 2026, 18:00 in Melun. */
const T0 = new Date('2026-11-16T17:00:00Z');
const ENTRANCE = 'Entrée atelier - Melun';

type Tuning = Pick<FestimeClientOptions, 'timeoutMs' | 'longTimeoutMs' | 'readBudgetMs' | 'retry'>;

async function app(rig: Rig, client: Tuning) {
  const warnings: string[] = [];
  const logger: Logger = { ...noopLogger, warn: (event: string) => void warnings.push(event) };
  const service = createAppService({
    dataDir: mkdtempSync(join(tmpdir(), 'festime-budget-')),
    version: 'test',
    credentials: memoryCredentials(),
    transport: rig.transport,
    emit: () => undefined,
    lang: () => 'fr',
    actor: 'gerante',
    logger,
    now: () => rig.clock.now,
    client: { retry: RETRY, ...client },
    deliver: async () => ({ savedTo: null, download: null }),
  });
  onClose(() => service.close());
  const dispatch = createDispatcher(service.handlers, () => 'fr');
  const attempt = (method: string, input: unknown = {}) => dispatch(method, input, { trusted: true });
  const call = async <T = unknown>(method: string, input: unknown = {}): Promise<T> => {
    const r = await attempt(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value as T;
  };
  await call('accounts/connect', { server: rig.url, login: DEMO_LOGIN, password: DEMO_PASSWORD });
  /** A sync that must fail: its error, and how long the user waited for it. */
  const failedSync = async (): Promise<{ error: AppError; ms: number }> => {
    const started = performance.now();
    const r = await attempt('sync/run', { full: false });
    const ms = performance.now() - started;
    if (r.ok) throw new Error('the sync succeeded');
    return { error: r.error, ms };
  };
  const cached = async () => (await call<PunchPageResult>('punches/query', { from: '2026-08-01', to: '2026-12-31', limit: 1 })).total;
  return { call, attempt, failedSync, cached, warnings };
}

const requests = (rig: Rig, fonction: string) => rig.sim.requests.filter((r) => r.fonction === fonction).length;

describe('a server that takes the request and never answers', () => {
  it('the sync fails after its budget, once (not once per attempt), the message says that long, the cache is unchanged', async () => {
    const rig = await startRig({ now: T0 });
    // The terminals' report may wait 0.6 s of it, the punches up to 5 s: the budget, 2 s, cuts first.
    const { call, failedSync, cached } = await app(rig, { timeoutMs: 600, longTimeoutMs: 5_000, readBudgetMs: 2_000 });
    await call<SyncResult>('sync/run', { full: false });
    const before = await cached();
    expect(before).toBeGreaterThan(1000);
    rig.sim.setFaults([{ kind: 'hang' }]);
    rig.sim.requests.length = 0;
    const { error, ms } = await failedSync();
    // Before issue 11: 3 × (report) + 3 × (punches) attempts, each its full timeout, plus backoff.
    expect(ms).toBeGreaterThanOrEqual(1_950);
    expect(ms).toBeLessThan(2_800);
    expect(error.code).toBe('network.timeout');
    expect(error.message).toBe(`Le serveur Festime (${new URL(rig.url).host}) n’a pas répondu en 2 s. Réessayez plus tard.`);
    expect(translate('en', error.key, error.params)).toBe(`The Festime server (${new URL(rig.url).host}) did not answer within 2 s. Try again later.`);
    // A timed-out read is not sent again.
    expect(requests(rig, 'global_get_infos_iot')).toBe(1);
    expect(requests(rig, 'pointage')).toBe(1);
    expect(await cached()).toBe(before);
    // The status bar tells the same, from the recorded run.
    const status = await call<SyncStatus>('sync/status');
    expect(status.lastRun).toMatchObject({ outcome: 'failed' });
    expect(status.lastRun!.error!.message).toMatch(/n’a pas répondu en 2 s\./);
  });

  it('by default the budget is the long timeout, for the whole sync', async () => {
    const rig = await startRig({ now: T0 });
    const { failedSync } = await app(rig, { timeoutMs: 600, longTimeoutMs: 1_000 });
    rig.sim.setFaults([{ kind: 'hang' }]);
    const { error, ms } = await failedSync();
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(ms).toBeLessThan(1_700);
    expect(error.message).toMatch(/n’a pas répondu en 1 s\./);
  });

  it('a silent terminals’ report costs only its own timeout: the punches still come in with the rest of the budget', async () => {
    const rig = await startRig({ now: T0 });
    const { call, cached, warnings } = await app(rig, { timeoutMs: 500, longTimeoutMs: 5_000, readBudgetMs: 5_000 });
    rig.sim.setFaults([{ kind: 'hang', fonction: 'global_get_infos_iot' }]);
    const result = await call<SyncResult>('sync/run', { full: false });
    expect(result.received).toBeGreaterThan(1000);
    expect(await cached()).toBe(result.added);
    expect(requests(rig, 'global_get_infos_iot')).toBe(2); // accounts/connect's, then the sync's, once
    expect(warnings).toContain('sync.terminal-info-failed');
  });

  it('cancelling the sync while it waits stops it at once', async () => {
    const rig = await startRig({ now: T0 });
    const { attempt, call } = await app(rig, { timeoutMs: 5_000, longTimeoutMs: 5_000 });
    rig.sim.setFaults([{ kind: 'hang' }]);
    const started = performance.now();
    const pending = attempt('sync/run', { full: false });
    setTimeout(() => void call('sync/cancel'), 200);
    const r = await pending;
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('cancelled');
    expect(performance.now() - started).toBeLessThan(1_500);
  });
});

describe('quick failures are still retried within the budget', () => {
  it('a server that resets the connection twice, then answers: the sync succeeds with every punch', async () => {
    const rig = await startRig({ now: T0 });
    const { call, cached } = await app(rig, { timeoutMs: 2_000, longTimeoutMs: 5_000 });
    rig.sim.setFaults([{ kind: 'drop', fonction: 'pointage', times: 2 }]);
    const result = await call<SyncResult>('sync/run', { full: false });
    expect(requests(rig, 'pointage')).toBe(3);
    expect(result.received).toBe(rig.sim.punches(DEMO_LOGIN, result.from, result.to).length);
    expect(await cached()).toBe(result.received);
  });

  it('the terminals’ report is retried after a transient failure: the offline terminal is known', async () => {
    const rig = await startRig({ now: T0 });
    const { call, warnings } = await app(rig, { timeoutMs: 2_000, longTimeoutMs: 5_000 });
    rig.sim.setTerminal(DEMO_LOGIN, ENTRANCE, { online: false, lastScanAt: '2026-11-16T12:00:00' });
    rig.sim.setFaults([
      { kind: 'drop', fonction: 'global_get_infos_iot', times: 1 },
      { kind: 'http500', fonction: 'global_get_infos_iot', times: 1 },
    ]);
    rig.sim.requests.length = 0;
    await call<SyncResult>('sync/run', { full: false });
    expect(requests(rig, 'global_get_infos_iot')).toBe(3);
    expect(warnings).not.toContain('sync.terminal-info-failed');
    const month = await call<MonthFigures>('timesheet/month', { month: '2026-11' });
    expect(month.offlineTerminals).toEqual([{ accessPoint: ENTRANCE, since: '2026-11-16T12:00:00' }]);
  });

  it('a retry is not begun when the budget has no time left for it: the real failure is said', async () => {
    const rig = await startRig({ now: T0 });
    // A 500 at once, then a pause of 2 to 4 s before the retry: more than the 1 s budget holds.
    const client = rig.client({ timeoutMs: 1_000, retry: { attempts: 3, baseDelayMs: 4_000, maxDelayMs: 4_000 } });
    rig.sim.setFaults([{ kind: 'http500', fonction: 'pointage' }]);
    const started = performance.now();
    const error = await client.pointage().then(
      () => null,
      (e: unknown) => e as Error & { code: string },
    );
    expect(performance.now() - started).toBeLessThan(500);
    expect(error?.code).toBe('festime.bad-answer');
    expect(requests(rig, 'pointage')).toBe(1);
  });
});

describe('the budget as a clock sees it', () => {
  it('a read whose sync has spent its budget is not sent; the message says the time waited', async () => {
    const rig = await startRig({ now: T0 });
    const client = rig.client();
    const clock = { ms: 0 };
    const deadline = createReadDeadline(180_000, () => clock.ms);
    clock.ms = 181_200;
    const error = await caught(client.pointage({ since: '2026-11-10', deadline }), FestimeTimeoutError);
    expect(error.localized('fr')).toMatch(/n’a pas répondu en 181 s\./);
    expect(error.localized('en')).toMatch(/did not answer within 181 s\./);
    expect(rig.sim.requests).toEqual([]);
  });

  it('a client’s readDeadline() is its read budget: by default its long timeout, 180 s', async () => {
    const rig = await startRig({ now: T0 });
    expect(rig.client({ longTimeoutMs: undefined }).readDeadline().budgetMs).toBe(180_000);
    expect(rig.client({ longTimeoutMs: 7_000 }).readDeadline().budgetMs).toBe(7_000);
    expect(rig.client({ readBudgetMs: 1_234 }).readDeadline().budgetMs).toBe(1_234);
  });
});
