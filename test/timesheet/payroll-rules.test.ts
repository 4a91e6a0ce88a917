// The payroll rules that need the employment (issue 13): contracts (part-time, 39 h, forfait jours,
// a change mid-month), absences, days to qualify, holidays off, 1 May worked, the new legal alerts
// each at its threshold and a minute from it, and a shift still open today. Figures computed by hand
// on the 2026 calendar (Monday 2, 9, 16 March; Easter Monday 6 April; Friday 1 May).
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTRACT, DEFAULT_PAYROLL_SETTINGS, type Absence, type Contract } from '../../shared/employees';
import { DEFAULT_RULES, type AlertKind, type AnomalyKind, type HolderMonth, type TimesheetPunch } from '../../shared/timesheet';
import { catalogues } from '../../shared/i18n';
import { computeMonth, holderShifts, type EmploymentInput } from '../../main/core/timesheet/engine';
import { longestRestMs, payrollPunchRangeFor, weekPay } from '../../main/core/timesheet/payroll';
import { addDays } from '../../shared/time';

const H = 3_600_000;
const M = 60_000;
let nextId = 1;
const p = (type: 'A' | 'D' | 'P', at: string): TimesheetPunch => ({ id: nextId++, uid: '70', type, at, reason: '', corrected: false });
/** One shift: arrival and departure ("HH:MM"; a departure before the arrival is the next day). */
const shift = (day: string, from: string, to: string) => [p('A', `${day}T${from}:00`), p('D', `${to < from ? addDays(day, 1) : day}T${to}:00`)];
const who = { uid: '70', nom: 'ADONIS', prenom: 'Alain' };
const hours = (ms: number) => Math.round((ms / H) * 10_000) / 10_000;

const contract = (o: Partial<Contract> = {}): Contract => ({ ...DEFAULT_CONTRACT, uid: '70', from: '2026-01-01', matricule: '0042', ...o });
let absenceId = 100;
const absence = (from: string, code: string, o: Partial<Absence> = {}): Absence => ({
  id: absenceId++,
  uid: '70',
  from,
  to: from,
  code,
  half: null,
  comment: 'test',
  createdBy: 'paie',
  createdAt: '2026-01-01T00:00:00',
  removedAt: null,
  ...o,
});
const employment = (contracts: Contract[], absences: Absence[] = [], o: Partial<EmploymentInput> = {}): EmploymentInput => ({
  contracts: new Map(contracts.length ? [['70', contracts]] : []),
  absences,
  settings: DEFAULT_PAYROLL_SETTINGS,
  nowLocal: '2026-12-31T12:00:00',
  ...o,
});
const monthOf = (month: string, punches: TimesheetPunch[], emp?: EmploymentInput): HolderMonth => {
  const h = computeMonth(month, [who], punches, DEFAULT_RULES, [], emp).holders[0];
  if (!h) throw new Error('no holder');
  return h;
};
const alerts = (m: HolderMonth, kind: AlertKind) => m.days.flatMap((d) => d.alerts.filter((a) => a.kind === kind));
const anomalies = (m: HolderMonth, kind: AnomalyKind) => m.days.flatMap((d) => d.anomalies.filter((a) => a.kind === kind));
const week = (m: HolderMonth, monday: string) => m.weeks.find((w) => w.start === monday)!;
/** Shifts on the days of the week of Monday 9 March 2026 (0 = Monday), each "HH:MM"–"HH:MM". */
const weekOf9March = (...spans: [number, string, string][]) => spans.flatMap(([i, a, b]) => shift(addDays('2026-03-09', i), a, b));
/** Only employed the week of 9 March: no other day "à qualifier". */
const partTime24 = (o: Partial<Contract> = {}) => contract({ type: 'part-time', weeklyHours: 24, start: '2026-03-09', end: '2026-03-15', ...o });

describe('part-time (24 h a week: a tenth is 2.4 h)', () => {
  it('28 h worked: 2.4 h at +10 %, 1.6 h at +25 %, no overtime', () => {
    const m = monthOf(
      '2026-03',
      weekOf9March([0, '08:00', '15:00'], [1, '08:00', '15:00'], [2, '08:00', '15:00'], [3, '08:00', '15:00']),
      employment([partTime24()], [], { settings: { ...DEFAULT_PAYROLL_SETTINGS, partTimeCap: 'third' } }),
    );
    const w = week(m, '2026-03-09');
    expect([hours(w.workedMs), hours(w.complementary10Ms), hours(w.complementary25Ms), hours(w.overtimeFirstMs), w.contractHours]).toEqual([
      28, 2.4, 1.6, 0, 24,
    ]);
    expect([hours(m.complementary10Ms), hours(m.complementary25Ms), m.contractType, m.contractHours, m.matricule]).toEqual([2.4, 1.6, 'part-time', 24, '0042']);
    // A third by agreement (8 h): 4 h of complementary hours are within it.
    expect(alerts(m, 'part-time-cap-passed')).toEqual([]);
  });

  it('30 h worked: past the cap of a tenth (2.4 h), 6 h of complementary hours alerted, still paid 2.4 + 3.6', () => {
    const m = monthOf(
      '2026-03',
      weekOf9March([0, '08:00', '14:00'], [1, '08:00', '14:00'], [2, '08:00', '14:00'], [3, '08:00', '14:00'], [4, '08:00', '14:00']),
      employment([partTime24()]),
    );
    const w = week(m, '2026-03-09');
    expect([hours(w.complementary10Ms), hours(w.complementary25Ms)]).toEqual([2.4, 3.6]);
    expect(alerts(m, 'part-time-cap-passed').map((a) => [a.day, hours(a.hours * H)])).toEqual([['2026-03-09', 6]]);
    expect(alerts(m, 'part-time-reached-35h')).toEqual([]);
  });

  it('36 h worked: 2.4 h at +10 %, 8.6 h at +25 % up to 35 h, then 1 h of overtime at +25 %, and the 35 h alert', () => {
    const m = monthOf(
      '2026-03',
      weekOf9March([0, '08:00', '17:00'], [1, '08:00', '17:00'], [2, '08:00', '17:00'], [3, '08:00', '17:00']),
      employment([partTime24()]),
    );
    const w = week(m, '2026-03-09');
    expect([hours(w.complementary10Ms), hours(w.complementary25Ms), hours(w.overtimeFirstMs), hours(w.overtimeSecondMs)]).toEqual([2.4, 8.6, 1, 0]);
    expect(alerts(m, 'part-time-reached-35h').map((a) => a.hours)).toEqual([36]);
    expect(alerts(m, 'part-time-cap-passed')).toHaveLength(1);
  });

  it('cap alert at its threshold and a minute over: a tenth (26 h 24), a third (32 h)', () => {
    // A tenth: Monday to Thursday 5 h, Friday from 08:00; a third: Monday to Wednesday 8 h, Thursday from 08:00.
    const run = (end: string, cap: 'tenth' | 'third') => {
      const spans: [number, string, string][] =
        cap === 'tenth'
          ? [
              [0, '08:00', '13:00'],
              [1, '08:00', '13:00'],
              [2, '08:00', '13:00'],
              [3, '08:00', '13:00'],
              [4, '08:00', end],
            ]
          : [
              [0, '08:00', '16:00'],
              [1, '08:00', '16:00'],
              [2, '08:00', '16:00'],
              [3, '08:00', end],
            ];
      const settings = { ...DEFAULT_PAYROLL_SETTINGS, partTimeCap: cap };
      return alerts(monthOf('2026-03', weekOf9March(...spans), employment([partTime24()], [], { settings })), 'part-time-cap-passed');
    };
    // A tenth: 4 × 5 h + 6 h 24 = 26.4 h (2.4 h complementary): at the cap; 6 h 25: a minute over.
    expect(run('14:24', 'tenth')).toEqual([]);
    expect(run('14:25', 'tenth')).toHaveLength(1);
    // A third: 3 × 8 h + 8 h = 32 h (8 h complementary); a minute more passes it.
    expect(run('16:00', 'third')).toEqual([]);
    expect(run('16:01', 'third')).toHaveLength(1);
  });

  it('35 h alert at 35 h, none a minute under', () => {
    const run = (end: string) =>
      alerts(
        monthOf(
          '2026-03',
          weekOf9March([0, '08:00', '15:00'], [1, '08:00', '15:00'], [2, '08:00', '15:00'], [3, '08:00', '15:00'], [4, '08:00', end]),
          employment([partTime24()]),
        ),
        'part-time-reached-35h',
      );
    expect(run('15:00')).toHaveLength(1);
    expect(run('14:59')).toEqual([]);
  });
});

describe('full time above 35 h, forfait jours', () => {
  it('a 39 h contract: overtime from the legal 35 h (39 h worked → 4 h at +25 %), contract hours reported', () => {
    const m = monthOf(
      '2026-03',
      weekOf9March([0, '08:00', '16:00'], [1, '08:00', '16:00'], [2, '08:00', '16:00'], [3, '08:00', '16:00'], [4, '08:00', '15:00']),
      employment([contract({ weeklyHours: 39, start: '2026-03-09', end: '2026-03-15' })]),
    );
    const w = week(m, '2026-03-09');
    expect([hours(w.workedMs), hours(w.overtimeFirstMs), w.contractHours, hours(w.complementary10Ms)]).toEqual([39, 4, 39, 0]);
    expect([m.contractType, m.contractHours, hours(m.overtimeFirstMs)]).toEqual(['full-time', 39, 4]);
  });

  it('forfait jours: days counted, no overtime nor complementary hours, no 10 h / 48 h alerts, the 11 h rest kept', () => {
    const punches = weekOf9March([0, '07:00', '17:30'], [1, '07:00', '17:30'], [2, '07:00', '17:30'], [3, '07:00', '17:30'], [4, '04:00', '17:30']);
    const days = monthOf('2026-03', punches, employment([contract({ type: 'days', start: '2026-03-09', end: '2026-03-15' })]));
    expect([days.daysWorked, hours(days.workedMs), hours(days.overtimeFirstMs), hours(days.overtimeSecondMs), hours(days.complementary25Ms)]).toEqual([
      5, 55.5, 0, 0, 0,
    ]);
    expect(days.days.flatMap((d) => d.alerts.map((a) => a.kind)).filter((k) => k !== 'no-pause-6h')).toEqual(['rest-under-11h']);
    // The same week full time: 8 h at +25 %, 12.5 h at +50 %, and the maximum-duration alerts.
    const full = monthOf('2026-03', punches, employment([contract({ start: '2026-03-09', end: '2026-03-15' })]));
    expect([hours(full.overtimeFirstMs), hours(full.overtimeSecondMs)]).toEqual([8, 12.5]);
    expect(alerts(full, 'day-over-10h')).toHaveLength(5);
    expect(alerts(full, 'week-over-48h')).toHaveLength(1);
  });
});

describe('absences, days to qualify, holidays', () => {
  const week9 = { start: '2026-03-09', end: '2026-03-15' };

  it('CP on a Monday: 7 h on that day, not worked, not "à qualifier", not toward overtime', () => {
    const m = monthOf(
      '2026-03',
      weekOf9March([1, '08:00', '17:00'], [2, '08:00', '17:00'], [3, '08:00', '17:00'], [4, '08:00', '17:00']),
      employment([contract(week9)], [absence('2026-03-09', 'CP')]),
    );
    const monday = m.days.find((d) => d.day === '2026-03-09')!;
    expect(monday.absences.map((a) => [a.code, a.half, hours(a.ms)])).toEqual([['CP', null, 7]]);
    expect([monday.workedMs, monday.anomalies]).toEqual([0, []]);
    expect(m.absenceMs).toEqual({ CP: 7 * H });
    // 36 h punched: 1 h over 35 h; the CP's 7 h are not in it.
    expect([hours(m.workedMs), hours(m.overtimeFirstMs), m.anomalyCount]).toEqual([36, 1, 0]);
  });

  it('a whole-day absence on a punched day is an anomaly naming its punches; a half day beside punches is normal', () => {
    const punches = weekOf9March([0, '08:00', '17:00'], [1, '08:00', '12:00']);
    const m = monthOf('2026-03', punches, employment([contract(week9)], [absence('2026-03-09', 'CP'), absence('2026-03-10', 'CP', { half: 'pm' })]));
    const monday = m.days.find((d) => d.day === '2026-03-09')!;
    expect(monday.anomalies.map((a) => [a.kind, a.punchIds])).toEqual([['absence-with-punches', punches.slice(0, 2).map((p) => p.id)]]);
    expect(m.days.find((d) => d.day === '2026-03-10')!.anomalies).toEqual([]);
    // Both stay in the figures until payroll removes one: 9 h worked and 7 h of CP.
    expect([hours(monday.workedMs), hours(m.absenceMs.CP!)]).toEqual([9, 7 + 3.5]);
  });

  it('formation (FOR) counts toward the thresholds, not in the worked time; a half day is half the daily hours; a removed absence is nothing', () => {
    const m = monthOf(
      '2026-03',
      weekOf9March([1, '08:00', '17:00'], [2, '08:00', '17:00'], [3, '08:00', '17:00'], [4, '08:00', '12:00']),
      employment(
        [contract(week9)],
        [absence('2026-03-09', 'FOR'), absence('2026-03-13', 'CP', { half: 'pm' }), absence('2026-03-13', 'MAL', { removedAt: '2026-03-14T09:00:00' })],
      ),
    );
    // Worked 3 × 9 + 4 = 31 h; with 7 h of formation 38 h toward the threshold: 3 h at +25 %.
    expect([hours(m.workedMs), hours(m.overtimeFirstMs), hours(week(m, '2026-03-09').workedMs)]).toEqual([31, 3, 31]);
    expect(m.absenceMs).toEqual({ FOR: 7 * H, CP: 3.5 * H });
    expect(m.days.find((d) => d.day === '2026-03-13')!.absences.map((a) => [a.code, a.half, hours(a.ms)])).toEqual([['CP', 'pm', 3.5]]);
  });

  it("an absence over a range: only the contract's working days within the employment, never a public holiday", () => {
    // Monday 30 March to Friday 10 April 2026, employed until Thursday 9 April; Easter Monday 6 April.
    const m = monthOf(
      '2026-04',
      [],
      employment([contract({ end: '2026-04-09' })], [absence('2026-03-30', 'CP', { to: '2026-04-10' })], { nowLocal: '2026-04-01T08:00:00' }),
    );
    expect(m.days.filter((d) => d.absences.length).map((d) => d.day)).toEqual([
      '2026-04-01',
      '2026-04-02',
      '2026-04-03',
      '2026-04-07',
      '2026-04-08',
      '2026-04-09',
    ]);
    expect(hours(m.absenceMs.CP!)).toBe(42);
  });

  it('an unqualified weekday is an anomaly "à qualifier"; today (not over) and later days are not yet', () => {
    const punches = weekOf9March([0, '08:00', '15:00'], [1, '08:00', '15:00'], [3, '08:00', '15:00'], [4, '08:00', '15:00']);
    const m = monthOf('2026-03', punches, employment([contract(week9)]));
    expect(anomalies(m, 'absence-to-qualify').map((a) => [a.at, a.punchIds])).toEqual([['2026-03-11T00:00:00', []]]);
    expect(m.anomalyCount).toBe(1);
    // On Wednesday 11 March at 18:00 with no punch yet, the day is not over.
    const wednesday = monthOf('2026-03', punches.slice(0, 4), employment([contract(week9)], [], { nowLocal: '2026-03-11T18:00:00' }));
    expect(anomalies(wednesday, 'absence-to-qualify')).toEqual([]);
    // A holder without any contract: nothing to qualify.
    expect(anomalies(monthOf('2026-03', punches, employment([])), 'absence-to-qualify')).toEqual([]);
  });

  it('a public holiday on a working day, not worked: holiday off at the daily hours, not toward overtime', () => {
    // Easter Monday 6 April 2026; Tuesday to Friday 9 h a day = 36 h: 1 h over 35 h, the 7 h off aside.
    const punches = ['07', '08', '09', '10'].flatMap((d) => shift(`2026-04-${d}`, '08:00', '17:00'));
    const m = monthOf('2026-04', punches, employment([contract({ start: '2026-04-06', end: '2026-04-12' })]));
    const monday = m.days.find((d) => d.day === '2026-04-06')!;
    expect([hours(monday.holidayOffMs), monday.anomalies, monday.absences]).toEqual([7, [], []]);
    expect([hours(m.holidayOffMs), hours(m.overtimeFirstMs)]).toEqual([7, 1]);
    // A part-timer working 4 days of 6 h (24 h, Monday to Thursday): 6 h off.
    const pt = monthOf(
      '2026-04',
      [],
      employment([contract({ type: 'part-time', weeklyHours: 24, days: ['mon', 'tue', 'wed', 'thu'], start: '2026-04-06', end: '2026-04-06' })]),
    );
    expect(hours(pt.holidayOffMs)).toBe(6);
  });

  it('1 May worked: its hours reported on their own (and in the holiday hours), no holiday off', () => {
    const m = monthOf('2026-05', shift('2026-05-01', '08:00', '12:00'), employment([contract({ start: '2026-05-01', end: '2026-05-01' })]));
    expect([hours(m.mayFirstWorkedMs), hours(m.holidayMs), hours(m.holidayOffMs), hours(m.workedMs)]).toEqual([4, 4, 0, 4]);
    // 8 May, a holiday too, is no 1 May.
    expect(hours(monthOf('2026-05', shift('2026-05-08', '08:00', '12:00')).mayFirstWorkedMs)).toBe(0);
  });

  it('a contract change mid-month: days by the version of the day, a week by the version of its Sunday', () => {
    // Part-time 24 h until Tuesday 10 March, full time 35 h from Wednesday 11 March.
    const versions = [
      contract({ type: 'part-time', weeklyHours: 24, start: '2026-03-02' }),
      contract({ from: '2026-03-11', start: '2026-03-02', end: '2026-03-15' }),
    ];
    const punches = [
      // Week of 2 March (part-time on its Sunday): 28 h → 2.4 h + 1.6 h complementary.
      ...['02', '03', '04', '05'].flatMap((d) => shift(`2026-03-${d}`, '08:00', '15:00')),
      // Week of 9 March (full time on its Sunday): 30 h, nothing extra; part-time on its Monday would make 6 h complementary.
      ...weekOf9March([1, '08:00', '18:00'], [2, '08:00', '18:00'], [4, '08:00', '18:00']),
    ];
    const m = monthOf('2026-03', punches, employment(versions, [absence('2026-03-09', 'CP'), absence('2026-03-12', 'CP')]));
    const w2 = week(m, '2026-03-02');
    const w9 = week(m, '2026-03-09');
    expect([hours(w2.complementary10Ms), hours(w2.complementary25Ms), w2.contractHours]).toEqual([2.4, 1.6, 24]);
    expect([hours(w9.workedMs), hours(w9.complementary10Ms), hours(w9.complementary25Ms), hours(w9.overtimeFirstMs), w9.contractHours]).toEqual([
      30, 0, 0, 0, 35,
    ]);
    // CP on Monday 9 (part-time: 24 / 5 = 4.8 h), on Thursday 12 (full time: 7 h).
    expect(m.days.filter((d) => d.absences.length).map((d) => [d.day, hours(d.absences[0]!.ms)])).toEqual([
      ['2026-03-09', 4.8],
      ['2026-03-12', 7],
    ]);
    // Friday 6 March, not worked, is to qualify; the holder's contract is the one of the month's last day.
    expect(anomalies(m, 'absence-to-qualify').map((a) => a.at.slice(0, 10))).toEqual(['2026-03-06']);
    expect([m.contractType, m.contractHours]).toEqual(['full-time', 35]);
  });
});

describe('new legal alerts (shown, never changing a figure)', () => {
  it('night worker: over 8 h in a day alerted (8 h 01), not at 8 h; not for a day worker', () => {
    const night = employment([contract({ nightWorker: true, start: '2026-03-09', end: '2026-03-09' })]);
    const over = monthOf('2026-03', shift('2026-03-09', '21:00', '05:01'), night);
    expect(alerts(over, 'night-worker-over-8h').map((a) => [a.day, Math.round(a.hours * 60)])).toEqual([['2026-03-09', 481]]);
    expect(alerts(monthOf('2026-03', shift('2026-03-09', '21:00', '05:00'), night), 'night-worker-over-8h')).toEqual([]);
    const day = employment([contract({ start: '2026-03-09', end: '2026-03-09' })]);
    expect(alerts(monthOf('2026-03', shift('2026-03-09', '21:00', '05:01'), day), 'night-worker-over-8h')).toEqual([]);
    expect([hours(over.workedMs), hours(over.overtimeFirstMs)]).toEqual([8.0167, 0]);
  });

  it("weekly rest: 35 h from Saturday 16:00 to Monday 03:00 is enough, 34 h 59 is not (the next week's shift counts)", () => {
    const run = (mondayStart: string) => {
      // Sunday 8 to Saturday 14 March, 08:00–16:00 every day; then Monday 16 March.
      const punches = [
        ...Array.from({ length: 7 }, (_, i) => shift(addDays('2026-03-08', i), '08:00', '16:00')).flat(),
        ...shift('2026-03-16', mondayStart, '10:00'),
      ];
      return monthOf('2026-03', punches, employment([]));
    };
    expect(alerts(run('03:00'), 'weekly-rest-under-35h')).toEqual([]);
    const short = run('02:59');
    expect(alerts(short, 'weekly-rest-under-35h').map((a) => [a.day, Math.round(a.hours * 60)])).toEqual([['2026-03-09', 34 * 60 + 59]]);
    expect(short.days.find((d) => d.day === '2026-03-09')!.alerts.map((a) => a.kind)).toContain('weekly-rest-under-35h');
    // Each rest overlapping the window counts in full; before the first and after the last known shift, unbounded.
    expect(
      longestRestMs(
        [
          [0, 10 * H],
          [69 * H, 80 * H],
        ],
        20 * H,
        200 * H,
      ),
    ).toBe(Infinity);
    expect(
      longestRestMs(
        [
          [0, 10 * H],
          [69 * H, 80 * H],
          [90 * H, 95 * H],
          [100 * H, 300 * H],
        ],
        20 * H,
        200 * H,
      ),
    ).toBe(59 * H);
  });

  it('average over 12 weeks: 44 h a week is not over it; one more minute is (history punches from payrollPunchRangeFor)', () => {
    expect(payrollPunchRangeFor('2026-03')).toEqual({ from: '2025-12-07', to: '2026-04-01' });
    const run = (lastEnd: string) => {
      // 12 weeks from Monday 8 December 2025 to Sunday 1 March 2026, Monday to Friday 8 h 48 = 44 h.
      const punches: TimesheetPunch[] = [];
      for (let k = 0; k < 12; k++)
        for (let i = 0; i < 5; i++) punches.push(...shift(addDays('2025-12-08', 7 * k + i), '08:00', k === 11 && i === 4 ? lastEnd : '16:48'));
      return monthOf('2026-03', punches, employment([]));
    };
    expect(alerts(run('16:48'), 'average-12-weeks-over-44h')).toEqual([]);
    const over = run('16:49');
    // The week of 23 February counts in March: its alert goes on 1 March, the month's first day.
    expect(over.days.find((d) => d.day === '2026-03-01')!.alerts.map((a) => [a.kind, a.day])).toEqual([['average-12-weeks-over-44h', '2026-02-23']]);
    expect(alerts(over, 'average-12-weeks-over-44h')).toHaveLength(1);
  });

  it('yearly overtime quota (220 h): reached exactly is not passed; a minute more is, on the week passing it', () => {
    // 45 h in the week of 9 March: 10 h of overtime.
    const punches = weekOf9March([0, '08:00', '17:00'], [1, '08:00', '17:00'], [2, '08:00', '17:00'], [3, '08:00', '17:00'], [4, '08:00', '17:00']);
    const run = (beforeMs: number) => monthOf('2026-03', punches, employment([], [], { overtimeBeforeMs: new Map([['70', beforeMs]]) }));
    expect(alerts(run(210 * H), 'overtime-quota-passed')).toEqual([]);
    const passed = run(210 * H + M);
    expect(alerts(passed, 'overtime-quota-passed').map((a) => [a.day, Math.round(a.hours * 60)])).toEqual([['2026-03-09', 220 * 60 + 1]]);
    expect([hours(passed.overtimeFirstMs), hours(passed.overtimeSecondMs)]).toEqual([8, 2]);
  });
});

describe('a shift still open', () => {
  it("today at 10:30 someone who came at 08:00 is at work, not a missing departure; yesterday's open shift is one", () => {
    const now = { nowLocal: '2026-03-10T10:30:00' };
    const today = monthOf('2026-03', [p('A', '2026-03-10T08:00:00')], employment([], [], now));
    const row = today.days.find((d) => d.day === '2026-03-10')!;
    expect([row.firstArrival, row.anomalies, row.workedMs, today.anomalyCount]).toEqual(['2026-03-10T08:00:00', [], 0, 0]);
    // Yesterday 20:00: 14 h 30 ago, under the 16 h delay, but the day is over.
    const yesterday = monthOf('2026-03', [p('A', '2026-03-09T20:00:00')], employment([], [], now));
    expect(anomalies(yesterday, 'missing-departure').map((a) => a.at)).toEqual(['2026-03-09T20:00:00']);
    // Without an employment, as before: missing.
    expect(anomalies(monthOf('2026-03', [p('A', '2026-03-10T08:00:00')]), 'missing-departure')).toHaveLength(1);
    // The day over (midnight) makes it missing; so does the delay passed, here 2 h.
    expect(holderShifts([p('A', '2026-03-10T08:00:00')], DEFAULT_RULES, '2026-03-11T00:00:00').anomalies.map((a) => a.kind)).toEqual(['missing-departure']);
    expect(holderShifts([p('A', '2026-03-10T08:00:00')], { ...DEFAULT_RULES, missingDepartureHours: 2 }, '2026-03-10T10:01:00').anomalies).toHaveLength(1);
    expect(holderShifts([p('A', '2026-03-10T08:00:00')], { ...DEFAULT_RULES, missingDepartureHours: 2 }, '2026-03-10T10:00:00').anomalies).toEqual([]);
  });
});

describe('without an employment, or without a contract', () => {
  it("the new fields are neutral and the figures are today's", () => {
    const punches = weekOf9March([0, '08:00', '17:00'], [1, '08:00', '17:00'], [2, '08:00', '17:00'], [3, '08:00', '17:00'], [4, '08:00', '17:00']);
    const plain = monthOf('2026-03', punches);
    expect([
      plain.matricule,
      plain.contractType,
      plain.contractHours,
      plain.complementary10Ms,
      plain.complementary25Ms,
      plain.absenceMs,
      plain.holidayOffMs,
    ]).toEqual([null, null, null, 0, 0, {}, 0]);
    expect(week(plain, '2026-03-09')).toMatchObject({ complementary10Ms: 0, complementary25Ms: 0, contractHours: null });
    expect(plain.days.every((d) => d.absences.length === 0 && d.holidayOffMs === 0)).toBe(true);
    // No contract: full time 35 h as today, absences not valued, nothing to qualify.
    const none = monthOf('2026-03', punches, employment([], [absence('2026-03-13', 'CP')]));
    const figures = (m: HolderMonth) => [m.workedMs, m.overtimeFirstMs, m.overtimeSecondMs, m.daysWorked, m.anomalyCount, m.absenceMs];
    expect(figures(none)).toEqual(figures(plain));
  });

  it('a contracted holder without punches is listed when the month shows something (absences, days to qualify)', () => {
    const sheet = computeMonth(
      '2026-03',
      [who],
      [],
      DEFAULT_RULES,
      [],
      employment([contract({ start: '2026-03-09', end: '2026-03-10' })], [absence('2026-03-09', 'MAL')]),
    );
    expect(sheet.holders.map((h) => [h.uid, h.anomalyCount, hours(h.absenceMs.MAL!)])).toEqual([['70', 1, 7]]);
    expect(computeMonth('2026-03', [who], [], DEFAULT_RULES).holders).toEqual([]);
  });

  it('weekPay: forfait jours has no extra hours; full time at 39 h keeps 35 h', () => {
    expect(weekPay(50 * H, { type: 'days', weeklyHours: 35 }, DEFAULT_RULES)).toMatchObject({ overtimeFirstMs: 0, overtimeSecondMs: 0, complementary25Ms: 0 });
    expect(weekPay(40 * H, { type: 'full-time', weeklyHours: 39 }, DEFAULT_RULES)).toMatchObject({ overtimeFirstMs: 5 * H, complementary10Ms: 0 });
  });

  it('every new anomaly and alert has its label, French and English, in both catalogues', () => {
    const kinds = {
      anomaly: ['absence-to-qualify', 'absence-with-punches'],
      alert: [
        'night-worker-over-8h',
        'weekly-rest-under-35h',
        'average-12-weeks-over-44h',
        'overtime-quota-passed',
        'part-time-cap-passed',
        'part-time-reached-35h',
      ],
    } as const;
    for (const lang of ['fr', 'en'] as const)
      for (const section of ['anomaly', 'alert'] as const)
        for (const kind of kinds[section]) {
          expect((catalogues[lang].timesheet[section] as Record<string, string>)[kind], `${lang} timesheet ${kind}`).toBeTruthy();
          expect((catalogues[lang].ui.month[section] as Record<string, string>)[kind], `${lang} ui ${kind}`).toBeTruthy();
        }
  });
});
