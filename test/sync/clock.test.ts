// The PC's clock is checked, not trusted: a date years ahead purges nothing (automatic upkeep,
// the `retention/purge` handler and the CLI's `purge --yes`), a clock a few minutes off is shown
// (sync/status, the CLI's sync), and a clock a day or more off skips the automatic purge.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppService, type AppService } from '../../main/core/app/service';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { createNodeTransport, type NodeTransport, type Transport } from '../../main/core/festime/transport';
import { noopLogger, type Logger } from '../../main/core/log';
import { createKeytarStore } from '../../main/core/secrets';
import { DATABASE_FILE } from '../../main/core/store';
import { createDispatcher, type Dispatch } from '../../main/ipc/dispatcher';
import type { MethodResult } from '../../shared/api';
import { runCli } from '../helpers/cli';

const FESTIME_NOW = new Date('2026-11-25T15:30:00Z');
const SIX_YEARS_MS = Math.round(6 * 365.25 * 86_400_000);
const trusted = { trusted: true };

let sim: Simulator;
let url: string;
let transport: NodeTransport;
let dataDir: string;
let pcNow: Date;
let stripDate = false;
let service: AppService;
let dispatch: Dispatch;
const warnings: string[] = [];

beforeEach(async () => {
  sim = createSimulator({ now: () => FESTIME_NOW });
  url = await sim.listen();
  transport = createNodeTransport();
  dataDir = mkdtempSync(join(tmpdir(), 'festime-clock-'));
  pcNow = FESTIME_NOW;
  stripDate = false;
  warnings.length = 0;
  // A proxy may drop the `Date` header: then only the newest-punch rule protects the cache.
  const maybeStripped: Transport = async (request) => {
    const answer = await transport(request);
    return stripDate ? { ...answer, date: null } : answer;
  };
  const logger: Logger = { ...noopLogger, warn: (event) => void warnings.push(event) };
  service = createAppService({
    dataDir,
    version: 'test',
    credentials: createKeytarStore(),
    transport: maybeStripped,
    emit: () => undefined,
    lang: () => 'fr',
    actor: 'gerante',
    logger,
    now: () => pcNow,
    deliver: async () => ({ savedTo: null, download: '/download/test' }),
  });
  dispatch = createDispatcher(service.handlers, () => 'fr');
  await call('accounts/connect', { server: url, login: 'demo', password: DEMO_PASSWORD });
});
afterEach(async () => {
  await service.close();
  await createKeytarStore().delete(url, 'demo');
  await transport.close();
  await sim.close();
});

async function call<M extends Parameters<Dispatch>[0]>(method: M, input: unknown): Promise<unknown> {
  const r = await dispatch(method, input, trusted);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value;
}
const sync = () => call('sync/run', { full: false });
const status = async () => (await call('sync/status', {})) as MethodResult<'sync/status'>;

function sql<T>(query: string, ...params: unknown[]): T[] {
  const db = new Database(join(dataDir, DATABASE_FILE));
  try {
    return db.prepare(query).all(...params) as T[];
  } finally {
    db.close();
  }
}
const count = () => sql<{ n: number }>('SELECT count(*) AS n FROM punches')[0]!.n;
/** A punch kept from long ago (older than five years before the newest one): the policy may remove it. */
function addOldPunch(): void {
  sql(
    `INSERT INTO punches SELECT account_id, 1, uid, name, type, reason_code, reason, '2020-03-02T08:00:00', terminal, access_point, client_id, client, grp, extra, first_seen, removed_at FROM punches LIMIT 1 RETURNING id`,
  );
}
const oldPunchKept = () => sql('SELECT id FROM punches WHERE id = 1').length === 1;

describe('a PC clock six years ahead', () => {
  it('the automatic purge removes nothing, whether or not Festime tells its time', async () => {
    await sync();
    const cached = count();
    expect(cached).toBeGreaterThan(1000);
    pcNow = new Date(FESTIME_NOW.getTime() + SIX_YEARS_MS);
    // Festime's `Date` header says the PC is years ahead: no automatic purge at all, and the status says so.
    await sync();
    expect(count()).toBe(cached);
    expect((await status()).clockSkewMinutes).toBeGreaterThan(6 * 365 * 1440 - 1440);
    expect(warnings).toContain('upkeep.purge-skipped');
    // No `Date` header: the purge runs, but counts its five years from the newest punch, not from the PC's date.
    stripDate = true;
    addOldPunch();
    pcNow = new Date(pcNow.getTime() + 86_400_000); // another day: the daily purge is due again
    await sync();
    expect((await status()).clockSkewMinutes).toBeNull();
    expect(oldPunchKept()).toBe(false);
    expect(count()).toBe(cached);
  });

  it('`retention/purge` cuts five years before the newest punch and refuses a cut inside its last year', async () => {
    await sync();
    const cached = count();
    pcNow = new Date(FESTIME_NOW.getTime() + SIX_YEARS_MS);
    const preview = (await call('retention/purge', { apply: false })) as MethodResult<'retention/purge'>;
    expect(preview.before).toBe('2021-11-25');
    const applied = (await call('retention/purge', { apply: true })) as MethodResult<'retention/purge'>;
    expect(applied).toMatchObject({ removed: 0, applied: true });
    expect(count()).toBe(cached);
    // A day within the year before the newest punch is still refused, whatever the PC's date.
    const young = await dispatch('retention/purge', { before: '2026-06-01', apply: true }, trusted);
    expect(!young.ok && young.error.message).toContain('au moins un an');
    expect(count()).toBe(cached);
  });
});

describe('the PC clock against Festime’s', () => {
  it('ten minutes ahead shows in sync/status; in step, nothing', async () => {
    await sync();
    expect((await status()).clockSkewMinutes).toBe(0);
    pcNow = new Date(FESTIME_NOW.getTime() + 10 * 60_000);
    await sync();
    expect((await status()).clockSkewMinutes).toBe(10);
    expect(warnings).toContain('clock.skew');
  });

  it('two days ahead skips the automatic purge; back in step, it runs', async () => {
    await sync();
    addOldPunch();
    pcNow = new Date(FESTIME_NOW.getTime() + 2 * 86_400_000);
    await sync();
    expect((await status()).clockSkewMinutes).toBe(2 * 1440);
    expect(warnings).toContain('upkeep.purge-skipped');
    expect(oldPunchKept()).toBe(true);
    // Festime's day moves on and the PC's clock is right again: the day's purge happens.
    const later = new Date(FESTIME_NOW.getTime() + 3 * 86_400_000);
    await sim.close();
    sim = createSimulator({ now: () => later });
    await sim.listen(Number(new URL(url).port));
    pcNow = later;
    await sync();
    expect((await status()).clockSkewMinutes).toBe(0);
    expect(oldPunchKept()).toBe(false);
  });
});

describe('the CLI', () => {
  it('`sync` warns on stderr when the PC is ten minutes ahead of Festime', async () => {
    const cliSim = createSimulator({ now: () => new Date(Date.now() - 10 * 60_000) });
    const cliUrl = await cliSim.listen();
    try {
      const r = await runCli(['--server', cliUrl, '--login', 'demo', '--data-dir', mkdtempSync(join(tmpdir(), 'festime-clock-cli-')), 'sync'], {
        env: { FESTIME_PASSWORD: DEMO_PASSWORD },
      });
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/l’horloge de ce PC avance de (10|11) min sur celle de Festime/);
      expect(r.stdout).not.toContain('horloge');
    } finally {
      await cliSim.close();
    }
  });

  // The CLI has no clock of its own to inject: libfaketime moves the child's clock.
  const FAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';
  it.skipIf(!existsSync(FAKETIME))('`purge --yes` and `sync` with the PC six years ahead remove nothing', async () => {
    const cliSim = createSimulator();
    const cliUrl = await cliSim.listen();
    const dir = mkdtempSync(join(tmpdir(), 'festime-clock-cli-'));
    const base = ['--server', cliUrl, '--login', 'demo', '--data-dir', dir];
    const ahead = { FESTIME_PASSWORD: DEMO_PASSWORD, LD_PRELOAD: FAKETIME, FAKETIME: '+2192d', FAKETIME_DONT_RESET: '1' };
    const punches = () => {
      const db = new Database(join(dir, DATABASE_FILE), { readonly: true });
      try {
        return db.prepare('SELECT count(*) FROM punches').pluck().get() as number;
      } finally {
        db.close();
      }
    };
    try {
      expect((await runCli([...base, 'sync'], { env: { FESTIME_PASSWORD: DEMO_PASSWORD } })).code).toBe(0);
      const cached = punches();
      expect(cached).toBeGreaterThan(1000);
      const purged = await runCli([...base, 'purge', '--yes'], { env: ahead });
      expect(purged.code).toBe(0);
      expect(purged.stdout).toMatch(/^0 pointage\(s\) datés avant le 20\d\d-\d\d-\d\d supprimés du cache\./);
      expect(punches()).toBe(cached);
      const synced = await runCli([...base, 'sync'], { env: ahead });
      expect(synced.code).toBe(0);
      expect(synced.stderr).toMatch(/l’horloge de ce PC avance de \d+ jour\(s\) sur celle de Festime/);
      expect(punches()).toBe(cached);
    } finally {
      await cliSim.close();
    }
  });
});
