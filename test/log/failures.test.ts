// Failures leave a trace in <data folder>/logs/, through the real runtime and the real CLI: a
// failed sync with its error code, an outbox send that failed, a handler's bug with its method
// name, a keychain that fails — and never the password (plain or URL-encoded) nor a holder's name.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppInfo, Outcome, PunchPageResult, SyncStatus } from '../../shared/api';
import { SecretsUnavailableError } from '../../main/core/errors';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { createNodeTransport, type NodeTransport } from '../../main/core/festime/transport';
import { logDirOf, openFileLogger, type Logger } from '../../main/core/log';
import type { CredentialStore } from '../../main/core/secrets';
import { createRuntime, type Runtime } from '../../main/runtime';
import { runCli } from '../helpers/cli';

let sim: Simulator | null = null;
let runtime: Runtime | null = null;
let logger: Logger | null = null;
let transport: NodeTransport | null = null;
afterEach(async () => {
  await runtime?.close();
  await logger?.close();
  await transport?.close();
  await sim?.close().catch(() => undefined);
  runtime = logger = transport = sim = null;
});

/** Every log line of a data folder, all files together. */
function logText(dataDir: string): string {
  const dir = logDirOf(dataDir);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('');
}
const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown> & { event: string });

/** The password in every form it could leak in: as typed, URL-encoded, form-encoded. */
function expectNoPassword(text: string): void {
  for (const form of [
    DEMO_PASSWORD,
    encodeURIComponent(DEMO_PASSWORD),
    new URLSearchParams({ p: DEMO_PASSWORD }).toString().slice(2),
    'Pass+45',
    'Pass%2B45',
  ]) {
    expect(text).not.toContain(form);
  }
}

function start(dataDir: string, credentials: CredentialStore, transportOf: NodeTransport) {
  logger = openFileLogger(dataDir, { door: 'test' });
  runtime = createRuntime({
    dataDir,
    version: 'test',
    credentials,
    transport: transportOf,
    emit: () => undefined,
    lang: () => 'fr',
    actor: 'gerante',
    logger,
    autoSync: false,
    client: { timeoutMs: 3000, longTimeoutMs: 3000, retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 } },
    deliver: async () => ({ savedTo: null, download: null }),
  });
  const call = async <T>(method: string, input: unknown = {}) => (await runtime!.dispatch(method, input, { trusted: true })) as Outcome<T>;
  return call;
}

/** A keychain in memory (the real one is tested in test/secrets; here its failures are made to order). */
function memoryStore(): CredentialStore & { failWith: Error | null } {
  const saved = new Map<string, string>();
  const store = {
    failWith: null as Error | null,
    get: async (server: string, login: string) => {
      if (store.failWith) throw store.failWith;
      return saved.get(`${login}@${server}`) ?? null;
    },
    set: async (server: string, login: string, password: string) => void saved.set(`${login}@${server}`, password),
    delete: async (server: string, login: string) => saved.delete(`${login}@${server}`),
  };
  return store;
}

describe('the log file, through the runtime', () => {
  it('records a failed sync (Festime gone, then a wrong password) and a failed outbox send, without the password or a name', async () => {
    sim = createSimulator();
    const url = await sim.listen();
    const dataDir = mkdtempSync(join(tmpdir(), 'festime-log-'));
    transport = createNodeTransport();
    const call = start(dataDir, memoryStore(), transport);
    expect(await call('accounts/connect', { server: url, login: 'demo', password: DEMO_PASSWORD })).toMatchObject({ ok: true });
    expect(await call('sync/run', { full: false })).toMatchObject({ ok: true });
    const page = await call<PunchPageResult>('punches/query', { limit: 2000 });
    const names = new Set(page.ok ? page.value.rows.map((p) => p.name) : []);
    expect(names.size).toBeGreaterThan(5);

    await sim.close();
    const created = await call('holders/create', { uid: '858745632', nom: 'DUPONTEL', prenom: 'Mariô' });
    expect(created).toMatchObject({ ok: true, value: { state: 'queued' } });
    expect(await call('sync/run', { full: false })).toMatchObject({ ok: false, error: { code: 'network.unreachable' } });

    // Festime back, but the password saved is not the right one any more.
    sim = createSimulator();
    const again = await sim.listen();
    expect(await call('accounts/connect', { server: again, login: 'demo', password: `${DEMO_PASSWORD}!`, check: false })).toMatchObject({ ok: true });
    const refused = await call('sync/run', { full: false });
    expect(refused.ok).toBe(false);
    await runtime!.close();
    runtime = null;
    await logger!.close();

    const text = logText(dataDir);
    const all = lines(text);
    const failed = all.filter((l) => l.event === 'sync.failed');
    expect(failed.map((l) => (l.error as { code: string }).code)).toEqual(['network.unreachable', refused.ok ? '' : refused.error.code]);
    expect(failed[0]).toMatchObject({
      level: 'error',
      door: 'test',
      trigger: 'manual',
      error: { name: 'FestimeNetworkError', key: 'errors.network.refused' },
    });
    const sends = all.filter((l) => l.event === 'outbox.send-failed');
    expect(sends.length).toBeGreaterThanOrEqual(2); // when created, and again before the failed sync
    expect(sends[0]).toMatchObject({ op: 'add', state: 'queued', code: 'network.unreachable' });
    expect(typeof sends[0]!.entry).toBe('number');

    expectNoPassword(text);
    for (const name of [...names, 'DUPONTEL', 'Mariô', '858745632']) expect(text).not.toContain(name);
    expect(text).not.toContain('127.0.0.1');
  });

  it('logs a handler’s unexpected error with the method name and a masked stack; the caller sees the method, the first line masked, and the log’s folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'festime-log-'));
    transport = createNodeTransport();
    const store = memoryStore();
    const call = start(dataDir, store, transport);
    expect(await call('accounts/connect', { server: 'http://127.0.0.1:9', login: 'demo', password: DEMO_PASSWORD, check: false })).toMatchObject({ ok: true });
    // A bug whose message carries what must never be written.
    store.failWith = new TypeError(
      `state broken: password=${DEMO_PASSWORD} at http://127.0.0.1:9/webapi.aspx?login=demo&password=${encodeURIComponent(DEMO_PASSWORD)}`,
    );
    const r = await call('sync/run', { full: false });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'internal', params: { operation: 'sync/run', detail: 'TypeError: state broken: password=***', logDir: join(dataDir, 'logs') } },
    });
    expect(!r.ok && r.error.message).toBe(
      `« sync/run » n’a pas abouti : erreur inattendue (TypeError: state broken: password=***). Le détail est écrit dans le journal, ${join(dataDir, 'logs')} ; réessayez, et si cela se reproduit, envoyez ce dossier au support.`,
    );
    expect(JSON.stringify(r)).not.toContain(DEMO_PASSWORD);
    expect(JSON.stringify(r)).not.toContain('127.0.0.1');
    await logger!.close();

    const text = logText(dataDir);
    const internal = lines(text).find((l) => l.event === 'dispatch.internal');
    expect(internal).toMatchObject({ level: 'error', method: 'sync/run', error: { name: 'TypeError' } });
    const stack = (internal!.error as { stack: string }).stack;
    expect(stack).toContain('state broken: password=***');
    expect(stack).toContain('at ');
    expectNoPassword(text);
  });

  it('a keychain that fails: app/info still answers, says so per account, and the automatic sync records the failure', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'festime-log-'));
    transport = createNodeTransport();
    const store = memoryStore();
    const call = start(dataDir, store, transport);
    expect(await call('accounts/connect', { server: 'http://127.0.0.1:9', login: 'demo', password: DEMO_PASSWORD, check: false })).toMatchObject({ ok: true });
    store.failWith = new SecretsUnavailableError('no Secret Service on D-Bus');

    const info = await call<AppInfo>('app/info');
    expect(info.ok).toBe(true);
    const account = info.ok ? info.value.accounts[0]! : null;
    expect(account).toMatchObject({ hasPassword: false, keychainError: { code: 'secrets.unavailable', key: 'errors.secrets.unavailable' } });
    expect(account!.keychainError!.message).toContain('trousseau');
    expect(info.ok && info.value.logDir).toBe(join(dataDir, 'logs'));

    // Not skipped as "no password": the run is recorded as failed, for the status bar.
    expect(await runtime!.service.canSync()).toBe(true);
    await expect(runtime!.service.autoSync()).rejects.toBeInstanceOf(SecretsUnavailableError);
    const status = await call<SyncStatus>('sync/status');
    expect(status).toMatchObject({ ok: true, value: { lastRun: { outcome: 'failed', error: { code: 'secrets.unavailable' } } } });
    await logger!.close();

    const all = lines(logText(dataDir));
    expect(all).toContainEqual(
      expect.objectContaining({
        event: 'keychain.failed',
        op: 'get',
        error: expect.objectContaining({ code: 'secrets.unavailable', detail: 'no Secret Service on D-Bus' }),
      }),
    );
    expect(all).toContainEqual(
      expect.objectContaining({ event: 'sync.failed', trigger: 'auto', error: expect.objectContaining({ code: 'secrets.unavailable' }) }),
    );
  });
});

describe('the log file, through the CLI', () => {
  it('`sync` against a stopped server writes the failure with its code, door cli, without the password', async () => {
    sim = createSimulator();
    const url = await sim.listen();
    await sim.close();
    sim = null;
    const dataDir = mkdtempSync(join(tmpdir(), 'festime-log-cli-'));
    const r = await runCli(['--server', url, '--login', 'demo', '--data-dir', dataDir, 'sync'], {
      env: { FESTIME_PASSWORD: DEMO_PASSWORD, FESTIME_RETRY_BASE_MS: '0', FESTIME_TIMEOUT_MS: '3000' },
    });
    expect(r.code).toBe(1);
    expect(readdirSync(logDirOf(dataDir))).toEqual([expect.stringMatching(/^festime-desk\.\d{4}-\d{2}-\d{2}\.\d+\.log$/)]);
    const text = logText(dataDir);
    expect(lines(text)).toContainEqual(
      expect.objectContaining({ event: 'sync.failed', door: 'cli', trigger: 'manual', error: expect.objectContaining({ code: 'network.unreachable' }) }),
    );
    expectNoPassword(text);
  });

  it('a command that fails nowhere leaves no log file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'festime-log-cli-'));
    const r = await runCli(['--server', 'http://127.0.0.1:9', '--login', 'demo', '--data-dir', dataDir, 'punches'], { env: {} });
    expect(r.code).toBe(0);
    expect(() => readdirSync(logDirOf(dataDir))).toThrow();
  });
});
