// The record kept safe: verified daily backups, restore, and the retention policy's purge.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupView, Handlers } from '../../../../shared/api';
import { BusyError } from '../../errors';
import { DATABASE_FILE } from '../../store';
import { getSetting, accountScope, setSetting, type AccountRow } from '../../store/accounts';
import { backupNow, listBackups, restoreNewestBackup } from '../../store/backups';
import { purge, purgeCut } from '../../store/retention';
import { siteToday } from '../../sync/window';
import type { AppContext } from '../context';
import { CLOCK_PURGE_SKIP_MINUTES, clockSkewMinutes } from './clock';

type BackupHandlers = Pick<Handlers, 'backup/list' | 'backup/now' | 'backup/restore' | 'retention/purge'>;

const backupView = (b: { file: string; day: string }): BackupView => ({ file: b.file, day: b.day, bytes: statSync(b.file).size });

/** After a good sync, once a day: a verified backup, and the retention policy applied. */
export async function dailyUpkeep(ctx: AppContext, row: AccountRow): Promise<void> {
  const today = siteToday(ctx.now(), ctx.zone(row));
  if (!listBackups(ctx.options.dataDir).some((b) => b.day === today)) await backupNow(ctx.db(), ctx.options.dataDir, today);
  // The PC's date a day or more away from Festime's: no purge on its word (the next sync retries).
  const skew = clockSkewMinutes(ctx, row);
  if (skew !== null && Math.abs(skew) > CLOCK_PURGE_SKIP_MINUTES) ctx.logger.warn('upkeep.purge-skipped', { account: row.id, clockSkewMinutes: skew });
  else if (getSetting(ctx.db(), accountScope(row.id), 'last-purge') !== today) {
    purge(ctx.db(), row.id, today, ctx.options.actor);
    setSetting(ctx.db(), accountScope(row.id), 'last-purge', today);
  }
}

export function backupHandlers(ctx: AppContext): BackupHandlers {
  return {
    async 'backup/list'() {
      return listBackups(ctx.options.dataDir).map(backupView);
    },
    async 'backup/now'() {
      return backupView(await backupNow(ctx.db(), ctx.options.dataDir, siteToday(ctx.now(), ctx.zone())));
    },
    async 'backup/restore'() {
      if (ctx.sync) throw new BusyError();
      // The open database is closed, set aside (renamed, kept) and replaced by the newest good backup.
      ctx.closeStore();
      const used = restoreNewestBackup(ctx.options.dataDir, join(ctx.options.dataDir, DATABASE_FILE), ctx.now().toISOString().replace(/[:.]/g, '-'));
      for (const what of ['accounts', 'punches', 'holders', 'timesheet'] as const) ctx.emit('data/changed', { what });
      return backupView(used);
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
