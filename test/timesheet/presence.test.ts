// Who is on site, from one day's punches: the roll call for an evacuation and the hourly chart.
import { describe, expect, it } from 'vitest';
import { presenceOfDay, type DayPunch } from '../../main/core/timesheet/presence';

const p = (uid: string, type: 'A' | 'D' | 'P', time: string, name = `NOM ${uid}`): DayPunch => ({
  uid,
  name,
  type,
  at: `2026-11-25T${time}:00`,
  accessPoint: 'Entrée',
});

describe('presence of a day', () => {
  const punches = [
    p('1', 'A', '08:00'),
    p('1', 'P', '12:00'),
    p('1', 'A', '13:00'),
    p('1', 'D', '17:00'), // gone home
    p('2', 'A', '09:15', 'BOYER Zoé'),
    p('2', 'P', '12:30', 'BOYER Zoé'), // on a break
    p('3', 'D', '06:00', 'ANDRÉ Thomas'),
    p('3', 'A', '14:00', 'ANDRÉ Thomas'), // night shift ended, back in the afternoon
    p('4', 'P', '10:00'), // a pause without arrival: not on site
  ];

  it('lists who is in or on a break, with the time of their last punch, by name', () => {
    const view = presenceOfDay('2026-11-25', punches, 15 * 60);
    expect(view.people).toEqual([
      { uid: '3', name: 'ANDRÉ Thomas', state: 'in', since: '2026-11-25T14:00:00', accessPoint: 'Entrée' },
      { uid: '2', name: 'BOYER Zoé', state: 'pause', since: '2026-11-25T12:30:00', accessPoint: 'Entrée' },
    ]);
  });

  it('counts for each hour the people on site at some time in it (pauses excluded), until now for today', () => {
    const { hours } = presenceOfDay('2026-11-25', [...punches].reverse(), 15 * 60);
    // 1: 8–12 and 13–17 · 2: 9:15–12:30 · 3: from 14:00 until now (15:00).
    expect(hours.slice(7, 18)).toEqual([0, 1, 2, 2, 2, 1, 1, 2, 1, 1, 0]);
    expect(hours[23]).toBe(0);
    // A past day: open shifts run to midnight.
    expect(presenceOfDay('2026-11-25', punches).hours[23]).toBe(1);
  });
});
