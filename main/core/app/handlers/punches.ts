// Punches: the cache paged and filtered, straight from Festime when asked, and who is on site.
import type { Handlers, PunchRow } from '../../../../shared/api';
import {
  accessPoints,
  countPunches,
  countPunchesWithAdded,
  queryPunches,
  queryPunchesWithAdded,
  type ListedPunch,
  type StoredPunch,
} from '../../store/punches';
import { minuteOfDayIn } from '../../../../shared/time';
import { siteToday } from '../../sync/window';
import { correctedAmong } from '../../timesheet/corrections';
import { dayPunches, presenceOfDay } from '../../timesheet/presence';
import type { AppContext } from '../context';

type PunchHandlers = Pick<Handlers, 'punches/query' | 'punches/access-points' | 'punches/fetch' | 'presence/day'>;

/** Punches as the window shows them: each marked when a correction ignores (or keeps) it; an added one tagged as such. */
export function withIgnored(ctx: AppContext, accountId: number, punches: readonly (StoredPunch | ListedPunch)[]): PunchRow[] {
  const ids = punches.map((p) => p.id);
  const ignored = correctedAmong(ctx.db(), accountId, ids, 'ignore');
  const kept = correctedAmong(
    ctx.db(),
    accountId,
    punches.filter((p) => p.removedUpstream).map((p) => p.id),
    'keep',
  );
  return punches.map((p) => ({ ...p, ignored: ignored.has(p.id), kept: kept.has(p.id), added: 'added' in p ? p.added : null }));
}

export function punchHandlers(ctx: AppContext): PunchHandlers {
  return {
    async 'punches/query'({ offset, limit, order, added, after, ...filter }) {
      const row = ctx.current();
      const page = { offset, limit, order, after };
      const rows = added ? queryPunchesWithAdded(ctx.db(), row.id, filter, page) : queryPunches(ctx.db(), row.id, filter, page);
      // Counted with the first page only: the following pages of the same filter share its total.
      const total = offset !== 0 || after ? null : added ? countPunchesWithAdded(ctx.db(), row.id, filter) : countPunches(ctx.db(), row.id, filter);
      return { rows: withIgnored(ctx, row.id, rows), total };
    },
    async 'punches/access-points'() {
      return accessPoints(ctx.db(), ctx.current().id);
    },
    async 'punches/fetch'({ since, day }) {
      const answer = await (await ctx.client(ctx.current())).pointage({ since, day });
      return answer.punches.toArray();
    },
    async 'presence/day'({ day }) {
      const row = ctx.current();
      const zone = ctx.zone(row);
      const today = siteToday(ctx.now(), zone);
      const which = day ?? today;
      // Today's open shifts run until now; a past day's until midnight.
      const minute = which === today ? minuteOfDayIn(zone, ctx.now()) : 24 * 60;
      return presenceOfDay(which, dayPunches(ctx.db(), row.id, which), minute);
    },
  };
}
