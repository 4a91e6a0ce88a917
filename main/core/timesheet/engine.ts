// Punches (after corrections) into worked time, pauses, night / Sunday / holiday hours, anomalies,
// weekly overtime and legal alerts. Pure functions: the same input gives the same figures in the
// CLI, the workbook and the app. Times are real elapsed time in the site's zone (DST-aware).
import type {
  Anomaly,
  AnomalyKind,
  DayRow,
  HolderMonth,
  MonthTimesheet,
  RemovedPunch,
  Shift,
  TimesheetPunch,
  TimesheetRules,
  WeekRow,
} from '../../../shared/timesheet';
import { addDays, addMonths, dayOfWeek, firstDayOf, lastDayOf, zoneClock, type ZoneClock } from '../../../shared/time';
import { frenchHolidays } from './holidays';

const HOUR = 3_600_000;
const MINUTE = 60_000;

// Day arithmetic and zone lookups repeat for every shift of every holder: remembered once (the
// zone's own offsets are cached per hour by shared/time's zoneClock).
const memo = new Map<string, unknown>();
function remember<T>(key: string, make: () => T): T {
  let v = memo.get(key) as T | undefined;
  if (v === undefined) {
    if (memo.size > 200_000) memo.clear();
    memo.set(key, (v = make()));
  }
  return v;
}

export const addDay = (day: string, n: number): string => remember(`+${day}${n}`, () => addDays(day, n));
const isHoliday = (day: string, alsaceMoselle: boolean): boolean =>
  remember(`h${alsaceMoselle}${day.slice(0, 4)}`, () => new Set(frenchHolidays(Number(day.slice(0, 4)), alsaceMoselle).map((h) => h.day))).has(day);
const weekday = (day: string): number => remember(`w${day}`, () => dayOfWeek(day)); // 0 = Sunday

/** The days whose punches a month needs: its weeks (those ending in it), a day before, a day after (night shifts). */
export function punchRangeFor(month: string): { from: string; to: string } {
  const first = firstDayOf(month);
  const last = lastDayOf(month);
  const firstSunday = addDay(first, (7 - weekday(first)) % 7);
  const from = [first, addDay(firstSunday, -6)].sort()[0]!;
  return { from: addDay(from, -1), to: addDay(last, 1) };
}

export const addMonth = addMonths;

interface DaySpans {
  night: (readonly [number, number])[];
  /** The whole day, when it is a Sunday / a public holiday. */
  sunday: readonly [number, number] | null;
  holiday: readonly [number, number] | null;
}

/** The instants of a local day's night windows, and whether it is a Sunday or a holiday; remembered. */
function spansOf(day: string, clock: ZoneClock, rules: TimesheetRules): DaySpans {
  return remember(`spans|${rules.timeZone}|${rules.nightStart}|${rules.nightEnd}|${rules.alsaceMoselle}|${day}`, () => {
    const windows: [string, string][] =
      rules.nightStart > rules.nightEnd
        ? [
            ['00:00', rules.nightEnd],
            [rules.nightStart, '24:00'],
          ]
        : [[rules.nightStart, rules.nightEnd]];
    const whole = [clock.at(day, '00:00'), clock.at(day, '24:00')] as const;
    return {
      night: windows.map(([a, b]) => [clock.at(day, a), clock.at(day, b)] as const),
      sunday: weekday(day) === 0 ? whole : null,
      holiday: isHoliday(day, rules.alsaceMoselle) ? whole : null,
    };
  });
}

const within = (start: number, end: number, span: readonly [number, number] | null) =>
  span ? Math.max(0, Math.min(end, span[1]) - Math.max(start, span[0])) : 0;

/** Night, Sunday and holiday milliseconds of one worked interval [start, end). */
function specialTime(start: number, end: number, clock: ZoneClock, rules: TimesheetRules): { night: number; sunday: number; holiday: number } {
  const out = { night: 0, sunday: 0, holiday: 0 };
  const last = clock.day(end);
  for (let day = addDay(clock.day(start), -1); day <= last; day = addDay(day, 1)) {
    const spans = spansOf(day, clock, rules);
    for (const w of spans.night) out.night += within(start, end, w);
    out.sunday += within(start, end, spans.sunday);
    out.holiday += within(start, end, spans.holiday);
  }
  return out;
}

function roundAt(at: string, minutes: number): string {
  if (!minutes) return at;
  const d = new Date(`${at}Z`);
  const step = minutes * MINUTE;
  return new Date(Math.round(d.getTime() / step) * step).toISOString().slice(0, 19);
}

interface HolderResult {
  shifts: Shift[];
  anomalies: Anomaly[];
  correctedDays: Set<string>;
}

/** Runs the state machine over one holder's punches, in time order. */
export function holderShifts(punches: readonly TimesheetPunch[], rules: TimesheetRules): HolderResult {
  const clock = zoneClock(rules.timeZone);
  const sorted = punches.map((p) => ({ ...p, at: roundAt(p.at, rules.roundingMinutes) })).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id));
  const shifts: Shift[] = [];
  const anomalies: Anomaly[] = [];
  const correctedDays = new Set<string>();
  const anomaly = (kind: AnomalyKind, at: string, ids: number[]) => anomalies.push({ kind, at, punchIds: ids });

  type State = 'out' | 'in' | 'pause';
  let state: State = 'out';
  let shift: { start: number; day: string; ids: number[]; ins: [number, number][]; pauses: [number, number, string][]; since: number; reason: string } | null =
    null;
  let previous: TimesheetPunch | null = null;

  const close = (end: number | null) => {
    if (!shift) return;
    const complete = end !== null;
    if (complete && state === 'in') shift.ins.push([shift.since, end]);
    if (complete && state === 'pause') shift.pauses.push([shift.since, end, shift.reason]);
    const worked = complete ? shift.ins.reduce((s, [a, b]) => s + (b - a), 0) : 0;
    const pauseByReason: Record<string, number> = {};
    for (const [a, b, r] of shift.pauses) pauseByReason[r] = (pauseByReason[r] ?? 0) + (b - a);
    const special = { night: 0, sunday: 0, holiday: 0 };
    if (complete) {
      for (const [a, b] of shift.ins) {
        const t = specialTime(a, b, clock, rules);
        special.night += t.night;
        special.sunday += t.sunday;
        special.holiday += t.holiday;
      }
    }
    shifts.push({
      day: shift.day,
      start: clock.local(shift.start),
      end: end === null ? null : clock.local(end),
      workedMs: worked,
      pauseMs: shift.pauses.reduce((s, [a, b]) => s + (b - a), 0),
      pauseByReason,
      nightMs: special.night,
      sundayMs: special.sunday,
      holidayMs: special.holiday,
      longestPauseMs: shift.pauses.reduce((m, [a, b]) => Math.max(m, b - a), 0),
      complete,
    });
    if (!complete) anomaly('missing-departure', clock.local(shift.start), shift.ids);
    shift = null;
    state = 'out';
  };

  for (const p of sorted) {
    const t = clock.instant(p.at);
    if (previous && previous.type === p.type && t - clock.instant(previous.at) <= rules.duplicateWindowMinutes * MINUTE) {
      anomaly('duplicate-badge', p.at, [previous.id, p.id]);
      if (p.corrected) correctedDays.add(p.at.slice(0, 10));
      continue;
    }
    previous = p;
    // A shift left open too long: the departure was forgotten.
    if (shift && t - shift.start > rules.missingDepartureHours * HOUR) close(null);
    if (p.corrected) correctedDays.add(shift?.day ?? clock.day(t));
    if (state === 'out') {
      if (p.type === 'A') {
        shift = { start: t, day: clock.day(t), ids: [p.id], ins: [], pauses: [], since: t, reason: '' };
        state = 'in';
      } else anomaly(p.type === 'P' ? 'pause-without-arrival' : 'departure-without-arrival', p.at, [p.id]);
      continue;
    }
    shift!.ids.push(p.id);
    if (state === 'in') {
      if (p.type === 'A') anomaly('double-arrival', p.at, [p.id]);
      else if (p.type === 'P') {
        shift!.ins.push([shift!.since, t]);
        shift!.since = t;
        shift!.reason = p.reason;
        state = 'pause';
      } else close(t);
    } else if (p.type === 'A') {
      shift!.pauses.push([shift!.since, t, shift!.reason]);
      shift!.since = t;
      state = 'in';
    } else if (p.type === 'P') anomaly('double-pause', p.at, [p.id]);
    else close(t);
  }
  if (shift) close(null);
  return { shifts, anomalies, correctedDays };
}

const emptyDay = (day: string): DayRow => ({
  day,
  firstArrival: null,
  lastDeparture: null,
  workedMs: 0,
  pauseMs: 0,
  pauseByReason: {},
  nightMs: 0,
  sundayMs: 0,
  holidayMs: 0,
  anomalies: [],
  alerts: [],
  corrected: false,
});

/** One holder's month: day rows of the month, the weeks ending in it, totals. */
export function holderMonth(
  holder: { uid: string; nom: string; prenom: string },
  punches: readonly TimesheetPunch[],
  month: string,
  rules: TimesheetRules,
  removed: readonly RemovedPunch[] = [],
): HolderMonth {
  const { shifts, anomalies, correctedDays } = holderShifts(punches, rules);
  const clock = zoneClock(rules.timeZone);
  const days = new Map<string, DayRow>();
  const dayOf = (day: string) => {
    let row = days.get(day);
    if (!row) days.set(day, (row = emptyDay(day)));
    return row;
  };
  for (const s of shifts) {
    const row = dayOf(s.day);
    row.firstArrival ??= s.start;
    if (s.end) row.lastDeparture = s.end;
    row.workedMs += s.workedMs;
    row.pauseMs += s.pauseMs;
    for (const [r, ms] of Object.entries(s.pauseByReason)) row.pauseByReason[r] = (row.pauseByReason[r] ?? 0) + ms;
    row.nightMs += s.nightMs;
    row.sundayMs += s.sundayMs;
    row.holidayMs += s.holidayMs;
  }
  for (const a of anomalies) dayOf(a.at.slice(0, 10)).anomalies.push(a);
  // A punch Festime removed leaves the figures; payroll sees where and when, and may keep it.
  for (const p of removed) {
    const row = dayOf(p.at.slice(0, 10));
    row.anomalies.push({ kind: 'removed-upstream', at: p.at, punchIds: [p.id], removedOn: p.removedOn });
    row.anomalies.sort((a, b) => a.at.localeCompare(b.at));
  }
  for (const d of correctedDays) dayOf(d).corrected = true;

  // Legal alerts: shown, never changing a figure.
  const longestPause = new Map<string, number>();
  for (const s of shifts) longestPause.set(s.day, Math.max(longestPause.get(s.day) ?? 0, s.longestPauseMs));
  for (const row of days.values()) {
    const hours = row.workedMs / HOUR;
    if (hours > rules.maxDayHours) row.alerts.push({ kind: 'day-over-10h', day: row.day, hours });
    if (hours >= rules.pauseAfterHours && (longestPause.get(row.day) ?? 0) < rules.minPauseMinutes * MINUTE)
      row.alerts.push({ kind: 'no-pause-6h', day: row.day, hours });
  }
  const complete = shifts.filter((s) => s.complete && s.end);
  for (let i = 1; i < complete.length; i++) {
    const rest = (clock.instant(complete[i]!.start) - clock.instant(complete[i - 1]!.end!)) / HOUR;
    if (rest < rules.minRestHours) dayOf(complete[i]!.day).alerts.push({ kind: 'rest-under-11h', day: complete[i]!.day, hours: rest });
  }

  // Weeks that end (on a Sunday) in the month.
  const first = firstDayOf(month);
  const last = lastDayOf(month);
  const weeks: WeekRow[] = [];
  for (let sunday = addDay(first, (7 - weekday(first)) % 7); sunday <= last; sunday = addDay(sunday, 7)) {
    const start = addDay(sunday, -6);
    let worked = 0;
    for (let d = start; d <= sunday; d = addDay(d, 1)) worked += days.get(d)?.workedMs ?? 0;
    const over = Math.max(0, worked - rules.weeklyBaseHours * HOUR);
    const firstTier = Math.min(over, rules.firstTierHours * HOUR);
    weeks.push({ start, end: sunday, workedMs: worked, overtimeFirstMs: firstTier, overtimeSecondMs: over - firstTier });
    if (worked / HOUR > rules.maxWeekHours) dayOf(start).alerts.push({ kind: 'week-over-48h', day: start, hours: worked / HOUR });
  }

  const inMonth = [...days.values()].filter((d) => d.day >= first && d.day <= last).sort((a, b) => a.day.localeCompare(b.day));
  const total = (f: (d: DayRow) => number) => inMonth.reduce((s, d) => s + f(d), 0);
  return {
    ...holder,
    daysWorked: inMonth.filter((d) => d.workedMs > 0).length,
    workedMs: total((d) => d.workedMs),
    pauseMs: total((d) => d.pauseMs),
    overtimeFirstMs: weeks.reduce((s, w) => s + w.overtimeFirstMs, 0),
    overtimeSecondMs: weeks.reduce((s, w) => s + w.overtimeSecondMs, 0),
    nightMs: total((d) => d.nightMs),
    sundayMs: total((d) => d.sundayMs),
    holidayMs: total((d) => d.holidayMs),
    anomalyCount: total((d) => d.anomalies.length),
    alertCount: total((d) => d.alerts.length),
    days: inMonth,
    weeks,
  };
}

/** Every holder's month, sorted by nom then prénom. */
export function computeMonth(
  month: string,
  holders: readonly { uid: string; nom: string; prenom: string }[],
  punches: readonly TimesheetPunch[],
  rules: TimesheetRules,
  removed: readonly RemovedPunch[] = [],
): MonthTimesheet {
  const byUid = new Map<string, TimesheetPunch[]>();
  for (const p of punches) {
    let list = byUid.get(p.uid);
    if (!list) byUid.set(p.uid, (list = []));
    list.push(p);
  }
  const removedOf = new Map<string, RemovedPunch[]>();
  for (const p of removed) {
    let list = removedOf.get(p.uid);
    if (!list) removedOf.set(p.uid, (list = []));
    list.push(p);
    if (!byUid.has(p.uid)) byUid.set(p.uid, []);
  }
  const known = new Map(holders.map((h) => [h.uid, h]));
  const collator = new Intl.Collator('fr', { sensitivity: 'base' });
  const result = [...byUid.entries()]
    .map(([uid, list]) => holderMonth(known.get(uid) ?? { uid, nom: uid, prenom: '' }, list, month, rules, removedOf.get(uid)))
    .filter((h) => h.days.length > 0 || h.weeks.some((w) => w.workedMs > 0))
    .sort((a, b) => collator.compare(a.nom, b.nom) || collator.compare(a.prenom, b.prenom) || a.uid.localeCompare(b.uid));
  return { month, rules, holders: result };
}
