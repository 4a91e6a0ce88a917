// Punches (after corrections) into worked time, pauses, night / Sunday / holiday hours, anomalies,
// weekly overtime and legal alerts. Pure functions: the same input gives the same figures in the
// CLI, the workbook and the app. Times are real elapsed time in the site's zone (DST-aware).
import { contractOn, dailyHours, employedOn, WEEKDAYS, type Absence, type Contract, type Employment, type PayrollSettings } from '../../../shared/employees';
import type {
  AlertKind,
  Anomaly,
  AnomalyKind,
  ConflictingRecord,
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
import { AVERAGE_WEEK_HOURS, AVERAGE_WEEKS, longestRestMs, NIGHT_WORKER_MAX_DAY_HOURS, payrollPunchRangeFor, WEEKLY_REST_HOURS, weekPay } from './payroll';

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

/** The first day shown with a month: the Monday of its first counted week (in the previous month), or its first day. */
export function countedWeeksFrom(month: string): string {
  const first = firstDayOf(month);
  const firstMonday = addDay(first, ((7 - weekday(first)) % 7) - 6);
  return firstMonday < first ? firstMonday : first;
}

/** The month a day's week counts in: the month of its Sunday. */
export const weekMonthOf = (day: string): string => addDay(day, (7 - weekday(day)) % 7).slice(0, 7);

export const addMonth = addMonths;

interface DaySpans {
  night: (readonly [number, number])[];
  /** The whole day, when it is a Sunday / a public holiday. */
  sunday: readonly [number, number] | null;
  holiday: readonly [number, number] | null;
  mayFirst: readonly [number, number] | null;
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
      mayFirst: day.slice(5) === '05-01' ? whole : null,
    };
  });
}

const within = (start: number, end: number, span: readonly [number, number] | null) =>
  span ? Math.max(0, Math.min(end, span[1]) - Math.max(start, span[0])) : 0;

/** Night, Sunday, holiday and 1 May milliseconds of one worked interval [start, end). */
function specialTime(
  start: number,
  end: number,
  clock: ZoneClock,
  rules: TimesheetRules,
): { night: number; sunday: number; holiday: number; mayFirst: number } {
  const out = { night: 0, sunday: 0, holiday: 0, mayFirst: 0 };
  const last = clock.day(end);
  for (let day = addDay(clock.day(start), -1); day <= last; day = addDay(day, 1)) {
    const spans = spansOf(day, clock, rules);
    for (const w of spans.night) out.night += within(start, end, w);
    out.sunday += within(start, end, spans.sunday);
    out.holiday += within(start, end, spans.holiday);
    out.mayFirst += within(start, end, spans.mayFirst);
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
  /** Each shift's start and end instants (end null while open): its local times may name two instants. */
  spans: (readonly [number, number | null])[];
  anomalies: Anomaly[];
  correctedDays: Set<string>;
}

/**
 * Runs the state machine over one holder's punches, in time order. `nowLocal` (the site's current
 * "YYYY-MM-DDTHH:MM:SS", given with an employment): a shift still open at the end of the data is
 * someone at work, not a missing departure, until its day is over (a later date now) or the
 * missing-departure delay has passed since it started. A parameter rather than a rule: the rules are
 * saved settings, the current time is not one.
 */
export function holderShifts(punches: readonly TimesheetPunch[], rules: TimesheetRules, nowLocal?: string): HolderResult {
  const clock = zoneClock(rules.timeZone);
  const shifts: Shift[] = [];
  const spans: (readonly [number, number | null])[] = [];
  const anomalies: Anomaly[] = [];
  const correctedDays = new Set<string>();
  const anomaly = (kind: AnomalyKind, at: string, ids: number[]) => anomalies.push({ kind, at, punchIds: ids });
  const withOffset = (ms: number) => `${clock.local(ms)}${clock.offset(ms)}`;
  /**
   * The instant a punch's wall-clock time stands for. In the hour repeated when clocks go back: the
   * first time (summer time) unless a correction says the second, an anomaly until one says which; in
   * the hour skipped when they go forward: the time shifted forward, an anomaly until a correction accepts it.
   */
  const instantOf = (p: TimesheetPunch, at: string): number => {
    const readings = clock.readings(at);
    if (readings.length === 1) return readings[0]!;
    const taken = readings.length === 2 ? readings[p.occurrence === 2 ? 1 : 0]! : clock.instant(at);
    if (p.occurrence === undefined) {
      if (readings.length === 2)
        anomalies.push({ kind: 'ambiguous-time', at, punchIds: [p.id], reading: withOffset(readings[0]!), other: withOffset(readings[1]!) });
      else anomalies.push({ kind: 'nonexistent-time', at, punchIds: [p.id], reading: withOffset(taken) });
    }
    return taken;
  };
  // In the order they happened (a second 02:30 comes after the first 02:50 the night clocks go back).
  const sorted = punches
    .map((p) => {
      const at = roundAt(p.at, rules.roundingMinutes);
      return { ...p, at, t: instantOf(p, at) };
    })
    .sort((a, b) => a.t - b.t || a.id - b.id);

  type State = 'out' | 'in' | 'pause';
  let state: State = 'out';
  let shift: { start: number; day: string; ids: number[]; ins: [number, number][]; pauses: [number, number, string][]; since: number; reason: string } | null =
    null;
  let previous: (typeof sorted)[number] | null = null;

  const close = (end: number | null, stillOpen = false) => {
    if (!shift) return;
    const complete = end !== null;
    if (complete && state === 'in') shift.ins.push([shift.since, end]);
    if (complete && state === 'pause') shift.pauses.push([shift.since, end, shift.reason]);
    const worked = complete ? shift.ins.reduce((s, [a, b]) => s + (b - a), 0) : 0;
    const pauseByReason: Record<string, number> = {};
    for (const [a, b, r] of shift.pauses) pauseByReason[r] = (pauseByReason[r] ?? 0) + (b - a);
    const special = { night: 0, sunday: 0, holiday: 0, mayFirst: 0 };
    if (complete) {
      for (const [a, b] of shift.ins) {
        const t = specialTime(a, b, clock, rules);
        special.night += t.night;
        special.sunday += t.sunday;
        special.holiday += t.holiday;
        special.mayFirst += t.mayFirst;
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
      mayFirstMs: special.mayFirst,
      longestPauseMs: shift.pauses.reduce((m, [a, b]) => Math.max(m, b - a), 0),
      complete,
    });
    spans.push([shift.start, end]);
    if (!complete && !stillOpen) anomaly('missing-departure', clock.local(shift.start), shift.ids);
    shift = null;
    state = 'out';
  };

  for (const p of sorted) {
    const t = p.t;
    if (previous && previous.type === p.type && t - previous.t <= rules.duplicateWindowMinutes * MINUTE) {
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
  if (shift) {
    const open = shift as { start: number; day: string };
    const over = nowLocal === undefined || nowLocal.slice(0, 10) > open.day || clock.instant(nowLocal) - open.start > rules.missingDepartureHours * HOUR;
    close(null, !over);
  }
  return { shifts, spans, anomalies, correctedDays };
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
  absences: [],
  holidayOffMs: 0,
});

/** An employment narrowed to one holder: the engine's view (see computeMonth). */
export interface HolderEmployment {
  contracts: readonly Contract[];
  absences: readonly Absence[];
  settings: PayrollSettings;
  nowLocal: string;
  /** The year's overtime (both tiers) of the weeks counted in the year's earlier months; 0 if unknown. */
  overtimeBeforeMs: number;
}

/**
 * One holder's month: day rows of the month, the weeks ending in it, totals. Without `employment`
 * the figures are today's (35 h for everyone, no absences); with it, see computeMonth.
 */
export function holderMonth(
  holder: { uid: string; nom: string; prenom: string },
  punches: readonly TimesheetPunch[],
  month: string,
  rules: TimesheetRules,
  removed: readonly RemovedPunch[] = [],
  employment?: HolderEmployment,
  conflicts: readonly ConflictingRecord[] = [],
): HolderMonth {
  const { shifts, spans, anomalies, correctedDays } = holderShifts(punches, rules, employment?.nowLocal);
  const clock = zoneClock(rules.timeZone);
  const days = new Map<string, DayRow>();
  const dayOf = (day: string) => {
    let row = days.get(day);
    if (!row) days.set(day, (row = emptyDay(day)));
    return row;
  };
  const first = firstDayOf(month);
  const last = lastDayOf(month);
  const firstSunday = addDay(first, (7 - weekday(first)) % 7);
  // The row a weekly alert goes on: the week's Monday, or the month's first day when the Monday is before it.
  const weekRowOf = (monday: string) => dayOf(monday < first ? first : monday);
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
  // A punch Festime sent with two contents: the first reading counts; payroll sees both.
  for (const c of conflicts) {
    const row = dayOf(c.at.slice(0, 10));
    row.anomalies.push({ kind: 'conflicting-record', at: c.at, punchIds: [c.id], readings: c.readings });
    row.anomalies.sort((a, b) => a.at.localeCompare(b.at));
  }
  for (const d of correctedDays) dayOf(d).corrected = true;

  // The employment: the contract version in force each day, absences valued at its daily hours.
  const contractOf = (day: string): Contract | null => (employment ? contractOn(employment.contracts, day) : null);
  /** A working day of the contract in force: within the employment dates, one of its days, not a public holiday. */
  const workingDay = (day: string, c: Contract | null): c is Contract =>
    c !== null && employedOn(c, day) && c.days.includes(WEEKDAYS[(weekday(day) + 6) % 7]!) && !isHoliday(day, rules.alsaceMoselle);
  /** Absence time counted toward the weekly thresholds (formation), by day. */
  const countsAsWorkMs = new Map<string, number>();
  const today = employment?.nowLocal.slice(0, 10) ?? '';
  if (employment) {
    const spanFrom = payrollPunchRangeFor(month).from;
    const countsAsWork = new Set(employment.settings.absenceCodes.filter((c) => c.countsAsWork).map((c) => c.code));
    for (const a of employment.absences) {
      if (a.removedAt !== null) continue;
      const to = a.to < last ? a.to : last;
      for (let d = a.from < spanFrom ? spanFrom : a.from; d <= to; d = addDay(d, 1)) {
        const c = contractOf(d);
        if (!workingDay(d, c)) continue;
        const ms = (dailyHours(c) * HOUR) / (a.half ? 2 : 1);
        dayOf(d).absences.push({ id: a.id, code: a.code, half: a.half, ms });
        // Formation counts toward the week's thresholds but not in the day's worked time, which stays
        // the punched time (the workbook's worked hours are what the badges say).
        if (countsAsWork.has(a.code)) countsAsWorkMs.set(d, (countsAsWorkMs.get(d) ?? 0) + ms);
      }
    }
    // A whole day away and punches that day: the day counts twice (worked, and absent) until payroll removes one.
    for (const [d, row] of days) {
      if (!row.absences.some((a) => a.half === null)) continue;
      const ids = shifts.some((s) => s.day === d) ? punches.filter((p) => p.at.startsWith(d)).map((p) => p.id) : [];
      if (ids.length > 0) row.anomalies.unshift({ kind: 'absence-with-punches', at: `${d}T00:00:00`, punchIds: ids });
    }
    const punchedDays = new Set([...punches.map((p) => p.at.slice(0, 10)), ...removed.map((p) => p.at.slice(0, 10)), ...shifts.map((s) => s.day)]);
    for (let d = first; d <= last; d = addDay(d, 1)) {
      const c = contractOf(d);
      if (c === null || !employedOn(c, d) || !c.days.includes(WEEKDAYS[(weekday(d) + 6) % 7]!)) continue;
      if (isHoliday(d, rules.alsaceMoselle)) {
        // Férié chômé: a public holiday on a working day, not worked (known once the day is over).
        if (d < today && !shifts.some((s) => s.day === d)) dayOf(d).holidayOffMs = dailyHours(c) * HOUR;
      } else if (d < today && !punchedDays.has(d) && !(days.get(d)?.absences.length ?? 0)) {
        // Neither punch nor absence on a past working day: payroll says what it was.
        dayOf(d).anomalies.push({ kind: 'absence-to-qualify', at: `${d}T00:00:00`, punchIds: [] });
      }
    }
  }

  // Legal alerts: shown, never changing a figure. Forfait jours (L3121-62) is out of the daily and
  // weekly maximum durations (10 h, 48 h, 44 h on average) but keeps the daily and weekly rests, the
  // 20-minute pause and, for a night worker, the 8 h.
  const longestPause = new Map<string, number>();
  for (const s of shifts) longestPause.set(s.day, Math.max(longestPause.get(s.day) ?? 0, s.longestPauseMs));
  for (const row of days.values()) {
    const hours = row.workedMs / HOUR;
    const c = contractOf(row.day);
    if (hours > rules.maxDayHours && c?.type !== 'days') row.alerts.push({ kind: 'day-over-10h', day: row.day, hours });
    if (hours >= rules.pauseAfterHours && (longestPause.get(row.day) ?? 0) < rules.minPauseMinutes * MINUTE)
      row.alerts.push({ kind: 'no-pause-6h', day: row.day, hours });
    if (c?.nightWorker && hours > NIGHT_WORKER_MAX_DAY_HOURS) row.alerts.push({ kind: 'night-worker-over-8h', day: row.day, hours });
  }
  const complete = shifts.flatMap((s, i) => (s.complete && s.end ? [{ day: s.day, start: spans[i]![0], end: spans[i]![1]! }] : []));
  for (let i = 1; i < complete.length; i++) {
    const rest = (complete[i]!.start - complete[i - 1]!.end) / HOUR;
    if (rest < rules.minRestHours) dayOf(complete[i]!.day).alerts.push({ kind: 'rest-under-11h', day: complete[i]!.day, hours: rest });
  }

  // Time counted toward a week's thresholds: worked, plus absences counted as work (none without an employment).
  const countedOf = (sunday: string) => {
    let ms = 0;
    for (let d = addDay(sunday, -6); d <= sunday; d = addDay(d, 1)) ms += (days.get(d)?.workedMs ?? 0) + (countsAsWorkMs.get(d) ?? 0);
    return ms;
  };
  const work = complete.map((s) => [s.start, s.end] as const);

  // Weeks that end (on a Sunday) in the month; their thresholds follow the contract in force on the Sunday.
  const weeks: WeekRow[] = [];
  let yearOvertime = employment?.overtimeBeforeMs ?? 0;
  for (let sunday = firstSunday; sunday <= last; sunday = addDay(sunday, 7)) {
    const start = addDay(sunday, -6);
    let worked = 0;
    for (let d = start; d <= sunday; d = addDay(d, 1)) worked += days.get(d)?.workedMs ?? 0;
    const counted = countedOf(sunday);
    const c = contractOf(sunday);
    const pay = weekPay(counted, c, rules, employment?.settings.partTimeCap);
    weeks.push({
      start,
      end: sunday,
      workedMs: worked,
      overtimeFirstMs: pay.overtimeFirstMs,
      overtimeSecondMs: pay.overtimeSecondMs,
      complementary10Ms: pay.complementary10Ms,
      complementary25Ms: pay.complementary25Ms,
      contractHours: c?.weeklyHours ?? null,
    });
    if (counted / HOUR > rules.maxWeekHours && c?.type !== 'days') dayOf(start).alerts.push({ kind: 'week-over-48h', day: start, hours: counted / HOUR });
    if (!employment) continue;
    const alert = (kind: AlertKind, hours: number) => weekRowOf(start).alerts.push({ kind, day: start, hours });
    if (pay.capPassed) alert('part-time-cap-passed', pay.complementaryMs / HOUR);
    if (pay.reachedBase) alert('part-time-reached-35h', counted / HOUR);
    const rest = longestRestMs(work, clock.at(start, '00:00'), clock.at(sunday, '24:00'));
    if (rest < WEEKLY_REST_HOURS * HOUR) alert('weekly-rest-under-35h', rest / HOUR);
    if (c?.type !== 'days') {
      let total = 0;
      for (let k = 0; k < AVERAGE_WEEKS; k++) total += countedOf(addDay(sunday, -7 * k));
      if (total / AVERAGE_WEEKS > AVERAGE_WEEK_HOURS * HOUR) alert('average-12-weeks-over-44h', total / AVERAGE_WEEKS / HOUR);
    }
    const overtime = pay.overtimeFirstMs + pay.overtimeSecondMs;
    yearOvertime += overtime;
    if (overtime > 0 && yearOvertime > employment.settings.overtimeQuotaHours * HOUR) alert('overtime-quota-passed', yearOvertime / HOUR);
  }

  const inMonth = [...days.values()].filter((d) => d.day >= first && d.day <= last).sort((a, b) => a.day.localeCompare(b.day));
  // The previous month's days of the first counted week: shown with it, in no total of this month.
  const firstMonday = addDay(firstSunday, -6);
  const weekDays = [...days.values()].filter((d) => d.day >= firstMonday && d.day < first).sort((a, b) => a.day.localeCompare(b.day));
  const total = (f: (d: DayRow) => number) => inMonth.reduce((s, d) => s + f(d), 0);
  const absenceMs: Record<string, number> = {};
  for (const d of inMonth) for (const a of d.absences) absenceMs[a.code] = (absenceMs[a.code] ?? 0) + a.ms;
  const contract = contractOf(last);
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
    weekDays,
    weeks,
    matricule: contract?.matricule ?? null,
    contractType: contract?.type ?? null,
    contractHours: contract?.weeklyHours ?? null,
    complementary10Ms: weeks.reduce((s, w) => s + w.complementary10Ms, 0),
    complementary25Ms: weeks.reduce((s, w) => s + w.complementary25Ms, 0),
    absenceMs,
    holidayOffMs: total((d) => d.holidayOffMs),
    mayFirstWorkedMs: shifts.filter((s) => s.day >= first && s.day <= last).reduce((sum, s) => sum + s.mayFirstMs, 0),
  };
}

/** The per-holder input computeMonth reads beside the Employment: the year's earlier overtime. */
export interface EmploymentInput extends Employment {
  /**
   * By uid: the overtime (both tiers) of the weeks counted in the earlier months of the same year
   * (January to the month before), for the yearly quota alert; a holder missing here: 0.
   */
  overtimeBeforeMs?: ReadonlyMap<string, number>;
}

/**
 * Every holder's month, sorted by nom then prénom.
 *
 * Without `employment`: today's figures exactly (35 h for everyone, no absences, every shift still open
 * at the end of the data a missing departure). With it:
 * - each holder's contract versions (none: treated as today, full-time 35 h, nothing "à qualifier",
 *   absences not valued) give, per day, the version in force that day (absences, holidays off, days
 *   to qualify, night-worker alert), per week the version in force on its Sunday (the day that puts
 *   the week in its month): complementary hours, overtime, contract hours;
 * - holders with a contract or an absence but no punch are listed when something shows in the month;
 * - the new alerts (night worker, weekly rest, 12-week average, yearly quota, part-time cap and 35 h).
 * What the caller passes: `punches` from payrollPunchRangeFor(month).from (the 11 weeks before the
 * month's first counted week, for the 12-week average; weeks without punches there count 0 hours), to
 * the day after the month; `employment.overtimeBeforeMs` for the yearly quota.
 */
export function computeMonth(
  month: string,
  holders: readonly { uid: string; nom: string; prenom: string }[],
  punches: readonly TimesheetPunch[],
  rules: TimesheetRules,
  removed: readonly RemovedPunch[] = [],
  employment?: EmploymentInput,
  conflicts: readonly ConflictingRecord[] = [],
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
  const conflictsOf = new Map<string, ConflictingRecord[]>();
  for (const c of conflicts) conflictsOf.set(c.uid, [...(conflictsOf.get(c.uid) ?? []), c]);
  const absencesOf = new Map<string, Absence[]>();
  if (employment) {
    for (const a of employment.absences) {
      let list = absencesOf.get(a.uid);
      if (!list) absencesOf.set(a.uid, (list = []));
      list.push(a);
    }
    for (const uid of [...employment.contracts.keys(), ...absencesOf.keys()]) if (!byUid.has(uid)) byUid.set(uid, []);
  }
  const holderEmployment = (uid: string): HolderEmployment | undefined =>
    employment && {
      contracts: employment.contracts.get(uid) ?? [],
      absences: absencesOf.get(uid) ?? [],
      settings: employment.settings,
      nowLocal: employment.nowLocal,
      overtimeBeforeMs: employment.overtimeBeforeMs?.get(uid) ?? 0,
    };
  const known = new Map(holders.map((h) => [h.uid, h]));
  const collator = new Intl.Collator('fr', { sensitivity: 'base' });
  const result = [...byUid.entries()]
    .map(([uid, list]) =>
      holderMonth(known.get(uid) ?? { uid, nom: uid, prenom: '' }, list, month, rules, removedOf.get(uid), holderEmployment(uid), conflictsOf.get(uid)),
    )
    .filter((h) => h.days.length > 0 || h.weeks.some((w) => w.workedMs > 0))
    .sort((a, b) => collator.compare(a.nom, b.nom) || collator.compare(a.prenom, b.prenom) || a.uid.localeCompare(b.uid));
  return { month, rules, holders: result };
}
