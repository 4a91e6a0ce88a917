// The yearly overtime quota (contingent annuel) counts the year's earlier months: read from the cache
// (a real SQLite file), each earlier month computed as its own workbook computes it; December's weeks
// of the year before do not count, the week of 29 December – 4 January counts in January (its Sunday).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParsedPunch } from '../../main/core/festime/punch-parser';
import { parsedPunch } from '../helpers/punches';
import { openStore } from '../../main/core/store';
import { ensureAccount } from '../../main/core/store/accounts';
import { punchWriter } from '../../main/core/store/punches';
import { loadHolderDay, loadMonth, overtimeBefore, rulesOf } from '../../main/core/timesheet/month';
import { loadEmployment, putPayrollSettings } from '../../main/core/employees/store';
import { addDays } from '../../shared/time';

const H = 3_600_000;

const UID = '31';

let nextId = 1;
const punch = (type: 'A' | 'D', at: string) => parsedPunch(nextId++, UID, type, at, { name: 'QUOTA Annuel' });
/** Monday to Friday from `monday`, 08:00 to `end` (17:00: 9 h a day, 45 h: 10 h of overtime). */
const week = (monday: string, end = '17:00', lastEnd = end): ParsedPunch[] =>
  [0, 1, 2, 3, 4].flatMap((i) => [punch('A', `${addDays(monday, i)}T08:00:00`), punch('D', `${addDays(monday, i)}T${i === 4 ? lastEnd : end}:00`)]);

function site(marchLastEnd: string) {
  const store = openStore(mkdtempSync(join(tmpdir(), 'festime-quota-')));
  const a = ensureAccount(store.db, 'https://x.test', 'c').id;
  punchWriter(store.db, a).insert(
    [
      ...week('2025-12-08'), // 2025: not this year's quota
      ...week('2025-12-29'), // Sunday 4 January 2026: counted in January, 10 h
      ...week('2026-02-02'), // 10 h
      // The week of 9 March: 35 h, or 35 h and a minute (the last day's departure).
      ...week('2026-03-09', '15:00', marchLastEnd),
    ],
    '2026-03-20T00:00:00Z',
  );
  putPayrollSettings(store.db, a, { overtimeQuotaHours: 20 });
  return { store, a };
}
const NOW = '2026-03-20T12:00:00';
const quotaAlerts = (marchLastEnd: string) => {
  const { store, a } = site(marchLastEnd);
  try {
    const employment = loadEmployment(store.db, a, '2026-03', NOW);
    const month = loadMonth(store.db, a, '2026-03', { employment }).sheet.holders.find((h) => h.uid === UID)!;
    const day = loadHolderDay(store.db, a, UID, '2026-03-09', { employment }).figures!;
    return {
      before: overtimeBefore(store.db, a, '2026-03', rulesOf(store.db, a), employment).get(UID),
      month: month.days.flatMap((d) => d.alerts).filter((x) => x.kind === 'overtime-quota-passed'),
      day: day.alerts.filter((x) => x.kind === 'overtime-quota-passed'),
    };
  } finally {
    store.close();
  }
};

describe('yearly overtime quota from the earlier months in the cache', () => {
  it('January and February give 20 h (December 2025 not counted); a 35 h March week adds nothing: not passed', () => {
    const r = quotaAlerts('15:00');
    expect(r.before).toBe(20 * H);
    expect(r.month).toEqual([]);
    expect(r.day).toEqual([]);
  });

  it('one minute of overtime in March passes the 20 h quota: alerted on the week, in the month and in the day dialog', () => {
    const r = quotaAlerts('15:01');
    expect(r.month.map((x) => [x.day, Math.round(x.hours * 60)])).toEqual([['2026-03-09', 20 * 60 + 1]]);
    expect(r.day.map((x) => x.day)).toEqual(['2026-03-09']);
  });

  it('January starts the year afresh: nothing before it', () => {
    const { store, a } = site('15:00');
    try {
      expect(overtimeBefore(store.db, a, '2026-01', rulesOf(store.db, a), loadEmployment(store.db, a, '2026-01', NOW)).size).toBe(0);
      expect(overtimeBefore(store.db, a, '2026-02', rulesOf(store.db, a), loadEmployment(store.db, a, '2026-02', NOW)).get(UID)).toBe(10 * H);
    } finally {
      store.close();
    }
  });
});
