// Time, once for the whole app (core, CLI, renderer): the site's zone, calendar days, local
// wall-clock time ↔ instants, and the calendar-valid schemas of every date the app accepts.
// Festime's punches carry the terminal's wall-clock time and no offset, and a terminal may be in
// La Réunion or Guadeloupe: every "today", every day cut, every duration goes through the zone
// named here, never through the PC's own zone.
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';

/** A Festime terminal that says "France" (the specification's only example). */
export const DEFAULT_SITE_ZONE = 'Europe/Paris';

// ── Zones ──────────────────────────────────────────────────────────────────────────────────────

/** What Festime's "Fuseau horaire paramétré" may say, folded (see `fold`), and its IANA zone. */
const TERMINAL_ZONES: Record<string, string> = {
  france: 'Europe/Paris',
  'france metropolitaine': 'Europe/Paris',
  paris: 'Europe/Paris',
  reunion: 'Indian/Reunion',
  guadeloupe: 'America/Guadeloupe',
  martinique: 'America/Martinique',
  guyane: 'America/Cayenne',
  'guyane francaise': 'America/Cayenne',
  cayenne: 'America/Cayenne',
  mayotte: 'Indian/Mayotte',
  'nouvelle caledonie': 'Pacific/Noumea',
  noumea: 'Pacific/Noumea',
  polynesie: 'Pacific/Tahiti',
  'polynesie francaise': 'Pacific/Tahiti',
  tahiti: 'Pacific/Tahiti',
};

/** The zones a French site may be in, as Paramètres offer them (any other IANA name is accepted too). */
export const SITE_ZONES = [
  'Europe/Paris',
  'Indian/Reunion',
  'Indian/Mayotte',
  'America/Guadeloupe',
  'America/Martinique',
  'America/Cayenne',
  'Pacific/Noumea',
  'Pacific/Tahiti',
] as const;

/** Lower case, no accents, hyphens / apostrophes / runs of spaces as one space, no leading article. */
function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[-_'’.,]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(la|le|l|ile de la|ile de) /, '');
}

/** The zone's canonical IANA name when the runtime knows it (any case), else null. */
export function knownZone(name: string): string | null {
  const trimmed = name.trim();
  // Names only: "UTC+1" or "+01:00" are offsets, not places, and know nothing of summer time.
  if (!/^[A-Za-z][A-Za-z0-9_-]*(\/[A-Za-z0-9_+-]+)*$/.test(trimmed) || !IANAZone.isValidZone(trimmed)) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** The IANA zone of what a terminal reports ("France", "La Réunion", "America/Guadeloupe"…); null when unknown. */
export function zoneFromTerminal(text: string): string | null {
  // "France (GMT+01:00)": the place is what counts.
  const place = text.replace(/\(.*?\)/g, ' ');
  const mapped = TERMINAL_ZONES[fold(place)];
  if (mapped) return mapped;
  return knownZone(place);
}

// ── Calendar days ("YYYY-MM-DD"), zone-free: a day is a day wherever it is ───────────────────

const DAY_MS = 86_400_000;
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const dayMs = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
const fromDayMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(day: string, n: number): string {
  return fromDayMs(dayMs(day) + n * DAY_MS);
}

/** `to` minus `from`, in days (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayMs(to) - dayMs(from)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(day: string): number {
  return new Date(dayMs(day)).getUTCDay();
}

/** The Monday of the civil week (Monday to Sunday) holding `day`. */
export function mondayOf(day: string): string {
  return addDays(day, -((dayOfWeek(day) + 6) % 7));
}

/** "YYYY-MM" moved by n months. */
export function addMonths(month: string, n: number): string {
  const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

export const firstDayOf = (month: string): string => `${month}-01`;
export const lastDayOf = (month: string): string => addDays(`${addMonths(month, 1)}-01`, -1);

/** Every day of the month, in order. */
export function daysOfMonth(month: string): string[] {
  const out: string[] = [];
  for (let d = firstDayOf(month), last = lastDayOf(month); d <= last; d = addDays(d, 1)) out.push(d);
  return out;
}

/** The same day `years` earlier; 29 February becomes 28 February in a common year. */
export function yearsBefore(day: string, years: number): string {
  const y = Number(day.slice(0, 4)) - years;
  const m = Number(day.slice(5, 7));
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(Math.min(Number(day.slice(8, 10)), last))}`;
}

// ── Instants and wall-clock time in a zone ────────────────────────────────────────────────────

/** The date in `zone` at the instant `now`. */
export function todayIn(zone: string, now: Date = new Date()): string {
  return DateTime.fromJSDate(now, { zone }).toISODate()!;
}

/** "YYYY-MM-DDTHH:MM:SS", the wall-clock time in `zone` at an instant. */
export function wallClockAt(instant: Date | number, zone: string): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return zoneClock(zone).local(ms);
}

/** The instant (ms) of a local "YYYY-MM-DDTHH:MM[:SS]" in `zone`: real elapsed time across summer-time changes (see ZoneClock.instant). */
export function instantOf(local: string, zone: string): number {
  return zoneClock(zone).instant(local);
}

/** Minutes since local midnight in `zone` at an instant. */
export function minuteOfDayIn(zone: string, now: Date = new Date()): number {
  const t = wallClockAt(now, zone);
  return Number(t.slice(11, 13)) * 60 + Number(t.slice(14, 16));
}

export interface ZoneClock {
  readonly zone: string;
  /**
   * Local "YYYY-MM-DDTHH:MM[:SS]" → instant (ms). A time skipped when clocks go forward moves forward,
   * as luxon does (02:30 is 03:30); a time repeated when they go back is its first occurrence (summer time).
   */
  instant(local: string): number;
  /**
   * The instants a local "YYYY-MM-DDTHH:MM[:SS]" names, earliest first: two in the hour repeated when
   * clocks go back (summer time, then winter time), none in the hour skipped when they go forward.
   */
  readings(local: string): number[];
  /** Instant (ms) → local "YYYY-MM-DDTHH:MM:SS". */
  local(ms: number): string;
  /** Instant (ms) → the zone's offset then, "+02:00". */
  offset(ms: number): string;
  /** Instant (ms) → local day. */
  day(ms: number): string;
  /** Local day + "HH:MM" (or "24:00": the next midnight) → instant (ms). */
  at(day: string, hhmm: string): number;
}

const HOUR_MS = 3_600_000;
const clocks = new Map<string, ZoneClock>();

/**
 * One converter per zone. A month of a large site converts tens of thousands of times: luxon is
 * asked once per local hour (where that hour starts) and once per UTC hour (the zone's offset
 * then); every time inside is plain arithmetic. Offsets change on the hour in every French zone.
 */
export function zoneClock(zone: string): ZoneClock {
  let clock = clocks.get(zone);
  if (!clock) clocks.set(zone, (clock = makeClock(zone)));
  return clock;
}

function makeClock(zone: string): ZoneClock {
  if (!knownZone(zone)) throw new RangeError(`unknown time zone ${zone}`);
  const hourStarts = new Map<string, number>();
  const offsets = new Map<number, number>();
  const offsetAt = (ms: number) => {
    const hour = Math.floor(ms / HOUR_MS);
    let o = offsets.get(hour);
    if (o === undefined) {
      if (offsets.size > 100_000) offsets.clear();
      offsets.set(hour, (o = DateTime.fromMillis(hour * HOUR_MS, { zone }).offset * 60_000));
    }
    return o;
  };
  const hourStart = (key: string) => {
    let ms = hourStarts.get(key);
    if (ms === undefined) {
      if (hourStarts.size > 100_000) hourStarts.clear();
      ms = DateTime.fromISO(`${key}:00:00`, { zone }).toMillis();
      // The hour repeated when clocks go back: luxon reads its second occurrence; the first is taken.
      if (new Date(ms - HOUR_MS + offsetAt(ms - HOUR_MS)).toISOString().slice(0, 13) === key) ms -= HOUR_MS;
      hourStarts.set(key, ms);
    }
    return ms;
  };
  const instant = (local: string) => {
    const minutes = Number(local.slice(14, 16));
    const seconds = local.length > 16 ? Number(local.slice(17, 19)) : 0;
    return hourStart(local.slice(0, 13)) + minutes * 60_000 + seconds * 1000;
  };
  const local = (ms: number) => new Date(ms + offsetAt(ms)).toISOString().slice(0, 19);
  const readings = (local: string) => {
    const wall = Date.parse(`${local.length > 16 ? local.slice(0, 19) : `${local.slice(0, 16)}:00`}Z`);
    // The offsets a day either side (no French zone changes twice within a day): each gives the
    // instant whose wall-clock time is `local` when that offset is in force then.
    const candidates = new Set([wall - offsetAt(wall - DAY_MS), wall - offsetAt(wall + DAY_MS)]);
    return [...candidates].filter((ms) => ms + offsetAt(ms) === wall).sort((a, b) => a - b);
  };
  const offset = (ms: number) => {
    const minutes = offsetAt(ms) / 60_000;
    const abs = Math.abs(minutes);
    return `${minutes < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
  };
  return {
    zone,
    instant,
    readings,
    local,
    offset,
    day: (ms) => local(ms).slice(0, 10),
    at: (day, hhmm) => (hhmm === '24:00' ? instant(`${addDays(day, 1)}T00:00`) : instant(`${day}T${hhmm}`)),
  };
}

// ── Calendar-valid checks and schemas (their messages are validation rule names) ──────────────

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** A real calendar day "YYYY-MM-DD" (no 30 February, no month 13). */
export function isIsoDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(Number(m[1]), month, 0)).getUTCDate();
}

export function isMonth(s: string): boolean {
  const m = MONTH_RE.exec(s);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

/** "HH:MM" from 00:00 to 23:59 (with `seconds`, ":SS" may follow). */
export function isTime(s: string, seconds = false): boolean {
  const m = TIME_RE.exec(s);
  if (!m || (m[3] !== undefined && !seconds)) return false;
  return Number(m[1]) <= 23 && Number(m[2]) <= 59 && (m[3] === undefined || Number(m[3]) <= 59);
}

/** What is wrong with a local "YYYY-MM-DDTHH:MM" (":SS" allowed with `seconds`): 'date', 'time', or null when valid. */
export function localDateTimeIssue(s: string, seconds = false): 'date' | 'time' | null {
  const t = s.indexOf('T');
  if (t !== 10 || !isIsoDate(s.slice(0, 10))) return 'date';
  return isTime(s.slice(11), seconds) ? null : 'time';
}

/** "YYYY-MM-DD", a real day; fails with the rule 'date'. */
export const isoDateSchema = z.string().refine(isIsoDate, 'date');
/** "YYYY-MM", month 01 to 12; fails with the rule 'date'. */
export const monthSchema = z.string().refine(isMonth, 'date');
/** "HH:MM", 00:00 to 23:59; fails with the rule 'time'. */
export const timeSchema = z.string().refine((s) => isTime(s), 'time');
/** "YYYY-MM-DDTHH:MM", a real day and a real time; fails with 'date' or 'time', whichever part is wrong. */
export const localDateTimeSchema = z.string().superRefine((s, ctx) => {
  const issue = localDateTimeIssue(s);
  if (issue) ctx.addIssue({ code: 'custom', message: issue });
});
/** A stored punch's time, "YYYY-MM-DDTHH:MM:SS": a real day and a real time, seconds included. */
export const punchTimeSchema = z.string().superRefine((s, ctx) => {
  const issue = localDateTimeIssue(s, true);
  if (issue) ctx.addIssue({ code: 'custom', message: issue });
});
/** 'auto' (the terminals' own zone) or one of SITE_ZONES, by IANA name or as a terminal says it; fails with 'zone'. */
export const zoneSettingSchema = z
  .string()
  .trim()
  .transform((s, ctx) => {
    if (s === 'auto') return s;
    const zone = zoneFromTerminal(s);
    // The zones of French sites only: their offsets change on the hour, which the timesheet's
    // per-hour offset cache (zoneClock) relies on; a half-hour change elsewhere would be mis-timed.
    if (!zone || !(SITE_ZONES as readonly string[]).includes(zone)) {
      ctx.addIssue({ code: 'custom', message: 'zone' });
      return z.NEVER;
    }
    return zone;
  });

/** "novembre 2026" (French) or "November 2026" (English). */
export function monthLabel(month: string, lang: 'fr' | 'en'): string {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-01T12:00:00Z`),
  );
}
