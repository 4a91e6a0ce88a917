// « À vérifier » through the handler table every door uses, on a real SQLite file and an injected
// clock: every open anomaly of this month and of last month (while open), by date then name; legal
// alerts apart; a shift open today is someone at work; each anomaly gone once resolved; closing a month
// refused while it is not over, or not exported.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReviewList } from '../../shared/api';
import { createAppService, type AppService } from '../../main/core/app/service';
import { createNodeTransport } from '../../main/core/festime/transport';
import { noopLogger } from '../../main/core/log';
import { openStore } from '../../main/core/store';
import { ensureAccount } from '../../main/core/store/accounts';
import { punchWriter } from '../../main/core/store/punches';
import { recordSeen } from '../../main/core/holders/register';
import type { FestimeDeskError } from '../../main/core/errors';
import { parsedPunch } from '../helpers/punches';
import { memoryCredentials } from '../helpers/credentials';

/** Tuesday 10 November 2026, 10:30 in Paris. */
const NOW = new Date('2026-11-10T09:30:00Z');
const PEOPLE = { '10': 'ALBERT Zoé', '20': 'BERNARD Alice', '30': 'CARON Marc' } as const;

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A data folder with one account, these punches and these people, then the app's handlers over it at `now`. */
function siteWith(punches: [number, keyof typeof PEOPLE, 'A' | 'D' | 'P', string][], now = NOW): { service: AppService; dataDir: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'festime-review-'));
  const store = openStore(dataDir);
  const a = ensureAccount(store.db, 'https://x.test', 'site').id;
  punchWriter(store.db, a).insert(
    punches.map(([id, uid, type, at]) => parsedPunch(id, uid, type, at, { name: PEOPLE[uid] })),
    '2026-11-10T09:00:00Z',
  );
  recordSeen(store.db, a, new Map(Object.entries(PEOPLE).map(([uid, name]) => [uid, { name, at: '2026-11-10T08:00:00' }])), '2026-11-10T09:00:00Z');
  store.close();
  const transport = createNodeTransport();
  const service = createAppService({
    dataDir,
    version: 'test',
    credentials: memoryCredentials(),
    transport,
    emit: () => undefined,
    lang: () => 'fr',
    actor: 'paie',
    logger: noopLogger,
    now: () => now,
    deliver: async () => ({ savedTo: null, download: '/download/test' }),
  });
  closers.push(async () => {
    await service.close();
    await transport.close();
  });
  return { service, dataDir };
}

const brief = (list: ReviewList, severity: 'anomaly' | 'alert') =>
  list.items.filter((i) => i.severity === severity).map((i) => [i.day, i.name, i.kind, i.at.slice(11, 16)].join(' '));

const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return [(e as FestimeDeskError).code, (e as FestimeDeskError).localized('fr')];
  }
  return null;
};

const SITE: [number, keyof typeof PEOPLE, 'A' | 'D' | 'P', string][] = [
  // October (last month, open): an arrival never closed, a departure without arrival.
  [1, '20', 'A', '2026-10-20T08:00:00'],
  [2, '10', 'D', '2026-10-20T17:00:00'],
  // November: a badge twice in a minute; a 12-hour day without pause (two alerts); today, at work since 08:00.
  [3, '10', 'A', '2026-11-03T08:00:00'],
  [4, '10', 'A', '2026-11-03T08:01:00'],
  [5, '10', 'D', '2026-11-03T13:00:00'],
  [6, '20', 'A', '2026-11-02T06:00:00'],
  [7, '20', 'D', '2026-11-02T18:00:00'],
  [8, '30', 'A', '2026-11-10T08:00:00'],
  [9, '10', 'A', '2026-11-10T07:55:00'],
  [10, '10', 'P', '2026-11-10T10:00:00'],
];

describe('« À vérifier »', () => {
  it('every open anomaly of last month and this one, by date then name; the alerts apart; nobody at work today listed', async () => {
    const { service } = siteWith(SITE);
    const list = await service.handlers['review/list']({});
    expect(list.months).toEqual([
      { month: '2026-10', closed: false, exported: false },
      { month: '2026-11', closed: false, exported: false },
    ]);
    expect(brief(list, 'anomaly')).toEqual([
      '2026-10-20 ALBERT Zoé departure-without-arrival 17:00',
      '2026-10-20 BERNARD Alice missing-departure 08:00',
      '2026-11-03 ALBERT Zoé duplicate-badge 08:01',
    ]);
    expect(list.anomalies).toBe(3);
    expect(list.items.find((i) => i.kind === 'duplicate-badge')).toMatchObject({ uid: '10', punchIds: [3, 4], month: '2026-11' });
    expect(brief(list, 'alert')).toEqual(['2026-11-02 BERNARD Alice day-over-10h 00:00', '2026-11-02 BERNARD Alice no-pause-6h 00:00']);
    expect(list.items.find((i) => i.kind === 'day-over-10h')!.hours).toBe(12);

    // At 10:30, CARON (in since 08:00) and ALBERT (on a pause) are at work: nowhere a missing departure.
    const month = await service.handlers['timesheet/month']({ month: '2026-11' });
    expect(month.holders.map((h) => [h.nom, h.anomalies])).toEqual([
      ['ALBERT', 1],
      ['BERNARD', 0],
      ['CARON', 0],
    ]);
    const today = await service.handlers['timesheet/day']({ uid: '30', day: '2026-11-10' });
    expect([today.figures?.firstArrival, today.figures?.anomalies]).toEqual(['2026-11-10T08:00:00', []]);
    // The next morning the shift left open is one.
    const { service: later } = siteWith(SITE, new Date('2026-11-11T07:00:00Z'));
    expect(brief(await later.handlers['review/list']({}), 'anomaly')).toContain('2026-11-10 CARON Marc missing-departure 08:00');
  });

  it('one month when asked; last month left out once closed; the day dialog’s days to check in date order', async () => {
    const { service } = siteWith(SITE);
    const october = await service.handlers['review/list']({ month: '2026-10' });
    expect([october.months.map((m) => m.month), october.anomalies]).toEqual([['2026-10'], 2]);
    await service.handlers['timesheet/export']({ month: '2026-10', format: 'xlsx' });
    await service.handlers['month/close']({ month: '2026-10' });
    const now = await service.handlers['review/list']({});
    expect(now.months).toEqual([{ month: '2026-11', closed: false, exported: false }]);
    expect(brief(now, 'anomaly')).toEqual(['2026-11-03 ALBERT Zoé duplicate-badge 08:01']);
    expect((await service.handlers['review/list']({ month: '2026-10' })).months).toEqual([{ month: '2026-10', closed: true, exported: true }]);

    // An alert on the 2nd, an anomaly on the 3rd: the 2nd first (was: anomalies first).
    const { service: other } = siteWith([...SITE, [11, '20', 'D', '2026-11-05T12:00:00']]);
    const bernard = (await other.handlers['timesheet/month']({ month: '2026-11' })).holders.find((h) => h.uid === '20')!;
    expect(bernard.issueDays).toEqual(['2026-11-02', '2026-11-05']);
  });

  it('each resolved the way the screen does it leaves the list at once, and the count with it', async () => {
    const { service } = siteWith(SITE);
    const h = service.handlers;
    const count = async () => (await h['review/list']({})).anomalies;
    expect(await count()).toBe(3);
    // The forgotten departure added.
    await h['corrections/add']({ uid: '20', type: 'D', at: '2026-10-20T16:30', comment: 'Oubli de badge' });
    expect(await count()).toBe(2);
    // The duplicate ignored.
    await h['corrections/ignore']({ punchId: 4, comment: 'Doublon' });
    expect(await count()).toBe(1);
    // The arrival added before the lone departure.
    await h['corrections/add']({ uid: '10', type: 'A', at: '2026-10-20T09:00', comment: 'Badge oublié le matin' });
    expect(await count()).toBe(0);

    // A contract from Monday 9 November: the 9th, without punch or absence, is to qualify; today is not yet.
    await h['employees/set']({ uid: '30', start: '2026-11-09', from: '2026-11-09', days: ['mon'] });
    const toQualify = (await h['review/list']({})).items.filter((i) => i.severity === 'anomaly');
    expect(toQualify.map((i) => [i.day, i.uid, i.kind])).toEqual([['2026-11-09', '30', 'absence-to-qualify']]);
    await h['absences/add']({ uid: '30', from: '2026-11-09', code: 'CP', comment: 'Congé posé' });
    expect(await count()).toBe(0);
    // A whole-day absence on a day with punches (a contract on Tuesdays): its absence named, removed from the list.
    await h['employees/set']({ uid: '10', start: '2026-11-03', from: '2026-11-03', days: ['tue'] });
    await h['absences/add']({ uid: '10', from: '2026-11-03', code: 'MAL', comment: 'Arrêt' });
    const both = (await h['review/list']({})).items.find((i) => i.kind === 'absence-with-punches')!;
    expect(both).toMatchObject({ day: '2026-11-03', uid: '10', punchIds: [3, 5], absenceIds: [expect.any(Number)] });
    await h['absences/remove']({ id: both.absenceIds![0]! });
    expect(await count()).toBe(0);
  });
});

describe('closing a month', () => {
  it('refused while it is not over (this month, a future one), with the day it can be; refused before its workbook; then closed', async () => {
    const { service } = siteWith(SITE);
    const h = service.handlers;
    await h['timesheet/export']({ month: '2026-11', format: 'xlsx' });
    expect(await refusal(h['month/close']({ month: '2026-11' }))).toEqual([
      'store.month-not-over',
      'Le mois 2026-11 n’est pas terminé : il pourra être clos à partir du 2026-12-01, premier jour du mois suivant.',
    ]);
    expect((await refusal(h['month/close']({ month: '2027-02' })))?.[1]).toContain('à partir du 2027-03-01');
    expect(await refusal(h['month/close']({ month: '2026-10' }))).toEqual([
      'store.not-exported',
      'Le mois 2026-10 n’a pas encore été exporté : exportez-le (festime-desk export --month 2026-10) avant de le clore.',
    ]);
    expect((await h['timesheet/month']({ month: '2026-10' })).closed).toBe(false);
    await h['timesheet/export']({ month: '2026-10', format: 'xlsx' });
    expect(await h['month/close']({ month: '2026-10' })).toEqual({ closed: true });
    expect((await h['timesheet/month']({ month: '2026-10' })).closed).toBe(true);
  });

  it('the month is over at midnight in the site’s time, not UTC’s', async () => {
    // 30 November 23:30 UTC is already 1 December 00:30 in Paris.
    const { service } = siteWith(SITE, new Date('2026-11-30T23:30:00Z'));
    await service.handlers['timesheet/export']({ month: '2026-11', format: 'xlsx' });
    expect(await service.handlers['month/close']({ month: '2026-11' })).toEqual({ closed: true });
    const { service: before } = siteWith(SITE, new Date('2026-11-30T22:30:00Z'));
    await before.handlers['timesheet/export']({ month: '2026-11', format: 'xlsx' });
    expect((await refusal(before.handlers['month/close']({ month: '2026-11' })))?.[0]).toBe('store.month-not-over');
  });
});
