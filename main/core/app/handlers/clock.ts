// The PC's clock, checked against Festime's at each sync (its HTTP `Date` header): "today", the
// sync window and the purge all come from the PC's date, and a wrong date once emptied a cache.
import { CLOCK_WARN_MINUTES } from '../../../../shared/clock-skew';
import type { FestimeClient } from '../../festime/client';
import { accountScope, getSetting, setSetting, type AccountRow } from '../../store/accounts';
import type { AppContext } from '../context';

/** Beyond this the automatic purge is not run (a day: the purge counts in days). */
export const CLOCK_PURGE_SKIP_MINUTES = 24 * 60;

const KEY = 'clock-skew-minutes';

/** The PC's clock minus Festime's, in minutes, as measured at the last sync that got a `Date` header. */
export function clockSkewMinutes(ctx: AppContext, row: AccountRow): number | null {
  const value = getSetting(ctx.db(), accountScope(row.id), KEY);
  return value === null || value === '' ? null : Number(value);
}

/** Measures and keeps the skew; an answer without a `Date` header leaves it unknown (not "fine"). */
export function recordClockSkew(ctx: AppContext, row: AccountRow, client: FestimeClient): number | null {
  const server = client.serverClock();
  const skew = server === null ? null : Math.round((ctx.now().getTime() - server.getTime()) / 60_000);
  setSetting(ctx.db(), accountScope(row.id), KEY, skew === null ? '' : String(skew));
  if (skew !== null && Math.abs(skew) > CLOCK_WARN_MINUTES) ctx.logger.warn('clock.skew', { account: row.id, minutes: skew });
  return skew;
}
