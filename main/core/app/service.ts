// The one use-case layer: every method of the contract, for every door (the window over IPC,
// the browser bridge, the CLI). Each domain's handlers live in handlers/; this file puts them
// together over one shared context.
import type { Handlers } from '../../../shared/api';
import type { Lang } from '../../../shared/i18n';
import { createContext, type AppServiceOptions } from './context';
import { accountHandlers } from './handlers/accounts';
import { backupHandlers } from './handlers/backups';
import { holderHandlers } from './handlers/holders';
import { punchHandlers } from './handlers/punches';
import { readSettings, settingsHandlers } from './handlers/settings';
import { syncHandlers } from './handlers/sync';
import { terminalHandlers } from './handlers/terminals';
import { timesheetHandlers } from './handlers/timesheet';

export type { AppServiceOptions } from './context';

export interface AppService {
  handlers: Handlers;
  /** The language: the door's explicit choice, else the one saved in Paramètres, else the door's guess. */
  lang(): Lang;
  /** Milliseconds between automatic syncs, as set. */
  syncIntervalMs(): number;
  /** Whether an account is ready to sync (chosen, password saved). */
  canSync(): Promise<boolean>;
  close(): Promise<void>;
}

export function createAppService(options: AppServiceOptions): AppService {
  const ctx = createContext(options);
  const handlers: Handlers = {
    ...accountHandlers(ctx),
    ...punchHandlers(ctx),
    ...holderHandlers(ctx),
    ...terminalHandlers(ctx),
    ...timesheetHandlers(ctx),
    ...settingsHandlers(ctx),
    ...backupHandlers(ctx),
    ...syncHandlers(ctx),
  };
  return {
    handlers,
    lang: () => ctx.lang(),
    syncIntervalMs: () => readSettings(ctx).syncIntervalMinutes * 60_000,
    async canSync() {
      const row = ctx.currentOrNull();
      if (!row) return false;
      if (ctx.demo.isDemo(row)) return true;
      return (await options.credentials.get(row.server, row.login)) !== null;
    },
    async close() {
      ctx.sync?.abort();
      await ctx.demo.close();
      ctx.closeStore();
    },
  };
}
