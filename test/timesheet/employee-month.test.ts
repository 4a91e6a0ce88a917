// The employee page's month (employee/month) on the demo, through the handler table every door uses:
// the calendar's days carry a correction and an absence where they were made, the weeks counted in
// the month sum to the month screen's figures for that holder, and its totals are that screen's row.
// Beside it, Pointages' query with the punches added by corrections: in time order, counted, tagged,
// an undone one gone, none under an access point.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName, MethodResult } from '../../shared/api';
import { addDays, addMonths, dayOfWeek, lastDayOf, mondayOf } from '../../shared/time';
import { createAppService, type AppService } from '../../main/core/app/service';
import { createNodeTransport, type NodeTransport } from '../../main/core/festime/transport';
import { noopLogger } from '../../main/core/log';
import { createDispatcher, type Dispatch } from '../../main/ipc/dispatcher';
import { memoryCredentials } from '../helpers/credentials';

let transport: NodeTransport;
let service: AppService;
let dispatch: Dispatch;
const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>> => {
  const r = await dispatch(method, input, { trusted: true });
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as MethodResult<M>;
};

beforeAll(async () => {
  transport = createNodeTransport();
  service = createAppService({
    dataDir: mkdtempSync(join(tmpdir(), 'festime-employee-')),
    version: 'test',
    credentials: memoryCredentials(),
    transport,
    emit: () => undefined,
    lang: () => 'fr',
    actor: 'paie',
    logger: noopLogger,
    deliver: async () => ({ savedTo: null, download: null }),
  });
  dispatch = createDispatcher(service.handlers, () => 'fr');
  await call('accounts/demo', {});
  await call('sync/run', { full: false });
}, 120_000);
afterAll(async () => {
  await service?.close();
  await transport?.close();
});

/** The demo's last whole month, and a holder who worked in it. */
async function lastMonthHolder() {
  const newest = (await call('punches/query', { limit: 1 })).rows[0]!;
  const month = addMonths(newest.at.slice(0, 7), -1);
  const figures = await call('timesheet/month', { month });
  const holder = figures.holders.find((h) => h.contractType === 'full-time' && h.daysWorked > 10)!;
  return { month, figures, holder };
}

describe('employee/month', () => {
  it('a correction and an absence on their days; the weeks and the totals are the month screen’s', async () => {
    const { month, holder } = await lastMonthHolder();
    const before = await call('employee/month', { uid: holder.uid, month });
    expect([before.nom, before.prenom, before.matricule, before.contractType]).toEqual([holder.nom, holder.prenom, holder.matricule, 'full-time']);
    // Whole weeks, Monday first, from the Monday of the 1st to the Sunday of the last day.
    expect(before.days[0]!.day).toBe(mondayOf(`${month}-01`));
    expect(before.days.at(-1)!.day).toBe(addDays(mondayOf(lastDayOf(month)), 6));
    expect(before.days.length % 7).toBe(0);
    expect(before.weeks).toHaveLength(before.days.length / 7);

    // A worked day without correction: a departure added at 23:30 makes it longer, one correction marked.
    const worked = before.days.find((d) => d.inMonth && d.workedMs > 0 && d.corrections === 0 && d.anomalies.length === 0)!;
    // A working day of the contract (a weekday, not a public holiday): an absence there is valued.
    const absentDay = before.days.find(
      (d) => d.inMonth && d.absences.length === 0 && d.holiday === null && d.day !== worked.day && dayOfWeek(d.day) % 6 !== 0,
    )!;
    const { id } = await call('corrections/add', { uid: holder.uid, type: 'A', at: `${worked.day}T22:00`, comment: 'Retour le soir' });
    await call('corrections/add', { uid: holder.uid, type: 'D', at: `${worked.day}T23:30`, comment: 'Départ oublié' });
    await call('absences/add', { uid: holder.uid, from: absentDay.day, code: 'MAL', half: 'am', comment: 'Arrêt' });

    const after = await call('employee/month', { uid: holder.uid, month });
    const day = after.days.find((d) => d.day === worked.day)!;
    expect(day.corrections).toBe(2);
    expect(day.workedMs).toBe(worked.workedMs + 90 * 60_000);
    expect(after.days.find((d) => d.day === absentDay.day)!.absences.map((a) => a.code)).toEqual(['MAL']);
    // Undone, a correction is no longer counted on its day.
    await call('corrections/undo', { id });
    const undone = await call('employee/month', { uid: holder.uid, month });
    expect(undone.days.find((d) => d.day === worked.day)!.corrections).toBe(1);

    // The month screen, computed after the same changes: the same row, and the counted weeks sum to it.
    const screen = (await call('timesheet/month', { month })).holders.find((h) => h.uid === holder.uid)!;
    expect(undone.totals).toEqual(screen);
    const counted = undone.weeks.filter((w) => w.counted);
    expect(counted.reduce((s, w) => s + w.overtime25Ms, 0)).toBe(screen.ms.overtime25);
    expect(counted.reduce((s, w) => s + w.overtime50Ms, 0)).toBe(screen.ms.overtime50);
    // The days of the month sum to its worked time.
    expect(undone.days.filter((d) => d.inMonth).reduce((s, d) => s + d.workedMs, 0)).toBe(screen.ms.worked);
    expect(undone.days.filter((d) => d.inMonth).reduce((s, d) => s + d.anomalies.length, 0)).toBe(screen.anomalies);
  });

  it('an unknown holder is refused, named', async () => {
    const r = await dispatch('employee/month', { uid: '000', month: '2026-01' }, { trusted: true });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('000');
  });
});

describe('punches/query with the punches added by corrections', () => {
  it('in their time order, counted, tagged; an undone one gone; none under an access point', async () => {
    const { holder } = await lastMonthHolder();
    const newest = (await call('punches/query', { uid: holder.uid, limit: 1 })).rows[0]!;
    const day = newest.at.slice(0, 10);
    const filter = { uid: holder.uid, from: day, to: day, order: 'asc' as const, added: true };
    const raw = await call('punches/query', { ...filter, added: false });
    const kept = await call('corrections/add', { uid: holder.uid, type: 'P', at: `${day}T12:34`, comment: 'Pause oubliée' });
    const gone = await call('corrections/add', { uid: holder.uid, type: 'D', at: `${day}T23:59`, comment: 'Erreur' });
    await call('corrections/undo', { id: gone.id });

    const page = await call('punches/query', filter);
    expect(page.total).toBe(raw.total! + 1);
    expect(page.rows).toHaveLength(raw.rows.length + 1);
    const added = page.rows.filter((r) => r.added !== null);
    expect(added.map((r) => [r.at, r.type, r.added, r.name])).toEqual([
      [`${day}T12:34:00`, 'P', { correctionId: kept.id, comment: 'Pause oubliée' }, `${holder.nom} ${holder.prenom}`],
    ]);
    // In its place among the raw punches, in both orders.
    expect(page.rows.map((r) => r.at)).toEqual([...page.rows.map((r) => r.at)].sort());
    const desc = await call('punches/query', { ...filter, order: 'desc' });
    expect(desc.rows.map((r) => r.id)).toEqual(page.rows.map((r) => r.id).reverse());
    // Filtered like the others: by type, by text (its comment), not under an access point; the CLI's query (added: false) without it.
    expect((await call('punches/query', { ...filter, type: 'P' })).rows.some((r) => r.added)).toBe(true);
    expect((await call('punches/query', { ...filter, type: 'A' })).rows.some((r) => r.added)).toBe(false);
    expect((await call('punches/query', { added: true, text: 'Pause oubliée' })).total).toBe(1);
    const ap = raw.rows[0]!.accessPoint;
    const atAp = await call('punches/query', { ...filter, accessPoint: ap });
    expect(atAp.rows.some((r) => r.added)).toBe(false);
    expect((await call('punches/query', { ...filter, added: false })).rows.some((r) => r.added)).toBe(false);
  });
});
