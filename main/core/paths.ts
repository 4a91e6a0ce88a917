// The data folder shared by the desktop app and the CLI: the app's user-data folder for
// "Festime Desk" (what Electron's app.getPath('userData') gives), unless --data-dir says otherwise.
import { chmodSync, mkdirSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';

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

/** Creates the folder if needed, readable by its owner only (0700). */
export function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (POSIX) tryChmod(dir, 0o700);
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
