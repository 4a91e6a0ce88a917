// « À vérifier »: every open anomaly (and, apart, every legal alert) across staff, from the same
// figures as the month screen, for the months payroll is still working on.
import type { Database } from 'better-sqlite3';
import type { ReviewItem, ReviewList } from '../../../shared/api';
import { addMonths } from '../../../shared/time';
import { loadEmployment } from '../employees/store';
import { isClosed, wasExported } from './corrections';
import { loadMonth } from './month';

/**
 * The months to check: `month` when asked for; else the current month, and the previous one while it
 * is not closed (payroll checks last month in the first days of this one), oldest first.
 */
export function reviewMonths(db: Database, accountId: number, nowLocal: string, month?: string): string[] {
  if (month !== undefined) return [month];
  const current = nowLocal.slice(0, 7);
  const previous = addMonths(current, -1);
  return isClosed(db, accountId, previous) ? [current] : [previous, current];
}

/** One month's items: each anomaly and each alert of its days (not of its neighbours' days shown beside it). */
export function monthReview(db: Database, accountId: number, month: string, nowLocal: string): ReviewItem[] {
  const { sheet } = loadMonth(db, accountId, month, { employment: loadEmployment(db, accountId, month, nowLocal) });
  const items: ReviewItem[] = [];
  for (const h of sheet.holders) {
    const name = `${h.nom} ${h.prenom}`.trim();
    for (const d of h.days) {
      for (const a of d.anomalies) {
        const absenceIds = a.kind === 'absence-with-punches' ? d.absences.filter((x) => x.half === null).map((x) => x.id) : undefined;
        items.push({
          uid: h.uid,
          name,
          day: d.day,
          at: a.at,
          kind: a.kind,
          punchIds: a.punchIds,
          severity: 'anomaly',
          month,
          ...(a.removedOn ? { removedOn: a.removedOn } : {}),
          ...(absenceIds ? { absenceIds } : {}),
        });
      }
      for (const a of d.alerts)
        items.push({ uid: h.uid, name, day: d.day, at: `${d.day}T00:00:00`, kind: a.kind, punchIds: [], severity: 'alert', month, hours: a.hours });
    }
  }
  return items;
}

const collator = new Intl.Collator('fr', { sensitivity: 'base' });

/** Anomalies and alerts of the months to check, by date, then name, then time. */
export function reviewList(db: Database, accountId: number, nowLocal: string, month?: string): ReviewList {
  const months = reviewMonths(db, accountId, nowLocal, month);
  const items = months
    .flatMap((m) => monthReview(db, accountId, m, nowLocal))
    .sort((a, b) => a.day.localeCompare(b.day) || collator.compare(a.name, b.name) || a.uid.localeCompare(b.uid) || a.at.localeCompare(b.at));
  return {
    months: months.map((m) => ({ month: m, closed: isClosed(db, accountId, m), exported: wasExported(db, accountId, m) })),
    items,
    anomalies: items.filter((i) => i.severity === 'anomaly').length,
  };
}
