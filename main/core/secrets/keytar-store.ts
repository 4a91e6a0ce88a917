// The credential store over keytar: Keychain on macOS, Credential Manager on Windows, the Secret
// Service (gnome-keyring, KWallet, KeePassXC) on Linux.
import { createRequire } from 'node:module';
import { isAbsolute } from 'node:path';
import { isNativeLoadFailure, NativeModuleError, nativeDetail, SecretsUnavailableError } from '../errors';
import { KEYCHAIN_SERVICE, keychainAccount, type CredentialStore } from './credential-store';

type Keytar = {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
};

/** A short, secret-free reason from keytar's or D-Bus's error. */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/autolaunch|DBUS_SESSION_BUS_ADDRESS|X11/i.test(message)) return 'D-Bus session bus not found';
  if (/org\.freedesktop\.secrets|was not provided|ServiceUnknown/i.test(message)) return 'no Secret Service on D-Bus';
  if (/locked|unlock|dismissed|cancel/i.test(message)) return 'keyring locked or unlock refused';
  return message.split('\n')[0]!.slice(0, 120);
}

/**
 * keytar through require, on first use only (what never needs a password never loads the native
 * module). Not import(): the CommonJS bundles keep it as is, and it would load keytar through the
 * ESM loader rather than the way the app's other native module, better-sqlite3, is loaded.
 */
function requireKeytar(): Keytar {
  // A CJS bundle has __filename; ESM (tsx, vitest) has import.meta.url, and an eval'd worker's __filename is "[worker eval]".
  const from = typeof __filename === 'string' && isAbsolute(__filename) ? __filename : import.meta.url;
  return createRequire(from)('keytar') as Keytar;
}

export function createKeytarStore(load: () => Promise<Keytar> = async () => requireKeytar()): CredentialStore {
  let keytar: Promise<Keytar> | null = null;
  const get = () => {
    keytar ??= load().catch((error: unknown) => {
      keytar = null;
      // Built for another Node or Electron, or missing: the installation is at fault, not the keychain.
      if (isNativeLoadFailure(error)) throw new NativeModuleError('keytar', nativeDetail(error));
      throw new SecretsUnavailableError(`keytar: ${reason(error)}`);
    });
    return keytar;
  };
  const guard = async <T>(fn: (k: Keytar) => Promise<T>): Promise<T> => {
    const k = await get();
    try {
      return await fn(k);
    } catch (error) {
      throw new SecretsUnavailableError(reason(error));
    }
  };
  return {
    get: (server, login) => guard((k) => k.getPassword(KEYCHAIN_SERVICE, keychainAccount(server, login))),
    set: (server, login, password) => guard((k) => k.setPassword(KEYCHAIN_SERVICE, keychainAccount(server, login), password)),
    delete: (server, login) => guard((k) => k.deletePassword(KEYCHAIN_SERVICE, keychainAccount(server, login))),
  };
}
