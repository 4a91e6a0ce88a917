// Who is on site: from one day's punches (terminal local time), each holder's state after their
// last punch, and how many people were on site during each hour — the roll call an evacuation
// needs, and the presence chart of the Pointages screen.
import type { Database } from 'better-sqlite3';
import type { PresenceView } from '../../../shared/api';
import type { PunchType } from '../../../shared/festime';

export interface DayPunch {
  uid: string;
  name: string;
  type: PunchType;
  at: string;
  accessPoint: string;
}

const minuteOf = (at: string) => Number(at.slice(11, 13)) * 60 + Number(at.slice(14, 16));

/**
 * `punches` are one day's, any order. A holder is "in" after A, "pause" after P while in
 * (an A ends the pause), gone after D. `untilMinute` closes the intervals still open (now for today, the end
 * of the day for a past day).
 */
export function presenceOfDay(day: string, punches: readonly DayPunch[], untilMinute = 24 * 60): PresenceView {
  const byHolder = new Map<string, DayPunch[]>();
  for (const p of punches) {
    let list = byHolder.get(p.uid);
    if (!list) byHolder.set(p.uid, (list = []));
    list.push(p);
  }
  const people: PresenceView['people'] = [];
  const hours = new Array<number>(24).fill(0);
  for (const list of byHolder.values()) {
    list.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const onSite = new Array<boolean>(24).fill(false);
    let state: 'out' | 'in' | 'pause' = 'out';
    let since = 0;
    const mark = (from: number, to: number) => {
      for (let h = Math.floor(from / 60); h < 24 && h * 60 < Math.max(to, from + 1); h++) onSite[h] = true;
    };
    for (const p of list) {
      const m = minuteOf(p.at);
      if (state === 'in') mark(since, m);
      if (p.type === 'A') {
        if (state !== 'in') since = m;
        state = 'in';
      } else if (p.type === 'P') {
        // As in the timesheet: a pause only from "in"; a second P is a double pause, an A ends it.
        if (state === 'in') state = 'pause';
      } else state = 'out';
    }
    if (state === 'in') mark(since, untilMinute);
    const last = list[list.length - 1]!;
    if (state !== 'out') people.push({ uid: last.uid, name: last.name, state, since: last.at, accessPoint: last.accessPoint });
    for (let h = 0; h < 24; h++) if (onSite[h]) hours[h]! += 1;
  }
  people.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  return { day, people, hours };
}

export function dayPunches(db: Database, accountId: number, day: string): DayPunch[] {
  return db
    .prepare(`SELECT uid, name, type, at, access_point AS accessPoint FROM punches WHERE account_id = ? AND at >= ? AND at < ? AND removed_at IS NULL`)
    .all(accountId, day, `${day}T99`) as DayPunch[];
}
