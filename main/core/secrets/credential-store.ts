// Where the account's password lives: the OS keychain, behind an interface so that nothing else
// knows about keytar. There is no file fallback, ever.
import { normalizeServer } from '../festime/server-address';

export const KEYCHAIN_SERVICE = 'festime-desk';

export interface CredentialStore {
  get(server: string, login: string): Promise<string | null>;
  set(server: string, login: string, password: string): Promise<void>;
  /** True when there was a password to remove. */
  delete(server: string, login: string): Promise<boolean>;
}

/** One keychain entry per server and login: "login@https://festime.mytiming.fr". */
export function keychainAccount(server: string, login: string): string {
  return `${login}@${normalizeServer(server)}`;
}
