// Completeness: punches a terminal uploads late are fetched. A terminal back from a week offline
// makes the next ordinary sync fetch from the day it went silent; a late punch with no terminal
// signal is picked up by the daily sweep of the whole window Festime holds.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import XLSX from 'xlsx';
import { createAppService } from '../../main/core/app/service';
import { memoryCredentials } from '../helpers/credentials';
import { noopLogger } from '../../main/core/log';
import { DEMO_LOGIN, DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { createDispatcher } from '../../main/ipc/dispatcher';
import type { MonthFigures, PunchPageResult, SyncResult } from '../../shared/api';
import { closeAll, onClose, RETRY, startRig, type Rig } from '../festime/harness';

afterEach(closeAll);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Monday 16 November 2026, 18:00 in Melun. */
const T0 = new Date('2026-11-16T17:00:00Z');
const ENTRANCE = 'Entrée atelier - Melun';

async function app(rig: Rig) {
  const dataDir = mkdtempSync(join(tmpdir(), 'festime-complete-'));
  const delivered: Buffer[] = [];
  const credentials = memoryCredentials();
  const service = createAppService({
    dataDir,
    version: 'test',
    credentials,
    transport: rig.transport,
    emit: () => undefined,
    lang: () => 'fr',
    actor: 'gerante',
    logger: noopLogger,
    now: () => rig.clock.now,
    client: { retry: RETRY },
    deliver: async (_name, bytes) => {
      delivered.push(bytes);
      return { savedTo: null, download: 'test' };
    },
  });
  onClose(() => service.close());
  const dispatch = createDispatcher(service.handlers, () => 'fr');
  const call = async <T = unknown>(method: string, input: unknown = {}): Promise<T> => {
    const r = await dispatch(method, input, { trusted: true });
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value as T;
  };
  await call('accounts/connect', { server: rig.url, login: DEMO_LOGIN, password: DEMO_PASSWORD });
  const syncAt = (at: Date) => {
    rig.clock.now = at;
    return call<SyncResult>('sync/run', { full: false });
  };
  const cached = async (from: string, to: string, accessPoint?: string) =>
    (await call<PunchPageResult>('punches/query', { from, to, accessPoint, limit: 1 })).total;
  /** The month's workbook, its Synthèse sheet as rows of text. */
  const workbook = async (month: string) => {
    await call('timesheet/export', { month });
    const book = XLSX.read(delivered.at(-1)!);
    return XLSX.utils.sheet_to_json<string[]>(book.Sheets[book.SheetNames[0]!]!, { header: 1, raw: false });
  };
  return { call, syncAt, cached, workbook };
}

describe('late uploads', () => {
  it('a terminal offline for 7 days comes back with its punches: the next ordinary sync has them all', async () => {
    const rig = await startRig({ now: T0 });
    const { call, syncAt, cached, workbook } = await app(rig);
    await syncAt(T0);
    rig.sim.setTerminal(DEMO_LOGIN, ENTRANCE, { online: false, lastScanAt: '2026-11-16T18:00:00' });
    // A week of daily syncs (each a sweep) while the terminal keeps its punches.
    for (let d = 1; d <= 7; d++) await syncAt(new Date(T0.getTime() + d * DAY));
    expect(await cached('2026-11-17', '2026-11-23', ENTRANCE)).toBe(0);
    const offline = await call<MonthFigures>('timesheet/month', { month: '2026-11' });
    expect(offline.offlineTerminals).toEqual([{ accessPoint: ENTRANCE, since: '2026-11-16T18:00:00' }]);
    expect(offline.dataUntil).toBe(new Date(T0.getTime() + 7 * DAY).toISOString());
    const header = (await workbook('2026-11')).slice(0, 10).map((r) => r.join(' | '));
    // 17:00 UTC is 18:00 at the site (Paris, winter time), as the month screen says it.
    expect(header).toContain('Données jusqu’au | 23/11/2026 18:00');
    expect(header).toContain(`Terminal hors ligne | Le terminal ${ENTRANCE} est hors ligne depuis le 16/11 : des pointages peuvent manquer.`);
    // A month that ended before the terminal went silent is complete.
    expect((await call<MonthFigures>('timesheet/month', { month: '2026-10' })).offlineTerminals).toEqual([]);

    // Back online an hour after the last sweep: it uploads the week.
    rig.sim.setTerminal(DEMO_LOGIN, ENTRANCE, { online: true, lastScanAt: undefined });
    const held = rig.sim.punches(DEMO_LOGIN, '2026-11-16', '2026-11-23').filter((p) => p.accessPoint === ENTRANCE).length;
    expect(held).toBeGreaterThan(100);
    const back = await syncAt(new Date(T0.getTime() + 7 * DAY + 2 * HOUR));
    expect(back.from).toBe('2026-11-16'); // not a sweep: the usual window would start on the 20th
    expect(await cached('2026-11-16', '2026-11-23', ENTRANCE)).toBe(held);
    expect((await call<MonthFigures>('timesheet/month', { month: '2026-11' })).offlineTerminals).toEqual([]);

    // Done once: the following sync is the usual one again.
    expect((await syncAt(new Date(T0.getTime() + 7 * DAY + 3 * HOUR))).from).toBe('2026-11-20');
  });

  it('the daily sweep picks up a late punch with no terminal signal', async () => {
    const rig = await startRig({ now: T0 });
    const { syncAt, cached } = await app(rig);
    expect((await syncAt(T0)).from).toBe('2026-08-19'); // the first sync: Festime's 90 days
    const late = rig.sim.addPunch(DEMO_LOGIN, { uid: '100200300', type: 'A', at: '2026-11-06T07:58:00', accessPoint: ENTRANCE });
    const before = (await cached('2026-11-06', '2026-11-06'))!;
    // An hour after the sweep: the usual window, which does not reach back 10 days.
    expect((await syncAt(new Date(T0.getTime() + HOUR))).from).toBe('2026-11-13');
    expect(await cached('2026-11-06', '2026-11-06')).toBe(before);
    // 21 hours after it: a sweep, which has the late punch.
    expect((await syncAt(new Date(T0.getTime() + 21 * HOUR))).from).toBe('2026-08-20');
    expect(await cached('2026-11-06', '2026-11-06')).toBe(before + 1);
    expect(rig.sim.punches(DEMO_LOGIN, '2026-11-06', '2026-11-06').some((p) => p.id === late.id)).toBe(true);
  });

  it('a terminal report Festime cannot give does not fail the sync', async () => {
    const rig = await startRig({ now: T0 });
    const { call, syncAt, cached } = await app(rig);
    rig.sim.setFaults([{ kind: 'http500', fonction: 'global_get_infos_iot' }]);
    const r = await syncAt(T0);
    expect(r.received).toBeGreaterThan(1000);
    expect(await cached('2026-11-16', '2026-11-16')).toBeGreaterThan(0);
    expect((await call<{ lastRun: { outcome: string } }>('sync/status')).lastRun.outcome).toBe('ok');
  });
});
