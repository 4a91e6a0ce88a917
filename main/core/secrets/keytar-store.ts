// The credential store over keytar: Keychain on macOS, Credential Manager on Windows, the Secret
// Service (gnome-keyring, KWallet, KeePassXC) on Linux.
import { SecretsUnavailableError } from '../errors';
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

export function createKeytarStore(load: () => Promise<Keytar> = async () => (await import('keytar')).default as Keytar): CredentialStore {
  let keytar: Promise<Keytar> | null = null;
  const get = () => {
    keytar ??= load().catch((error: unknown) => {
      keytar = null;
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
