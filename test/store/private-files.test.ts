// The data folder holds personal data (who came in when): after a sync by the CLI, the folder and
// every file in it are its owner's only. Run as root, modes do not stop a read: the bits are checked.
import { chmodSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { runCli } from '../helpers/cli';

let sim: Simulator;
let url: string;
beforeEach(async () => {
  // Festime's clock ten minutes behind: the sync writes a warning, so a log file exists too.
  sim = createSimulator({ now: () => new Date(Date.now() - 10 * 60_000) });
  url = await sim.listen();
});
afterEach(() => sim.close());

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

/** Every file under `dir`, with its path relative to it. */
function walk(dir: string, prefix = ''): { rel: string; dir: boolean }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = join(prefix, e.name);
    return e.isDirectory() ? [{ rel, dir: true }, ...walk(join(dir, e.name), rel)] : [{ rel, dir: false }];
  });
}

describe.skipIf(process.platform === 'win32')('private files', () => {
  it('after a sync: the data folder and its folders 0700, the database, backups and logs 0600', async () => {
    // A folder the CLI creates itself, under a parent left as the system made it.
    const dataDir = join(mkdtempSync(join(tmpdir(), 'festime-private-')), 'Festime Desk');
    const r = await runCli(['--server', url, '--login', 'demo', '--data-dir', dataDir, 'sync'], { env: { FESTIME_PASSWORD: DEMO_PASSWORD } });
    expect(r.code).toBe(0);
    const entries = walk(dataDir);
    expect(entries.map((e) => e.rel)).toEqual(
      expect.arrayContaining([
        'festime-desk.sqlite',
        'backups',
        expect.stringMatching(/^backups\/.+\.sqlite$/),
        'logs',
        expect.stringMatching(/^logs\/.+\.log$/),
      ]),
    );
    expect(mode(dataDir)).toBe('700');
    const modes = Object.fromEntries(entries.map((e) => [e.rel, mode(join(dataDir, e.rel))]));
    expect(modes).toEqual(Object.fromEntries(entries.map((e) => [e.rel, e.dir ? '700' : '600'])));
  });

  it('a folder and database left readable by an earlier version are tightened at the next sync', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'festime-private-'));
    const base = ['--server', url, '--login', 'demo', '--data-dir', dataDir];
    expect((await runCli([...base, 'sync'], { env: { FESTIME_PASSWORD: DEMO_PASSWORD } })).code).toBe(0);
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'festime-desk.sqlite'), 0o644);
    expect((await runCli([...base, 'sync'], { env: { FESTIME_PASSWORD: DEMO_PASSWORD } })).code).toBe(0);
    expect(mode(dataDir)).toBe('700');
    expect(mode(join(dataDir, 'festime-desk.sqlite'))).toBe('600');
  });
});
