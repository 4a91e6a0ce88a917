// « À vérifier »: the open anomalies and the legal alerts across staff, at the site's time now.
import type { Handlers } from '../../../../shared/api';
import { wallClockAt } from '../../../../shared/time';
import { reviewList } from '../../timesheet/review';
import type { AppContext } from '../context';

export function reviewHandlers(ctx: AppContext): Pick<Handlers, 'review/list'> {
  return {
    async 'review/list'({ month }) {
      const row = ctx.current();
      // The site's now: a shift still open today is someone at work, not a missing departure.
      return reviewList(ctx.db(), row.id, wallClockAt(ctx.now(), ctx.zone(row)).slice(0, 19), month);
    },
  };
}
