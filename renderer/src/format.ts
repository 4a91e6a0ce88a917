// Display helpers: French dates and durations, ages ("il y a 5 min").
import i18next from 'i18next';
import { DEFAULT_SITE_ZONE, todayIn, wallClockAt } from '../../shared/time';

const locale = () => (i18next.language === 'en' ? 'en-GB' : 'fr-FR');

/** The site's zone as Paramètres say it (its terminals', or the one chosen); France until known. */
let siteZone = DEFAULT_SITE_ZONE;
export function setSiteZone(zone: string): void {
  siteZone = zone;
}

/** "2026-11-25T08:02:11" (terminal local time) → "25/11/2026 08:02:11". */
export function localDateTime(at: string): string {
  return `${at.slice(8, 10)}/${at.slice(5, 7)}/${at.slice(0, 4)} ${at.slice(11, 19)}`;
}

/** An ISO instant (UTC) → "25/11/2026 08:02" at the site. */
export function siteDateTime(iso: string): string {
  return localDateTime(wallClockAt(new Date(iso), siteZone)).slice(0, 16);
}

export function localDate(day: string): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}

export function monthName(month: string): string {
  return new Intl.DateTimeFormat(locale(), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T12:00:00Z`));
}

/**
 * Milliseconds → "7:30". Seconds are dropped, not rounded, as Excel and LibreOffice show a
 * `[h]:mm` cell: the app and the workbook then show the same figures.
 */
export function msToHhmm(ms: number): string {
  const minutes = Math.floor(Math.round(ms) / 60_000);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A number as the language writes it, up to two decimals: 24 → "24", 24.5 → "24,5" (English: "24.5"). */
export function decimal(n: number): string {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 2 }).format(n);
}

/** An ISO instant (UTC) → its age in words. */
export function age(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 1) return i18next.t('ui.ago.now');
  if (minutes < 60) return i18next.t('ui.ago.minutes', { count: minutes });
  if (minutes < 48 * 60) return i18next.t('ui.ago.hours', { count: Math.round(minutes / 60) });
  return i18next.t('ui.ago.days', { count: Math.round(minutes / 1440) });
}

/**
 * A terminal-local "YYYY-MM-DDTHH:MM:SS" → its age: both read as wall-clock time in the site's zone
 * (`zone`: the account's, from settings/get; France until it is known).
 */
export function localAge(at: string, now = new Date(), zone = siteZone): string {
  const wallNow = Date.parse(`${wallClockAt(now, zone)}Z`);
  return age(new Date(`${at}Z`).toISOString(), wallNow);
}

/** An instant, as the site's clocks show it. */
export function instant(iso: string, zone = siteZone): string {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'short', timeStyle: 'short', timeZone: zone }).format(new Date(iso));
}

/** Today where the site is, "YYYY-MM-DD". */
export function siteToday(now = new Date(), zone = siteZone): string {
  return todayIn(zone, now);
}

export function currentMonth(now = new Date(), zone = siteZone): string {
  return siteToday(now, zone).slice(0, 7);
}
