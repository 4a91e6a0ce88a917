// One holder's month as the employee page shows it: a calendar of whole weeks (Monday first), each
// day's figures and marks, the weeks' totals, and the month's row as the month screen has it.
import type { Database } from 'better-sqlite3';
import type { EmployeeDay, EmployeeMonth, EmployeeWeek } from '../../../shared/api';
import { contractOn, type Contract } from '../../../shared/employees';
import type { DayRow } from '../../../shared/timesheet';
import { addDays, firstDayOf, lastDayOf, mondayOf } from '../../../shared/time';
import { NotFoundError } from '../errors';
import { listHolders } from '../holders/register';
import { isClosed } from './corrections';
import { holderMonth, type EmploymentInput } from './engine';
import { frenchHolidays } from './holidays';
import { loadHolderMonth, monthPreview } from './month';

export function employeeMonth(db: Database, accountId: number, uid: string, month: string, employment: EmploymentInput): EmployeeMonth {
  if (!listHolders(db, accountId, { includeDeleted: true }).some((h) => h.uid === uid)) throw new NotFoundError('holder', uid);
  const { holder: computed, nom, prenom, corrections, rules } = loadHolderMonth(db, accountId, uid, month, { employment });
  // Nothing in the month (no punch, no absence, no day to qualify): the same figures, all zero.
  const holder = computed ?? holderMonth({ uid, nom, prenom }, [], month, rules);
  const contracts: readonly Contract[] = employment.contracts.get(uid) ?? [];
  const first = firstDayOf(month);
  const last = lastDayOf(month);
  const from = mondayOf(first);
  const to = addDays(mondayOf(last), 6);

  const rows = new Map<string, DayRow>([...holder.weekDays, ...holder.days].map((d) => [d.day, d]));
  const holidays = new Map(
    [...new Set([from.slice(0, 4), to.slice(0, 4)])].flatMap((y) => frenchHolidays(Number(y), rules.alsaceMoselle)).map((h) => [h.day, h.name]),
  );
  const inForce = new Map<string, number>();
  for (const c of corrections) if (c.undoneAt === null && c.at) inForce.set(c.at.slice(0, 10), (inForce.get(c.at.slice(0, 10)) ?? 0) + 1);

  const days: EmployeeDay[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const row = rows.get(d);
    days.push({
      day: d,
      inMonth: d >= first && d <= last,
      workedMs: row?.workedMs ?? 0,
      pauseMs: row?.pauseMs ?? 0,
      nightMs: row?.nightMs ?? 0,
      anomalies: row?.anomalies.map((a) => a.kind) ?? [],
      alerts: row?.alerts.map((a) => a.kind) ?? [],
      absences: row?.absences.map((a) => ({ code: a.code, half: a.half, ms: a.ms })) ?? [],
      corrections: inForce.get(d) ?? 0,
      holiday: holidays.get(d) ?? null,
    });
  }

  const counted = new Map(holder.weeks.map((w) => [w.start, w]));
  const weeks: EmployeeWeek[] = [];
  for (let start = from; start <= to; start = addDays(start, 7)) {
    const end = addDays(start, 6);
    const partTime = contractOn(contracts, end)?.type === 'part-time';
    const w = counted.get(start);
    weeks.push(
      w
        ? {
            start,
            end,
            counted: true,
            workedMs: w.workedMs,
            overtime25Ms: w.overtimeFirstMs,
            overtime50Ms: w.overtimeSecondMs,
            complementary10Ms: w.complementary10Ms,
            complementary25Ms: w.complementary25Ms,
            partTime,
          }
        : {
            // Its Sunday is in the next month: counted there; its days of this month shown.
            start,
            end,
            counted: false,
            workedMs: days.filter((d) => d.day >= start && d.day <= end && d.inMonth).reduce((s, d) => s + d.workedMs, 0),
            overtime25Ms: 0,
            overtime50Ms: 0,
            complementary10Ms: 0,
            complementary25Ms: 0,
            partTime,
          },
    );
  }

  const totals = monthPreview({ month, rules, holders: [holder] })[0]!;
  const contract = contractOn(contracts, last);
  return {
    uid,
    nom,
    prenom,
    month,
    closed: isClosed(db, accountId, month),
    matricule: computed ? holder.matricule : (contract?.matricule ?? null),
    contractType: computed ? holder.contractType : (contract?.type ?? null),
    contractHours: computed ? holder.contractHours : (contract?.weeklyHours ?? null),
    days,
    weeks,
    totals,
  };
}
