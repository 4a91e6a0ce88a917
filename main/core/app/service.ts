// The one use-case layer: every method of the contract, for every door (the window over IPC,
// the browser bridge, the CLI). Each domain's handlers live in handlers/; this file puts them
// together over one shared context.
import type { Handlers } from '../../../shared/api';
import type { Lang } from '../../../shared/i18n';
import { SecretsUnavailableError } from '../errors';
import { createContext, type AppServiceOptions } from './context';
import { accountHandlers } from './handlers/accounts';
import { healthHandlers } from './handlers/health';
import { backupHandlers } from './handlers/backups';
import { employeeHandlers } from './handlers/employees';
import { employeePageHandlers } from './handlers/employee';
import { holderHandlers } from './handlers/holders';
import { punchHandlers } from './handlers/punches';
import { presenceHandlers } from './handlers/presence';
import { reviewHandlers } from './handlers/review';
import { readSettings, settingsHandlers } from './handlers/settings';
import { runSync, syncHandlers } from './handlers/sync';
import { terminalHandlers } from './handlers/terminals';
import { timesheetHandlers } from './handlers/timesheet';

export type { AppServiceOptions } from './context';

/**
 * The contract's methods that only read the database. terminals/info also notes the terminals'
 * zone and its last report: small idempotent rows, left to SQLite's own locking so that the CLI's
 * `terminals info` answers while the window is open.
 */
const READING: ReadonlySet<string> = new Set([
  'app/info',
  'app/health',
  'punches/query',
  'punches/access-points',
  'punches/fetch',
  'terminals/info',
  'terminals/last-known',
  'presence/day',
  'presence/rollcall',
  'holders/list',
  'holders/pending',
  'timesheet/month',
  'timesheet/day',
  'employee/month',
  'corrections/list',
  'review/list',
  'settings/get',
  'employees/list',
  'absences/list',
  'backup/list',
  'sync/status',
]);

/**
 * Methods that only read with some inputs: the payroll-variables file is made from the database and
 * handed to the door, nothing recorded (the workbook's export is, for closing the month), so
 * `export --format evp` works while the window is open, as `export --format json` does.
 */
const readsWith = (name: string, input: unknown): boolean =>
  name === 'timesheet/export' && typeof input === 'object' && input !== null && (input as { format?: unknown }).format === 'evp';

export interface AppService {
  handlers: Handlers;
  /** The app's language: the door's explicit choice, else the one saved in Paramètres, else the door's default. */
  lang(): Lang;
  /** The language of messages to the door (see AppServiceOptions.messageLang). */
  messageLang(): Lang;
  /** Milliseconds between automatic syncs, as set. */
  syncIntervalMs(): number;
  /** Whether an account is ready to sync: chosen, and a password saved (or a keychain that fails: see below). */
  canSync(): Promise<boolean>;
  /** The automatic sync's run: nothing when no account is ready, else the same run as "Synchroniser". */
  autoSync(): Promise<void>;
  close(): Promise<void>;
}

export function createAppService(options: AppServiceOptions): AppService {
  const ctx = createContext(options);
  const all: Handlers = {
    ...accountHandlers(ctx),
    ...healthHandlers(ctx),
    ...punchHandlers(ctx),
    ...presenceHandlers(ctx),
    ...holderHandlers(ctx),
    ...terminalHandlers(ctx),
    ...timesheetHandlers(ctx),
    ...reviewHandlers(ctx),
    ...employeeHandlers(ctx),
    ...employeePageHandlers(ctx),
    ...settingsHandlers(ctx),
    ...backupHandlers(ctx),
    ...syncHandlers(ctx),
  };
  // Every method that may write first takes the writer lock (a no-op once held); the reading ones
  // work beside another process that writes.
  const handlers = Object.fromEntries(
    Object.entries(all).map(([name, handler]) => [
      name,
      READING.has(name)
        ? handler
        : async (...args: unknown[]) => {
            if (!readsWith(name, args[0])) ctx.claimWriter();
            return (handler as (...a: unknown[]) => unknown)(...args);
          },
    ]),
  ) as unknown as Handlers;
  const canSync = async () => {
    const row = ctx.currentOrNull();
    if (!row) return false;
    if (ctx.demo.isDemo(row)) return true;
    try {
      return (await ctx.credentials.get(row.server, row.login)) !== null;
    } catch (error) {
      // A keychain that fails is not "no password": the run goes ahead and fails on it, so that
      // the failure is recorded and shown in the status bar instead of the sync skipped in silence.
      if (error instanceof SecretsUnavailableError) return true;
      throw error;
    }
  };
  return {
    handlers,
    lang: () => ctx.lang(),
    messageLang: () => ctx.messageLang(),
    syncIntervalMs: () => readSettings(ctx).syncIntervalMinutes * 60_000,
    canSync,
    async autoSync() {
      let ready: boolean;
      try {
        ready = await canSync();
      } catch (error) {
        ctx.logger.error('sync.failed', error, { trigger: 'auto', stage: 'check' });
        throw error;
      }
      // runSync writes its own failure to the log.
      if (ready) await runSync(ctx, false, 'auto');
    },
    async close() {
      ctx.sync?.abort();
      await ctx.demo.close();
      ctx.closeStore();
      ctx.releaseWriter();
    },
  };
}
