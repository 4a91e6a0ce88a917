// Which account a command works on, and the client for it: options, then environment, then the
// account `login` made current. The password comes from FESTIME_PASSWORD or the keychain, never a flag.
import { DEFAULT_SERVER } from '../../shared/festime';
import { isoDateSchema } from '../../shared/validation';
import { PasswordMissingError } from '../core/errors';
import { createFestimeClient, type FestimeClient } from '../core/festime/client';
import { normalizeServer } from '../core/festime/server-address';
import { createNodeTransport } from '../core/festime/transport';
import { defaultDataDir } from '../core/paths';
import { ensureAccount, getSetting, listAccounts, setSetting, type AccountRow } from '../core/store/accounts';
import { openStore, type Store } from '../core/store';
import { createKeytarStore, type CredentialStore } from '../core/secrets';
import { usage, type CliIO, type Out } from './io';

export interface GlobalOptions {
  server?: string;
  login?: string;
  dataDir?: string;
}

export interface Account {
  server: string;
  login: string;
  dataDir: string;
}

export function dataDirOf(opts: GlobalOptions, io: CliIO): string {
  return opts.dataDir ?? io.env.FESTIME_DATA_DIR ?? defaultDataDir(io.env);
}

/** The account named by options or environment, else the current one of the local database. */
export function resolveAccount(opts: GlobalOptions, io: CliIO, out: Out, store?: Store): Account {
  const dataDir = dataDirOf(opts, io);
  const named = opts.server ?? io.env.FESTIME_SERVER;
  let current: AccountRow | null = null;
  if (store) {
    const id = Number(getSetting(store.db, 'global', 'current-account'));
    const accounts = listAccounts(store.db);
    // The current account, or the only one there is.
    current = accounts.find((a) => a.id === id) ?? (accounts.length === 1 ? accounts[0]! : null);
  }
  const server = normalizeServer(named ?? current?.server ?? DEFAULT_SERVER);
  const login = (opts.login ?? io.env.FESTIME_LOGIN ?? (current && current.server === server ? current.login : undefined))?.trim();
  if (!login) throw usage(out, 'cli.msg.noLogin');
  return { server, login, dataDir };
}

/** Opens the local database and the account's row in it (created on first use). */
export function openAccount(opts: GlobalOptions, io: CliIO, out: Out): { store: Store; account: Account; row: AccountRow } {
  const store = openStore(dataDirOf(opts, io));
  try {
    const account = resolveAccount(opts, io, out, store);
    return { store, account, row: ensureAccount(store.db, account.server, account.login) };
  } catch (error) {
    store.close();
    throw error;
  }
}

/** Runs `fn` with the database open for the account, and closes it afterwards. */
export function withStore<T>(opts: GlobalOptions, io: CliIO, out: Out, fn: (opened: { store: Store; account: Account; row: AccountRow }) => T): T {
  const opened = openAccount(opts, io, out);
  try {
    return fn(opened);
  } finally {
    opened.store.close();
  }
}

export async function withStoreAsync<T>(opts: GlobalOptions, io: CliIO, out: Out, fn: (opened: { store: Store; account: Account; row: AccountRow }) => Promise<T>): Promise<T> {
  const opened = openAccount(opts, io, out);
  try {
    return await fn(opened);
  } finally {
    opened.store.close();
  }
}

/** The account a command works on; the database is only opened when no flag names one. */
export function chosenAccount(opts: GlobalOptions, io: CliIO, out: Out): Account {
  if ((opts.login || io.env.FESTIME_LOGIN) && (opts.server || io.env.FESTIME_SERVER)) return resolveAccount(opts, io, out);
  return withStore(opts, io, out, ({ account }) => account);
}

export function makeCurrent(store: Store, row: AccountRow): void {
  setSetting(store.db, 'global', 'current-account', String(row.id));
}

export const credentialStore: () => CredentialStore = (() => {
  let store: CredentialStore | null = null;
  return () => (store ??= createKeytarStore());
})();

export async function passwordFor(account: Account, io: CliIO): Promise<string> {
  const fromEnv = io.env.FESTIME_PASSWORD;
  if (fromEnv) return fromEnv;
  const saved = await credentialStore().get(account.server, account.login);
  if (!saved) throw new PasswordMissingError(account.server, account.login);
  return saved;
}

/** Runs `fn` with a client for the account, and closes the connection pool afterwards. */
export async function withClient<T>(account: Account, password: string, io: CliIO, fn: (client: FestimeClient) => Promise<T>): Promise<T> {
  const transport = createNodeTransport();
  // Tuning for slow links (and for tests of the fault paths): per-attempt timeout, first retry delay.
  const timeout = Number(io.env.FESTIME_TIMEOUT_MS);
  const retryBase = Number(io.env.FESTIME_RETRY_BASE_MS);
  try {
    const client = createFestimeClient({
      server: account.server,
      login: account.login,
      password,
      transport,
      ...(timeout > 0 ? { timeoutMs: timeout, longTimeoutMs: timeout } : {}),
      ...(retryBase >= 0 && io.env.FESTIME_RETRY_BASE_MS ? { retry: { attempts: 3, baseDelayMs: retryBase, maxDelayMs: retryBase * 4 } } : {}),
    });
    return await fn(client);
  } finally {
    await transport.close();
  }
}

export function checkChoice<T extends string>(out: Out, option: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw usage(out, 'cli.msg.badChoice', { option, value, choices: choices.join(', ') });
}

export function checkDate(out: Out, option: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isoDateSchema.safeParse(value).success) throw usage(out, 'cli.msg.badDate', { option, value });
  return value;
}
