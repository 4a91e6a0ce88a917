// The data folder shared by the desktop app and the CLI: the app's user-data folder for
// "Festime Desk" (what Electron's app.getPath('userData') gives), unless --data-dir says otherwise.
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
