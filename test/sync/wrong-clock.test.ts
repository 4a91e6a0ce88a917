// One sync under a wrong clock does not switch the daily sweep off: a PC set 400 days ahead once
// leaves a last sweep and a last window dated in the future; neither is trusted afterwards. The
// sweep runs again, a punch uploaded late arrives, and no summary counts a negative span of days.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppService } from '../../main/core/app/service';
import { noopLogger } from '../../main/core/log';
import { DEMO_LOGIN, DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { ensureAccount } from '../../main/core/store/accounts';
import { openStore } from '../../main/core/store';
import { syncAccount } from '../../main/core/sync/engine';
import { createDispatcher } from '../../main/ipc/dispatcher';
import type { PunchPageResult, SyncResult } from '../../shared/api';
import { memoryCredentials } from '../helpers/credentials';
import { closeAll, onClose, RETRY, startRig } from '../festime/harness';

afterEach(closeAll);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Monday 16 November 2026, 18:00 in Melun: Festime's clock, and the PC's when it is right. */
const T0 = new Date('2026-11-16T17:00:00Z');
const ENTRANCE = 'Entrée atelier - Melun';

describe('a clock set ahead once', () => {
  it('400 days ahead, then right again: the sweep runs, the late punch arrives, no negative day count', async () => {
    const rig = await startRig({ now: T0 });
    let pc = T0;
    const service = createAppService({
      dataDir: mkdtempSync(join(tmpdir(), 'festime-wrong-clock-')),
      version: 'test',
      credentials: memoryCredentials(),
      transport: rig.transport,
      emit: () => undefined,
      lang: () => 'fr',
      actor: 'gerante',
      logger: noopLogger,
      now: () => pc,
      client: { retry: RETRY },
      deliver: async () => ({ savedTo: null, download: 'test' }),
    });
    onClose(() => service.close());
    const dispatch = createDispatcher(service.handlers, () => 'fr');
    const call = async <T>(method: string, input: unknown = {}): Promise<T> => {
      const r = await dispatch(method, input, { trusted: true });
      if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
      return r.value as T;
    };
    await call('accounts/connect', { server: rig.url, login: DEMO_LOGIN, password: DEMO_PASSWORD });
    /** A sync with the PC's clock at `at` (Festime's stays where the test put it). */
    const syncAt = (at: Date) => {
      pc = at;
      return call<SyncResult>('sync/run', { full: false });
    };
    const cached = async (day: string) => (await call<PunchPageResult>('punches/query', { from: day, to: day, limit: 1 })).total;

    expect((await syncAt(T0)).days).toBe(90);
    // The PC jumps 400 days ahead for one sync (Festime does not): a "sweep" dated in 2027.
    const ahead = await syncAt(new Date(T0.getTime() + 400 * DAY));
    expect(ahead.from > '2027-09-01').toBe(true);

    // Back to the right date. A terminal uploads a punch of ten days ago, with no signal.
    rig.clock.now = new Date(T0.getTime() + HOUR);
    const late = rig.sim.addPunch(DEMO_LOGIN, { uid: '100200300', type: 'A', at: '2026-11-06T07:58:00', accessPoint: ENTRANCE });
    const before = (await cached('2026-11-06'))!;
    const back = await syncAt(rig.clock.now);
    // The sweep dated in 2027 is not trusted: this sync sweeps Festime's whole window.
    expect(back).toMatchObject({ from: '2026-08-19', to: '2026-11-16', days: 90 });
    expect(await cached('2026-11-06')).toBe(before + 1);
    expect(rig.sim.punches(DEMO_LOGIN, '2026-11-06', '2026-11-06').some((p) => p.id === late.id)).toBe(true);

    // The next syncs are the usual ones again, and the daily sweep comes back 20 hours later.
    rig.clock.now = new Date(T0.getTime() + 2 * HOUR);
    expect(await syncAt(rig.clock.now)).toMatchObject({ from: '2026-11-13', to: '2026-11-16', days: 4 });
    const lateToo = rig.sim.addPunch(DEMO_LOGIN, { uid: '100200300', type: 'D', at: '2026-11-06T17:02:00', accessPoint: ENTRANCE });
    rig.clock.now = new Date(T0.getTime() + 22 * HOUR);
    expect(await syncAt(rig.clock.now)).toMatchObject({ from: '2026-08-20', days: 90 });
    expect(await cached('2026-11-06')).toBe(before + 2);
    expect(rig.sim.punches(DEMO_LOGIN, '2026-11-06', '2026-11-06').some((p) => p.id === lateToo.id)).toBe(true);
  });

  it('the window after a run dated ahead starts from the last run that ended by today, never after today', async () => {
    const rig = await startRig({ now: T0 });
    const store = openStore(mkdtempSync(join(tmpdir(), 'festime-wrong-clock-')));
    onClose(async () => store.close());
    const accountId = ensureAccount(store.db, rig.url, DEMO_LOGIN).id;
    const client = rig.client();
    const sync = (at: Date) => syncAccount(store.db, accountId, client, { now: () => at, zone: 'Europe/Paris' });
    await sync(T0);
    const ahead = await sync(new Date(T0.getTime() + 400 * DAY));
    expect(ahead).toMatchObject({ to: '2027-12-21' });
    const back = await sync(new Date(T0.getTime() + HOUR));
    expect(back).toMatchObject({ from: '2026-11-13', to: '2026-11-16', days: 4 });
  });
});
