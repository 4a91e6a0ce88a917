// The CLI's door onto the one use-case layer: the same runtime and dispatcher as the window, in
// this process. A command names a contract method and its input; the dispatcher checks it with
// the contract's schema and runs the same handler the window would. The CLI adds only arguments,
// output formats, progress on stderr and exit codes.
import type { AppError, ErrorCode } from '../../shared/app-error';
import type { EventName, EventPayload, MethodInput, MethodName, MethodResult } from '../../shared/api';
import { createNodeTransport } from '../core/festime/transport';
import { openFileLogger } from '../core/log';
import { defaultDataDir, osUser } from '../core/paths';
import { createKeytarStore, type CredentialStore } from '../core/secrets';
import { createRuntime, type RuntimeOptions } from '../runtime';
import type { CliIO, Out } from './io';

export interface GlobalOptions {
  server?: string;
  login?: string;
  dataDir?: string;
  lang?: string;
}

/** A contract call that came back refused: the handler's error, as the window would get it. */
export class CallError extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
    this.name = 'CallError';
  }
}

/**
 * Exit status 2: the command line (or what it asks) is wrong, and nothing was done — this includes a
 * file named for a restore that is not there or is no backup of this app, and a data folder that cannot serve (a file, or read-only): running again will fail the same way
 * until the option or the set-up is changed. Status 1 is for what may pass on its own or needs a
 * repair: Festime's faults, the database busy in another process, a full disk, a damaged database
 * or one from a newer version — and a refusal because the month is closed (the command is right;
 * the month must be reopened first).
 */
const USAGE_CODES: ReadonlySet<ErrorCode> = new Set([
  'validation.field',
  'config.server',
  'store.retention',
  'store.not-exported',
  'store.month-not-over',
  'store.not-removed',
  'store.not-ambiguous',
  'store.read-only',
  'store.not-a-folder',
  'store.backup-missing',
  'store.not-a-backup',
  'app.no-account',
]);
export const exitCodeOf = (error: AppError): number => (USAGE_CODES.has(error.code) ? 2 : 1);

export interface Session {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>>;
  close(): Promise<void>;
}

export interface SessionOptions {
  onEvent?: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  deliver?: RuntimeOptions['deliver'];
}

export function dataDirOf(globals: GlobalOptions, io: CliIO): string {
  return globals.dataDir ?? io.env.FESTIME_DATA_DIR ?? defaultDataDir(io.env);
}

let keychain: CredentialStore | null = null;

/** The keychain, with FESTIME_PASSWORD first for a scheduled task on a box without one (never a flag). */
function credentialsFor(io: CliIO): CredentialStore {
  const store = () => (keychain ??= createKeytarStore());
  return {
    get: async (server, login) => io.env.FESTIME_PASSWORD || store().get(server, login),
    set: (server, login, password) => store().set(server, login, password),
    delete: (server, login) => store().delete(server, login),
  };
}

export function openSession(globals: GlobalOptions, io: CliIO, out: Out, options: SessionOptions = {}): Session {
  const transport = createNodeTransport();
  const server = globals.server ?? io.env.FESTIME_SERVER;
  const login = globals.login ?? io.env.FESTIME_LOGIN;
  // Tuning for slow links (and for tests of the fault paths): per-attempt timeout, which is also a
  // sync's read budget (all its reads together), and first retry delay.
  const timeout = Number(io.env.FESTIME_TIMEOUT_MS);
  const retryBase = Number(io.env.FESTIME_RETRY_BASE_MS);
  const dataDir = dataDirOf(globals, io);
  // The same log file as the desktop app's runtime (`door: cli` on each line): the file is only
  // appended to, line by line, never renamed, so a scheduled `sync` may write while the app does.
  const logger = openFileLogger(dataDir, { door: 'cli' });
  const runtime = createRuntime({
    dataDir,
    logger,
    version: process.env.npm_package_version ?? '0.0.0',
    credentials: credentialsFor(io),
    transport,
    emit: (event, payload) => options.onEvent?.(event, payload),
    // The workbook is written in the language saved in Paramètres, French by default, or the one
    // said on the command line or in the environment; the CLI's messages speak its own language.
    lang: () => 'fr',
    messageLang: out.lang,
    ...(out.explicitLang ? { langOverride: out.lang } : {}),
    ...(server || login ? { account: { server, login } } : {}),
    actor: osUser(),
    autoSync: false,
    // Reading commands work while the window is open; writing ones wait for it, then say it is open.
    lockOnWrite: true,
    client: {
      ...(timeout > 0 ? { timeoutMs: timeout, longTimeoutMs: timeout } : {}),
      ...(retryBase >= 0 && io.env.FESTIME_RETRY_BASE_MS ? { retry: { attempts: 3, baseDelayMs: retryBase, maxDelayMs: retryBase * 4 } } : {}),
    },
    deliver: options.deliver ?? (() => Promise.resolve({ savedTo: null, download: null })),
  });
  return {
    async call(method, input) {
      const outcome = await runtime.dispatch(method, input, { trusted: true });
      if (!outcome.ok) throw new CallError(outcome.error);
      return outcome.value as MethodResult<typeof method>;
    },
    async close() {
      await runtime.close();
      await transport.close();
      await logger.close();
    },
  };
}

/** Runs `fn` with a session, closed afterwards whatever happens. */
export async function withSession<T>(globals: GlobalOptions, io: CliIO, out: Out, fn: (session: Session) => Promise<T>, options?: SessionOptions): Promise<T> {
  const session = openSession(globals, io, out, options);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}
