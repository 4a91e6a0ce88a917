// Which account a command works on, and the client for it: options, then environment, then the
// profile `login` saved. The password comes from FESTIME_PASSWORD or the keychain, never a flag.
import { DEFAULT_SERVER } from '../../shared/festime';
import { isoDateSchema } from '../../shared/validation';
import { PasswordMissingError } from '../core/errors';
import { createFestimeClient, type FestimeClient } from '../core/festime/client';
import { normalizeServer } from '../core/festime/server-address';
import { createNodeTransport } from '../core/festime/transport';
import { defaultDataDir } from '../core/paths';
import { readProfile } from '../core/profile';
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

export function resolveAccount(opts: GlobalOptions, io: CliIO, out: Out): Account {
  const dataDir = dataDirOf(opts, io);
  const profile = readProfile(dataDir);
  const server = normalizeServer(opts.server ?? io.env.FESTIME_SERVER ?? profile?.server ?? DEFAULT_SERVER);
  const login = (opts.login ?? io.env.FESTIME_LOGIN ?? (profile && normalizeServer(profile.server) === server ? profile.login : undefined))?.trim();
  if (!login) throw usage(out, 'cli.msg.noLogin');
  return { server, login, dataDir };
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
