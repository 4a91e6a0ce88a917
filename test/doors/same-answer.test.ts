// One use-case layer: the CLI and the window ask the same handlers, so the same request gets the
// same answer through both doors. The window's path is the real one (the runtime in its worker,
// the calls relayed by the host); the CLI runs as a child process on the same data folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodName, Outcome } from '../../shared/api';
import { PUNCH_KEYS, type Punch } from '../../shared/festime';
import { HOLDER_FIGURE_KEYS } from '../../shared/timesheet';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { startRuntimeHost, type RuntimeHost } from '../../main/worker/runtime-host';
import { runCli } from '../helpers/cli';

let sim: Simulator;
let host: RuntimeHost;
let dataDir: string;
let cli: (args: string[]) => ReturnType<typeof runCli>;
let day: string;
let month: string;

const window = async (method: MethodName, input: unknown): Promise<Outcome<unknown>> => host.dispatch(method, input, { trusted: true });
const value = async (method: MethodName, input: unknown) => {
  const outcome = await window(method, input);
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.value;
};
const punchJson = (p: Punch & { removedUpstream?: boolean }) =>
  Object.fromEntries([...PUNCH_KEYS.map((k) => [k, p[k]]), ...('removedUpstream' in p ? [['removedUpstream', p.removedUpstream]] : [])]);

beforeAll(async () => {
  // A still clock: the terminals' report carries the time it was read.
  const now = new Date();
  sim = createSimulator({ now: () => now });
  const url = await sim.listen();
  dataDir = mkdtempSync(join(tmpdir(), 'festime-doors-'));
  cli = (args) => runCli(['--data-dir', dataDir, ...args], { timeoutMs: 30_000 });
  // The account is set up from the CLI (keychain included); the window's runtime finds it.
  expect((await runCli(['--server', url, '--login', 'demo', '--data-dir', dataDir, 'login', '--password-stdin'], { input: `${DEMO_PASSWORD}\n` })).code).toBe(
    0,
  );
  expect((await cli(['sync'])).code).toBe(0);
  host = await startRuntimeHost({
    entry: { source: fileURLToPath(new URL('../../main/worker/runtime-worker.ts', import.meta.url)) },
    dataDir,
    version: 'test',
    lang: 'fr',
    actor: 'test',
    autoSync: false,
    emit: () => undefined,
    deliver: () => Promise.resolve({ savedTo: null, download: null }),
  });
  const newest = (await value('punches/query', { limit: 1 })) as { rows: Punch[] };
  day = newest.rows[0]!.at.slice(0, 10);
  const older = (await value('punches/query', { limit: 1, order: 'asc' })) as { rows: Punch[] };
  // A whole month the cache holds.
  const first = older.rows[0]!.at.slice(0, 7);
  month = `${first.slice(0, 4)}-${String(Number(first.slice(5)) + 1).padStart(2, '0')}`.replace(/-13$/, '-01');
  const punch = (await value('punches/query', { from: `${month}-10`, limit: 1, order: 'asc' })) as { rows: Punch[] };
  // Made in the window: while it is open, it is the one process that writes the database.
  await value('corrections/add', { uid: punch.rows[0]!.uid, type: 'D', at: `${month}-10T23:00`, comment: 'Oubli de badge' });
}, 60_000);
afterAll(async () => {
  await host?.close();
  await sim?.close();
});

describe('the same request through the CLI and the window', () => {
  it.each([
    [
      'punches of a day',
      () => ['punches', '--from', day, '--to', day, '--format', 'json'],
      async () => ((await value('punches/query', { from: day, to: day, order: 'asc', limit: 10_000 })) as { rows: Punch[] }).rows.map(punchJson),
    ],
    [
      'the register',
      () => ['holders', 'list', '--format', 'json'],
      async () =>
        ((await value('holders/list', {})) as Record<string, unknown>[]).map(({ uid, nom, prenom, source, pending, pendingId, lastSeenAt, deleted }) => ({
          uid,
          nom,
          prenom,
          source,
          pending,
          pendingId,
          lastSeenAt,
          deleted,
        })),
    ],
    [
      'a month’s figures',
      () => ['export', '--month', month, '--format', 'json'],
      async () =>
        ((await value('timesheet/month', { month })) as { holders: Record<string, unknown>[] }).holders.map((h) =>
          Object.fromEntries(HOLDER_FIGURE_KEYS.map((k) => [k, h[k]])),
        ),
    ],
    ['the terminals', () => ['terminals', 'info', '--format', 'json'], () => value('terminals/info', {})],
    [
      'a day straight from Festime',
      () => ['fetch', '--day', day, '--format', 'json'],
      async () => ((await value('punches/fetch', { day })) as Punch[]).map(punchJson),
    ],
    ['the corrections', () => ['corrections', 'list', '--month', month], () => value('corrections/list', { month })],
  ] as const)('%s', async (_name, args, viaWindow) => {
    const r = await cli([...args()]);
    expect(r.code).toBe(0);
    const fromCli: unknown = JSON.parse(r.stdout);
    expect(Array.isArray(fromCli) ? fromCli.length : 1).toBeGreaterThan(0);
    expect(fromCli).toEqual(await viaWindow());
  });

  it.each([
    [
      'an impossible correction time',
      ['corrections', 'add', '--uid', '1', '--type', 'D', '--at', '2026-02-30T10:00', '--comment', 'x'],
      'corrections/add',
      { uid: '1', type: 'D', at: '2026-02-30T10:00', comment: 'x' },
    ],
    ['a month that does not exist', ['export', '--month', '2026-13'], 'timesheet/export', { month: '2026-13' }],
    ['a date that does not exist', ['punches', '--from', '2026-02-30'], 'punches/query', { from: '2026-02-30' }],
    [
      'a forbidden character in a name',
      ['holders', 'add', '--uid', '7', '--nom', 'A;B', '--prenom', 'C'],
      'holders/create',
      { uid: '7', nom: 'A;B', prenom: 'C' },
    ],
  ] as const)('refused alike: %s', async (_name, args, method, input) => {
    const r = await cli([...args]);
    const outcome = await window(method, input);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    // The CLI says what the window says (a field error also names the option), with exit 2 for input it refuses.
    expect(r.stderr).toContain(outcome.error.message);
    expect(r.code).toBe(outcome.error.code === 'validation.field' ? 2 : 1);
  });

  it('a change asked from the CLI while the window is open is refused plainly: one process writes the database', async () => {
    const r = await cli(['corrections', 'undo', '--id', '999']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Festime Desk est déjà ouvert');
    const outcome = await window('corrections/undo', { id: 999 });
    expect(outcome.ok ? null : outcome.error.message).toContain('Correction introuvable');
  });
});
