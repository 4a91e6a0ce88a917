// One process at a time writes the database: a lock file in the data folder holding the writer's
// pid, created with O_EXCL so that two processes can never both believe they took it. A lock left
// by a process that died (killed, crashed) is taken over; the pid tells whether it still runs.
// Beside the pid the file holds the process's start identity as the OS reports it, because after a
// crash and a reboot the pid may belong to an unrelated live process: a pid whose start identity
// is not the recorded one is another process, and its lock is stale. Lock files holding a pid only
// (from earlier versions, or where the OS gives no identity) are still read, by the pid alone.
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AlreadyOpenError } from '../errors';
import { folderFault, privateDir } from '../paths';

export const LOCK_FILE = 'festime-desk.lock';
/** How long a second writer waits for the first to finish before saying it is open. */
export const LOCK_WAIT_MS = 3000;

export interface WriterLock {
  release(): void;
}

/** Whether a process with this pid is running (EPERM: it runs, under another user). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * What tells this process instance from any other that had or will have its pid, or null when the
 * OS does not say (the pid alone then decides). Linux: the boot's id and the start time in clock
 * ticks since boot (field 22 of /proc/<pid>/stat); macOS and other Unixes: `ps -o lstart=`, the
 * start time to the second. Windows: none.
 */
export function startIdentity(pid: number): string | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  if (process.platform === 'linux') {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The command name, in parentheses, may hold spaces and parentheses: fields count from the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const start = fields[22 - 3];
      const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
      return start && /^\d+$/.test(start) && boot ? `linux:${boot}:${start}` : null;
    } catch {
      return null; // gone, or no /proc
    }
  }
  if (process.platform === 'win32') return null;
  try {
    // In UTC and the C locale, so that the app and a CLI started with another TZ or LANG read alike.
    const lstart = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], {
      encoding: 'utf8',
      timeout: 2_000,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' },
    })
      .trim()
      .replace(/\s+/g, ' ');
    return lstart ? `ps:${lstart}` : null;
  } catch {
    return null; // no such process, or no ps
  }
}

let ownIdentity: string | null | undefined;
/** This process's start identity (asked of the OS once). */
function ourIdentity(): string | null {
  if (ownIdentity === undefined) ownIdentity = startIdentity(process.pid);
  return ownIdentity;
}

export interface LockHolder {
  pid: number;
  /** The holder's start identity when the file records one. */
  identity: string | null;
}

/** "pid" (earlier versions) or "pid\nidentity"; an empty or unreadable pid reads as 0. */
export function parseLockFile(text: string): LockHolder {
  const [first = '', second = ''] = text.split('\n');
  return { pid: Number(first.trim()) || 0, identity: second.trim() || null };
}

export function lockFileText(pid: number, identity: string | null): string {
  return identity ? `${pid}\n${identity}\n` : String(pid);
}

function holderOf(file: string): LockHolder | null {
  try {
    return parseLockFile(readFileSync(file, 'utf8'));
  } catch {
    return null; // gone meanwhile
  }
}

/**
 * Whether the process that wrote this lock still runs: its pid is alive and, when the file records
 * a start identity and the OS gives one for that pid now, the two are the same.
 */
export function holderRuns(holder: LockHolder): boolean {
  if (!isAlive(holder.pid)) return false;
  if (holder.identity === null) return true;
  const now = holder.pid === process.pid ? ourIdentity() : startIdentity(holder.pid);
  return now === null || now === holder.identity;
}

/** Creates the lock file holding our pid and start identity; false when another process has it. A folder that cannot be written says why. */
function tryTake(dataDir: string, file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw folderFault(dataDir, error);
  }
  try {
    writeSync(fd, lockFileText(process.pid, ourIdentity()));
  } catch (error) {
    // A full disk: no empty lock file left behind.
    closeSync(fd);
    rmSync(file, { force: true });
    throw folderFault(dataDir, error);
  }
  closeSync(fd);
  return true;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Takes the data folder's writer lock, waiting up to `waitMs`; AlreadyOpenError when another process keeps it. */
export function takeWriterLock(dataDir: string, waitMs = LOCK_WAIT_MS): WriterLock {
  // Made private as openDatabase makes it; a file in the way or a read-only disk is said plainly.
  privateDir(dataDir);
  const file = join(dataDir, LOCK_FILE);
  const until = Date.now() + waitMs;
  for (;;) {
    if (tryTake(dataDir, file)) break;
    const holder = holderOf(file);
    const runs = holder !== null && holderRuns(holder);
    // Ours already (another runtime of this process, as in tests): one process, one writer. A lock
    // with our pid but another start identity is from before a reboot: stale, like any other.
    if (holder?.pid === process.pid && runs) return { release: () => {} };
    // A dead holder's lock (or an empty file from a kill between create and write, or a pid now
    // another process's) is taken over. Removing then creating again keeps O_EXCL the judge
    // between two processes doing the same.
    if (holder !== null && !runs) {
      rmSync(file, { force: true });
      continue;
    }
    if (Date.now() >= until) throw new AlreadyOpenError(holder?.pid ?? 0);
    sleep(100);
  }
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      const holder = holderOf(file);
      if (holder?.pid === process.pid && (holder.identity === null || holder.identity === ourIdentity())) rmSync(file, { force: true });
    },
  };
}
