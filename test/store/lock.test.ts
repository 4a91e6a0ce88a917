// The writer lock after a crash and a reboot: the pid in the lock file may now be an unrelated live
// process. The file records the writer's start identity beside its pid, so such a lock is taken
// over, while a lock a running Festime Desk holds is still respected, and one of this very process
// is ours. Real processes: a `sleep` standing for the unrelated one, a child Node process holding
// the database as the window does.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AlreadyOpenError } from '../../main/core/errors';
import { LOCK_FILE, parseLockFile, startIdentity, takeWriterLock } from '../../main/core/store/lock';
import { thrown } from '../festime/harness';

const HOLDER = fileURLToPath(new URL('../helpers/hold-store.ts', import.meta.url));
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.exitCode !== null || c.signalCode !== null) continue;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  }
});

const folder = () => mkdtempSync(join(tmpdir(), 'festime-lock-'));
const lockText = (dir: string) => readFileSync(join(dir, LOCK_FILE), 'utf8');

/** A live process that has nothing to do with Festime Desk. */
async function unrelated(): Promise<number> {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  return child.pid!;
}

/** A second Festime Desk process that took the lock and holds the database; resolves once it has it. */
function holder(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      if (d.split('\n').includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`holder exited ${code}`)));
  });
}

describe('start identity', () => {
  it('the OS tells this process and another apart, and the same process twice alike', async () => {
    const other = await unrelated();
    const ours = startIdentity(process.pid);
    expect(ours).not.toBeNull();
    expect(startIdentity(process.pid)).toBe(ours);
    expect(startIdentity(other)).not.toBeNull();
    expect(startIdentity(other)).not.toBe(ours);
  });

  it('a lock file is written with the pid and the start identity; one with a pid only is still read', () => {
    const dir = folder();
    const lock = takeWriterLock(dir, 0);
    expect(parseLockFile(lockText(dir))).toEqual({ pid: process.pid, identity: startIdentity(process.pid) });
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(parseLockFile('4242')).toEqual({ pid: 4242, identity: null });
    expect(parseLockFile('4242\n')).toEqual({ pid: 4242, identity: null });
    expect(parseLockFile('')).toEqual({ pid: 0, identity: null });
  });
});

describe('a lock left before a reboot', () => {
  it('naming a live unrelated process (its pid reused) is taken over at once', async () => {
    const dir = folder();
    const pid = await unrelated();
    const real = startIdentity(pid)!;
    // What the crashed writer recorded: the same pid, started at another moment (or before the boot).
    writeFileSync(join(dir, LOCK_FILE), `${pid}\n${real.replace(/\d+$/, (n) => String(Number(n) + 1))}\n`);
    const started = Date.now();
    const lock = takeWriterLock(dir, 2_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(parseLockFile(lockText(dir)).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('from another boot is taken over as well', async () => {
    const dir = folder();
    const pid = await unrelated();
    writeFileSync(join(dir, LOCK_FILE), `${pid}\nlinux:00000000-0000-0000-0000-000000000000:12345\n`);
    takeWriterLock(dir, 2_000).release();
  });

  it('naming this very process from before the reboot (our pid, another start) is taken over and ours to release', () => {
    const dir = folder();
    writeFileSync(join(dir, LOCK_FILE), `${process.pid}\nps:Thu Jan  1 00:00:00 1970\n`);
    const lock = takeWriterLock(dir, 0);
    expect(parseLockFile(lockText(dir))).toEqual({ pid: process.pid, identity: startIdentity(process.pid) });
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });
});

describe('a lock that is still held', () => {
  it('by a running Festime Desk process: respected, AlreadyOpenError after the wait, the message unchanged', async () => {
    const dir = folder();
    const child = await holder(dir);
    expect(parseLockFile(lockText(dir))).toEqual({ pid: child.pid, identity: startIdentity(child.pid!) });
    const started = Date.now();
    const error = thrown(() => takeWriterLock(dir, 500), AlreadyOpenError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(error.localized('fr')).toBe(
      `Festime Desk est déjà ouvert (processus ${child.pid}) et écrit dans la base : fermez la fenêtre (ou attendez la fin de la commande en cours), puis réessayez.`,
    );
    expect(error.localized('en')).toMatch(new RegExp(`^Festime Desk is already open \\(process ${child.pid}\\)`));
    expect(parseLockFile(lockText(dir)).pid).toBe(child.pid);
  });

  it('whose file names a live process with its own start identity (the one that wrote it): respected', async () => {
    const dir = folder();
    const pid = await unrelated();
    writeFileSync(join(dir, LOCK_FILE), `${pid}\n${startIdentity(pid)}\n`);
    thrown(() => takeWriterLock(dir, 200), AlreadyOpenError);
  });

  it('an old lock file (a pid only) naming a live process: respected, as before', async () => {
    const dir = folder();
    const pid = await unrelated();
    writeFileSync(join(dir, LOCK_FILE), String(pid));
    const error = thrown(() => takeWriterLock(dir, 200), AlreadyOpenError);
    expect(error.params.pid).toBe(pid);
  });

  it('by this same process: ours, at once', () => {
    const dir = folder();
    const first = takeWriterLock(dir, 0);
    const started = Date.now();
    const again = takeWriterLock(dir, 2_000);
    expect(Date.now() - started).toBeLessThan(500);
    again.release();
    // Still held by the first taker.
    expect(parseLockFile(lockText(dir)).pid).toBe(process.pid);
    first.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    // An old file naming this process (a pid only) is ours too.
    writeFileSync(join(dir, LOCK_FILE), String(process.pid));
    expect(() => takeWriterLock(dir, 0)).not.toThrow();
  });

  it('whose holder was killed: taken over', async () => {
    const dir = folder();
    const child = await holder(dir);
    await new Promise<void>((resolve) => {
      child.removeAllListeners('exit');
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
    expect(parseLockFile(lockText(dir)).pid).toBe(child.pid);
    takeWriterLock(dir, 0).release();
  });
});
