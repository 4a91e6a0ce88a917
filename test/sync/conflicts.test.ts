// Conflicting records are said, not dropped: two records with one id_pointage and other content (in
// one answer, or an answer differing from what the cache holds) keep the first reading in the
// punches, the other beside it; the person's day has an anomaly showing both, and the sync's
// summary counts them. The simulator over loopback, with its clock pinned.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFestimeClient, type FestimeClient } from '../../main/core/festime/client';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { createNodeTransport, type NodeTransport } from '../../main/core/festime/transport';
import { ensureAccount } from '../../main/core/store/accounts';
import { queryPunches } from '../../main/core/store/punches';
import { openStore, type Store } from '../../main/core/store';
import { syncAccount } from '../../main/core/sync/engine';
import { loadMonth } from '../../main/core/timesheet/month';
import { anomalyLabel } from '../../main/core/timesheet/labels';
import { addPunch, ignorePunch } from '../../main/core/timesheet/corrections';

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
  store = openStore(mkdtempSync(join(tmpdir(), 'festime-conflicts-')));
  accountId = ensureAccount(store.db, url, 'demo').id;
});
afterEach(async () => {
  store.close();
  await transport.close();
  await sim.close();
});

const sync = () => syncAccount(store.db, accountId, client, { now: () => now, zone: 'Europe/Paris' });
const later = (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000));
const stored = (id: number, day: string) => queryPunches(store.db, accountId, { from: day, to: day }, { limit: 10_000 }).filter((p) => p.id === id);
const dayOf = (uid: string, day: string) =>
  loadMonth(store.db, accountId, day.slice(0, 7))
    .sheet.holders.find((h) => h.uid === uid)!
    .days.find((d) => d.day === day)!;

describe('conflicting records', () => {
  it('two records with one id in one answer: the first is stored, the other kept beside it, both shown on the day, counted', async () => {
    const first = sim.addPunch('demo', { uid: '501', name: 'SEUL Samuel', type: 'A', at: '2026-11-23T08:00:00' });
    sim.addPunch('demo', { id: first.id, uid: '501', name: 'SEUL Samuel', type: 'A', at: '2026-11-23T09:15:00' });
    const r = await sync();
    expect(r.conflicts).toBe(1);
    expect(stored(first.id, '2026-11-23')).toMatchObject([{ at: '2026-11-23T08:00:00' }]);
    const conflict = dayOf('501', '2026-11-23').anomalies.find((a) => a.kind === 'conflicting-record')!;
    expect(conflict).toMatchObject({
      at: '2026-11-23T08:00:00',
      punchIds: [first.id],
      readings: [
        { uid: '501', type: 'A', at: '2026-11-23T08:00:00' },
        { uid: '501', type: 'A', at: '2026-11-23T09:15:00' },
      ],
    });
    const terminal = first.terminal;
    expect(anomalyLabel(conflict, 'fr')).toBe(
      `Relevés contradictoires chez Festime pour le pointage n° ${first.id} (le premier compte) : A 23/11/2026 08:00:00 (501, ${terminal}) / A 23/11/2026 09:15:00 (501, ${terminal})`,
    );
    expect(anomalyLabel(conflict, 'en')).toBe(
      `Conflicting Festime records for punch #${first.id} (the first counts): A 23/11/2026 08:00:00 (501, ${terminal}) / A 23/11/2026 09:15:00 (501, ${terminal})`,
    );
    // The same two records again: kept once, counted once.
    later(10);
    expect((await sync()).conflicts).toBe(0);
    expect(dayOf('501', '2026-11-23').anomalies.filter((a) => a.kind === 'conflicting-record')).toHaveLength(1);
    // Payroll settles it: the first reading ignored, the right time added; the anomaly is gone.
    ignorePunch(store.db, accountId, first.id, 'Arrivée réelle à 09:15 (chef d’équipe)', 'paie');
    addPunch(store.db, accountId, { uid: '501', type: 'A', at: '2026-11-23T09:15', comment: 'Lecture retenue' }, 'paie');
    expect(dayOf('501', '2026-11-23').anomalies.some((a) => a.kind === 'conflicting-record')).toBe(false);
  });

  it('an answer that differs from what the cache holds for an id: the cached reading counts, the new one is shown beside it', async () => {
    await sync();
    const punch = sim.punches('demo', '2026-11-24', '2026-11-24').find((p) => p.type === 'D')!;
    const day = punch.at.slice(0, 10);
    const before = dayOf(punch.uid, day);
    expect(before.anomalies.some((a) => a.kind === 'conflicting-record')).toBe(false);
    // Changed at Festime afterwards: the same id_pointage, the departure an hour later.
    const changed = `${day}T${String(Number(punch.at.slice(11, 13)) + 1).padStart(2, '0')}${punch.at.slice(13)}`;
    sim.editPunch('demo', punch.id, { at: changed });
    later(10);
    const r = await sync();
    expect(r).toMatchObject({ conflicts: 1, removed: 0 });
    expect(stored(punch.id, day)).toMatchObject([{ at: punch.at, removedUpstream: false }]);
    const after = dayOf(punch.uid, day);
    expect(after.workedMs).toBe(before.workedMs);
    expect(after.anomalies.find((a) => a.kind === 'conflicting-record')).toMatchObject({
      punchIds: [punch.id],
      readings: [
        { type: 'D', at: punch.at },
        { type: 'D', at: changed },
      ],
    });
    // A name Festime writes from its register is not a conflict.
    sim.editPunch('demo', punch.id, { at: punch.at, name: 'AUTRE Nom' });
    later(10);
    expect((await sync()).conflicts).toBe(0);
  });
});
