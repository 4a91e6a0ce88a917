// A site in La Réunion (UTC+4, no summer time): its terminals say "La Réunion" and punch in
// Réunion wall-clock time. At 21:30 UTC Paris is still on Sunday evening while Réunion is already
// Monday: the sync's "today", the month's days, the Sunday hours and the roll call follow Réunion.
import { memoryCredentials } from '../helpers/credentials';
import { noopLogger } from '../../main/core/log';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppService } from '../../main/core/app/service';
import { demoSite } from '../../main/core/festime/simulator/demo-site';
import type { AccountSeed } from '../../main/core/festime/simulator/state';
import { openStore } from '../../main/core/store';
import { accountScope, ensureAccount } from '../../main/core/store/accounts';
import { queryPunches } from '../../main/core/store/punches';
import { detectedZone, recordTerminalZone, siteZone } from '../../main/core/store/site-zone';
import { syncAccount } from '../../main/core/sync/engine';
import { computeMonth } from '../../main/core/timesheet/engine';
import { loadMonth } from '../../main/core/timesheet/month';
import { timesheetPunches } from '../../main/core/timesheet/corrections';
import { createDispatcher } from '../../main/ipc/dispatcher';
import { DEFAULT_RULES } from '../../shared/timesheet';
import { addDays } from '../../shared/time';
import { closeAll, onClose, startRig } from '../festime/harness';

afterEach(closeAll);

const HOUR = 3_600_000;
/** Sunday 29 March 2026, 21:30 UTC: 23:30 in Paris (summer time since 01:00 UTC), Monday 01:30 in La Réunion. */
const NOW = new Date('2026-03-29T21:30:00Z');
const LOGIN = 'reunion';
const PASSWORD = 'Reunion#974';
const UID = '974000001';

function reunionSeed(): AccountSeed {
  const site = demoSite('reunion');
  return {
    login: LOGIN,
    password: PASSWORD,
    label: 'Atelier de Saint-Denis',
    timeZone: 'La Réunion',
    site: {
      ...site,
      client: 'ATELIER DE SAINT-DENIS',
      accessPoints: [{ name: 'Entrée - Saint-Denis', serial: '9740' }],
      people: site.people.slice(0, 3).map((p) => ({ ...p, accessPoint: 0 })),
    },
  };
}

async function reunionRig() {
  const rig = await startRig({ now: NOW, accounts: [reunionSeed()] });
  // Réunion wall-clock: a night from Saturday 23:30 to Sunday 03:30, and a shift begun at 00:30 "today".
  rig.sim.addPunch(LOGIN, { uid: UID, type: 'A', at: '2026-03-28T23:30:00', name: 'HOARAU Jean' });
  rig.sim.addPunch(LOGIN, { uid: UID, type: 'D', at: '2026-03-29T03:30:00', name: 'HOARAU Jean' });
  rig.sim.addPunch(LOGIN, { uid: UID, type: 'A', at: '2026-03-30T00:30:00', name: 'HOARAU Jean' });
  return rig;
}

describe('a site in La Réunion', () => {
  it('the simulator punches in Réunion time: at 01:30 there, Monday 00:30 has come and the day’s shifts have not', async () => {
    const rig = await reunionRig();
    const monday = rig.sim.punches(LOGIN, '2026-03-30', '2026-03-30');
    expect(monday.map((p) => p.at)).toEqual(['2026-03-30T00:30:00']);
    const sunday = rig.sim.punches(LOGIN, '2026-03-27', '2026-03-27');
    expect(sunday.length).toBeGreaterThan(0);
    expect(sunday.every((p) => p.at >= '2026-03-27T06:00' && p.at < '2026-03-28')).toBe(true); // day shifts, in local time
    const report = await rig.client({ login: LOGIN, password: PASSWORD }).terminalInfo();
    expect(report.accessPoints[0]!.timeZone).toBe('La Réunion');
    expect(report.accessPoints[0]!.readAt).toBe('2026-03-30T01:30:00');
  });

  it('synced from the simulator: today, the window and the month’s days are cut at Réunion midnight', async () => {
    const rig = await reunionRig();
    const client = rig.client({ login: LOGIN, password: PASSWORD });
    const store = openStore(mkdtempSync(join(tmpdir(), 'festime-reunion-')));
    onClose(async () => store.close());
    const a = ensureAccount(store.db, rig.url, LOGIN).id;
    expect(siteZone(store.db, a)).toBe('Europe/Paris'); // nothing known yet

    expect(recordTerminalZone(store.db, a, await client.terminalInfo())).toBe('Indian/Reunion');
    expect(detectedZone(store.db, a)).toBe('Indian/Reunion');
    expect(siteZone(store.db, a)).toBe('Indian/Reunion');

    const summary = await syncAccount(store.db, a, client, { now: () => NOW });
    expect(summary.to).toBe('2026-03-30'); // Paris would still say 2026-03-29
    expect(summary.from).toBe(addDays('2026-03-30', -89));
    expect(summary.days).toBe(90);
    expect(queryPunches(store.db, a, { uid: UID }, { limit: 100, order: 'asc' }).map((p) => p.at)).toEqual([
      '2026-03-28T23:30:00',
      '2026-03-29T03:30:00',
      '2026-03-30T00:30:00',
    ]);

    const { sheet } = loadMonth(store.db, a, '2026-03');
    expect(sheet.rules.timeZone).toBe('Indian/Reunion');
    const holder = sheet.holders.find((h) => h.uid === UID)!;
    const day = (d: string) => holder.days.find((x) => x.day === d);
    // 23:30 belongs to Saturday (the shift starts then): four real hours in Réunion, 3½ of them on Sunday, all at night.
    expect(day('2026-03-28')).toMatchObject({
      workedMs: 4 * HOUR,
      sundayMs: 3.5 * HOUR,
      nightMs: 4 * HOUR,
      firstArrival: '2026-03-28T23:30:00',
      lastDeparture: '2026-03-29T03:30:00',
    });
    expect(day('2026-03-29')).toBeUndefined();
    // 00:30 is Monday's: a shift still open at the end of the data.
    expect(day('2026-03-30')!.anomalies.map((x) => x.kind)).toEqual(['missing-departure']);

    // The same wall-clock punches read as Paris time would lose the hour Paris skipped that night.
    const paris = computeMonth('2026-03', [], timesheetPunches(store.db, a, '2026-03', UID), DEFAULT_RULES).holders[0]!;
    expect(paris.days.find((x) => x.day === '2026-03-28')!.workedMs).toBe(3 * HOUR);

    // A zone chosen in the settings wins over the terminals'; 'auto' gives them back.
    store.db.prepare('INSERT INTO settings (scope, key, value) VALUES (?, ?, ?)').run(accountScope(a), 'site-zone', 'America/Guadeloupe');
    expect(siteZone(store.db, a)).toBe('America/Guadeloupe');
    expect((await syncAccount(store.db, a, client, { now: () => NOW })).to).toBe('2026-03-29');
  });

  it('through the app: connect detects the zone, sync/run reads it when unknown, presence and the day follow Réunion', async () => {
    const rig = await reunionRig();
    const dataDir = mkdtempSync(join(tmpdir(), 'festime-reunion-'));
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
      now: () => NOW,
      deliver: async () => ({ savedTo: null, download: null }),
    });
    onClose(() => service.close());
    const dispatch = createDispatcher(service.handlers, () => 'fr');
    const call = async <T = unknown>(method: string, input: unknown = {}): Promise<T> => {
      const r = await dispatch(method, input, { trusted: true });
      if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
      return r.value as T;
    };

    const account = await call('accounts/connect', { server: rig.url, login: LOGIN, password: PASSWORD });
    expect(await call('settings/get')).toMatchObject({ timeZone: 'auto', siteZone: 'Indian/Reunion' });

    // Forgotten (an account from before zones were kept): the next sync asks the terminals first.
    const side = openStore(dataDir);
    side.db.prepare("DELETE FROM settings WHERE key = 'site-zone-detected'").run();
    side.close();
    expect(await call('settings/get')).toMatchObject({ siteZone: 'Europe/Paris' });
    const before = rig.sim.requests.length;
    await call('sync/run', { full: false });
    expect(rig.sim.requests.slice(before).map((r) => r.fonction)).toEqual(['global_get_infos_iot', 'pointage']);
    expect(await call('settings/get')).toMatchObject({ siteZone: 'Indian/Reunion' });
    const status = await call<{ lastRun: { outcome: string } }>('sync/status');
    expect(status.lastRun.outcome).toBe('ok');

    const presence = await call<{ day: string; people: { uid: string; state: string; since: string }[]; hours: number[] }>('presence/day');
    expect(presence.day).toBe('2026-03-30');
    expect(presence.people).toEqual([expect.objectContaining({ uid: UID, state: 'in', since: '2026-03-30T00:30:00' })]);
    expect(presence.hours[0]).toBe(1);
    expect(presence.hours[2]).toBe(0); // "now" is 01:30 there

    const day = await call<{ figures: { workedMs: number; sundayMs: number } }>('timesheet/day', { uid: UID, day: '2026-03-28' });
    expect(day.figures).toMatchObject({ workedMs: 4 * HOUR, sundayMs: 3.5 * HOUR });

    // The override, through the contract: a terminal's name or an IANA zone; 'auto' goes back to the terminals'.
    expect(await call('settings/set', { timeZone: 'Guadeloupe' })).toMatchObject({ timeZone: 'America/Guadeloupe', siteZone: 'America/Guadeloupe' });
    expect(await call('settings/set', { timeZone: 'auto' })).toMatchObject({ timeZone: 'auto', siteZone: 'Indian/Reunion' });
    expect(account).toMatchObject({ login: LOGIN });
  });
});
