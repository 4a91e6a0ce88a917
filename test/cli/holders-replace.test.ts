// `festime-desk holders replace <uid> <new-uid>` as a user runs it (a child process, the simulator
// over loopback HTTP, a real data folder): a lost badge replaced, Festime's two answers printed, the
// person's punches and month under the new badge; a wrong number refused naming the field, fr and en.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { pinCliClock, runCli } from '../helpers/cli';

const NOW = new Date('2026-11-25T15:30:00Z');
// The CLI lives at the simulator's time: its sync window must not drift with the calendar.
pinCliClock(NOW);
const OLD = '858745632';
const NEW = '858745700';
let sim: Simulator;
let url: string;
let dataDir: string;

beforeEach(async () => {
  sim = createSimulator({ now: () => NOW });
  url = await sim.listen();
  dataDir = mkdtempSync(join(tmpdir(), 'festime-cli-replace-'));
});
afterEach(() => sim.close());

const cli = (args: string[]) => runCli(['--server', url, '--login', 'demo', '--data-dir', dataDir, ...args], { env: { FESTIME_PASSWORD: DEMO_PASSWORD } });
const shift = (uid: string, day: string) => {
  sim.addPunch('demo', { uid, type: 'A', at: `${day}T08:00:00`, name: 'DUPONT Mario' });
  sim.addPunch('demo', { uid, type: 'D', at: `${day}T12:00:00`, name: 'DUPONT Mario' });
};

describe('holders replace', () => {
  it('creates the new badge, deletes the old one, and keeps the person’s punches and month under the new one', async () => {
    expect((await cli(['holders', 'add', '--uid', OLD, '--nom', 'DUPONT', '--prenom', 'Mario'])).code).toBe(0);
    shift(OLD, '2026-11-16');
    expect((await cli(['sync'])).code).toBe(0);

    const r = await cli(['holders', 'replace', OLD, NEW]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      `Changement n° 2 : DUPONT Mario créé(e) chez Festime avec le badge ${NEW}.`,
      `Changement n° 3 : le badge ${OLD} (DUPONT Mario) est supprimé chez Festime.`,
    ]);
    expect(r.stderr).toContain(`Badge ${OLD} remplacé par ${NEW} pour Mario DUPONT`);
    expect(sim.account('demo').users.get(NEW)).toEqual({ nom: 'DUPONT', prenom: 'Mario' });
    expect(sim.account('demo').users.has(OLD)).toBe(false);

    shift(NEW, '2026-11-23');
    // The whole window again: the simulator's clock is not this PC's (an incremental sync starts from the PC's today).
    expect((await cli(['sync', '--full'])).code).toBe(0);
    const punches = JSON.parse((await cli(['punches', '--uid', NEW, '--format', 'json'])).stdout) as { uid: string }[];
    expect(punches.map((p) => p.uid)).toEqual([OLD, OLD, NEW, NEW]);
    const list = JSON.parse((await cli(['holders', 'list', '--format', 'json'])).stdout) as { uid: string }[];
    expect(list.filter((h) => [OLD, NEW].includes(h.uid)).map((h) => h.uid)).toEqual([NEW]);
    const month = JSON.parse((await cli(['export', '--month', '2026-11', '--format', 'json'])).stdout) as { uid: string; nom: string; worked: number }[];
    expect(month.filter((h) => h.nom === 'DUPONT').map((h) => [h.uid, h.worked])).toEqual([[NEW, 8]]);
    // Nine commands, each a process of its own.
  }, 180_000);

  it('refuses a wrong new number before anything is sent, naming the field (exit 2)', async () => {
    await cli(['holders', 'add', '--uid', OLD, '--nom', 'DUPONT', '--prenom', 'Mario']);
    const sent = sim.requests.length;
    const same = await cli(['holders', 'replace', OLD, OLD]);
    expect(same.code).toBe(2);
    expect(same.stderr).toContain(`Le champ « Nouveau numéro de badge » : ${OLD} est le numéro actuel ; tapez celui du nouveau badge.`);
    const bad = await cli(['--lang', 'en', 'holders', 'replace', OLD, '12;3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('The field “New badge number” contains a forbidden character (« ; »)');
    const unknown = await cli(['holders', 'replace', '404', NEW]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('Badgé introuvable : 404.');
    expect(sim.requests.length).toBe(sent);
  }, 90_000);

  it('--help says what it does, in French and in English', async () => {
    const fr = await runCli(['holders', 'replace', '--help']);
    expect(fr.code).toBe(0);
    expect(fr.stdout).toMatch(/^Usage: festime-desk holders replace \[options\] <uid> <new-uid>/);
    expect(fr.stdout).toContain('remplacer un badge perdu par un nouveau numéro');
    expect(fr.stdout).toContain('numéro du nouveau badge');
    const en = await runCli(['--lang', 'en', 'holders', 'replace', '--help']);
    expect(en.stdout).toContain('replace a lost badge with a new number');
  }, 60_000);
});
