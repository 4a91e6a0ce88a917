// The Festime client against the simulator over real loopback HTTP: the eight functions of the
// specification, URL encoding, connection use of writes, retries, server addresses, and input
// refused before anything is sent.
import { createServer as createTcpServer, connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { DEFAULT_SERVER, type Punch } from '../../shared/festime';
import {
  FestimeBadAnswerError,
  FestimeNetworkError,
  type FestimeDeskError,
  FestimeRefusedError,
  ServerAddressError,
  ValidationError,
} from '../../main/core/errors';
import { demoSite } from '../../main/core/festime/simulator/demo-site';
import { createFestimeClient } from '../../main/core/festime/client';
import { DEMO_LOGIN, DEMO_PASSWORD, MARIO, START, caught, closeAll, onClose, parisDay, parisTime, startRig, thrown } from './harness';

afterEach(closeAll);

const LEFEVRE = { nom: 'LEFÈVRE', prenom: 'Sébastien', uid: '100224057' } as const;
const WRITES = new Set([
  'ajouter_utilisateur_dans_festime',
  'modifier_utilisateur_dans_festime',
  'effacer_utilisateur_dans_festime',
  'global_transfert_to_iot_utilisateurs',
  'global_transfert_to_iot_motifs',
  'global_vider_iot',
]);

function expectWellFormed(punches: readonly Punch[], now: Date): void {
  expect(punches.length).toBeGreaterThan(0);
  const ids = punches.map((p) => p.id);
  expect(new Set(ids).size).toBe(ids.length);
  const times = punches.map((p) => p.at);
  expect(times).toEqual([...times].sort());
  const limit = parisTime(now);
  for (const p of punches) expect(p.at <= limit, `${p.id} at ${p.at} is later than ${limit}`).toBe(true);
}

const days = (punches: readonly Punch[]) => [...new Set(punches.map((p) => p.at.slice(0, 10)))].sort();

describe('pointage', () => {
  test('today: only today’s punches (Paris), none after the clock, unique ids in time order', async () => {
    const rig = await startRig();
    const answer = await rig.client().pointage();
    expectWellFormed(answer.punches.toArray(), START);
    expect(days(answer.punches.toArray())).toEqual(['2026-03-18']);
    expect(new Set(answer.punches.toArray().map((p) => p.type))).toEqual(new Set(['A', 'P', 'D']));
    // The night guard's departure of this morning closes the shift that began yesterday evening.
    expect(answer.punches.toArray()[0]).toMatchObject({ name: 'D’ARTOIS Jean-Noël', type: 'D', at: '2026-03-18T05:28:34' });
    expect(answer.punches.toArray().map((p) => p.id)).toEqual(rig.sim.punches(DEMO_LOGIN, '2026-03-18', '2026-03-18').map((p) => p.id));
    expect(rig.sim.requests).toMatchObject([{ fonction: 'pointage', login: DEMO_LOGIN, params: {} }]);
  });

  test('since a day: that day to today, never older than 90 days', async () => {
    const rig = await startRig();
    const client = rig.client();

    const recent = await client.pointage({ since: '2026-03-16' });
    expectWellFormed(recent.punches.toArray(), START);
    expect(days(recent.punches.toArray())).toEqual(['2026-03-16', '2026-03-17', '2026-03-18']);

    const all = await client.pointage({ since: '2025-06-01' });
    expectWellFormed(all.punches.toArray(), START);
    const seen = days(all.punches.toArray());
    // 90 days including today: 2025-12-19 … 2026-03-18.
    expect(seen[0]).toBe(parisDay(START, -89));
    expect(seen.at(-1)).toBe('2026-03-18');
    expect(all.punches.toArray().length).toBeGreaterThan(6_000);
    expect(rig.sim.requests.map((r) => r.params.date)).toEqual(['16/03/2026', '01/06/2025']);
  });

  test('one day with “!”: that day only; nothing beyond 90 days or in the future', async () => {
    const rig = await startRig();
    const client = rig.client();
    const day = await client.pointage({ day: '2026-03-10' });
    expectWellFormed(day.punches.toArray(), START);
    expect(days(day.punches.toArray())).toEqual(['2026-03-10']);
    const since = await client.pointage({ since: '2026-03-09' });
    expect(since.punches.toArray().filter((p) => p.at.startsWith('2026-03-10'))).toEqual(day.punches.toArray());

    expect((await client.pointage({ day: parisDay(START, -89) })).punches.toArray().length).toBeGreaterThan(0);
    expect((await client.pointage({ day: parisDay(START, -90) })).punches.toArray()).toEqual([]);
    expect((await client.pointage({ day: '2026-03-19' })).punches.toArray()).toEqual([]);
    expect(rig.sim.requests.map((r) => r.params.date)).toEqual(['!10/03/2026', '09/03/2026', '!19/12/2025', '!18/12/2025', '!19/03/2026']);
  });

  test('“today” and the 90 days follow the clock in Paris, not in UTC', async () => {
    // 23:30 UTC on the 18th is already 00:30 on the 19th in Paris.
    const now = new Date('2026-03-18T23:30:00Z');
    const rig = await startRig({ now });
    const client = rig.client();
    expect((await client.pointage()).punches.toArray()).toEqual([]);
    const all = await client.pointage({ since: '2025-01-01' });
    expectWellFormed(all.punches.toArray(), now);
    expect(days(all.punches.toArray())[0]).toBe('2025-12-20');
    expect(all.punches.toArray().at(-1)).toMatchObject({ name: 'D’ARTOIS Jean-Noël', type: 'A', at: '2026-03-18T20:55:41' });
  });

  test('moving the clock forward makes new punches appear, and the earlier ones stay', async () => {
    const rig = await startRig({ now: new Date('2026-03-18T07:00:00+01:00') });
    const client = rig.client();
    const early = await client.pointage();
    rig.clock.now = new Date('2026-03-18T18:30:00+01:00');
    const late = await client.pointage();
    expectWellFormed(late.punches.toArray(), rig.clock.now);
    expect(late.punches.toArray().length).toBeGreaterThan(early.punches.toArray().length + 50);
    expect(late.punches.toArray().slice(0, early.punches.toArray().length)).toEqual(early.punches.toArray());

    rig.clock.now = new Date('2026-03-19T09:00:00+01:00');
    const nextDay = await client.pointage();
    expect(days(nextDay.punches.toArray())).toEqual(['2026-03-19']);
    const both = await client.pointage({ since: '2026-03-18' });
    expect(both.punches.toArray().length).toBe(late.punches.toArray().length + 1 /* the guard's A at 20:55 */ + nextDay.punches.toArray().length);
  });

  test('a punch uploaded late for a past day shows up; one Festime drops disappears', async () => {
    const rig = await startRig();
    const client = rig.client();
    const before = await client.pointage({ day: '2026-03-10' });
    const late = rig.sim.addPunch(DEMO_LOGIN, { uid: LEFEVRE.uid, type: 'D', at: '2026-03-10T19:45:00' });

    const after = await client.pointage({ day: '2026-03-10' });
    expect(after.punches.toArray()).toHaveLength(before.punches.toArray().length + 1);
    expect(after.punches.toArray().find((p) => p.id === late.id)).toMatchObject({
      uid: LEFEVRE.uid,
      name: 'LEFÈVRE Sébastien',
      type: 'D',
      at: '2026-03-10T19:45:00',
    });
    expect((await client.pointage({ since: '2026-03-01' })).punches.toArray().some((p) => p.id === late.id)).toBe(true);

    rig.sim.removePunch(DEMO_LOGIN, late.id);
    const removed = await client.pointage({ day: '2026-03-10' });
    expect(removed.punches.toArray().map((p) => p.id)).toEqual(before.punches.toArray().map((p) => p.id));
  });
});

describe('badge holders', () => {
  test('add: Festime’s exact OK text; adding the same uid again is refused with Festime’s words', async () => {
    const rig = await startRig();
    const client = rig.client();
    expect(await client.addHolder(MARIO)).toEqual({ ok: true, text: 'Utilisateur ajouté dans Festime', remark: 'DUPONT / Mario / 858745632' });
    expect(rig.sim.account(DEMO_LOGIN).users.get(MARIO.uid)).toEqual({ nom: 'DUPONT', prenom: 'Mario' });

    const error = await caught(client.addHolder(MARIO), FestimeRefusedError);
    expect(error.festimeText).toContain('UID fourni existe déjà');
    expect(error.localized('fr')).toContain('UID fourni existe déjà');
    expect(error.localized('en')).toContain('UID fourni existe déjà');
    expect(rig.sim.requests.filter((r) => r.fonction === 'ajouter_utilisateur_dans_festime')).toHaveLength(2);
  });

  test('edit renames the holder, also in later punches; editing an unknown uid is refused', async () => {
    const rig = await startRig();
    const client = rig.client();
    await client.addHolder(MARIO);
    expect(await client.editHolder({ ...MARIO, prenom: 'Mario Sylva' })).toEqual({
      ok: true,
      text: 'Utilisateur modifié dans Festime',
      remark: 'DUPONT / Mario Sylva / 858745632',
    });
    expect(rig.sim.account(DEMO_LOGIN).users.get(MARIO.uid)).toEqual({ nom: 'DUPONT', prenom: 'Mario Sylva' });

    await client.editHolder({ ...LEFEVRE, nom: 'LEFÈVRE-MARTIN' });
    const punches = (await client.pointage({ day: '2026-03-10' })).punches.toArray().filter((p) => p.uid === LEFEVRE.uid);
    expect(punches.length).toBeGreaterThan(0);
    for (const p of punches) expect(p.name).toBe('LEFÈVRE-MARTIN Sébastien');

    const error = await caught(client.editHolder({ nom: 'INCONNU', prenom: 'Personne', uid: '1' }), FestimeRefusedError);
    expect(error.festimeText).toContain('UID fourni inconnu');
    expect(rig.sim.account(DEMO_LOGIN).users.has('1')).toBe(false);
  });

  test('delete removes the holder; deleting again is refused', async () => {
    const rig = await startRig();
    const client = rig.client();
    await client.addHolder({ ...MARIO, prenom: 'Mario Sylva' });
    expect(await client.deleteHolder({ ...MARIO, prenom: 'Mario Sylva' })).toEqual({
      ok: true,
      text: 'Utilisateur effacé dans Festime',
      remark: 'DUPONT / Mario Sylva / 858745632',
    });
    expect(rig.sim.account(DEMO_LOGIN).users.has(MARIO.uid)).toBe(false);
    const error = await caught(client.deleteHolder(MARIO), FestimeRefusedError);
    expect(error.festimeText).toContain('UID fourni inconnu');
  });
});

describe('terminals', () => {
  test('the terminal info describes each access point as Festime reads it now', async () => {
    const rig = await startRig();
    const info = await rig.client().terminalInfo();
    expect(info.declaredCount).toBe(2);
    expect(info.accessPoints).toMatchObject([
      {
        index: 1,
        accessPoint: 'Entrée atelier - Melun',
        serial: '8798',
        timeZone: 'France',
        status: 'ONLINE',
        readAt: '2026-03-18T15:30:00',
        usersLoaded: 25,
        reasonsLoaded: 3,
        parsed: true,
      },
      {
        index: 2,
        accessPoint: 'Accueil bureaux - Melun',
        serial: '9112',
        timeZone: 'France',
        status: 'ONLINE',
        readAt: '2026-03-18T15:30:00',
        usersLoaded: 25,
        reasonsLoaded: 3,
        parsed: true,
      },
    ]);
    for (const ap of info.accessPoints) expect(ap.lastScan! < '2026-03-18T15:30:00' && ap.lastScan! > '2026-03-18T15:28:00').toBe(true);
  });

  test('a new holder reaches the terminals only with pushUsers; emptyTerminals leaves 0 users and 0 reasons; pushReasons reloads the reasons', async () => {
    const rig = await startRig();
    const client = rig.client();
    const loaded = async () => (await client.terminalInfo()).accessPoints.map((ap) => [ap.usersLoaded, ap.reasonsLoaded]);

    await client.addHolder(MARIO);
    expect(await loaded()).toEqual([
      [25, 3],
      [25, 3],
    ]);

    const push = await client.pushUsers();
    expect(push.fonction).toBe('global_transfert_to_iot_utilisateurs');
    expect(push.declaredCount).toBe(2);
    expect(push.accessPoints).toMatchObject([
      { accessPoint: 'Entrée atelier - Melun', status: 'OK', terminal: '8798', count: 26, parsed: true },
      { accessPoint: 'Accueil bureaux - Melun', status: 'OK', terminal: '9112', count: 26, parsed: true },
    ]);
    expect(await loaded()).toEqual([
      [26, 3],
      [26, 3],
    ]);

    const empty = await client.emptyTerminals();
    expect(empty.accessPoints.map((ap) => [ap.status, ap.terminal])).toEqual([
      ['OK', '8798'],
      ['OK', '9112'],
    ]);
    expect(await loaded()).toEqual([
      [0, 0],
      [0, 0],
    ]);

    const reasons = await client.pushReasons();
    expect(reasons.accessPoints).toMatchObject([
      { status: 'OK', terminal: '8798', count: 3 },
      { status: 'OK', terminal: '9112', count: 3 },
    ]);
    expect(await loaded()).toEqual([
      [0, 3],
      [0, 3],
    ]);
  });

  test('an offline terminal gives a KO part in the transfer report and keeps its old list', async () => {
    const rig = await startRig();
    const client = rig.client();
    rig.sim.setTerminal(DEMO_LOGIN, 'Accueil bureaux - Melun', { online: false });
    await client.addHolder(MARIO);
    const report = await client.pushUsers();
    expect(report.accessPoints).toMatchObject([
      { accessPoint: 'Entrée atelier - Melun', status: 'OK', count: 26 },
      { accessPoint: 'Accueil bureaux - Melun', status: 'KO', parsed: true },
    ]);
    expect(report.accessPoints[1]!.message).toContain('9112');
    expect(report.accessPoints[1]!.message).toContain('pas connecté');
    const info = await client.terminalInfo();
    expect(info.accessPoints.map((ap) => [ap.status, ap.usersLoaded])).toEqual([
      ['ONLINE', 26],
      ['OFFLINE', 25],
    ]);
  });
});

describe('accounts', () => {
  test('a wrong password is refused by Festime for reads and writes, and changes nothing', async () => {
    const rig = await startRig();
    const client = rig.client({ password: 'Demo&Pass+45$ e' });
    for (const call of [() => client.pointage(), () => client.addHolder(MARIO), () => client.terminalInfo(), () => client.pushUsers()]) {
      const error = await caught(call(), FestimeRefusedError);
      expect(error.festimeText).toBe('Compte Festime inconnu ou mot de passe incorrect');
      expect(error.localized('fr')).toContain('mot de passe incorrect');
    }
    expect(rig.sim.account(DEMO_LOGIN).users.has(MARIO.uid)).toBe(false);
    // Refusals are not retried.
    expect(rig.sim.requests).toHaveLength(4);
  });

  test('a second account sees only its own site and holders', async () => {
    const rig = await startRig();
    const demo = rig.client();
    const boutique = rig.client({ login: 'boutique', password: 'Boutique#2026' });

    const shop = await boutique.pointage({ since: '2026-03-09' });
    expect(shop.punches.toArray().length).toBeGreaterThan(0);
    expect(new Set(shop.punches.toArray().map((p) => p.client))).toEqual(new Set(['BOUTIQUE DES TILLEULS - FONTAINEBLEAU']));
    expect(new Set(shop.punches.toArray().map((p) => p.accessPoint))).toEqual(new Set(['Boutique - Fontainebleau']));
    const workshop = await demo.pointage({ since: '2026-03-09' });
    expect(new Set(workshop.punches.toArray().map((p) => p.client))).toEqual(new Set(['MENUISERIE DES TILLEULS']));
    // The shop has 6 people, the workshop 25.
    expect(new Set(shop.punches.toArray().map((p) => p.uid)).size).toBeLessThanOrEqual(6);
    expect(new Set(workshop.punches.toArray().map((p) => p.uid)).size).toBeGreaterThan(6);

    await boutique.addHolder(MARIO);
    expect(rig.sim.account('boutique').users.has(MARIO.uid)).toBe(true);
    expect(rig.sim.account(DEMO_LOGIN).users.has(MARIO.uid)).toBe(false);
    expect(await demo.addHolder(MARIO)).toMatchObject({ ok: true });

    expect((await boutique.terminalInfo()).accessPoints.map((ap) => ap.serial)).toEqual(['10455']);
    await caught(rig.client({ login: 'boutique' }).pointage(), FestimeRefusedError);
  });
});

describe('URL encoding', () => {
  test('the demo password, with $ & + space é, is accepted by the server', async () => {
    for (const ch of ['$', '&', '+', ' ', 'é']) expect(DEMO_PASSWORD).toContain(ch);
    const rig = await startRig();
    expect((await rig.client().pointage()).punches.toArray().length).toBeGreaterThan(0);
  });

  test('a password full of URL syntax (% = # ? / + & ’) still logs in', async () => {
    const password = 'P%20a=b#c?d/e+f g&h$é’';
    const rig = await startRig({ accounts: [{ login: 'tilleuls', password, label: 'Tilleuls', site: demoSite() }] });
    const client = rig.client({ login: 'tilleuls', password });
    expect((await client.pointage()).punches.toArray().length).toBeGreaterThan(0);
    expect(await client.addHolder(MARIO)).toMatchObject({ ok: true });
    await caught(rig.client({ login: 'tilleuls', password: 'P a=b#c?d/e+f g&h$é’' }).pointage(), FestimeRefusedError);
  });

  test('names with accents, spaces and URL syntax round-trip exactly', async () => {
    const rig = await startRig();
    const client = rig.client();
    const holder = { nom: 'D’ARTOIS-LÉVÊQUE & FILS', prenom: 'Jean-Noël Zoé +1 %20 =?#/', uid: 'AB 12+3' };
    expect(await client.addHolder(holder)).toEqual({
      ok: true,
      text: 'Utilisateur ajouté dans Festime',
      remark: `${holder.nom} / ${holder.prenom} / ${holder.uid}`,
    });
    expect(rig.sim.account(DEMO_LOGIN).users.get(holder.uid)).toEqual({ nom: holder.nom, prenom: holder.prenom });

    const renamed = { ...holder, prenom: 'Marie-Hélène Œ æ ß Ł 漢字' };
    await client.editHolder(renamed);
    expect(rig.sim.account(DEMO_LOGIN).users.get(holder.uid)).toEqual({ nom: renamed.nom, prenom: renamed.prenom });
    rig.sim.addPunch(DEMO_LOGIN, { uid: holder.uid, type: 'A', at: '2026-03-18T08:00:00' });
    expect((await client.pointage()).punches.toArray().find((p) => p.uid === holder.uid)?.name).toBe(`${renamed.nom} ${renamed.prenom}`);

    // Surrounding spaces are trimmed before sending, inner ones kept.
    await client.addHolder({ nom: '  DE LA  FONTAINE ', prenom: ' Anne ', uid: ' 77 ' });
    expect(rig.sim.account(DEMO_LOGIN).users.get('77')).toEqual({ nom: 'DE LA  FONTAINE', prenom: 'Anne' });
  });
});

describe('connections and retries', () => {
  test('every write goes out on a fresh connection; reads may reuse theirs', async () => {
    const rig = await startRig();
    const client = rig.client();
    await client.pointage();
    await client.terminalInfo();
    await client.pointage({ day: '2026-03-17' });
    await client.addHolder(MARIO);
    await client.pointage();
    await client.editHolder({ ...MARIO, prenom: 'Mario Sylva' });
    await client.terminalInfo();
    await client.pushUsers();
    await client.pointage();
    await client.pushReasons();
    await client.deleteHolder(MARIO);
    await client.terminalInfo();
    await client.emptyTerminals();
    await client.pointage();

    const writes = rig.sim.requests.filter((r) => WRITES.has(r.fonction));
    const reads = rig.sim.requests.filter((r) => !WRITES.has(r.fonction));
    expect(writes.map((r) => r.fonction)).toEqual([
      'ajouter_utilisateur_dans_festime',
      'modifier_utilisateur_dans_festime',
      'global_transfert_to_iot_utilisateurs',
      'global_transfert_to_iot_motifs',
      'effacer_utilisateur_dans_festime',
      'global_vider_iot',
    ]);
    for (const w of writes) {
      expect(w.requestOnConnection, w.fonction).toBe(0);
      expect(
        rig.sim.requests.filter((r) => r.connection === w.connection),
        w.fonction,
      ).toHaveLength(1);
    }
    // The reads did share a keep-alive connection, so the writes had one to reuse and did not.
    expect(reads.some((r) => r.requestOnConnection > 0)).toBe(true);
  });

  test.each(['drop', 'http500'] as const)('a write is sent once, even when the server answers %s', async (kind) => {
    const rig = await startRig();
    const client = rig.client();
    const type: abstract new (...args: never[]) => FestimeDeskError = kind === 'drop' ? FestimeNetworkError : FestimeBadAnswerError;
    rig.sim.setFaults([{ kind, fonction: 'ajouter_utilisateur_dans_festime' }]);
    const error = await caught(client.addHolder(MARIO), type);
    expect(error.code).toBe(kind === 'drop' ? 'network.dropped' : 'festime.bad-answer');
    expect(rig.sim.requests.filter((r) => r.fonction === 'ajouter_utilisateur_dans_festime')).toHaveLength(1);
    expect(rig.events).toEqual([expect.objectContaining({ fonction: 'ajouter_utilisateur_dans_festime', attempt: 1, outcome: 'error' })]);

    rig.sim.setFaults([{ kind, fonction: 'global_transfert_to_iot_utilisateurs' }]);
    await caught(client.pushUsers(), type);
    expect(rig.sim.requests.filter((r) => r.fonction === 'global_transfert_to_iot_utilisateurs')).toHaveLength(1);
  });

  test.each([
    ['drop', 'pointage'],
    ['http500', 'pointage'],
    ['truncated', 'pointage'],
    ['drop', 'global_get_infos_iot'],
    ['http500', 'global_get_infos_iot'],
  ] as const)('a read that meets one %s (%s) is retried and succeeds', async (kind, fonction) => {
    const rig = await startRig();
    const client = rig.client();
    const expected = fonction === 'pointage' ? await client.pointage() : await client.terminalInfo();
    rig.sim.requests.length = 0;
    rig.events.length = 0;
    rig.sim.setFaults([{ kind, fonction, times: 1 }]);
    const again = fonction === 'pointage' ? await client.pointage() : await client.terminalInfo();
    expect(again).toEqual(expected);
    expect(rig.sim.requests.map((r) => r.fonction)).toEqual([fonction, fonction]);
    expect(rig.events.map((e) => [e.attempt, e.outcome])).toEqual([
      [1, 'error'],
      [2, 'ok'],
    ]);
  });

  test('a read that keeps failing stops after the policy’s attempts', async () => {
    const rig = await startRig();
    rig.sim.setFaults([{ kind: 'http500', fonction: 'pointage' }]);
    const error = await caught(rig.client().pointage(), FestimeBadAnswerError);
    expect(error.httpStatus).toBe(500);
    expect(rig.sim.requests).toHaveLength(3);
    expect(rig.events.map((e) => e.attempt)).toEqual([1, 2, 3]);
  });
});

/** A TCP relay on [::1] to the simulator (which listens on 127.0.0.1 only), or null without IPv6. */
async function ipv6Relay(targetPort: number): Promise<number | null> {
  const sockets = new Set<Socket>();
  const relay = createTcpServer((socket) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [socket, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    socket.pipe(upstream).pipe(socket);
    socket.on('close', () => upstream.destroy());
    upstream.on('close', () => socket.destroy());
  });
  try {
    await new Promise<void>((resolve, reject) => {
      relay.once('error', reject);
      relay.listen(0, '::1', resolve);
    });
  } catch {
    return null;
  }
  onClose(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        relay.close(() => resolve());
      }),
  );
  return (relay.address() as AddressInfo).port;
}

describe('server address', () => {
  test.each([
    ['plain http to a remote host', 'http://festime.mytiming.fr'],
    ['plain http to a LAN address', 'http://192.168.1.20:8080'],
    ['plain http to a name that only starts like localhost', 'http://localhost.example.com'],
    ['an https URL with credentials', 'https://demo:secret@festime.mytiming.fr'],
    ['an https URL with a user name', 'https://demo@festime.mytiming.fr'],
    ['another scheme', 'ftp://festime.mytiming.fr'],
    ['no scheme', 'festime.mytiming.fr'],
    ['nothing', '   '],
  ])('refused before any request: %s', async (_label, server) => {
    const rig = await startRig();
    const error = thrown(() => rig.client({ server }), ServerAddressError);
    expect(error.code).toBe('config.server');
    expect(error.localized('fr')).toContain('https://');
    expect(error.localized('en')).toContain('https://');
    expect(rig.sim.requests).toEqual([]);
  });

  test('an http URL with credentials to the simulator itself is refused, and nothing reaches it', async () => {
    const rig = await startRig();
    const withUser = rig.url.replace('http://', `http://${DEMO_LOGIN}:x@`);
    thrown(() => rig.client({ server: withUser }), ServerAddressError);
    thrown(() => rig.client({ server: `${rig.url}/webapi.aspx?login=demo` }), ServerAddressError);
    expect(rig.sim.requests).toEqual([]);
  });

  test('the default https address is accepted and normalised', async () => {
    const rig = await startRig();
    expect(rig.client({ server: DEFAULT_SERVER }).server).toBe('https://festime.mytiming.fr');
    expect(rig.client({ server: ' https://festime.mytiming.fr/ ' }).server).toBe('https://festime.mytiming.fr');
    expect(rig.client({ server: 'https://festime.mytiming.fr:8443/api/' }).server).toBe('https://festime.mytiming.fr:8443/api');
    expect(rig.sim.requests).toEqual([]);
  });

  test('http://localhost:… is accepted and reaches the simulator', async () => {
    const rig = await startRig();
    const client = rig.client({ server: rig.url.replace('127.0.0.1', 'localhost') });
    expect((await client.pointage()).punches.toArray().length).toBeGreaterThan(0);
    expect(rig.sim.requests).toHaveLength(1);
  });

  test('http://[::1]:… is accepted and reaches the simulator', async (ctx) => {
    const rig = await startRig();
    const port = await ipv6Relay(Number(new URL(rig.url).port));
    if (port === null) return ctx.skip('no IPv6 loopback on this machine');
    const client = rig.client({ server: `http://[::1]:${port}/` });
    expect(client.server).toBe(`http://[::1]:${port}`);
    expect((await client.pointage()).punches.toArray().length).toBeGreaterThan(0);
    expect(rig.sim.requests).toHaveLength(1);
  });

  test('createFestimeClient itself checks the address, whatever the transport', () => {
    let used = false;
    const transport = async () => {
      used = true;
      return { status: 200, contentType: null, body: new Uint8Array() };
    };
    thrown(() => createFestimeClient({ server: 'http://example.com', login: 'a', password: 'b', transport }), ServerAddressError);
    expect(used).toBe(false);
  });
});

describe('input validation before anything is sent', () => {
  const LABELS = {
    nom: { fr: '« Nom »', en: '“Last name”', max: 60 },
    prenom: { fr: '« Prénom »', en: '“First name”', max: 60 },
    uid: { fr: '« UID (badge) »', en: '“UID (badge)”', max: 40 },
  } as const;
  const BAD = [
    ['empty', () => '', 'required'],
    ['blank', () => '   ', 'required'],
    ['with “;”', () => 'DU;PONT', 'forbidden'],
    ['with “~”', () => 'DU~PONT', 'forbidden'],
    ['with a line feed', () => 'DU\nPONT', 'forbidden'],
    ['with a tab', () => 'DU\tPONT', 'forbidden'],
    ['with U+2028', () => 'DU\u2028PONT', 'forbidden'],
    ['too long', (max: number) => 'É'.repeat(max + 1), 'tooLong'],
  ] as const;
  const cases = (['nom', 'prenom', 'uid'] as const).flatMap((field) => BAD.map(([label, value, rule]) => [field, label, value, rule] as const));

  test.each(cases)('%s %s is refused, naming the field, for add, edit and delete', async (field, _label, value, rule) => {
    const rig = await startRig();
    const client = rig.client();
    const holder = { ...MARIO, [field]: value(LABELS[field].max) };
    for (const call of [client.addHolder, client.editHolder, client.deleteHolder]) {
      const error = await caught(call(holder), ValidationError);
      expect(error.code).toBe('validation.field');
      expect(error.issues[0]).toMatchObject({ field, rule });
      expect(error.localized('fr')).toContain(LABELS[field].fr);
      expect(error.localized('en')).toContain(LABELS[field].en);
      expect(error.message).toBe(error.localized('en'));
      if (rule === 'tooLong') expect(error.localized('fr')).toContain(String(LABELS[field].max));
    }
    expect(rig.sim.requests).toEqual([]);
    expect(rig.events).toEqual([]);
  });

  test('names exactly at the length limit (counted in characters) are sent', async () => {
    const rig = await startRig();
    const holder = { nom: 'É'.repeat(60), prenom: 'Zoé'.repeat(20), uid: '9'.repeat(40) };
    expect(await rig.client().addHolder(holder)).toMatchObject({ ok: true });
    expect(rig.sim.account(DEMO_LOGIN).users.get(holder.uid)).toEqual({ nom: holder.nom, prenom: holder.prenom });
  });

  test('a date that is not a real YYYY-MM-DD day is refused before sending', async () => {
    const rig = await startRig();
    const client = rig.client();
    for (const query of [{ day: '2026-02-30' }, { since: '18/03/2026' }, { since: '2026-3-1' }]) {
      const error = await caught(client.pointage(query), ValidationError);
      expect(error.issues[0]).toMatchObject({ field: 'date', rule: 'date' });
      expect(error.localized('fr')).toContain('« Date »');
      expect(error.localized('en')).toContain('“Date”');
    }
    expect(rig.sim.requests).toEqual([]);
  });
});
