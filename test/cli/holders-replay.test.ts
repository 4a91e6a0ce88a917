// The CLI on changes whose answer was lost, as a manager runs it: each offline change said under its
// own number, `sync` telling in words what became of each change it sent (no raw Festime line), and
// a badge Festime already gives another person « à vérifier » until `holders resolve` decides.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { pinCliClock, runCli } from '../helpers/cli';

const NOW = new Date('2026-11-25T15:30:00Z'); // a Wednesday, 16:30 in Paris
pinCliClock(NOW);
const TAKEN = '555002';
let sim: Simulator;
let url: string;
let dataDir: string;

beforeEach(async () => {
  sim = createSimulator({ now: () => NOW });
  url = await sim.listen();
  dataDir = mkdtempSync(join(tmpdir(), 'festime-cli-replay-'));
});
afterEach(() => sim.close());

const cli = (args: string[]) =>
  runCli(['--server', url, '--login', 'demo', '--data-dir', dataDir, ...args], { env: { FESTIME_PASSWORD: DEMO_PASSWORD, FESTIME_RETRY_BASE_MS: '1' } });
const addDurand = () => cli(['holders', 'add', '--uid', TAKEN, '--nom', 'DURAND', '--prenom', 'Jean']);
const writes = () => sim.requests.map((r) => r.fonction).filter((f) => f.includes('utilisateur'));

it('five changes made offline are each said under their own number', async () => {
  await sim.close();
  for (let n = 1; n <= 5; n++) {
    const r = await cli(['holders', 'add', '--uid', `77${n}`, '--nom', 'NOUVEAU', '--prenom', `Léon${n}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`le changement n° ${n} est gardé en attente`);
    expect(r.stderr.match(/changement n° \d+/g)).toEqual([`changement n° ${n}`]);
  }
}, 60_000);

it('sync after a lost create says in words what became of it, never a raw Festime line', async () => {
  sim.setFaults([{ kind: 'lost-answer', fonction: 'ajouter_utilisateur_dans_festime', times: 1 }]);
  const lost = await addDurand();
  expect(lost.code).toBe(1);
  expect(lost.stderr).toContain('Pas de réponse de Festime pour le changement n° 1');
  // Festime had applied it; asked again it says the badge exists, and no punch tells whose it is yet.
  sim.addPunch('demo', { uid: TAKEN, type: 'A', at: '2026-11-25T08:10:00' });
  const first = await cli(['sync']);
  expect(first.code).toBe(1);
  expect(first.stderr).toContain('Changement n° 1 à vérifier : ce numéro de badge (555002) existe déjà chez Festime');
  // The punches read by that sync carry DURAND Jean: the next sync settles it without sending anything.
  const second = await cli(['sync']);
  expect(second.code).toBe(0);
  expect(second.stdout).toContain('Changement n° 1 : DURAND Jean créé(e) chez Festime avec le badge 555002.');
  for (const out of [first.stdout, first.stderr, second.stdout, second.stderr]) expect(out).not.toMatch(/^(OK|KO);/m);
  expect(writes()).toEqual(['ajouter_utilisateur_dans_festime', 'ajouter_utilisateur_dans_festime']);
}, 60_000);

/** MARTIN Paul holds 555002 at Festime and has badged; our create of DURAND Jean on it loses its answer, then sync asks again. */
async function durandOnMartinsBadge() {
  sim.account('demo').users.set(TAKEN, { nom: 'MARTIN', prenom: 'Paul' });
  sim.addPunch('demo', { uid: TAKEN, type: 'A', at: '2026-11-25T08:10:00' });
  expect((await cli(['sync'])).code).toBe(0);
  sim.setFaults([{ kind: 'lost-answer', fonction: 'ajouter_utilisateur_dans_festime', times: 1 }]);
  expect((await addDurand()).code).toBe(1);
  const sync = await cli(['sync']);
  expect(sync.code).toBe(1);
  expect(sync.stderr).toContain('festime-desk holders resolve --uid 555002 --keep-festime');
  const list = await cli(['holders', 'list']);
  expect(list.stdout).toMatch(/555002.*MARTIN.*Paul.*à vérifier : badge déjà chez Festime \(n° 1\)/);
  expect(list.stderr).toContain('Changement n° 1 à vérifier');
  // Never a modify: MARTIN Paul keeps his name at Festime.
  expect(writes()).toEqual(['ajouter_utilisateur_dans_festime', 'ajouter_utilisateur_dans_festime']);
  expect(sim.account('demo').users.get(TAKEN)).toEqual({ nom: 'MARTIN', prenom: 'Paul' });
}

it('holders resolve --new-uid: DURAND Jean gets another badge, MARTIN Paul untouched', async () => {
  await durandOnMartinsBadge();
  const neither = await cli(['holders', 'resolve', '--uid', TAKEN]);
  expect(neither.code).toBe(2);
  expect(neither.stderr).toContain('--keep-festime');
  const r = await cli(['holders', 'resolve', '--uid', TAKEN, '--new-uid', '555099']);
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('Le changement n° 1 devient le changement n° 2, avec le badge 555099 au lieu de 555002.');
  expect(r.stdout.trim()).toBe('Changement n° 2 : DURAND Jean créé(e) chez Festime avec le badge 555099.');
  expect(sim.account('demo').users.get('555099')).toEqual({ nom: 'DURAND', prenom: 'Jean' });
  expect(sim.account('demo').users.get(TAKEN)).toEqual({ nom: 'MARTIN', prenom: 'Paul' });
  expect(writes()).not.toContain('modifier_utilisateur_dans_festime');
}, 90_000);

it('holders resolve --keep-festime: our change dropped, nothing sent, the badge stays MARTIN Paul’s (in English too)', async () => {
  await durandOnMartinsBadge();
  const before = sim.requests.length;
  const r = await cli(['--lang', 'en', 'holders', 'resolve', '--uid', TAKEN, '--keep-festime']);
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('Badge 555002: Festime’s badge holder is kept; change #1');
  expect(sim.requests).toHaveLength(before);
  const list = await cli(['holders', 'list', '--format', 'json']);
  expect((JSON.parse(list.stdout) as { uid: string; nom: string; prenom: string; pending: string }[]).find((h) => h.uid === TAKEN)).toMatchObject({
    nom: 'MARTIN',
    prenom: 'Paul',
    pending: 'none',
  });
  const again = await cli(['holders', 'resolve', '--uid', TAKEN, '--keep-festime']);
  expect(again.code).not.toBe(0);
  expect(again.stderr).toContain('Badge à vérifier introuvable : 555002.');
}, 90_000);
