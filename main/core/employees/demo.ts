// The demo site's employee records, written when the demo account is made: a matricule for
// everyone, three part-timers (the people who work about 6 hours a day), a 39-hour contract, two
// people off on Wednesdays, the night watchman, a week of paid leave each month (the simulator's
// leave week) and a sick day and a training day in the previous month, so that a new user sees them
// on first run.
import type { Database } from 'better-sqlite3';
import type { Contract } from '../../../shared/employees';
import { DEFAULT_CONTRACT } from '../../../shared/employees';
import { addDays, addMonths, dayOfWeek, daysOfMonth } from '../../../shared/time';
import { DEMO_LEAVE_NOM, demoLeaveWeek, demoSite, punchesOfDay } from '../festime/simulator/demo-site';
import { durably } from '../store/database';

type Terms = Partial<Omit<Contract, 'uid' | 'from' | 'matricule' | 'start'>>;

/** By the demo person's last name: what differs from a 35-hour Monday-to-Friday contract. */
const TERMS: Record<string, Terms> = {
  MOREAU: { type: 'part-time', weeklyHours: 30 },
  FRANÇOIS: { type: 'part-time', weeklyHours: 28 },
  MASSON: { type: 'part-time', weeklyHours: 30 },
  PERRIN: { weeklyHours: 39 },
  LEFÈVRE: { days: ['mon', 'tue', 'thu', 'fri'] },
  LEGRAND: { days: ['mon', 'tue', 'thu', 'fri'] },
  'D’ARTOIS': { weeklyHours: 42, nightWorker: true },
  'DE LA FONTAINE': { type: 'days' },
};

/** Whether the demo account already has its records (made once, never again over the user's changes). */
export function hasDemoEmployment(db: Database, accountId: number): boolean {
  return db.prepare('SELECT 1 FROM contracts WHERE account_id = ? LIMIT 1').get(accountId) !== undefined;
}

export function seedDemoEmployment(
  db: Database,
  accountId: number,
  today: string,
  actor: string,
  comments: { cp: string; mal: string; for: string },
  now = new Date(),
): void {
  const site = demoSite();
  const stamp = now.toISOString();
  durably(db, () => {
    const contract = db.prepare(
      `INSERT INTO contracts (account_id, uid, from_day, matricule, type, weekly_hours, days, night_worker, start_day, end_day, updated_by, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?) ON CONFLICT DO NOTHING`,
    );
    site.people.forEach((p, i) => {
      const c = { ...DEFAULT_CONTRACT, ...TERMS[p.nom] };
      const start = `${2008 + ((i * 7) % 15)}-${String(1 + ((i * 5) % 12)).padStart(2, '0')}-01`;
      const matricule = `M${String(i + 1).padStart(4, '0')}`;
      contract.run(accountId, p.uid, start, matricule, c.type, c.weeklyHours, c.days.join(','), c.nightWorker ? 1 : 0, start, actor, stamp);
    });
    const uidOf = (nom: string) => site.people.find((p) => p.nom === nom)!.uid;
    const absence = db.prepare(
      'INSERT INTO absences (account_id, uid, from_day, to_day, code, half, comment, created_by, created_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)',
    );
    // The week of paid leave the simulator gives BERNARD each month (no punch then), in every month
    // of the demo's 90 days that has reached it.
    for (let m = addMonths(today.slice(0, 7), -3); m <= today.slice(0, 7); m = addMonths(m, 1)) {
      const week = demoLeaveWeek(m);
      if (week[0]! <= today && week[4]! >= addDays(today, -90))
        absence.run(accountId, uidOf(DEMO_LEAVE_NOM), week[0], week[4], 'CP', comments.cp, actor, stamp);
    }
    // The previous month: a sick day and a training day on weekdays the person did not badge (the simulator's own days off).
    const month = addMonths(today.slice(0, 7), -1);
    const weekdays = daysOfMonth(month).filter((d) => dayOfWeek(d) >= 1 && dayOfWeek(d) <= 5);
    const noPunch = (uid: string) => weekdays.find((d) => !punchesOfDay(site, d, () => '').some((p) => p.uid === uid)) ?? weekdays[3]!;
    const sick = noPunch(uidOf('ROUX'));
    absence.run(accountId, uidOf('ROUX'), sick, sick, 'MAL', comments.mal, actor, stamp);
    const training = noPunch(uidOf('GARCIA'));
    absence.run(accountId, uidOf('GARCIA'), training, training, 'FOR', comments.for, actor, stamp);
  });
}
