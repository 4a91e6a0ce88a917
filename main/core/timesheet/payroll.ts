// The payroll rules that need the employment (contract versions, absences, payroll settings), beside
// the engine: a week's complementary hours and overtime by contract type, the longest weekly rest,
// the punch range the 12-week average needs. Pure functions, figures in milliseconds.
import type { Contract, PayrollSettings } from '../../../shared/employees';
import type { TimesheetRules } from '../../../shared/timesheet';
import { addDays, dayOfWeek, firstDayOf, lastDayOf } from '../../../shared/time';

const HOUR = 3_600_000;

/** L3122-6: a night worker's day is at most 8 h. */
export const NIGHT_WORKER_MAX_DAY_HOURS = 8;
/** L3132-2: the weekly rest is 24 h plus the 11 h of daily rest, consecutive. */
export const WEEKLY_REST_HOURS = 35;
/** L3121-22: at most 44 h a week on average over any 12 consecutive weeks. */
export const AVERAGE_WEEKS = 12;
export const AVERAGE_WEEK_HOURS = 44;

export interface WeekPay {
  overtimeFirstMs: number;
  overtimeSecondMs: number;
  complementary10Ms: number;
  complementary25Ms: number;
  /** Part-time: complementary time in all (10 % and 25 %), and whether it is over the cap / reached the base. */
  complementaryMs: number;
  capPassed: boolean;
  reachedBase: boolean;
}

/**
 * A week's extra hours from the time counted toward the thresholds (punched, plus absences that count
 * as work), under the contract in force for the week (null: none, treated as today's full time).
 * - full-time (any weekly hours, 39 too) and no contract: overtime from the legal base (rules.weeklyBaseHours,
 *   35 h); hours between 35 and a 39 h contract are structural, in the base pay, not computed here.
 * - part-time under the base: hours beyond the contract up to a tenth of it at +10 %, beyond at +25 %,
 *   up to the base; over the cap (a tenth, or a third by agreement) is alerted, still paid at +25 %;
 *   beyond the base, overtime as for everyone.
 * - forfait jours: days are counted, no hourly overtime nor complementary hours.
 */
export function weekPay(
  countedMs: number,
  contract: Pick<Contract, 'type' | 'weeklyHours'> | null,
  rules: Pick<TimesheetRules, 'weeklyBaseHours' | 'firstTierHours'>,
  cap: PayrollSettings['partTimeCap'] = 'tenth',
): WeekPay {
  const out: WeekPay = {
    overtimeFirstMs: 0,
    overtimeSecondMs: 0,
    complementary10Ms: 0,
    complementary25Ms: 0,
    complementaryMs: 0,
    capPassed: false,
    reachedBase: false,
  };
  if (contract?.type === 'days') return out;
  const base = rules.weeklyBaseHours * HOUR;
  const over = Math.max(0, countedMs - base);
  out.overtimeFirstMs = Math.min(over, rules.firstTierHours * HOUR);
  out.overtimeSecondMs = over - out.overtimeFirstMs;
  if (contract?.type === 'part-time' && contract.weeklyHours * HOUR < base) {
    const h = contract.weeklyHours * HOUR;
    const comp = Math.min(Math.max(0, countedMs - h), base - h);
    out.complementaryMs = comp;
    out.complementary10Ms = Math.min(comp, h / 10);
    out.complementary25Ms = comp - out.complementary10Ms;
    out.capPassed = comp > h / (cap === 'third' ? 3 : 10);
    out.reachedBase = countedMs >= base;
  }
  return out;
}

/**
 * The longest rest overlapping [from, to) (a civil week's instants), each rest measured in full: a rest
 * from Saturday evening to Monday morning counts its whole length for both weeks (the usual 24 h of
 * Sunday plus 11 h). `work` are the holder's complete shifts [start, end) in instants, any order, the
 * neighbouring weeks' included; before the first and after the last known shift the rest is unbounded
 * (no data: nothing to alert).
 */
export function longestRestMs(work: readonly (readonly [number, number])[], from: number, to: number): number {
  const sorted = [...work].sort((a, b) => a[0] - b[0]);
  let longest = 0;
  let restFrom = -Infinity;
  for (const [start, end] of sorted) {
    if (start > restFrom && start > from && restFrom < to) longest = Math.max(longest, start - restFrom);
    restFrom = Math.max(restFrom, end);
  }
  if (restFrom < to) longest = Infinity;
  return longest;
}

/** The first day whose punches the month's 12-week averages need: the Monday 11 weeks before its first counted week, less a day (night shifts). */
export function payrollPunchRangeFor(month: string): { from: string; to: string } {
  const first = firstDayOf(month);
  const firstSunday = addDays(first, (7 - dayOfWeek(first)) % 7);
  return { from: addDays(firstSunday, -6 - 7 * (AVERAGE_WEEKS - 1) - 1), to: addDays(lastDayOf(month), 1) };
}
