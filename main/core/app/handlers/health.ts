// « Can the data be opened? », asked first by the window: the database is opened here (not when the
// app starts), so a damaged file, a newer version's file or an engine that does not load is a value
// the window shows with what to do, never a start that fails with no window.
import type { AppHealth, Handlers, StartRemedy } from '../../../../shared/api';
import { toAppError } from '../../errors';
import { logDirOf } from '../../log';
import { listBackups } from '../../store/backups';
import type { AppContext } from '../context';

type HealthHandlers = Pick<Handlers, 'app/health'>;

/** What the user can do about each failure; a restore only where a backup exists. */
export function remediesFor(code: string, hasBackup: boolean): StartRemedy[] {
  const restore: StartRemedy[] = hasBackup ? ['restore'] : [];
  switch (code) {
    case 'store.damaged':
      return [...restore, 'retry'];
    case 'store.future':
      // The newer version reads it as it is; a backup of this version's loses what the newer one wrote.
      return ['update', ...restore];
    case 'app.native-module':
    case 'app.start':
      return ['reinstall'];
    default:
      // Busy, read-only, a full disk, a file in the way: put right outside the app, then try again.
      return ['retry'];
  }
}

export function healthHandlers(ctx: AppContext): HealthHandlers {
  return {
    async 'app/health'() {
      const dataDir = ctx.options.dataDir;
      const base = { version: ctx.options.version, dataDir, logDir: logDirOf(dataDir) };
      try {
        ctx.db();
        return { ...base, problem: null } satisfies AppHealth;
      } catch (error) {
        const appError = toAppError(error, ctx.messageLang(), dataDir);
        ctx.logger.error('start.data-unavailable', error);
        const newestBackup = listBackups(dataDir)[0]?.day ?? null;
        return { ...base, problem: { error: appError, remedies: remediesFor(appError.code, newestBackup !== null), newestBackup } } satisfies AppHealth;
      }
    },
  };
}
