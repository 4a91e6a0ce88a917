// Removals confirmed, never guessed: a punch is marked removed upstream only when two answers in a
// row lack it, a short answer (cut cleanly between records) changes no figure, and a swathe of
// punches gone at once is refused and said. The simulator over loopback, as in sync.test.ts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFestimeClient, type FestimeClient } from '../../main/core/festime/client';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { createNodeTransport, type NodeTransport } from '../../main/core/festime/transport';
import { ensureAccount } from '../../main/core/store/accounts';
import { countPunches, queryPunches } from '../../main/core/store/punches';
import { openStore, type Store } from '../../main/core/store';
import { syncAccount } from '../../main/core/sync/engine';
import { loadMonth } from '../../main/core/timesheet/month';
import { closeMonth, keepPunch, recordExport, undoCorrection } from '../../main/core/timesheet/corrections';
import { anomalyLabel } from '../../main/core/timesheet/labels';
import type { FestimeDeskError } from '../../main/core/errors';
import { demoSite } from '../../main/core/festime/simulator/demo-site';
import type { Punch } from '../../shared/festime';

let now = new Date('2026-11-25T15:30:00Z');
let sim: Simulator;
let transport: NodeTransport;
let client: FestimeClient;
let store: Store;
let accountId: number;

beforeEach(async () => {
  now = new Date('2026-11-25T15:30:00Z');
  sim = createSimulator({ now: () => now });
  const url = await sim.listen();
  transport = createNodeTransport();
  client = createFestimeClient({ server: url, login: 'demo', password: DEMO_PASSWORD, transport, retry: { attempts: 1, baseDelayMs: 5, maxDelayMs: 10 } });
  store = openStore(mkdtempSync(join(tmpdir(), 'festime-removals-')));
  accountId = ensureAccount(store.db, url, 'demo').id;
});
afterEach(async () => {
  store.close();
  await transport.close();
  await sim.close();
});

const sync = () => syncAccount(store.db, accountId, client, { now: () => now });
/** The punches payroll counts: those not marked removed upstream. */
const kept = () => countPunches(store.db, accountId, { includeRemoved: false });
/** How many cached punches are marked removed upstream. */
const marked = () => store.db.prepare('SELECT count(*) FROM punches WHERE removed_at IS NOT NULL').pluck().get() as number;
const later = (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000));

describe('removals upstream', () => {
  it('an answer cut cleanly between two records marks nothing, nor does the full one after it', async () => {
    await sync();
    const before = kept();
    sim.setFaults([{ kind: 'cut-between-records', fonction: 'pointage', times: 1 }]);
    later(10);
    const asked = sim.requests.length;
    const cut = await sync();
    // The punches it lacks are the tail of its order: the days from its last record on are read
    // again one by one (`date=!JJ/MM/AAAA`), and their answers bring back what the cut left out.
    const alone = sim.requests.slice(asked).filter((r) => r.params.date?.startsWith('!'));
    expect(alone.length).toBeGreaterThan(0);
    expect(cut.received).toBe(sim.punches('demo', cut.from, cut.to).length);
    expect(cut.removed).toBe(0);
    expect(kept()).toBe(before);
    later(10);
    expect((await sync()).removed).toBe(0);
    // The full answer cleared the candidates: another cut is again only a first miss.
    sim.setFaults([{ kind: 'cut-between-records', fonction: 'pointage', times: 1 }]);
    later(10);
    expect((await sync()).removed).toBe(0);
    // Nothing marked (the punches made meanwhile came in whole, the cut's tail read again).
    expect(marked()).toBe(0);
    expect(kept()).toBeGreaterThanOrEqual(before);
  });

  it('a punch deleted at Festime is marked after the second answer without it, not the first', async () => {
    await sync();
    const victim = sim.punches('demo', '2026-11-23', '2026-11-23')[5]!;
    sim.removePunch('demo', victim.id);
    later(10);
    expect((await sync()).removed).toBe(0);
    expect(queryPunches(store.db, accountId, { from: '2026-11-23', to: '2026-11-23' }, { limit: 1000 }).find((p) => p.id === victim.id)!.removedUpstream).toBe(
      false,
    );
    later(10);
    const second = await sync();
    expect(second).toMatchObject({ removed: 1, removalsWithheld: 0 });
    expect(queryPunches(store.db, accountId, { from: '2026-11-23', to: '2026-11-23' }, { limit: 1000 }).find((p) => p.id === victim.id)!.removedUpstream).toBe(
      true,
    );
  });

  it('a mass removal (many punches gone at once) marks nothing and says how many', async () => {
    await sync();
    const before = kept();
    const gone = sim.punches('demo', '2026-11-23', '2026-11-24').slice(0, 40);
    for (const p of gone) sim.removePunch('demo', p.id);
    later(10);
    expect(await sync()).toMatchObject({ removed: 0, removalsWithheld: 0 });
    later(10);
    const second = await sync();
    expect(second).toMatchObject({ removed: 0, removalsWithheld: gone.length });
    expect(kept()).toBe(before);
  });

  it('a punch removed upstream leaves the figures, is listed among the month’s anomalies with its date, and one correction keeps it', async () => {
    await sync();
    const victim = sim.punches('demo', '2026-11-23', '2026-11-23').find((p) => p.type === 'D')!;
    const holder = () => loadMonth(store.db, accountId, '2026-11').sheet.holders.find((h) => h.uid === victim.uid)!;
    const day = () => holder().days.find((d) => d.day === '2026-11-23')!;
    const before = day();
    expect(before.anomalies).toEqual([]);

    sim.removePunch('demo', victim.id);
    later(10);
    await sync();
    later(24 * 60); // found missing again the next day: 26 November
    expect((await sync()).removed).toBe(1);
    const removed = day().anomalies.find((a) => a.kind === 'removed-upstream')!;
    expect(removed).toMatchObject({ at: victim.at, punchIds: [victim.id], removedOn: '2026-11-26' });
    expect(anomalyLabel(removed, 'fr')).toBe('Supprimé chez Festime le 26/11/2026');
    expect(anomalyLabel(removed, 'en')).toBe('Removed at Festime on 26/11/2026');
    // (A departure gone leaves the shift open, an anomaly of its own beside it.)
    expect(day().anomalies.filter((a) => a.kind === 'removed-upstream')).toHaveLength(1);
    expect(day().workedMs).not.toBe(before.workedMs);

    // Payroll knows the person did leave at that time: kept, the figures are back, the anomaly gone.
    const id = keepPunch(store.db, accountId, victim.id, 'départ confirmé par le chef d’équipe', 'paie');
    expect(keepPunch(store.db, accountId, victim.id, 'double clic', 'paie')).toBe(id);
    expect(day()).toMatchObject({ workedMs: before.workedMs, anomalies: [], corrected: true });
    // Undone: out of the figures again, listed again; kept once more.
    undoCorrection(store.db, accountId, id, 'paie');
    expect(day().anomalies.some((a) => a.kind === 'removed-upstream')).toBe(true);
    expect(day().workedMs).not.toBe(before.workedMs);
    keepPunch(store.db, accountId, victim.id, 'départ confirmé', 'paie');
    // Festime gives it back later: counted once, not twice.
    sim.restorePunch('demo', victim.id);
    later(10);
    expect((await sync()).restored).toBe(1);
    expect(day()).toMatchObject({ workedMs: before.workedMs, anomalies: [] });
  });

  it('keeping is refused for a punch Festime still has, and in a closed month', async () => {
    await sync();
    const [still, gone] = sim.punches('demo', '2026-11-23', '2026-11-23');
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as FestimeDeskError).localized('fr');
      }
      return null;
    };
    expect(refusal(() => keepPunch(store.db, accountId, still!.id, 'test', 'paie'))).toBe(
      `Le pointage n° ${still!.id} est toujours chez Festime : il compte déjà, il n’y a rien à garder.`,
    );
    sim.removePunch('demo', gone!.id);
    later(10);
    await sync();
    later(10);
    await sync();
    recordExport(store.db, accountId, '2026-11', 'x.xlsx', 'paie');
    closeMonth(store.db, accountId, '2026-11', 'paie', new Date('2026-12-01T08:00:00Z'));
    expect(refusal(() => keepPunch(store.db, accountId, gone!.id, 'test', 'paie'))).toBe(
      'Le mois 2026-11 est clos : rouvrez-le (avec un motif) avant de le corriger.',
    );
  });
});

describe('removals on a small site', () => {
  /** One person, four punches in the usual window (Monday and Tuesday, in and out). */
  const SMALL = 'petit-site';
  let small: Simulator;
  let smallClient: FestimeClient;
  let smallId: number;
  let day23: Punch[];
  let day24: Punch[];

  beforeEach(async () => {
    small = createSimulator({
      now: () => now,
      accounts: [{ login: SMALL, password: 'Petit#2026', label: 'Un badgé', site: { ...demoSite('petit'), people: [] } }],
    });
    const url = await small.listen();
    smallClient = createFestimeClient({ server: url, login: SMALL, password: 'Petit#2026', transport, retry: { attempts: 1, baseDelayMs: 5, maxDelayMs: 10 } });
    smallId = ensureAccount(store.db, url, SMALL).id;
    const punch = (type: 'A' | 'D', at: string) => small.addPunch(SMALL, { uid: '501', name: 'SEUL Samuel', type, at });
    day23 = [punch('A', '2026-11-23T08:00:00'), punch('D', '2026-11-23T17:00:00')];
    day24 = [punch('A', '2026-11-24T08:00:00'), punch('D', '2026-11-24T17:00:00')];
  });
  afterEach(() => small.close());

  const syncSmall = () => syncAccount(store.db, smallId, smallClient, { now: () => now, zone: 'Europe/Paris' });
  const removedIds = () =>
    queryPunches(store.db, smallId, {}, { limit: 100 })
      .filter((p) => p.removedUpstream)
      .map((p) => p.id);

  it('clean cuts three times in a row mark nothing; a real removal, confirmed by its day alone, is still marked', async () => {
    await syncSmall();
    for (let i = 0; i < 3; i++) {
      small.setFaults([{ kind: 'cut-between-records', fonction: 'pointage', times: 1 }]);
      later(10);
      const asked = small.requests.length;
      const r = await syncSmall();
      expect(r).toMatchObject({ from: '2026-11-22', removed: 0, removalsWithheld: 0 });
      // The tail it lacked was read again day by day.
      expect(small.requests.slice(asked).some((q) => q.params.date === '!24/11/2026')).toBe(true);
      expect(removedIds()).toEqual([]);
    }

    // Tuesday's arrival really deleted at Festime: a candidate at the first sync without it…
    small.removePunch(SMALL, day24[0]!.id);
    later(10);
    expect((await syncSmall()).removed).toBe(0);
    expect(removedIds()).toEqual([]);
    // …marked at the next, once the 24th's own answer (`date=!24/11/2026`) lacks it too — even
    // when that sync's window answer is cut short as well.
    small.setFaults([{ kind: 'cut-between-records', fonction: 'pointage', times: 1 }]);
    later(10);
    const asked = small.requests.length;
    expect(await syncSmall()).toMatchObject({ removed: 1, removalsWithheld: 0 });
    expect(small.requests.slice(asked).map((q) => q.params.date)).toContain('!24/11/2026');
    expect(removedIds()).toEqual([day24[0]!.id]);
    expect(day23.every((p) => !removedIds().includes(p.id))).toBe(true);
  });

  it('a candidate whose day alone comes back cut short is marked only when a second reading of the day agrees', async () => {
    await syncSmall();
    // Three short answers each sync (the window's, then the 23rd's and the 24th's read alone, each
    // lacking its day's departure): nothing is marked.
    for (let i = 0; i < 3; i++) {
      small.setFaults([{ kind: 'cut-between-records', fonction: 'pointage', times: 3 }]);
      later(10);
      expect((await syncSmall()).removed).toBe(0);
    }
    expect(removedIds()).toEqual([]);
    // Tuesday's departure, the last punch of its day, deleted at Festime: still marked.
    small.removePunch(SMALL, day24[1]!.id);
    later(10);
    await syncSmall();
    later(10);
    expect((await syncSmall()).removed).toBe(1);
    expect(removedIds()).toEqual([day24[1]!.id]);
  });
});
