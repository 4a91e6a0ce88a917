// A change whose answer was lost is settled by asking Festime the same thing again, or by reading
// its punches — never by another write. A create whose badge Festime already gives another person
// (MARTIN Paul) becomes « à vérifier » and waits for the manager: keep Festime's holder, or give our
// person another badge. Real parts: the simulator over loopback HTTP (it applies the change, then
// the answer is lost), a real SQLite file, the real sync engine reading the punches; a pinned clock.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../main/core/errors';
import { createFestimeClient, type FestimeClient } from '../../main/core/festime/client';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { createNodeTransport, type NodeTransport } from '../../main/core/festime/transport';
import { enqueue, getEntry, pendingEntries, resolveConflict, sendPending } from '../../main/core/holders/outbox';
import { listHolders } from '../../main/core/holders/register';
import { ensureAccount } from '../../main/core/store/accounts';
import { openStore, type Store } from '../../main/core/store';
import { syncAccount } from '../../main/core/sync/engine';

// Friday 20 November 2026, 12:00 in Paris.
const NOW = new Date('2026-11-20T11:00:00Z');
const ZONE = 'Europe/Paris';
const TAKEN = '555002';
const DURAND = { nom: 'DURAND', prenom: 'Jean', uid: TAKEN };

let sim: Simulator;
let transport: NodeTransport;
let client: FestimeClient;
let store: Store;
let accountId: number;

beforeEach(async () => {
  sim = createSimulator({ now: () => NOW });
  const url = await sim.listen();
  transport = createNodeTransport();
  client = createFestimeClient({
    server: url,
    login: 'demo',
    password: DEMO_PASSWORD,
    transport,
    timeoutMs: 2_000,
    retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  });
  store = openStore(mkdtempSync(join(tmpdir(), 'festime-replay-')));
  accountId = ensureAccount(store.db, url, 'demo').id;
});
afterEach(async () => {
  store.close();
  await transport.close();
  await sim.close();
});

const send = () => sendPending(store.db, accountId, client, { now: () => NOW });
const readPunches = () => syncAccount(store.db, accountId, client, { now: () => NOW, zone: ZONE });
const holder = (uid: string) => listHolders(store.db, accountId).find((h) => h.uid === uid);
/** How many requests of each function the simulator received. */
const sent = () => {
  const counts: Record<string, number> = {};
  for (const r of sim.requests) if (r.fonction.includes('utilisateur')) counts[r.fonction] = (counts[r.fonction] ?? 0) + 1;
  return counts;
};
/** MARTIN Paul holds badge 555002 at Festime and has badged this morning; the cache has read it. */
async function martinHoldsTheBadge() {
  sim.account('demo').users.set(TAKEN, { nom: 'MARTIN', prenom: 'Paul' });
  sim.addPunch('demo', { uid: TAKEN, type: 'A', at: '2026-11-20T08:02:00' });
  await readPunches();
  expect(holder(TAKEN)).toMatchObject({ nom: 'MARTIN', prenom: 'Paul', source: 'punches' });
}
/** Our create of DURAND Jean on 555002, whose answer is lost; asked again, Festime says the badge exists. */
async function createLostThenAskedAgain() {
  sim.setFaults([{ kind: 'lost-answer', fonction: 'ajouter_utilisateur_dans_festime', times: 1 }]);
  const entry = enqueue(store.db, accountId, 'add', DURAND, 'gerante');
  const first = await send();
  expect(first.map((r) => [r.entry.id, r.entry.state, r.error?.outcomeUnknown])).toEqual([[entry.id, 'unknown', true]]);
  const second = await send();
  expect(second.map((r) => [r.entry.id, r.entry.state])).toEqual([[entry.id, 'conflict']]);
  return entry;
}

it('a replayed create of a badge Festime gives MARTIN Paul: no modify sent, « à vérifier », MARTIN Paul unchanged, the badge held back', async () => {
  await martinHoldsTheBadge();
  const entry = await createLostThenAskedAgain();
  // Asked again with the same create, never with a modify (which would have renamed MARTIN Paul).
  expect(sent()).toEqual({ ajouter_utilisateur_dans_festime: 2 });
  expect(sim.account('demo').users.get(TAKEN)).toEqual({ nom: 'MARTIN', prenom: 'Paul' });
  expect(getEntry(store.db, accountId, entry.id)).toMatchObject({ state: 'conflict', errorCode: 'holders.uid-taken' });
  expect(getEntry(store.db, accountId, entry.id)!.festimeText).toContain('UID fourni existe déjà');
  expect(holder(TAKEN)).toMatchObject({ nom: 'MARTIN', prenom: 'Paul', pending: 'conflict', pendingId: entry.id });

  // A later change for that badge waits for the choice; another person's change goes out.
  const rename = enqueue(store.db, accountId, 'edit', { ...DURAND, prenom: 'Jean-Marc' }, 'gerante');
  const other = enqueue(store.db, accountId, 'add', { nom: 'NOUVEAU', prenom: 'Léon', uid: '555777' }, 'gerante');
  const third = await send();
  expect(third.map((r) => [r.entry.id, r.entry.state])).toEqual([[other.id, 'ok']]);
  expect(sent()).toEqual({ ajouter_utilisateur_dans_festime: 3 });
  expect(getEntry(store.db, accountId, rename.id)!.state).toBe('queued');
  expect(sim.account('demo').users.get(TAKEN)).toEqual({ nom: 'MARTIN', prenom: 'Paul' });
});

it('the manager keeps Festime’s holder: our change and the one after it are dropped, nothing is sent, the register says MARTIN Paul', async () => {
  await martinHoldsTheBadge();
  const entry = await createLostThenAskedAgain();
  const rename = enqueue(store.db, accountId, 'edit', { ...DURAND, prenom: 'Jean-Marc' }, 'gerante');
  const before = sim.requests.length;
  const { closed, created } = resolveConflict(store.db, accountId, TAKEN, { keepFestime: true }, 'gerante', NOW);
  expect(closed).toMatchObject({ id: entry.id, state: 'cancelled', errorCode: 'holders.kept-festime' });
  expect(created).toBeNull();
  expect(getEntry(store.db, accountId, rename.id)).toMatchObject({ state: 'cancelled', errorCode: 'holders.kept-festime' });
  expect(pendingEntries(store.db, accountId)).toEqual([]);
  expect(await send()).toEqual([]);
  expect(sim.requests).toHaveLength(before);
  expect(sim.account('demo').users.get(TAKEN)).toEqual({ nom: 'MARTIN', prenom: 'Paul' });
  expect(holder(TAKEN)).toMatchObject({ nom: 'MARTIN', prenom: 'Paul', pending: 'none' });
  // A decision once made stays made: there is nothing left to decide for that badge.
  expect(() => resolveConflict(store.db, accountId, TAKEN, { keepFestime: true }, 'gerante', NOW)).toThrow(NotFoundError);
});

it('the manager gives DURAND Jean another badge: created under it, the later rename follows him, MARTIN Paul untouched', async () => {
  await martinHoldsTheBadge();
  const entry = await createLostThenAskedAgain();
  const rename = enqueue(store.db, accountId, 'edit', { ...DURAND, prenom: 'Jean-Marc' }, 'gerante');
  // A number that already served is refused, as for any new badge.
  expect(() => resolveConflict(store.db, accountId, TAKEN, { newUid: TAKEN }, 'gerante', NOW)).toThrow(ValidationError);
  const { closed, created } = resolveConflict(store.db, accountId, TAKEN, { newUid: '555099' }, 'gerante', NOW);
  expect(closed).toMatchObject({ id: entry.id, state: 'cancelled', errorCode: 'holders.new-uid' });
  expect(created).toMatchObject({ op: 'add', uid: '555099', nom: 'DURAND', prenom: 'Jean', state: 'queued' });
  expect(getEntry(store.db, accountId, rename.id)!.state).toBe('cancelled');
  const results = await send();
  // The create first, then the rename, in their order, under the new number.
  expect(results.map((r) => [r.entry.op, r.entry.uid, r.entry.state])).toEqual([
    ['add', '555099', 'ok'],
    ['edit', '555099', 'ok'],
  ]);
  expect(sim.account('demo').users.get('555099')).toEqual({ nom: 'DURAND', prenom: 'Jean-Marc' });
  expect(sim.account('demo').users.get(TAKEN)).toEqual({ nom: 'MARTIN', prenom: 'Paul' });
  expect(sent()).toEqual({ ajouter_utilisateur_dans_festime: 3, modifier_utilisateur_dans_festime: 1 });
  expect(sim.requests.filter((r) => r.fonction === 'modifier_utilisateur_dans_festime').map((r) => r.params.uid)).toEqual(['555099']);
  expect(holder('555099')).toMatchObject({ nom: 'DURAND', prenom: 'Jean-Marc', pending: 'to-push' });
  expect(holder(TAKEN)).toMatchObject({ nom: 'MARTIN', prenom: 'Paul', pending: 'none' });
});

it('a lost create that Festime did apply: « à vérifier » while no punch tells, then created once its punches carry our name', async () => {
  const entry = await createLostThenAskedAgain();
  // Festime had applied it: DURAND Jean holds the badge there.
  expect(sim.account('demo').users.get(TAKEN)).toEqual({ nom: 'DURAND', prenom: 'Jean' });
  expect(holder(TAKEN)).toMatchObject({ pending: 'conflict' });
  // He badges; the next sync reads it; the sync after settles the change by reading, nothing sent.
  sim.addPunch('demo', { uid: TAKEN, type: 'A', at: '2026-11-20T08:30:00' });
  await readPunches();
  const before = sim.requests.length;
  const settled = await send();
  expect(settled.map((r) => [r.entry.id, r.entry.state, r.error])).toEqual([[entry.id, 'ok', null]]);
  expect(sim.requests).toHaveLength(before);
  expect(sent()).toEqual({ ajouter_utilisateur_dans_festime: 2 });
  expect(holder(TAKEN)).toMatchObject({ nom: 'DURAND', prenom: 'Jean', pending: 'to-push' });
});

it('a lost create Festime applied, asked again when its punches already carry our name: created at once', async () => {
  sim.setFaults([{ kind: 'lost-answer', fonction: 'ajouter_utilisateur_dans_festime', times: 1 }]);
  const entry = enqueue(store.db, accountId, 'add', DURAND, 'gerante');
  expect((await send())[0]!.entry.state).toBe('unknown');
  sim.addPunch('demo', { uid: TAKEN, type: 'A', at: '2026-11-20T08:30:00' });
  await readPunches();
  expect((await send()).map((r) => [r.entry.id, r.entry.state])).toEqual([[entry.id, 'ok']]);
  expect(sent()).toEqual({ ajouter_utilisateur_dans_festime: 2 });
});

it('a delete and a rename whose answers were lost are asked again the same way, never with another write', async () => {
  const mario = { nom: 'DUPONT', prenom: 'Mario', uid: '858745632' };
  const leon = { nom: 'NOUVEAU', prenom: 'Léon', uid: '555777' };
  enqueue(store.db, accountId, 'add', mario, 'gerante');
  enqueue(store.db, accountId, 'add', leon, 'gerante');
  await send();
  // The rename is applied, its answer lost; asked again, the same rename is simply OK.
  sim.setFaults([{ kind: 'lost-answer', fonction: 'modifier_utilisateur_dans_festime', times: 1 }]);
  const rename = enqueue(store.db, accountId, 'edit', { ...mario, prenom: 'Mario Sylva' }, 'gerante');
  expect((await send())[0]!.entry.state).toBe('unknown');
  expect((await send()).map((r) => [r.entry.id, r.entry.state])).toEqual([[rename.id, 'ok']]);
  // The delete is applied, its answer lost; asked again, Festime no longer knows the badge: done.
  sim.setFaults([{ kind: 'lost-answer', fonction: 'effacer_utilisateur_dans_festime', times: 1 }]);
  const remove = enqueue(store.db, accountId, 'delete', leon, 'gerante');
  expect((await send())[0]!.entry.state).toBe('unknown');
  expect((await send()).map((r) => [r.entry.id, r.entry.state])).toEqual([[remove.id, 'ok']]);
  expect(sim.account('demo').users.has(leon.uid)).toBe(false);
  expect(sim.account('demo').users.get(mario.uid)).toEqual({ nom: 'DUPONT', prenom: 'Mario Sylva' });
  expect(sent()).toEqual({ ajouter_utilisateur_dans_festime: 2, modifier_utilisateur_dans_festime: 2, effacer_utilisateur_dans_festime: 2 });
  expect(holder(leon.uid)).toMatchObject({ deleted: true });
});
