// The nights the clocks change (Europe/Paris): 25 October 2026 has 02:00–03:00 twice, 28 March 2027
// none. A punch in the repeated hour is read the first time (summer time) and says so, an anomaly
// until payroll says which time it was; the other reading is a correction away and changes the hours.
// A punch in the skipped hour is read an hour later and says so. Real SQLite for the month's figures.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsedPunch } from '../helpers/punches';
import { openStore } from '../../main/core/store';
import { ensureAccount } from '../../main/core/store/accounts';
import { punchWriter } from '../../main/core/store/punches';
import { holderShifts } from '../../main/core/timesheet/engine';
import { anomalyLabel } from '../../main/core/timesheet/labels';
import { listCorrections, readPunch, undoCorrection } from '../../main/core/timesheet/corrections';
import { loadMonth } from '../../main/core/timesheet/month';
import { NotAmbiguousError } from '../../main/core/errors';
import { DEFAULT_RULES, type TimesheetPunch } from '../../shared/timesheet';

const H = 3_600_000;
const p = (id: number, type: 'A' | 'D' | 'P', at: string, occurrence?: 1 | 2): TimesheetPunch => ({
  id,
  uid: '70',
  type,
  at,
  reason: '',
  corrected: false,
  ...(occurrence ? { occurrence } : {}),
});
/** Saturday 24 October 21:00 to Sunday 06:00, a pause from 02:30 to 03:00 (winter time: 03:00 happens once). */
const octoberNight = (pause?: 1 | 2) => [
  p(1, 'A', '2026-10-24T21:00:00'),
  p(2, 'P', '2026-10-25T02:30:00', pause),
  p(3, 'A', '2026-10-25T03:00:00'),
  p(4, 'D', '2026-10-25T06:00:00'),
];

describe('the night clocks go back', () => {
  it('a pause at 02:30: « heure ambiguë », read the first time (UTC+2), the other reading offered; the night lasts 10 h of real time', () => {
    const { shifts, anomalies } = holderShifts(octoberNight(), DEFAULT_RULES);
    expect(anomalies).toEqual([
      { kind: 'ambiguous-time', at: '2026-10-25T02:30:00', punchIds: [2], reading: '2026-10-25T02:30:00+02:00', other: '2026-10-25T02:30:00+01:00' },
    ]);
    expect(anomalyLabel(anomalies[0]!, 'fr')).toBe(
      'Heure ambiguë : l’heure a été reculée cette nuit-là, cette heure a eu lieu deux fois ; prise la première fois (02:30 UTC+2), l’autre (02:30 UTC+1) est une correction',
    );
    // 21:00 UTC+2 → 02:30 UTC+2 worked (5.5 h), 02:30 UTC+2 → 03:00 UTC+1 paused (1.5 h), 03:00 → 06:00 worked (3 h).
    expect(shifts[0]!.workedMs / H).toBe(8.5);
    expect(shifts[0]!.pauseMs / H).toBe(1.5);
  });

  it('the second reading chosen: the pause is half an hour, an hour more worked, and the anomaly is settled', () => {
    const { shifts, anomalies } = holderShifts(octoberNight(2), DEFAULT_RULES);
    expect(anomalies).toEqual([]);
    expect(shifts[0]!.workedMs / H).toBe(9.5);
    expect(shifts[0]!.pauseMs / H).toBe(0.5);
    expect(shifts[0]!.nightMs / H).toBe(9.5);
    // The first reading confirmed: the figures stay, the anomaly is settled too.
    const confirmed = holderShifts(octoberNight(1), DEFAULT_RULES);
    expect(confirmed.anomalies).toEqual([]);
    expect(confirmed.shifts[0]!.workedMs / H).toBe(8.5);
  });

  it('punches in the order they happened: the second 02:10 comes after the first 02:40', () => {
    const { shifts, anomalies } = holderShifts(
      [p(1, 'A', '2026-10-25T01:00:00'), p(2, 'P', '2026-10-25T02:40:00', 1), p(3, 'A', '2026-10-25T02:10:00', 2), p(4, 'D', '2026-10-25T05:00:00')],
      DEFAULT_RULES,
    );
    expect(anomalies).toEqual([]);
    // 01:00 → 02:40 (UTC+2) worked, 02:40 UTC+2 → 02:10 UTC+1 paused (30 min), 02:10 UTC+1 → 05:00 worked.
    expect(shifts[0]!.pauseMs / H).toBe(0.5);
    expect(shifts[0]!.workedMs / H).toBe(1 + 40 / 60 + 2 + 50 / 60);
  });
});

describe('the night clocks go forward', () => {
  it('a departure at 02:30 on 28 March 2027: « heure inexistante », read 03:30 UTC+2, said', () => {
    const { shifts, anomalies } = holderShifts([p(1, 'A', '2027-03-27T21:00:00'), p(2, 'D', '2027-03-28T02:30:00')], DEFAULT_RULES);
    expect(anomalies).toEqual([{ kind: 'nonexistent-time', at: '2027-03-28T02:30:00', punchIds: [2], reading: '2027-03-28T03:30:00+02:00' }]);
    expect(anomalyLabel(anomalies[0]!, 'en')).toBe(
      'Nonexistent time: clocks went forward that night, this time never happened; taken an hour later (03:30 UTC+2)',
    );
    // 21:00 UTC+1 → 03:30 UTC+2: 5.5 h really passed.
    expect(shifts[0]!.workedMs / H).toBe(5.5);
    expect(shifts[0]!.end).toBe('2027-03-28T03:30:00');
  });
});

describe('payroll’s decision, stored and read back by the month', () => {
  const store = () => {
    const s = openStore(mkdtempSync(join(tmpdir(), 'festime-dst-')));
    const a = ensureAccount(s.db, 'https://x.test', 'c').id;
    return { s, a };
  };
  const holder = (db: Parameters<typeof loadMonth>[0], a: number, month: string) => loadMonth(db, a, month).sheet.holders.find((h) => h.uid === '70')!;

  it('October: one anomaly counted in the month; the second reading by a correction gives 9.5 h, none; undone, back to 8.5 h', () => {
    const { s, a } = store();
    punchWriter(s.db, a).insert(
      octoberNight().map((x) => parsedPunch(x.id, '70', x.type, x.at)),
      '2026-10-26T00:00:00Z',
    );
    const before = holder(s.db, a, '2026-10');
    expect(before.anomalyCount).toBe(1);
    expect(before.days.find((d) => d.day === '2026-10-25')!.anomalies.map((x) => [x.kind, x.reading])).toEqual([
      ['ambiguous-time', '2026-10-25T02:30:00+02:00'],
    ]);
    expect(before.workedMs / H).toBe(8.5);

    const id = readPunch(s.db, a, 2, 2, 'pause prise après le changement d’heure (chef d’équipe)', 'paie', new Date('2026-11-02T09:00:00Z'));
    expect(readPunch(s.db, a, 2, 2, 'double clic', 'paie')).toBe(id);
    const after = holder(s.db, a, '2026-10');
    expect(after.anomalyCount).toBe(0);
    expect(after.workedMs / H).toBe(9.5);
    expect(after.days.find((d) => d.day === '2026-10-24')!.corrected).toBe(true);
    expect(listCorrections(s.db, a, '2026-10')).toMatchObject([
      { id, kind: 'reading', punchId: 2, occurrence: 2, createdBy: 'paie', comment: 'pause prise après le changement d’heure (chef d’équipe)' },
    ]);

    undoCorrection(s.db, a, id, 'paie');
    expect(holder(s.db, a, '2026-10')).toMatchObject({ anomalyCount: 1, workedMs: 8.5 * H });
    // A time that happened once has nothing to choose.
    expect(() => readPunch(s.db, a, 1, 2, 'x', 'paie')).toThrow(NotAmbiguousError);
    s.close();
  });

  it('March 2027: the punch at 02:30 is an anomaly of the month; confirmed as read (03:30), the anomaly is settled, never read twice', () => {
    const { s, a } = store();
    punchWriter(s.db, a).insert([parsedPunch(1, '70', 'A', '2027-03-27T21:00:00'), parsedPunch(2, '70', 'D', '2027-03-28T02:30:00')], '2027-03-29T00:00:00Z');
    const march = holder(s.db, a, '2027-03');
    expect(march.anomalyCount).toBe(1);
    expect(march.days.find((d) => d.day === '2027-03-28')!.anomalies[0]).toMatchObject({ kind: 'nonexistent-time', reading: '2027-03-28T03:30:00+02:00' });
    expect(() => readPunch(s.db, a, 2, 2, 'x', 'paie')).toThrow(NotAmbiguousError);
    readPunch(s.db, a, 2, 1, 'départ à 03:30, la badgeuse n’avait pas changé d’heure', 'paie');
    expect(holder(s.db, a, '2027-03')).toMatchObject({ anomalyCount: 0, workedMs: 5.5 * H });
    s.close();
  });
});
