// The evacuation roll call on a real SQLite file: who is on site since their ARRIVAL (not a break's
// return), who came and left, who was expected today and has not badged (by contract, or by habit
// without one), and the time of the data the list is made from.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RollCallView } from '../../shared/api';
import type { EmployeeSet } from '../../shared/employees';
import { createAppService } from '../../main/core/app/service';
import { addAbsence, setEmployee } from '../../main/core/employees/store';
import { applyAccepted } from '../../main/core/holders/register';
import { replaceBadge } from '../../main/core/holders/replace';
import { noopLogger } from '../../main/core/log';
import { openStore, type Store } from '../../main/core/store';
import { ensureAccount } from '../../main/core/store/accounts';
import { punchWriter } from '../../main/core/store/punches';
import { rollCall } from '../../main/core/timesheet/presence';
import { createDispatcher } from '../../main/ipc/dispatcher';
import { memoryCredentials } from '../helpers/credentials';
import { parsedPunch } from '../helpers/punches';

/** Wednesday 25 November 2026, 14:00 at the site (Paris, UTC+1). */
const TODAY = '2026-11-25';
const NOW_LOCAL = `${TODAY}T14:00:00`;

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

const NAMES: Record<string, [string, string]> = {
  '1': ['BOYER', 'Zoé'],
  '2': ['ANDRÉ', 'Thomas'],
  '3': ['CARON', 'Luc'],
  '4': ['DUPONT', 'Marie'],
  '5': ['MARTIN', 'Paul'],
  '6': ['PETIT', 'Jean'],
  '7': ['ROUX', 'Anne'],
  '8': ['LEROY', 'Eva'],
  '9': ['GARNIER', 'Léo'],
  '10': ['FAURE', 'Inès'],
  '11': ['MOREL', 'Hugo'],
};

function site(dataDir = mkdtempSync(join(tmpdir(), 'festime-rollcall-'))) {
  const store = openStore(dataDir);
  stores.push(store);
  const db = store.db;
  const a = ensureAccount(db, 'https://festime.example.fr', 'site').id;
  for (const [uid, [nom, prenom]] of Object.entries(NAMES)) applyAccepted(db, a, 'add', uid, nom, prenom, '2026-01-01T00:00:00Z');
  let id = 0;
  const punch = (uid: string, type: 'A' | 'D' | 'P', at: string, accessPoint = 'Entrée') =>
    parsedPunch(++id, uid, type, at, { name: NAMES[uid]!.join(' '), accessPoint });
  punchWriter(db, a).insert(
    [
      // On site since 08:00: a coffee break at 10:00, back at 10:15 through another door.
      punch('1', 'A', `${TODAY}T08:00:00`),
      punch('1', 'P', `${TODAY}T10:00:00`),
      punch('1', 'A', `${TODAY}T10:15:00`, 'Atelier'),
      // On a break now.
      punch('2', 'A', `${TODAY}T09:00:00`, 'Quai'),
      punch('2', 'P', `${TODAY}T12:30:00`),
      // Came and left.
      punch('3', 'A', `${TODAY}T07:00:00`),
      punch('3', 'D', `${TODAY}T12:00:00`, 'Sortie'),
      // No contract: badged on two of the last four Wednesdays (habit), and the other on one only.
      punch('8', 'A', '2026-11-18T08:00:00'),
      punch('8', 'A', '2026-11-04T08:00:00'),
      punch('9', 'A', '2026-11-18T08:00:00'),
      punch('9', 'A', '2026-11-24T08:00:00'),
      punch('9', 'A', '2026-11-17T08:00:00'),
      // A night shift from yesterday, gone this morning.
      punch('10', 'A', '2026-11-24T22:00:00'),
      punch('10', 'D', `${TODAY}T06:00:00`),
    ],
    '2026-11-25T13:00:00Z',
  );
  const set = (uid: string, change: Omit<EmployeeSet, 'uid'>) => setEmployee(db, a, { uid, ...change }, TODAY, 'gerante');
  set('4', {}); // Monday to Friday by default
  set('5', {});
  addAbsence(db, a, { uid: '5', from: '2026-11-23', to: '2026-11-27', code: 'CP', comment: 'congés' }, 'gerante');
  set('6', { start: '2020-01-01', end: '2026-11-20' }); // employment ended
  set('7', { days: ['mon', 'tue'] }); // not a working day
  set('11', {});
  addAbsence(db, a, { uid: '11', from: TODAY, code: 'RTT', half: 'am', comment: 'matin' }, 'gerante');
  return { db, a, store };
}

describe('the roll call', () => {
  it('on site since the arrival that began the stay, a break noted; left with the departure; expected by contract or habit', () => {
    const { db, a } = site();
    const view = rollCall(db, a, { today: TODAY, nowLocal: NOW_LOCAL, lastSyncLocal: `${TODAY}T13:58:00` });
    expect(view.onSite).toEqual([
      { uid: '2', name: 'ANDRÉ Thomas', arrivedAt: `${TODAY}T09:00:00`, accessPoint: 'Quai', pause: true },
      { uid: '1', name: 'BOYER Zoé', arrivedAt: `${TODAY}T08:00:00`, accessPoint: 'Entrée', pause: false },
    ]);
    expect(view.left).toEqual([
      { uid: '3', name: 'CARON Luc', leftAt: `${TODAY}T12:00:00`, accessPoint: 'Sortie' },
      { uid: '10', name: 'FAURE Inès', leftAt: `${TODAY}T06:00:00`, accessPoint: 'Entrée' },
    ]);
    // Not expected: 5 (paid leave today), 6 (employment ended), 7 (Wednesday is not one of their days), 9 (one Wednesday only).
    expect(view.expected).toEqual([
      { uid: '4', name: 'DUPONT Marie', basis: 'contract', half: null },
      { uid: '8', name: 'LEROY Eva', basis: 'habit', half: null },
      { uid: '11', name: 'MOREL Hugo', basis: 'contract', half: 'am' },
    ]);
    expect(view).toMatchObject({ day: TODAY, dataAt: `${TODAY}T13:58:00`, dataFrom: 'sync' });
  });

  it('a night shift begun yesterday is on site since its arrival; a stay open 16 h is a forgotten departure, not a presence', () => {
    const { db, a } = site();
    const early = rollCall(db, a, { today: TODAY, nowLocal: `${TODAY}T05:00:00`, lastSyncLocal: null });
    expect(early.onSite.map((p) => [p.uid, p.arrivedAt])).toEqual([['10', '2026-11-24T22:00:00']]);
    // The night worker is here: not listed as expected-but-absent.
    expect(early.expected.map((p) => p.uid)).not.toContain('10');
    // Never synced: the data's time is the newest punch in the cache up to now.
    expect(early).toMatchObject({ dataAt: `${TODAY}T12:30:00`, dataFrom: 'punches' });
    const late = rollCall(db, a, { today: '2026-11-26', nowLocal: '2026-11-26T09:00:00', lastSyncLocal: null });
    expect(late.onSite.map((p) => p.uid)).toEqual([]); // 2 and 1 never badged out yesterday: 20 h ago
  });

  it('a replaced badge is its person: on site under the new badge, the old one never « expected »', () => {
    const { db, a } = site();
    // LEROY Eva (expected by habit on the old badge 8) lost her card this morning: badge 80 now,
    // Festime's deletion of the old badge not yet sent.
    replaceBadge(db, a, '8', '80', 'gerante', new Date(`${TODAY}T08:00:00Z`));
    punchWriter(db, a).insert([parsedPunch(1000, '80', 'A', `${TODAY}T09:30:00`, { name: 'LEROY Eva', accessPoint: 'Entrée' })], `${TODAY}T13:00:00Z`);
    const view = rollCall(db, a, { today: TODAY, nowLocal: NOW_LOCAL, lastSyncLocal: null });
    expect(view.onSite.filter((p) => p.name === 'LEROY Eva')).toEqual([
      { uid: '80', name: 'LEROY Eva', arrivedAt: `${TODAY}T09:30:00`, accessPoint: 'Entrée', pause: false },
    ]);
    expect(view.expected.map((p) => p.uid)).toEqual(['4', '11']);
  });

  it('through the app: presence/rollcall in the site’s day, its data time from the last good sync', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'festime-rollcall-'));
    site(dataDir).store.close();
    stores.length = 0;
    const service = createAppService({
      dataDir,
      version: 'test',
      credentials: memoryCredentials(),
      transport: async () => {
        throw new Error('the roll call reads the cache only');
      },
      emit: () => undefined,
      lang: () => 'fr',
      actor: 'gerante',
      logger: noopLogger,
      now: () => new Date('2026-11-25T13:00:00Z'),
      deliver: async () => ({ savedTo: null, download: null }),
    });
    try {
      const dispatch = createDispatcher(service.handlers, () => 'fr');
      const r = await dispatch('presence/rollcall', {}, { trusted: true });
      if (!r.ok) throw new Error(r.error.message);
      const view = r.value as RollCallView;
      expect(view.day).toBe(TODAY);
      expect(view.onSite.map((p) => p.uid)).toEqual(['2', '1']);
      expect(view.expected.map((p) => p.uid)).toEqual(['4', '8', '11']);
      expect(view).toMatchObject({ dataAt: `${TODAY}T12:30:00`, dataFrom: 'punches' });
    } finally {
      await service.close();
    }
  });
});
