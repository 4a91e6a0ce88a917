// A person's change that would alter a closed month is refused, whatever the day it is dated: the
// departure at 06:00 on 1 December that ends a night shift begun on 30 November belongs to
// November's figures. The day's own months are refused outright (corrections.ts refuseIfClosed);
// a closed month reached only through the night before is refused when the change alters its
// holder's figures, tried inside a transaction that the refusal rolls back.
import type { Database } from 'better-sqlite3';
import { REGULARISATION_FIELD } from '../../../shared/timesheet';
import { addDays } from '../../../shared/time';
import { MonthClosedError } from '../errors';
import { durably } from '../store/database';
import { isClosed, monthsOfDay } from './corrections';

/** The figures of a holder's month that payroll is paid on (null: nothing in the month). */
export type HolderFiguresOf = (uid: string, month: string) => Record<string, number> | null;

export function guardClosedNight<T>(
  db: Database,
  accountId: number,
  target: { uid: string; at: string } | null,
  figuresOf: HolderFiguresOf,
  change: () => T,
): T {
  if (target === null) return change();
  const day = target.at.slice(0, 10);
  const own = monthsOfDay(day);
  const months = monthsOfDay(addDays(day, -1)).filter((m) => !own.includes(m) && isClosed(db, accountId, m));
  if (months.length === 0) return change();
  return durably(db, () => {
    const before = months.map((m) => JSON.stringify(figuresOf(target.uid, m)));
    const result = change();
    months.forEach((m, i) => {
      if (JSON.stringify(figuresOf(target.uid, m)) !== before[i]) throw new MonthClosedError(m);
    });
    return result;
  });
}

/** The numbers a holder's month pays on: its durations, days worked and anomalies. */
export function payFigures(h: { daysWorked: number; anomalyCount: number } & Record<(typeof REGULARISATION_FIELD)[keyof typeof REGULARISATION_FIELD], number>) {
  return {
    daysWorked: h.daysWorked,
    anomalies: h.anomalyCount,
    ...Object.fromEntries(Object.values(REGULARISATION_FIELD).map((f) => [f, h[f]])),
  };
}
