// A month of one account, from the cache: the timesheet, its raw punches and its corrections.
import type { Database } from 'better-sqlite3';
import { DEFAULT_RULES, type CorrectionRow, type DayRow, type HolderFigures, type MonthTimesheet, type TimesheetRules } from '../../../shared/timesheet';
import { accountScope, getSetting } from '../store/accounts';
import { listHolders } from '../holders/register';
import { queryPunches, type StoredPunch } from '../store/punches';
import { listCorrections, removedPunches, timesheetPunches } from './corrections';
import { lastDayOf } from '../../../shared/time';
import { siteZone } from '../store/site-zone';
import { computeMonth } from './engine';

/** The account's rules; the zone is the site's (store/site-zone.ts), never one saved with the rules. */
export function rulesOf(db: Database, accountId: number, zone = siteZone(db, accountId)): TimesheetRules {
  const saved = getSetting(db, accountScope(accountId), 'timesheet-rules');
  return { ...DEFAULT_RULES, ...(saved ? (JSON.parse(saved) as Partial<TimesheetRules>) : {}), timeZone: zone };
}

export interface LoadedMonth {
  sheet: MonthTimesheet;
  punches: StoredPunch[];
  corrections: CorrectionRow[];
}

export function loadMonth(db: Database, accountId: number, month: string, rules = rulesOf(db, accountId)): LoadedMonth {
  const holders = listHolders(db, accountId, { includeDeleted: true }).map((h) => ({ uid: h.uid, nom: h.nom, prenom: h.prenom }));
  const sheet = computeMonth(month, holders, timesheetPunches(db, accountId, month), rules, removedPunches(db, accountId, month, rules.timeZone));
  const last = lastDayOf(month);
  const punches = queryPunches(db, accountId, { from: `${month}-01`, to: last }, { limit: 10_000_000 });
  return { sheet, punches, corrections: listCorrections(db, accountId, month) };
}

/** One holder's day: the raw punches, the corrections and the day's figures, computing that holder's month only. */
export function loadHolderDay(
  db: Database,
  accountId: number,
  uid: string,
  day: string,
): { punches: StoredPunch[]; corrections: CorrectionRow[]; figures: DayRow | null } {
  const month = day.slice(0, 7);
  const holder = listHolders(db, accountId, { includeDeleted: true }).find((h) => h.uid === uid) ?? { uid, nom: '', prenom: '' };
  const rules = rulesOf(db, accountId);
  const sheet = computeMonth(
    month,
    [{ uid, nom: holder.nom, prenom: holder.prenom }],
    timesheetPunches(db, accountId, month, uid),
    rules,
    removedPunches(db, accountId, month, rules.timeZone, uid),
  );
  return {
    punches: queryPunches(db, accountId, { uid, from: day, to: day }, { limit: 10_000, order: 'asc' }),
    corrections: listCorrections(db, accountId, month).filter((c) => c.uid === uid && (c.at ?? '').startsWith(day)),
    figures: sheet.holders[0]?.days.find((d) => d.day === day) ?? null,
  };
}

/** Per-holder figures in decimal hours, for `export --format json` (exactly these keys, in this order). */
export function monthFigures(sheet: MonthTimesheet): HolderFigures[] {
  const h = (ms: number) => Math.round((ms / 3_600_000) * 100) / 100;
  return sheet.holders.map((x) => ({
    uid: x.uid,
    nom: x.nom,
    prenom: x.prenom,
    daysWorked: x.daysWorked,
    worked: h(x.workedMs),
    pause: h(x.pauseMs),
    overtime25: h(x.overtimeFirstMs),
    overtime50: h(x.overtimeSecondMs),
    night: h(x.nightMs),
    sunday: h(x.sundayMs),
    holiday: h(x.holidayMs),
    anomalies: x.anomalyCount,
  }));
}

/** The same figures with the legal alerts and the days worth a look (anomalies first, then alerts), for the app's preview. */
export function monthPreview(
  sheet: MonthTimesheet,
): (HolderFigures & { alerts: number; days: string[]; issueDays: string[]; ms: Record<DurationKey, number> })[] {
  return monthFigures(sheet).map((f, i) => {
    const x = sheet.holders[i]!;
    const days = x.days;
    const issueDays = [...days.filter((d) => d.anomalies.length > 0), ...days.filter((d) => d.anomalies.length === 0 && d.alerts.length > 0)].map((d) => d.day);
    // Exact durations too: totals are summed from these, as the workbook's SUM does, never from rounded hours.
    const ms = {
      worked: x.workedMs,
      pause: x.pauseMs,
      overtime25: x.overtimeFirstMs,
      overtime50: x.overtimeSecondMs,
      night: x.nightMs,
      sunday: x.sundayMs,
      holiday: x.holidayMs,
    };
    return { ...f, alerts: x.alertCount, days: days.map((d) => d.day), issueDays, ms };
  });
}

export type DurationKey = 'worked' | 'pause' | 'overtime25' | 'overtime50' | 'night' | 'sunday' | 'holiday';
