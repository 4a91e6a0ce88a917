// A sync killed with SIGKILL in the middle of writing (a real child process, a real kill), then a
// clean resume: no gap, no duplicate. And the cache answering with Festime gone.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { defaultAccounts, DEMO_PASSWORD, largeAccount } from '../../main/core/festime/simulator/state';
import { DATABASE_FILE } from '../../main/core/store';
import { CLI, cliClockEnv, pinCliClock, runCli } from '../helpers/cli';

const NOW = new Date('2026-11-25T15:30:00Z');
// The CLI lives at the simulator's time: its sync window must not drift with the calendar.
pinCliClock(NOW);
const BIG = largeAccount(500);
let sim: Simulator;
let url: string;

beforeAll(async () => {
  sim = createSimulator({ now: () => NOW, accounts: [...defaultAccounts(), BIG] });
  url = await sim.listen();
});
afterAll(() => sim.close());

function count(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT count(*) FROM punches').pluck().get() as number;
  } catch {
    return 0;
  } finally {
    db.close();
  }
}

describe('crash safety', () => {
  it('kill -9 during the writes, then sync again: every punch once, none missing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'festime-kill-'));
    const file = join(dataDir, DATABASE_FILE);
    const args = ['--server', url, '--login', BIG.login, '--data-dir', dataDir, 'sync'];
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, FESTIME_PASSWORD: BIG.password, ...cliClockEnv() };
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // Watch the file from outside (WAL lets a reader in) and kill as soon as the first batches are committed.
    let seen = 0;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
      try {
        seen = count(file);
      } catch {
        seen = 0;
      }
      if (seen > 0) break;
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // The CLI's "today" is the real one; the simulator's clock is fixed: the window the run used says what to expect.
    const window = (() => {
      const db = new Database(file, { readonly: true });
      const w = db.prepare('SELECT window_from AS "from", window_to AS "to" FROM sync_runs ORDER BY id LIMIT 1').get() as { from: string; to: string };
      db.close();
      return w;
    })();
    const upstream = sim.punches(BIG.login, window.from, window.to);
    const afterKill = count(file);
    expect(afterKill).toBeGreaterThan(0);
    expect(afterKill).toBeLessThan(upstream.length); // it really was stopped half-way

    const resumed = await runCli(args, { env: { FESTIME_PASSWORD: BIG.password }, timeoutMs: 60_000 });
    expect(resumed.code).toBe(0);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const ids = db.prepare('SELECT id FROM punches ORDER BY id').pluck().all() as number[];
    expect(ids.length).toBe(upstream.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(upstream.map((p) => p.id).sort((a, b) => a - b));
    // The killed run is on record as interrupted; the resumed one covered the whole window again.
    const runs = db.prepare('SELECT outcome, window_from AS "from" FROM sync_runs ORDER BY id').all();
    expect(runs).toEqual([
      { outcome: 'interrupted', from: window.from },
      { outcome: 'ok', from: window.from },
    ]);
    db.close();
  }, 120_000);

  it('offline: punches and holders list answer from the cache with the simulator stopped', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'festime-offline-'));
    const own = createSimulator({ now: () => NOW });
    const ownUrl = await own.listen();
    const base = ['--server', ownUrl, '--login', 'demo', '--data-dir', dataDir];
    expect((await runCli([...base, 'sync'], { env: { FESTIME_PASSWORD: DEMO_PASSWORD } })).code).toBe(0);
    const online = await runCli([...base, 'punches', '--from', '2026-11-24', '--to', '2026-11-24', '--format', 'json']);
    await own.close();

    const offline = await runCli([...base, 'punches', '--from', '2026-11-24', '--to', '2026-11-24', '--format', 'json']);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toBe(online.stdout);
    const rows = JSON.parse(offline.stdout) as Record<string, unknown>[];
    expect(rows.length).toBe(own.punches('demo', '2026-11-24', '2026-11-24').length);
    expect(Object.keys(rows[0]!)).toEqual([
      'id',
      'uid',
      'name',
      'type',
      'reasonCode',
      'reason',
      'at',
      'terminal',
      'accessPoint',
      'clientId',
      'client',
      'group',
      'removedUpstream',
    ]);
    const byPerson = await runCli([...base, 'punches', '--uid', '100200300', '--type', 'P', '--format', 'csv']);
    expect(byPerson.code).toBe(0);
    const lines = byPerson.stdout.trim().split('\n').slice(1);
    expect(lines.length).toBeGreaterThan(20);
    expect(lines.every((l) => l.includes(',P,') && l.includes('MARTIN Élodie'))).toBe(true);

    const holders = await runCli([...base, 'holders', 'list', '--format', 'json']);
    expect(holders.code).toBe(0);
    const list = JSON.parse(holders.stdout) as { nom: string; prenom: string }[];
    expect(list).toHaveLength(25);
    expect(list[0]).toMatchObject({ nom: 'ANDRÉ', prenom: 'Thomas' });

    // A change made offline waits in the queue, says so, and shows in the list.
    const add = await runCli([...base, 'holders', 'add', '--uid', '777', '--nom', 'NOUVEAU', '--prenom', 'Élie'], {
      env: { FESTIME_PASSWORD: DEMO_PASSWORD, FESTIME_RETRY_BASE_MS: '1' },
    });
    expect(add.code).toBe(1);
    expect(add.stderr).toContain('gardé en attente');
    const after = JSON.parse((await runCli([...base, 'holders', 'list', '--format', 'json'])).stdout) as { uid: string; pending: string }[];
    expect(after.find((h) => h.uid === '777')).toMatchObject({ pending: 'queued' });
  }, 60_000);
});
