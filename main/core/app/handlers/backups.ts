// The record kept safe: verified daily backups, restore, and the retention policy's purge.
import { statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { BackupView, Handlers } from '../../../../shared/api';
import { BusyError } from '../../errors';
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

/** A backup made now, named by the site's wall clock to the second. */
async function backupAt(ctx: AppContext, row?: AccountRow | null): Promise<{ file: string; day: string }> {
  const [day, clock] = wallClockAt(ctx.now(), ctx.zone(row)).split('T') as [string, string];
  return backupNow(ctx.db(), ctx.options.dataDir, day, clock.slice(0, 8).replace(/:/g, ''));
}

/** After a good sync, once a day: a verified backup, and the retention policy applied. */
export async function dailyUpkeep(ctx: AppContext, row: AccountRow): Promise<void> {
  const today = siteToday(ctx.now(), ctx.zone(row));
  if (!listBackups(ctx.options.dataDir, today).some((b) => b.day === today)) await backupAt(ctx, row);
  // The PC's date a day or more away from Festime's: no purge on its word (the next sync retries).
  const skew = clockSkewMinutes(ctx, row);
  if (skew !== null && Math.abs(skew) > CLOCK_PURGE_SKIP_MINUTES) ctx.logger.warn('upkeep.purge-skipped', { account: row.id, clockSkewMinutes: skew });
  else if (getSetting(ctx.db(), accountScope(row.id), 'last-purge') !== today) {
    purge(ctx.db(), row.id, today, ctx.options.actor);
    setSetting(ctx.db(), accountScope(row.id), 'last-purge', today);
  }
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
