// The timesheet rules of the design, one test per state-machine row and per rule, with figures
// computed by hand.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, type TimesheetPunch } from '../../shared/timesheet';
import { holderMonth, holderShifts, punchRangeFor } from '../../main/core/timesheet/engine';
import { easter, frenchHolidays } from '../../main/core/timesheet/holidays';

const H = 3_600_000;
let nextId = 1;
const p = (type: 'A' | 'D' | 'P', at: string, reason = '', corrected = false): TimesheetPunch => ({ id: nextId++, uid: '70', type, at, reason, corrected });
const who = { uid: '70', nom: 'ADONIS', prenom: 'Alain' };
const hours = (ms: number) => ms / H;

describe('state machine', () => {
  it('out + A → in; in + P → pause; pause + A → in; in + D → out: worked and pause by reason', () => {
    const { shifts, anomalies } = holderShifts(
      [p('A', '2026-03-02T08:00:00'), p('P', '2026-03-02T12:00:00', 'Déjeuner'), p('A', '2026-03-02T12:45:00'), p('D', '2026-03-02T17:00:00')],
      DEFAULT_RULES,
    );
    expect(anomalies).toEqual([]);
    expect(shifts).toHaveLength(1);
    expect(hours(shifts[0]!.workedMs)).toBe(8.25);
    expect(shifts[0]!.pauseByReason).toEqual({ Déjeuner: 45 * 60_000 });
  });

  it('out + P → "pause without arrival", stays out', () => {
    const { shifts, anomalies } = holderShifts([p('P', '2026-03-02T12:00:00'), p('A', '2026-03-02T13:00:00'), p('D', '2026-03-02T17:00:00')], DEFAULT_RULES);
    expect(anomalies.map((a) => a.kind)).toEqual(['pause-without-arrival']);
    expect(hours(shifts[0]!.workedMs)).toBe(4);
  });

  it('out + D → "departure without arrival", stays out', () => {
    const { shifts, anomalies } = holderShifts([p('D', '2026-03-02T17:00:00')], DEFAULT_RULES);
    expect(anomalies.map((a) => a.kind)).toEqual(['departure-without-arrival']);
    expect(shifts).toEqual([]);
  });

  it('in + A → "double arrival", ignored', () => {
    const { shifts, anomalies } = holderShifts([p('A', '2026-03-02T08:00:00'), p('A', '2026-03-02T09:00:00'), p('D', '2026-03-02T16:00:00')], DEFAULT_RULES);
    expect(anomalies.map((a) => a.kind)).toEqual(['double-arrival']);
    expect(hours(shifts[0]!.workedMs)).toBe(8);
  });

  it('pause + P → "double pause", ignored', () => {
    const { shifts, anomalies } = holderShifts(
      [
        p('A', '2026-03-02T08:00:00'),
        p('P', '2026-03-02T12:00:00'),
        p('P', '2026-03-02T12:30:00'),
        p('A', '2026-03-02T13:00:00'),
        p('D', '2026-03-02T17:00:00'),
      ],
      DEFAULT_RULES,
    );
    expect(anomalies.map((a) => a.kind)).toEqual(['double-pause']);
    expect(hours(shifts[0]!.workedMs)).toBe(8);
    expect(hours(shifts[0]!.pauseMs)).toBe(1);
  });

  it('pause + D → out: the pause is not worked', () => {
    const { shifts } = holderShifts([p('A', '2026-03-02T08:00:00'), p('P', '2026-03-02T15:00:00'), p('D', '2026-03-02T17:00:00')], DEFAULT_RULES);
    expect(hours(shifts[0]!.workedMs)).toBe(7);
    expect(hours(shifts[0]!.pauseMs)).toBe(2);
  });

  it('a punch of the same type within 2 minutes is a duplicate badge: listed, ignored', () => {
    const { shifts, anomalies } = holderShifts([p('A', '2026-03-02T08:00:00'), p('A', '2026-03-02T08:01:30'), p('D', '2026-03-02T16:00:00')], DEFAULT_RULES);
    expect(anomalies.map((a) => a.kind)).toEqual(['duplicate-badge']);
    expect(hours(shifts[0]!.workedMs)).toBe(8);
  });

  it('a forgotten departure: missing after 16 hours, 0 worked until corrected', () => {
    const { shifts, anomalies } = holderShifts([p('A', '2026-03-02T08:00:00'), p('A', '2026-03-03T08:00:00'), p('D', '2026-03-03T16:00:00')], DEFAULT_RULES);
    expect(anomalies.map((a) => [a.kind, a.at])).toEqual([['missing-departure', '2026-03-02T08:00:00']]);
    expect(shifts.map((s) => [s.day, hours(s.workedMs)])).toEqual([
      ['2026-03-02', 0],
      ['2026-03-03', 8],
    ]);
  });

  it('a correction that adds the forgotten departure fixes the day and marks it corrected', () => {
    const month = holderMonth(
      who,
      [p('A', '2026-03-02T08:00:00'), p('D', '2026-03-02T17:00:00', '', true), p('A', '2026-03-03T08:00:00'), p('D', '2026-03-03T16:00:00')],
      '2026-03',
      DEFAULT_RULES,
    );
    const day = month.days.find((d) => d.day === '2026-03-02')!;
    expect(hours(day.workedMs)).toBe(9);
    expect(day.anomalies).toEqual([]);
    expect(day.corrected).toBe(true);
    expect(month.days.find((d) => d.day === '2026-03-03')!.corrected).toBe(false);
  });
});

describe('time', () => {
  it('a night shift across midnight belongs to the day it starts; all of it is night', () => {
    const { shifts } = holderShifts([p('A', '2026-03-02T21:00:00'), p('D', '2026-03-03T05:30:00')], DEFAULT_RULES);
    expect(shifts[0]!.day).toBe('2026-03-02');
    expect(hours(shifts[0]!.workedMs)).toBe(8.5);
    expect(hours(shifts[0]!.nightMs)).toBe(8.5);
  });

  it('across the March change (29 March 2026, 02:00 → 03:00): 22:00–06:00 is 7 real hours', () => {
    const { shifts } = holderShifts([p('A', '2026-03-28T22:00:00'), p('D', '2026-03-29T06:00:00')], DEFAULT_RULES);
    expect(hours(shifts[0]!.workedMs)).toBe(7);
    expect(hours(shifts[0]!.nightMs)).toBe(7);
    expect(hours(shifts[0]!.sundayMs)).toBe(5); // Sunday 00:00 → 06:00 lost an hour
  });

  it('across the October change (25 October 2026, 03:00 → 02:00): 22:00–06:00 is 9 real hours', () => {
    const { shifts } = holderShifts([p('A', '2026-10-24T22:00:00'), p('D', '2026-10-25T06:00:00')], DEFAULT_RULES);
    expect(hours(shifts[0]!.workedMs)).toBe(9);
    expect(hours(shifts[0]!.sundayMs)).toBe(7);
  });

  it('Easter Monday and 14 July are public holidays: their worked hours are counted apart and kept in the totals', () => {
    const month = holderMonth(who, [p('A', '2026-04-06T08:00:00'), p('D', '2026-04-06T16:00:00')], '2026-04', DEFAULT_RULES);
    expect([hours(month.holidayMs), hours(month.workedMs)]).toEqual([8, 8]);
    const july = holderMonth(who, [p('A', '2026-07-14T09:00:00'), p('D', '2026-07-14T12:00:00')], '2026-07', DEFAULT_RULES);
    expect([hours(july.holidayMs), hours(july.workedMs)]).toEqual([3, 3]);
  });

  it('Easter for known years; eleven national holidays, thirteen in Alsace-Moselle', () => {
    expect([2024, 2025, 2026, 2027, 2038].map(easter)).toEqual(['2024-03-31', '2025-04-20', '2026-04-05', '2027-03-28', '2038-04-25']);
    expect(frenchHolidays(2026)).toHaveLength(11);
    const am = frenchHolidays(2026, true).map((h) => h.day);
    expect(am).toContain('2026-04-03');
    expect(am).toContain('2026-12-26');
  });
});

describe('weeks and overtime', () => {
  it('a 45-hour week: 8 h at +25 %, 2 h at +50 %', () => {
    const punches = ['09', '10', '11', '12', '13'].flatMap((d) => [
      p('A', `2026-03-${d}T08:00:00`),
      p('P', `2026-03-${d}T12:00:00`),
      p('A', `2026-03-${d}T12:30:00`),
      p('D', `2026-03-${d}T17:30:00`),
    ]);
    const month = holderMonth(who, punches, '2026-03', DEFAULT_RULES);
    const week = month.weeks.find((w) => w.start === '2026-03-09')!;
    expect([hours(week.workedMs), hours(week.overtimeFirstMs), hours(week.overtimeSecondMs)]).toEqual([45, 8, 2]);
    expect([hours(month.overtimeFirstMs), hours(month.overtimeSecondMs)]).toEqual([8, 2]);
  });

  it('a week across two months counts in the month it ends in', () => {
    // Monday 29 June → Sunday 5 July 2026: 5 days of 8 h = 40 h, 5 h of overtime, in July.
    const punches = ['06-29', '06-30', '07-01', '07-02', '07-03'].flatMap((d) => [p('A', `2026-${d}T08:00:00`), p('D', `2026-${d}T16:00:00`)]);
    const june = holderMonth(who, punches, '2026-06', DEFAULT_RULES);
    const july = holderMonth(who, punches, '2026-07', DEFAULT_RULES);
    expect(hours(june.workedMs)).toBe(16);
    expect(hours(june.overtimeFirstMs)).toBe(0);
    expect(hours(july.workedMs)).toBe(24);
    expect(july.weeks[0]).toMatchObject({ start: '2026-06-29', end: '2026-07-05' });
    expect(hours(july.overtimeFirstMs)).toBe(5);
    expect(punchRangeFor('2026-07')).toEqual({ from: '2026-06-28', to: '2026-08-01' });
  });
});

describe('legal alerts (shown, never changing a figure)', () => {
  it('more than 10 h in a day, and 6 h or more without a 20-minute pause', () => {
    const month = holderMonth(
      who,
      [p('A', '2026-03-02T07:00:00'), p('P', '2026-03-02T12:00:00'), p('A', '2026-03-02T12:15:00'), p('D', '2026-03-02T18:00:00')],
      '2026-03',
      DEFAULT_RULES,
    );
    const day = month.days[0]!;
    expect(day.alerts.map((a) => a.kind).sort()).toEqual(['day-over-10h', 'no-pause-6h']);
    expect(hours(day.workedMs)).toBe(10.75);
  });

  it('less than 11 h of rest between two shifts; more than 48 h in a week', () => {
    const punches = ['02', '03', '04', '05', '06'].flatMap((d) => [
      p('A', `2026-03-${d}T06:00:00`),
      p('P', `2026-03-${d}T12:00:00`),
      p('A', `2026-03-${d}T12:30:00`),
      p('D', `2026-03-${d}T16:30:00`),
    ]);
    punches.push(p('A', '2026-03-06T22:00:00'), p('D', '2026-03-07T02:00:00'));
    const month = holderMonth(who, punches, '2026-03', DEFAULT_RULES);
    const all = month.days.flatMap((d) => d.alerts.map((a) => a.kind));
    expect(all).toContain('rest-under-11h');
    expect(all).toContain('week-over-48h');
    expect(hours(month.weeks.find((w) => w.start === '2026-03-02')!.workedMs)).toBe(54);
  });
});

describe('options', () => {
  it('rounding each punch to 15 minutes (off by default)', () => {
    const punches = [p('A', '2026-03-02T08:07:00'), p('D', '2026-03-02T16:53:00')];
    expect(hours(holderShifts(punches, DEFAULT_RULES).shifts[0]!.workedMs)).toBeCloseTo(8.7667, 3);
    expect(hours(holderShifts(punches, { ...DEFAULT_RULES, roundingMinutes: 15 }).shifts[0]!.workedMs)).toBe(9);
  });

  it('Good Friday is a holiday only in Alsace-Moselle; the weekly base is a setting', () => {
    const punches = [p('A', '2026-04-03T08:00:00'), p('D', '2026-04-03T12:00:00')];
    expect(hours(holderMonth(who, punches, '2026-04', DEFAULT_RULES).holidayMs)).toBe(0);
    expect(hours(holderMonth(who, punches, '2026-04', { ...DEFAULT_RULES, alsaceMoselle: true }).holidayMs)).toBe(4);
    const week = ['09', '10', '11', '12', '13'].flatMap((d) => [p('A', `2026-03-${d}T08:00:00`), p('D', `2026-03-${d}T15:00:00`)]);
    const m = holderMonth(who, week, '2026-03', { ...DEFAULT_RULES, weeklyBaseHours: 30 });
    expect([hours(m.overtimeFirstMs), hours(m.overtimeSecondMs)]).toEqual([5, 0]);
  });
});
