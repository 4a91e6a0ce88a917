// Badge-holder changes go through the outbox: recorded before sending, sent in order, their
// outcome kept; offline they wait; an unanswered create is settled by the next attempt (the same
// create again, and the punches' name; see replay.test.ts for the badge another person holds).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../main/core/errors';
import { createFestimeClient, type FestimeClient } from '../../main/core/festime/client';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { createNodeTransport, type NodeTransport } from '../../main/core/festime/transport';
import { cancel, enqueue, getEntry, markPushed, pendingEntries, sendPending, toPushCount } from '../../main/core/holders/outbox';
import { listHolders } from '../../main/core/holders/register';
import { ensureAccount } from '../../main/core/store/accounts';
import { openStore, type Store } from '../../main/core/store';
import { punchWriter } from '../../main/core/store/punches';
import { parsedPunch } from '../helpers/punches';

let sim: Simulator;
let url: string;
let transport: NodeTransport;
let client: FestimeClient;
let store: Store;
let accountId: number;
const MARIO = { nom: 'DUPONT', prenom: 'Mario', uid: '858745632' };

beforeEach(async () => {
  sim = createSimulator();
  url = await sim.listen();
  transport = createNodeTransport();
  client = createFestimeClient({
    server: url,
    login: 'demo',
    password: DEMO_PASSWORD,
    transport,
    timeoutMs: 400,
    retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  });
  store = openStore(mkdtempSync(join(tmpdir(), 'festime-outbox-')));
  accountId = ensureAccount(store.db, url, 'demo').id;
});
afterEach(async () => {
  store.close();
  await transport.close();
  await sim.close();
});

const holder = (uid: string) => listHolders(store.db, accountId).find((h) => h.uid === uid);

describe('outbox', () => {
  it('a create is recorded, sent, accepted, then flagged until the terminals have it', async () => {
    const entry = enqueue(store.db, accountId, 'add', MARIO, 'gerante');
    expect(entry.state).toBe('queued');
    expect(holder(MARIO.uid)).toMatchObject({ pending: 'queued', source: 'app' });
    const [result] = await sendPending(store.db, accountId, client);
    expect(result!.entry).toMatchObject({ state: 'ok', festimeText: 'Utilisateur ajouté dans Festime — DUPONT / Mario / 858745632' });
    expect(sim.account('demo').users.get(MARIO.uid)).toEqual({ nom: 'DUPONT', prenom: 'Mario' });
    expect(holder(MARIO.uid)).toMatchObject({ nom: 'DUPONT', prenom: 'Mario', source: 'app', pending: 'to-push' });
    expect(toPushCount(store.db, accountId)).toBe(1);
    await client.pushUsers();
    expect(markPushed(store.db, accountId)).toBe(1);
    expect(holder(MARIO.uid)!.pending).toBe('none');
    const audit = store.db.prepare('SELECT action, actor FROM audit_log ORDER BY id').all();
    expect(audit).toEqual([
      { action: 'holder.add.queued', actor: 'gerante' },
      { action: 'holder.add.ok', actor: 'gerante' },
    ]);
  });

  it('a KO is kept with Festime’s own text', async () => {
    enqueue(store.db, accountId, 'add', { nom: 'MARTIN', prenom: 'Élodie', uid: '100200300' }, 'gerante');
    const [result] = await sendPending(store.db, accountId, client);
    expect(result!.entry.state).toBe('ko');
    expect(result!.entry.festimeText).toContain('UID fourni existe déjà');
    // Shown with its refusal, so the user sees what happened to the change.
    expect(holder('100200300')).toMatchObject({ pending: 'refused', pendingOp: 'add' });
  });

  it('bad input is refused before anything is recorded or sent', () => {
    expect(() => enqueue(store.db, accountId, 'add', { nom: 'A;B', prenom: 'x', uid: '1' }, 'gerante')).toThrow(ValidationError);
    expect(pendingEntries(store.db, accountId)).toEqual([]);
    expect(sim.requests).toEqual([]);
  });

  it('offline, changes wait in order; the user can cancel one; back online they go out in order', async () => {
    await sim.close();
    const a = enqueue(store.db, accountId, 'add', MARIO, 'gerante');
    const b = enqueue(store.db, accountId, 'edit', { ...MARIO, prenom: 'Mario Sylva' }, 'gerante');
    const c = enqueue(store.db, accountId, 'add', { nom: 'NOUVEAU', prenom: 'Léon', uid: '42' }, 'gerante');
    const offline = await sendPending(store.db, accountId, client);
    expect(offline).toHaveLength(1);
    expect(offline[0]!.error?.code).toBe('network.unreachable');
    expect(pendingEntries(store.db, accountId).map((e) => [e.id, e.state])).toEqual([
      [a.id, 'queued'],
      [b.id, 'queued'],
      [c.id, 'queued'],
    ]);
    cancel(store.db, accountId, c.id, 'gerante');
    expect(() => cancel(store.db, accountId, c.id, 'gerante')).toThrow();

    sim = createSimulator();
    const back = await sim.listen(Number(new URL(url).port));
    expect(back).toBe(url);
    const sent = await sendPending(store.db, accountId, client);
    expect(sent.map((r) => [r.entry.id, r.entry.state])).toEqual([
      [a.id, 'ok'],
      [b.id, 'ok'],
    ]);
    expect(sim.requests.map((r) => r.fonction)).toEqual(['ajouter_utilisateur_dans_festime', 'modifier_utilisateur_dans_festime']);
    expect(sim.account('demo').users.get(MARIO.uid)).toEqual({ nom: 'DUPONT', prenom: 'Mario Sylva' });
    expect(sim.account('demo').users.has('42')).toBe(false);
    expect(holder(MARIO.uid)).toMatchObject({ prenom: 'Mario Sylva', pending: 'to-push' });
  });

  it('a create whose answer never came is "unknown"; asked again with no punch to tell, it is « à vérifier », never probed by a modify', async () => {
    // Festime applies the create, then the answer is cut short on the way back.
    sim.setFaults([{ kind: 'truncated', fonction: 'ajouter_utilisateur_dans_festime', times: 1 }]);
    const entry = enqueue(store.db, accountId, 'add', MARIO, 'gerante');
    const first = await sendPending(store.db, accountId, client);
    expect(first[0]!.entry.state).toBe('unknown');
    expect(first[0]!.error?.outcomeUnknown).toBe(true);
    expect(holder(MARIO.uid)!.pending).toBe('unknown');
    // The same create again: "UID existe déjà". Ours, or someone else's? No punch of that badge yet: the manager is asked.
    const second = await sendPending(store.db, accountId, client);
    expect(second[0]!.entry).toMatchObject({ id: entry.id, state: 'conflict', attempts: 2, errorCode: 'holders.uid-taken' });
    expect(sim.requests.map((r) => r.fonction)).toEqual(['ajouter_utilisateur_dans_festime', 'ajouter_utilisateur_dans_festime']);
    expect(holder(MARIO.uid)).toMatchObject({ pending: 'conflict', pendingId: entry.id });
    // Nothing more goes out for it until the manager chooses.
    expect(await sendPending(store.db, accountId, client)).toEqual([]);
    expect(sim.requests).toHaveLength(2);
  });
});

it('a create lost before reaching Festime is simply sent again', async () => {
  sim.setFaults([{ kind: 'drop', fonction: 'ajouter_utilisateur_dans_festime', times: 1 }]);
  enqueue(store.db, accountId, 'add', MARIO, 'gerante');
  expect((await sendPending(store.db, accountId, client))[0]!.entry.state).toBe('unknown');
  // The same create again (never a modify to find out): Festime never had it, so it is made now.
  const again = await sendPending(store.db, accountId, client);
  expect(again[0]!.entry).toMatchObject({ state: 'ok', festimeText: 'Utilisateur ajouté dans Festime — DUPONT / Mario / 858745632' });
  expect(sim.requests.map((r) => r.fonction)).toEqual(['ajouter_utilisateur_dans_festime', 'ajouter_utilisateur_dans_festime']);
});

it('a create sent by a process killed before the answer was written: asked again, the punches say it is ours, settled, not refused', async () => {
  // As if the process died right after Festime applied it: sent once (attempts 1), still "queued".
  const entry = enqueue(store.db, accountId, 'add', MARIO, 'gerante');
  await client.addHolder(MARIO);
  store.db.prepare('UPDATE outbox SET attempts = 1 WHERE id = ?').run(entry.id);
  expect(() => cancel(store.db, accountId, entry.id, 'gerante')).toThrow();
  // Mario has badged since, and the cache has that punch under his name.
  punchWriter(store.db, accountId).insert([parsedPunch(1, MARIO.uid, 'A', '2026-11-20T08:00:00', { name: 'DUPONT Mario' })], '2026-11-20T08:05:00Z');
  const sent = await sendPending(store.db, accountId, client);
  expect(sent[0]!.entry).toMatchObject({ state: 'ok', errorCode: null });
  expect(holder(MARIO.uid)).toMatchObject({ pending: 'to-push' });
  expect(sim.account('demo').users.get(MARIO.uid)).toEqual({ nom: 'DUPONT', prenom: 'Mario' });
  // The first create, then the same create again (refused: it exists), never a modify.
  expect(sim.requests.map((r) => r.fonction)).toEqual(['ajouter_utilisateur_dans_festime', 'ajouter_utilisateur_dans_festime']);
});

it('two senders at once, and the same change twice: one entry, sent once', async () => {
  const first = enqueue(store.db, accountId, 'add', MARIO, 'gerante');
  // "Enregistrer" clicked again before Festime answered: the same entry.
  expect(enqueue(store.db, accountId, 'add', MARIO, 'gerante').id).toBe(first.id);
  const [a, b] = await Promise.all([sendPending(store.db, accountId, client), sendPending(store.db, accountId, client)]);
  expect([...a, ...b]).toHaveLength(1);
  expect(sim.requests.filter((r) => r.fonction === 'ajouter_utilisateur_dans_festime')).toHaveLength(1);
  expect(getEntry(store.db, accountId, first.id)).toMatchObject({ state: 'ok' });
});
