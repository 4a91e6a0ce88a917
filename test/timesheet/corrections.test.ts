// Corrections read back for the timesheet: an ignored punch marks that holder's day corrected,
// nobody else's; a day opened for one holder gives the same figures as the whole month does.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsedPunch } from '../helpers/punches';
import { openStore } from '../../main/core/store';
import { ensureAccount } from '../../main/core/store/accounts';
import { punchWriter } from '../../main/core/store/punches';
import { addPunch, ignorePunch, timesheetPunches } from '../../main/core/timesheet/corrections';
import { loadHolderDay, loadMonth } from '../../main/core/timesheet/month';

const punch = (id: number, uid: string, type: 'A' | 'D', at: string) => parsedPunch(id, uid, type, at);

describe('corrections in the timesheet', () => {
  it('an ignored punch marks its holder’s day corrected, not the other holders’', () => {
    const store = openStore(mkdtempSync(join(tmpdir(), 'festime-corr-')));
    const a = ensureAccount(store.db, 'https://x.test', 'c').id;
    punchWriter(store.db, a).insert(
      [
        punch(1, '10', 'A', '2026-10-13T08:00:00'),
        punch(2, '10', 'A', '2026-10-13T08:01:00'),
        punch(3, '10', 'D', '2026-10-13T16:00:00'),
        punch(4, '20', 'A', '2026-10-13T09:00:00'),
        punch(5, '20', 'D', '2026-10-13T17:00:00'),
      ],
      '2026-10-14T00:00:00Z',
    );
    ignorePunch(store.db, a, 2, 'doublon', 'paie');
    const marks = Object.fromEntries(timesheetPunches(store.db, a, '2026-10').map((p) => [p.id, p.corrected]));
    expect(marks).toEqual({ 1: true, 3: true, 4: false, 5: false });
    expect(
      timesheetPunches(store.db, a, '2026-10', '20')
        .map((p) => p.id)
        .sort(),
    ).toEqual([4, 5]);
    store.close();
  });

  it('a day opened for one holder has the figures of the whole month’s computation', () => {
    const store = openStore(mkdtempSync(join(tmpdir(), 'festime-corr-')));
    const a = ensureAccount(store.db, 'https://x.test', 'c').id;
    punchWriter(store.db, a).insert(
      [punch(1, '10', 'A', '2026-10-13T08:00:00'), punch(4, '20', 'A', '2026-10-13T09:00:00'), punch(5, '20', 'D', '2026-10-13T17:00:00')],
      '2026-10-14T00:00:00Z',
    );
    addPunch(store.db, a, { uid: '10', type: 'D', at: '2026-10-13T15:30', comment: 'oubli' }, 'paie');
    const day = loadHolderDay(store.db, a, '10', '2026-10-13');
    const whole = loadMonth(store.db, a, '2026-10')
      .sheet.holders.find((h) => h.uid === '10')!
      .days.find((d) => d.day === '2026-10-13');
    expect(day.figures).toEqual(whole);
    expect(day.figures!.workedMs).toBe(7.5 * 3_600_000);
    expect(day.punches.map((p) => p.id)).toEqual([1]);
    expect(day.corrections.map((c) => c.comment)).toEqual(['oubli']);
    store.close();
  });
});
