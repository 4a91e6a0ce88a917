// The sync window, in the site's days: "today" is the date where the terminals are (their zone),
// not the PC's.
import { addDays, todayIn } from '../../../shared/time';

/** Festime keeps 90 days, today included. */
export const FESTIME_RETENTION_DAYS = 90;

export function siteToday(now: Date, zone: string): string {
  return todayIn(zone, now);
}

/** The first day Festime still holds completely. */
export function retentionStart(today: string): string {
  return addDays(today, -(FESTIME_RETENTION_DAYS - 1));
}
