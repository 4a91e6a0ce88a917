// One process at a time writes the database: a lock file in the data folder holding the writer's
// pid, created with O_EXCL so that two processes can never both believe they took it. A lock left
// by a process that died (killed, crashed) is taken over; the pid tells whether it still runs.
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

function holderOf(file: string): number | null {
  try {
    return Number(readFileSync(file, 'utf8').trim()) || 0;
  } catch {
    return null; // gone meanwhile
  }
}

/** Creates the lock file holding our pid; false when another process has it. A folder that cannot be written says why. */
function tryTake(dataDir: string, file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw folderFault(dataDir, error);
  }
  try {
    writeSync(fd, String(process.pid));
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
    const pid = holderOf(file);
    // Ours already (another runtime of this process, as in tests): one process, one writer.
    if (pid === process.pid) return { release: () => {} };
    // A dead holder's lock (or an empty file from a kill between create and write) is taken over.
    // Removing then creating again keeps O_EXCL the judge between two processes doing the same.
    if (pid !== null && !isAlive(pid)) {
      rmSync(file, { force: true });
      continue;
    }
    if (Date.now() >= until) throw new AlreadyOpenError(pid ?? 0);
    sleep(100);
  }
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      if (holderOf(file) === process.pid) rmSync(file, { force: true });
    },
  };
}
