// Days as the terminal sees them: "today" is the date in Europe/Paris, not the PC's.
import { DateTime } from 'luxon';

export const SITE_TIME_ZONE = 'Europe/Paris';
/** Festime keeps 90 days, today included. */
export const FESTIME_RETENTION_DAYS = 90;

export function siteToday(now: Date, zone = SITE_TIME_ZONE): string {
  return DateTime.fromJSDate(now).setZone(zone).toISODate()!;
}

export function addDays(day: string, n: number): string {
  return DateTime.fromISO(day, { zone: 'UTC' }).plus({ days: n }).toISODate()!;
}

export function daysBetween(from: string, to: string): number {
  return Math.round(DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days) + 1;
}

/** The first day Festime still holds completely. */
export function retentionStart(today: string): string {
  return addDays(today, -(FESTIME_RETENTION_DAYS - 1));
}
