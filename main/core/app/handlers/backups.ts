// The record kept safe: verified daily backups, restore, and the retention policy's purge.
import { statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { BackupView, Handlers } from '../../../../shared/api';
import type { AppError, ErrorCode } from '../../../../shared/app-error';
import { translate } from '../../../../shared/i18n';
import { BusyError, toAppError } from '../../errors';
import { DATABASE_FILE } from '../../store';
import { getSetting, accountScope, setSetting, type AccountRow } from '../../store/accounts';
import { backupNow, checkBackupFile, listBackups, newestGoodBackup, restoreFrom } from '../../store/backups';
import { purge, purgeCut } from '../../store/retention';
import { siteToday } from '../../sync/window';
import { DEFAULT_SITE_ZONE, wallClockAt } from '../../../../shared/time';
import type { AppContext } from '../context';
import { CLOCK_PURGE_SKIP_MINUTES, clockSkewMinutes } from './clock';

type BackupHandlers = Pick<Handlers, 'backup/list' | 'backup/now' | 'backup/restore' | 'retention/purge'>;

const backupView = (b: { file: string; day: string }): BackupView => ({ file: b.file, day: b.day, bytes: statSync(b.file).size });

/** The day's backup that failed (its error's code, key and parameters, as JSON), kept until a backup succeeds: the window's status bar says it. */
const BACKUP_FAILED = 'backup-failed';

/** A backup made now, named by the site's wall clock to the second; a failure recorded before is then over. */
async function backupAt(ctx: AppContext, row?: AccountRow | null): Promise<{ file: string; day: string }> {
  const [day, clock] = wallClockAt(ctx.now(), ctx.zone(row)).split('T') as [string, string];
  const made = await backupNow(ctx.db(), ctx.options.dataDir, day, clock.slice(0, 8).replace(/:/g, ''));
  if (getSetting(ctx.db(), 'global', BACKUP_FAILED)) setSetting(ctx.db(), 'global', BACKUP_FAILED, '');
  return made;
}

/** The day's backup that failed, in the language asked (what to do included); null when the last one was made. */
export function backupFailure(ctx: AppContext): AppError | null {
  const saved = getSetting(ctx.db(), 'global', BACKUP_FAILED);
  if (!saved) return null;
  const { code, key, params } = JSON.parse(saved) as { code: ErrorCode; key: string; params: AppError['params'] };
  return { code, key, params, message: translate(ctx.messageLang(), key, params) };
}

/**
 * After a good sync, once a day: a verified backup, and the retention policy applied. A backup that
 * fails (a full disk…) is logged, recorded for the status bar and returned for the sync's summary;
 * it leaves no file, so the day's backup is still due and the next sync tries again. No purge then.
 */
export async function dailyUpkeep(ctx: AppContext, row: AccountRow): Promise<AppError | null> {
  const today = siteToday(ctx.now(), ctx.zone(row));
  if (!listBackups(ctx.options.dataDir, today).some((b) => b.day === today)) {
    try {
      await backupAt(ctx, row);
    } catch (error) {
      ctx.logger.error('upkeep.backup-failed', error, { account: row.id });
      const failure = toAppError(error, ctx.messageLang(), ctx.options.dataDir, 'backup');
      try {
        setSetting(ctx.db(), 'global', BACKUP_FAILED, JSON.stringify({ code: failure.code, key: failure.key, params: failure.params }));
      } catch (unsaved) {
        // The disk too full for this line as well: the sync's summary still says it.
        ctx.logger.error('upkeep.backup-failure-unsaved', unsaved, { account: row.id });
      }
      return failure;
    }
  }
  // The PC's date a day or more away from Festime's: no purge on its word (the next sync retries).
  const skew = clockSkewMinutes(ctx, row);
  if (skew !== null && Math.abs(skew) > CLOCK_PURGE_SKIP_MINUTES) ctx.logger.warn('upkeep.purge-skipped', { account: row.id, clockSkewMinutes: skew });
  else if (getSetting(ctx.db(), accountScope(row.id), 'last-purge') !== today) {
    purge(ctx.db(), row.id, today, ctx.options.actor);
    setSetting(ctx.db(), accountScope(row.id), 'last-purge', today);
  }
  return null;
}

/** The site's zone, read before the database closes; a damaged one (the very reason to restore) cannot tell it: France's then. */
function zoneEvenDamaged(ctx: AppContext): string {
  try {
    return ctx.zone();
  } catch {
    return DEFAULT_SITE_ZONE;
  }
}

export function backupHandlers(ctx: AppContext): BackupHandlers {
  return {
    async 'backup/list'() {
      return listBackups(ctx.options.dataDir, siteToday(ctx.now(), zoneEvenDamaged(ctx))).map(backupView);
    },
    async 'backup/now'() {
      return backupView(await backupAt(ctx));
    },
    async 'backup/restore'({ from }) {
      if (ctx.sync) throw new BusyError();
      const databaseFile = join(ctx.options.dataDir, DATABASE_FILE);
      const zone = zoneEvenDamaged(ctx);
      // Any file the user names (a backup from another PC…), else the newest backup that passes the checks.
      const source = from
        ? { file: isAbsolute(from) ? from : resolve(from), day: '' }
        : newestGoodBackup(ctx.options.dataDir, databaseFile, siteToday(ctx.now(), zone));
      // A wrong path or a file that is no database: said before the open database is closed.
      checkBackupFile(source.file);
      // Named by the site's wall clock, as the backups are.
      const stamp = wallClockAt(ctx.now(), zone).slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
      // The open database is closed, kept aside and replaced; the writer lock (held since the
      // dispatcher's claim) keeps every other process from writing it meanwhile.
      ctx.closeStore();
      const kept = restoreFrom(source.file, databaseFile, stamp);
      for (const what of ['accounts', 'punches', 'holders', 'timesheet', 'settings'] as const) ctx.emit('data/changed', { what });
      const day = source.day || wallClockAt(statSync(source.file).mtimeMs, zone).slice(0, 10);
      return { ...backupView({ file: source.file, day }), kept };
    },
    async 'retention/purge'({ before, apply }) {
      const row = ctx.current();
      const today = siteToday(ctx.now(), ctx.zone(row));
      if (!apply) return { before: purgeCut(ctx.db(), row.id, today, before), removed: 0, applied: false };
      const result = purge(ctx.db(), row.id, today, ctx.options.actor, before);
      ctx.emit('data/changed', { what: 'punches' });
      return { ...result, applied: true };
    },
  };
}
