// Who is on site: from one day's punches (terminal local time), each holder's state after their
// last punch, and how many people were on site during each hour (the presence chart of the
// Pointages screen); and the roll call an evacuation needs (on site, gone, expected but not badged).
import type { Database } from 'better-sqlite3';
import type { PresenceView, RollCallView } from '../../../shared/api';
import { contractOn, employedOn, WEEKDAYS } from '../../../shared/employees';
import type { PunchType } from '../../../shared/festime';
import { addDays, dayOfWeek } from '../../../shared/time';
import { absencesBetween, contractVersions } from '../employees/store';
import { currentBadges } from '../holders/badges';

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

// ---------------------------------------------------------------- the roll call

/** A stay still open this long after its arrival is a forgotten departure (the timesheet's rule), not someone on site. */
const STAY_MAX_MS = 16 * 3_600_000;
/** Without a contract, expected on a weekday when badged on at least this many of the same weekday… */
const HABIT_MIN_DAYS = 2;
/** …among this many weeks before today. */
const HABIT_WEEKS = 4;

export interface RollCallInput {
  /** Today at the site, "YYYY-MM-DD", and the site's wall-clock time now, "YYYY-MM-DDTHH:MM:SS". */
  today: string;
  nowLocal: string;
  /** The last good sync's end, as site wall-clock time; null when never synced. */
  lastSyncLocal: string | null;
}

const elapsedMs = (from: string, to: string) => Date.parse(`${to}Z`) - Date.parse(`${from}Z`);

/**
 * Today's roll call. The punches of yesterday and today drive the same states as the timesheet
 * (A → in, P → pause from in, A → back in, D → out), so a night shift begun yesterday is on site
 * and its arrival is the A that began the stay, never a break's return.
 */
export function rollCall(db: Database, accountId: number, { today, nowLocal, lastSyncLocal }: RollCallInput): RollCallView {
  const yesterday = addDays(today, -1);
  const punches = db
    .prepare(
      `SELECT uid, name, type, at, access_point AS accessPoint FROM punches
       WHERE account_id = ? AND at >= ? AND at <= ? AND removed_at IS NULL ORDER BY uid, at, id`,
    )
    .all(accountId, yesterday, nowLocal) as DayPunch[];
  // A replaced badge's punches are the person's: listed under their current badge, once.
  const current = currentBadges(db, accountId);
  if (current.size > 0) {
    for (const p of punches) p.uid = current.get(p.uid) ?? p.uid;
    punches.sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }
  const onSite: RollCallView['onSite'] = [];
  const left: RollCallView['left'] = [];
  const badgedToday = new Set<string>();
  for (let i = 0; i < punches.length;) {
    const uid = punches[i]!.uid;
    let state: 'out' | 'in' | 'pause' = 'out';
    let arrival: DayPunch | null = null;
    let last: DayPunch = punches[i]!;
    for (; i < punches.length && punches[i]!.uid === uid; i++) {
      const p = punches[i]!;
      last = p;
      if (p.at >= today) badgedToday.add(uid);
      if (p.type === 'A') {
        if (state === 'out') arrival = p;
        state = 'in';
      } else if (p.type === 'P') {
        if (state === 'in') state = 'pause';
        else if (state === 'out') {
          // A pause badged without an arrival: somebody is here all the same.
          state = 'pause';
          arrival = null;
        }
      } else state = 'out';
    }
    if (state === 'out') {
      if (last.type === 'D' && last.at >= today) left.push({ uid, name: last.name, leftAt: last.at, accessPoint: last.accessPoint });
      continue;
    }
    const began = arrival ?? last;
    if (elapsedMs(began.at, nowLocal) > STAY_MAX_MS) continue;
    onSite.push({ uid, name: last.name, arrivedAt: arrival?.at ?? null, accessPoint: began.accessPoint, pause: state === 'pause' });
  }
  const present = new Set([...onSite.map((p) => p.uid), ...left.map((p) => p.uid)]);
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'fr');
  return {
    day: today,
    ...dataTime(db, accountId, lastSyncLocal),
    onSite: onSite.sort(byName),
    left: left.sort(byName),
    expected: expectedToday(db, accountId, today, current, (uid) => badgedToday.has(uid) || present.has(uid)).sort(byName),
  };
}

function dataTime(db: Database, accountId: number, lastSyncLocal: string | null): Pick<RollCallView, 'dataAt' | 'dataFrom'> {
  if (lastSyncLocal) return { dataAt: lastSyncLocal, dataFrom: 'sync' };
  const newest = db.prepare('SELECT max(at) FROM punches WHERE account_id = ? AND removed_at IS NULL').pluck().get(accountId) as string | null;
  return newest ? { dataAt: newest, dataFrom: 'punches' } : { dataAt: null, dataFrom: null };
}

/**
 * Who should be here today and has not badged: the holders of the register (deleted ones aside)
 * whose contract in force today is for a working day, employment not ended and no whole-day
 * absence today; without a contract, those who badged on at least 2 of the last 4 same weekdays.
 */
function expectedToday(
  db: Database,
  accountId: number,
  today: string,
  current: Map<string, string>,
  badged: (uid: string) => boolean,
): RollCallView['expected'] {
  const holders = db.prepare(`SELECT uid, trim(nom || ' ' || prenom) AS name FROM holders WHERE account_id = ? AND deleted_at IS NULL`).all(accountId) as {
    uid: string;
    name: string;
  }[];
  const contracts = contractVersions(db, accountId);
  const absences = new Map<string, 'am' | 'pm' | 'day'>();
  for (const a of absencesBetween(db, accountId, today, today, true)) absences.set(a.uid, a.half ?? 'day');
  const weekday = WEEKDAYS[(dayOfWeek(today) + 6) % 7]!;
  const sameWeekdays = Array.from({ length: HABIT_WEEKS }, (_, k) => addDays(today, -7 * (k + 1)));
  const habitual = new Map<string, number>();
  const daysOf = db.prepare(`SELECT DISTINCT uid FROM punches WHERE account_id = ? AND at >= ? AND at < ? AND removed_at IS NULL`).pluck();
  for (const day of sameWeekdays)
    for (const uid of new Set((daysOf.all(accountId, day, addDays(day, 1)) as string[]).map((u) => current.get(u) ?? u)))
      habitual.set(uid, (habitual.get(uid) ?? 0) + 1);

  const out: RollCallView['expected'] = [];
  for (const h of holders) {
    // A replaced badge is not a person (its holder is expected under the new one).
    if (current.has(h.uid) || badged(h.uid)) continue;
    const absence = absences.get(h.uid) ?? null;
    if (absence === 'day') continue;
    const contract = contractOn(contracts.get(h.uid) ?? [], today);
    const basis = contract
      ? employedOn(contract, today) && contract.days.includes(weekday)
        ? 'contract'
        : null
      : (habitual.get(h.uid) ?? 0) >= HABIT_MIN_DAYS
        ? 'habit'
        : null;
    if (basis) out.push({ uid: h.uid, name: h.name || h.uid, basis, half: absence });
  }
  return out;
}
