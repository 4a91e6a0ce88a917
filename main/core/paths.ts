// The data folder shared by the desktop app and the CLI: the app's user-data folder for
// "Festime Desk" (what Electron's app.getPath('userData') gives), unless --data-dir says otherwise.
import { accessSync, chmodSync, constants, existsSync, mkdirSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DataDirReadOnlyError, machineFault } from './errors';

export const PRODUCT_NAME = 'Festime Desk';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), PRODUCT_NAME);
}

/** Who acts, for the outbox and the audit log: the OS user's name. */
export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'inconnu';
  }
}

// The punches, the register and the logs are personal data: on a shared Linux or macOS account
// list, only the user reads them (Windows' per-user folders already are private; chmod means
// little there). Best effort: a folder the user does not own keeps its mode.
const POSIX = process.platform !== 'win32';

/** Creates the folder if needed, readable by its owner only (0700); one that cannot be made says why plainly. */
export function privateDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw folderFault(dir, error);
  }
  if (POSIX) tryChmod(dir, 0o700);
}

/**
 * Whether this process may create and change files at `path`. access() asks the system itself, so
 * a read-only mount is seen even by root (whom a folder's mode does not stop), and only then.
 */
export function canWrite(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why a folder could not be made or a file in it written, as the user can act on it (a read-only
 * folder, a full disk, a file where the folder should be: see machineFault); else the error itself.
 */
export function folderFault(dir: string, error: unknown): unknown {
  const fault = machineFault(error, dir);
  if (fault) return fault;
  // Node's recursive mkdir answers ENOENT, not EROFS, for a new folder inside a read-only one.
  if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') {
    let above = resolve(dir);
    while (!existsSync(above) && dirname(above) !== above) above = dirname(above);
    if (!canWrite(above)) return new DataDirReadOnlyError(dir);
  }
  return error;
}

/** The file, if it exists, readable and writable by its owner only (0600). */
export function privateFile(file: string): void {
  if (POSIX) tryChmod(file, 0o600);
}

function tryChmod(path: string, mode: number): void {
  try {
    chmodSync(path, mode);
  } catch {
    // Absent (a -wal not yet made) or not ours: nothing to tighten.
  }
}
