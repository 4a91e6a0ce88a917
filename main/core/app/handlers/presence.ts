// The evacuation roll call: today at the site, from the cache, with the time of its data.
import type { Handlers } from '../../../../shared/api';
import { todayIn, wallClockAt } from '../../../../shared/time';
import { lastSuccessfulRun } from '../../sync/engine';
import { rollCall } from '../../timesheet/presence';
import type { AppContext } from '../context';

type PresenceHandlers = Pick<Handlers, 'presence/rollcall'>;

export function presenceHandlers(ctx: AppContext): PresenceHandlers {
  return {
    async 'presence/rollcall'() {
      const row = ctx.current();
      const zone = ctx.zone(row);
      const now = ctx.now();
      const synced = lastSuccessfulRun(ctx.db(), row.id)?.finishedAt ?? null;
      return rollCall(ctx.db(), row.id, {
        today: todayIn(zone, now),
        nowLocal: wallClockAt(now, zone),
        lastSyncLocal: synced ? wallClockAt(new Date(synced), zone) : null,
      });
    },
  };
}
