// What every domain's handlers share: the database (opened on first use), the account the door
// works on, a Festime client for it, the language, the clock, and the door's outside world.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EventName, EventPayload } from '../../../shared/api';
import type { Lang } from '../../../shared/i18n';
import { DataDirReadOnlyError, NoAccountError, PasswordMissingError } from '../errors';
import { createFestimeClient, type FestimeClient, type FestimeClientOptions } from '../festime/client';
import { normalizeServer } from '../festime/server-address';
import type { Transport } from '../festime/transport';
import type { Logger } from '../log';
import type { CredentialStore } from '../secrets';
import { DATABASE_FILE, openStore, type Store } from '../store';
import { cleanStaleFiles } from '../store/backups';
import { takeWriterLock, type WriterLock } from '../store/lock';
import { ensureAccount, getSetting, listAccounts, type AccountRow } from '../store/accounts';
import { DEFAULT_SERVER } from '../../../shared/festime';
import { DEFAULT_SITE_ZONE } from '../../../shared/time';
import { siteZone } from '../store/site-zone';
import { createDemo, type Demo } from './demo';

export interface AppServiceOptions {
  dataDir: string;
  version: string;
  credentials: CredentialStore;
  transport: Transport;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  /** The app's language when none is saved in Paramètres: the OS locale's in the window, French in the CLI. */
  lang: () => Lang;
  /** A language the door was told explicitly (the CLI's --lang): it comes before the saved one, for everything. */
  langOverride?: Lang;
  /**
   * The language of the door's own messages when it has one (the CLI's, from its locale): errors
   * and Festime's answers are then said in it, while the workbook keeps the app's language.
   */
  messageLang?: Lang;
  /**
   * The account the door names (the CLI's --server/--login or their environment variables): the
   * handlers then work on it, created on first use, without making it the saved current account.
   */
  account?: { server?: string; login?: string };
  /** Who acts (the OS user name), for the outbox and the audit log. */
  actor: string;
  now?: () => Date;
  /** Tuning of the Festime client (timeouts, retries) for slow links and the fault tests. */
  client?: Pick<FestimeClientOptions, 'timeoutMs' | 'longTimeoutMs' | 'readBudgetMs' | 'retry'>;
  /**
   * Hands a workbook to the user, the door's way: a save dialog in the desktop app (savedTo: the
   * path chosen, null when cancelled), a download in the browser bridge (download: its URL), the
   * file named on the command line in the CLI.
   */
  deliver: (fileName: string, bytes: Buffer) => Promise<{ savedTo: string | null; download: string | null }>;
  /** Port the built-in demo server tries first (0: any). */
  demoPort?: number;
  /**
   * When the door takes the database's writer lock: at first use (the app, which holds it while it
   * runs), or only before a method that writes (the CLI, whose reading commands work while the app is open).
   */
  lockOnWrite?: boolean;
  /** The log file (main/core/log.ts): failures only, never data or secrets. Opened and closed by the door. */
  logger: Logger;
}

export interface AppContext {
  options: AppServiceOptions;
  db(): Store['db'];
  /** Closes the database (restore swaps the file); the next db() opens it again. */
  closeStore(): void;
  /** Takes the data folder's writer lock (once; AlreadyOpenError when another process keeps it). */
  claimWriter(): void;
  /** Gives the lock back (the door closes). */
  releaseWriter(): void;
  now(): Date;
  /** The app's language (Paramètres, the workbook, the demo's name). */
  lang(): Lang;
  /** The language of messages to the door (errors, outbox answers). */
  messageLang(): Lang;
  emit: AppServiceOptions['emit'];
  logger: Logger;
  /** The door's credential store, with every keychain failure written to the log. */
  credentials: CredentialStore;
  /** The account the handlers work on; NoAccountError when there is none. */
  current(): AccountRow;
  /** The same, or null when there is none. */
  currentOrNull(): AccountRow | null;
  /** The saved current account, or the only one there is; null when none. */
  savedCurrent(): AccountRow | null;
  client(row: AccountRow): Promise<FestimeClient>;
  demo: Demo;
  /** The site's time zone (its terminals', or the one set in Paramètres); France without an account. */
  zone(row?: AccountRow | null): string;
  /** The sync under way, if any (one at a time per process). */
  sync: AbortController | null;
}

/** The account named by server and/or login, with the saved current one filling what is not named. */
export function pickAccount(named: { server?: string; login?: string }, current: AccountRow | null): { server: string; login: string } | null {
  const server = normalizeServer(named.server ?? current?.server ?? DEFAULT_SERVER);
  const login = (named.login ?? (current && current.server === server ? current.login : undefined))?.trim();
  return login ? { server, login } : null;
}

/** Every keychain failure leaves a line (the operation, the error's name and code), then goes on as it was. */
function loggedCredentials(store: CredentialStore, logger: Logger): CredentialStore {
  const logged = async <T>(op: 'get' | 'set' | 'delete', fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      logger.error('keychain.failed', error, { op });
      throw error;
    }
  };
  return {
    get: (server, login) => logged('get', () => store.get(server, login)),
    set: (server, login, password) => logged('set', () => store.set(server, login, password)),
    delete: (server, login) => logged('delete', () => store.delete(server, login)),
  };
}

export function createContext(options: AppServiceOptions): AppContext {
  const credentials = loggedCredentials(options.credentials, options.logger);
  let store: Store | null = null;
  let lock: WriterLock | null = null;
  const claimWriter = () => {
    if (lock) return;
    lock = takeWriterLock(options.dataDir);
    // The only writer now: what an interrupted backup or restore left is removed.
    cleanStaleFiles(options.dataDir);
    // Opened read-only before (the folder could not be written then): opened again to write.
    if (store?.db.readonly) {
      store.close();
      store = null;
    }
  };
  // A data folder that cannot be written (a read-only share, a write-protected stick) still shows
  // what it holds: without the writer lock — which only a method that writes takes — the database
  // is opened read-only; a method that writes then says the folder is read-only (the lock file
  // cannot be made). The window does the same when its lock cannot be made for that reason.
  const open = (): Store => {
    try {
      return openStore(options.dataDir);
    } catch (error) {
      if (error instanceof DataDirReadOnlyError && !lock) return openStore(options.dataDir, { readonly: true });
      throw error;
    }
  };
  const db = () => {
    if (!store && !options.lockOnWrite) {
      try {
        claimWriter();
      } catch (error) {
        if (!(error instanceof DataDirReadOnlyError)) throw error;
      }
    }
    return (store ??= open()).db;
  };
  const savedCurrent = (): AccountRow | null => {
    const id = Number(getSetting(db(), 'global', 'current-account'));
    const accounts = listAccounts(db());
    return accounts.find((a) => a.id === id) ?? (accounts.length === 1 ? accounts[0]! : null);
  };
  const ctx: AppContext = {
    options,
    db,
    closeStore() {
      store?.close();
      store = null;
    },
    claimWriter,
    releaseWriter() {
      lock?.release();
      lock = null;
    },
    now: () => options.now?.() ?? new Date(),
    lang() {
      if (options.langOverride) return options.langOverride;
      // No database yet, no language saved: and an error message must not create one.
      if (!store && !existsSync(join(options.dataDir, DATABASE_FILE))) return options.lang();
      let saved: string | null = null;
      try {
        saved = getSetting(db(), 'global', 'language');
      } catch (error) {
        // A database that cannot be read (damaged, from a newer version) must not stop the
        // message that says so: the door's language then, and a trace in the log.
        options.logger.warn('settings.language-unreadable', { error: error instanceof Error ? error.name : typeof error });
      }
      return saved === 'en' || saved === 'fr' ? saved : options.lang();
    },
    messageLang: () => options.langOverride ?? options.messageLang ?? ctx.lang(),
    emit: options.emit,
    logger: options.logger,
    credentials,
    savedCurrent,
    current() {
      const named = options.account;
      if (named?.server || named?.login) {
        const picked = pickAccount(named, savedCurrent());
        if (!picked) throw new NoAccountError();
        return ensureAccount(db(), picked.server, picked.login);
      }
      const row = savedCurrent();
      if (!row) throw new NoAccountError();
      return row;
    },
    currentOrNull() {
      try {
        return ctx.current();
      } catch (error) {
        if (error instanceof NoAccountError) return null;
        throw error;
      }
    },
    async client(row) {
      const tuning = options.client ?? {};
      if (ctx.demo.isDemo(row))
        return createFestimeClient({ ...ctx.demo.credentials(), server: await ctx.demo.start(), transport: options.transport, ...tuning });
      const password = await credentials.get(row.server, row.login);
      if (password === null) throw new PasswordMissingError(row.server, row.login);
      return createFestimeClient({ server: row.server, login: row.login, password, transport: options.transport, ...tuning });
    },
    zone(row = ctx.currentOrNull()) {
      return row ? siteZone(db(), row.id) : DEFAULT_SITE_ZONE;
    },
    demo: null as unknown as Demo,
    sync: null,
  };
  ctx.demo = createDemo(ctx);
  return ctx;
}
