// The CLI as a user runs it: a child process over real loopback HTTP against the simulator.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PUNCH_KEYS } from '../../shared/festime';
import { createSimulator, type FaultKind, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { pinCliClock, runCli } from '../helpers/cli';

const NOW = new Date('2026-11-25T15:30:00Z'); // a Wednesday, 16:30 in Paris
// The CLI lives at the simulator's time: its sync window must not drift with the calendar.
pinCliClock(NOW);
let sim: Simulator;
let url: string;
let dataDir: string;

beforeEach(async () => {
  sim = createSimulator({ now: () => NOW });
  url = await sim.listen();
  dataDir = mkdtempSync(join(tmpdir(), 'festime-cli-'));
});
afterEach(() => sim.close());

const env = (extra: NodeJS.ProcessEnv = {}) => ({ FESTIME_PASSWORD: DEMO_PASSWORD, ...extra });
const cli = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
  runCli(['--server', url, '--login', 'demo', '--data-dir', dataDir, ...args], { env: env(extra) });

describe('fetch', () => {
  it('prints one JSON array with exactly the documented keys, the same punches Festime holds', async () => {
    const r = await cli(['fetch', '--day', '2026-11-24', '--format', 'json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    const expected = sim.punches('demo', '2026-11-24', '2026-11-24');
    expect(rows.length).toBe(expected.length);
    expect(rows.length).toBeGreaterThan(50);
    for (const row of rows) expect(Object.keys(row)).toEqual([...PUNCH_KEYS]);
    expect(rows).toEqual(expected.map((p) => Object.fromEntries(PUNCH_KEYS.map((k) => [k, p[k]]))));
    expect(typeof rows[0]!.id).toBe('number');
    expect(rows.some((p) => p.name === 'LEFÈVRE Sébastien')).toBe(true);
    expect(sim.requests.at(-1)?.params).toEqual({ date: '!24/11/2026' });
  });

  it('--since asks from that day to today; no option asks for today only', async () => {
    const since = await cli(['fetch', '--since', '2026-11-20', '--format', 'json']);
    expect(since.code).toBe(0);
    const days = new Set((JSON.parse(since.stdout) as { at: string }[]).map((p) => p.at.slice(0, 10)));
    expect([...days].sort()).toEqual(['2026-11-20', '2026-11-21', '2026-11-23', '2026-11-24', '2026-11-25']);
    expect(sim.requests.at(-1)?.params).toEqual({ date: '20/11/2026' });
    const today = await cli(['fetch', '--format', 'json']);
    const rows = JSON.parse(today.stdout) as { at: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((p) => p.at.startsWith('2026-11-25') && p.at <= '2026-11-25T16:30:00')).toBe(true);
    expect(sim.requests.at(-1)?.params).toEqual({});
  });

  it('CSV has a header and keeps accents and commas quoted', async () => {
    sim.addPunch('demo', { uid: '42', type: 'A', at: '2026-11-24T09:00:00', name: 'DE LA TOUR, Anaïs "Nana"' });
    const r = await cli(['fetch', '--day', '2026-11-24', '--format', 'csv']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(PUNCH_KEYS.join(','));
    expect(r.stdout).toContain('"DE LA TOUR, Anaïs ""Nana"""');
  });

  it('the default table is for people: French types and a count', async () => {
    const r = await cli(['fetch', '--day', '2026-11-24']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Arrivée/);
    expect(r.stdout).toMatch(/Déjeuner/);
    expect(r.stderr).toMatch(/\d+ pointage\(s\)\./);
  });
});

describe('holders', () => {
  it('add says what Festime did; adding the same uid again is a KO, exit 1, Festime’s text on stderr', async () => {
    const ok = await cli(['holders', 'add', '--uid', '858745632', '--nom', 'DUPONT', '--prenom', 'Mario']);
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim()).toBe('Changement n° 1 : DUPONT Mario créé(e) chez Festime avec le badge 858745632.');
    const ko = await cli(['holders', 'add', '--uid', '858745632', '--nom', 'DUPONT', '--prenom', 'Mario']);
    expect(ko.code).toBe(1);
    expect(ko.stdout).toBe('');
    expect(ko.stderr.trim().split('\n')).toHaveLength(1);
    expect(ko.stderr).toContain('UID fourni existe déjà');
  });

  it('edit and delete reach Festime with names exactly as typed', async () => {
    await cli(['holders', 'add', '--uid', '858745632', '--nom', 'DUPONT', '--prenom', 'Mario']);
    const edit = await cli(['holders', 'edit', '--uid', '858745632', '--nom', "D'ARTAGNAN-LÉGER", '--prenom', 'Mario Sylva']);
    expect(edit.code).toBe(0);
    expect(sim.account('demo').users.get('858745632')).toEqual({ nom: "D'ARTAGNAN-LÉGER", prenom: 'Mario Sylva' });
    const del = await cli(['holders', 'delete', '--uid', '858745632', '--nom', "D'ARTAGNAN-LÉGER", '--prenom', 'Mario Sylva']);
    expect(del.code).toBe(0);
    expect(del.stdout).toContain("le badge 858745632 (D'ARTAGNAN-LÉGER Mario Sylva) est supprimé chez Festime.");
    expect(sim.account('demo').users.has('858745632')).toBe(false);
  });

  it('bad input is refused before anything is sent, naming the field, exit 2', async () => {
    const r = await cli(['holders', 'add', '--uid', '12;3', '--nom', 'DUPONT', '--prenom', '  ']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('« Prénom » est obligatoire');
    expect(r.stderr).toContain('« UID (badge) » contient un caractère interdit');
    expect(sim.requests).toHaveLength(0);
    const en = await cli(['--lang', 'en', 'holders', 'add', '--uid', '1', '--nom', 'A~B', '--prenom', 'x']);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain('The field “Last name” contains a forbidden character');
  });
});

describe('terminals', () => {
  it('info reads every access point; push-users loads the register on the terminals', async () => {
    await cli(['holders', 'add', '--uid', '858745632', '--nom', 'DUPONT', '--prenom', 'Mario']);
    const before = JSON.parse((await cli(['terminals', 'info', '--format', 'json'])).stdout);
    expect(before.accessPoints.map((a: { usersLoaded: number }) => a.usersLoaded)).toEqual([25, 25]);
    const push = await cli(['terminals', 'push-users', '--format', 'json']);
    expect(push.code).toBe(0);
    expect(JSON.parse(push.stdout).accessPoints.map((a: { status: string; count: number }) => [a.status, a.count])).toEqual([
      ['OK', 26],
      ['OK', 26],
    ]);
    const after = await cli(['terminals', 'info']);
    expect(after.stdout).toMatch(/Entrée atelier - Melun\s+8798\s+ONLINE\s+France\s+203\.0\.113\.41\s+2026-11-25 16:29:\d\d\s+26\s+3/);
  });

  it('empty lists every access point it will empty; without --confirm VIDER, or with another word, nothing is emptied (exit 2)', async () => {
    const no = await cli(['terminals', 'empty']);
    expect(no.code).toBe(2);
    expect(no.stderr).toContain(
      'Terminaux qui seront vidés (2 point(s) d’accès) :\n  - Entrée atelier - Melun (terminal 8798)\n  - Accueil bureaux - Melun (terminal 9112)',
    );
    expect(no.stderr).toContain('Relancez avec --confirm VIDER pour confirmer.');
    const wrong = await cli(['terminals', 'empty', '--confirm', 'Entrée atelier - Melun']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('tapez « VIDER » pour confirmer le vidage de tous les terminaux');
    // Only the terminals' report was read: no order to empty went out.
    expect(sim.requests.map((r) => r.fonction)).toEqual(['global_get_infos_iot', 'global_get_infos_iot']);
    expect(sim.account('demo').terminals.map((t) => t.usersLoaded)).toEqual([25, 25]);
  });

  it('empty --confirm vider (either word, any case) empties them all and says to send the holders again', async () => {
    const yes = await cli(['terminals', 'empty', '--confirm', 'vider']);
    expect(yes.code).toBe(0);
    expect(sim.requests.map((r) => r.fonction)).toEqual(['global_get_infos_iot', 'global_vider_iot']);
    expect(yes.stdout).toMatch(/Entrée atelier - Melun\s+8798\s+OK/);
    expect(yes.stdout).toMatch(/Accueil bureaux - Melun\s+9112\s+OK/);
    expect(yes.stderr).toContain('Les terminaux sont vides : personne ne peut badger.');
    expect(sim.account('demo').terminals.map((t) => [t.usersLoaded, t.reasonsLoaded])).toEqual([
      [0, 0],
      [0, 0],
    ]);
    const en = await cli(['--lang', 'en', 'terminals', 'empty']);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain('Run again with --confirm EMPTY to confirm.');
    expect((await cli(['--lang', 'en', 'terminals', 'empty', '--confirm', 'EMPTY'])).code).toBe(0);
  });

  it('a terminal that refuses makes the command exit 1 and says so', async () => {
    sim.setTerminal('demo', 'Accueil bureaux - Melun', { online: false });
    const r = await cli(['terminals', 'push-reasons']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Accueil bureaux - Melun\s+9112\s+KO/);
    expect(r.stderr).toContain('Festime a refusé pour 1 point(s) d’accès');
  });
});

describe('errors a user can act on: one clear line, exit 1, no password', () => {
  const faults: [FaultKind, RegExp][] = [
    ['slow', /n’a pas répondu en 1 s\./],
    ['http500', /erreur HTTP 500/],
    ['html', /page web au lieu des données attendues\. Réessayez/],
    ['truncated', /coupée avant la fin/],
    ['drop', /connexion au serveur Festime .* a été coupée/],
    ['empty', /réponse vide/],
  ];
  for (const [kind, message] of faults) {
    it(`fault ${kind} on fetch`, async () => {
      sim.setFaults([{ kind, delayMs: 2_000 }]);
      // A short timeout for the slow answer only: the other faults answer at once, and a loaded machine needs room.
      const r = await cli(['fetch', '--format', 'json'], { FESTIME_TIMEOUT_MS: kind === 'slow' ? '300' : '10000', FESTIME_RETRY_BASE_MS: '5' });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      for (const secret of [DEMO_PASSWORD, encodeURIComponent(DEMO_PASSWORD)]) {
        expect(r.stderr).not.toContain(secret);
      }
    });
  }

  it('sync against a server that never answers: one wait of the budget, not one per attempt, and the message says it', async () => {
    sim.setFaults([{ kind: 'hang' }]);
    const started = Date.now();
    // The budget is the long timeout (here 2 s) for the whole sync: report, punches, retries.
    const r = await cli(['sync'], { FESTIME_TIMEOUT_MS: '2000', FESTIME_RETRY_BASE_MS: '5' });
    const ms = Date.now() - started;
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(
      /^festime-desk: Le serveur Festime \(127\.0\.0\.1:\d+\) n’a pas répondu en 2 s\. Réessayez plus tard\.$/,
    );
    // Before: 3 attempts of the report and 3 of the punches, 2 s each (12 s and more).
    expect(ms).toBeGreaterThanOrEqual(2_000);
    expect(ms).toBeLessThan(7_000);
    expect(sim.requests.map((q) => q.fonction)).toEqual(['global_get_infos_iot']);
    const en = await cli(['--lang', 'en', 'sync'], { FESTIME_TIMEOUT_MS: '1000', FESTIME_RETRY_BASE_MS: '5' });
    expect(en.code).toBe(1);
    expect(en.stderr).toMatch(/did not answer within 1 s\. Try again later\./);
  });

  it('a wrong password is Festime refusing', async () => {
    const r = await cli(['terminals', 'info'], { FESTIME_PASSWORD: 'not-the-password' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Festime a refusé la demande : Compte Festime inconnu ou mot de passe incorrect');
    expect(r.stderr).not.toContain('not-the-password');
  });

  it('a server that cannot be reached', async () => {
    await sim.close();
    const r = await cli(['fetch'], { FESTIME_RETRY_BASE_MS: '5' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Impossible de joindre le serveur Festime \(127\.0\.0\.1:\d+\)/);
    const en = await cli(['--lang', 'en', 'fetch'], { FESTIME_RETRY_BASE_MS: '5' });
    expect(en.stderr).toMatch(/Cannot reach the Festime server/);
  });

  it('windows-1252 answers and trailing HTML are read, accents intact', async () => {
    const clean = await cli(['fetch', '--day', '2026-11-24', '--format', 'json']);
    for (const kind of ['cp1252', 'trailing-html'] as const) {
      sim.setFaults([{ kind }]);
      const r = await cli(['fetch', '--day', '2026-11-24', '--format', 'json']);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(clean.stdout);
    }
  });
});

describe('usage errors exit 2 with a message; --help works everywhere', () => {
  it.each([
    [['bogus'], /Commande incorrecte/],
    [['fetch', '--format', 'xml'], /--format attend l’une de ces valeurs : table, json, csv/],
    [['fetch', '--day', '2026-02-30'], /--day : Le champ « Jour » doit être une date réelle du calendrier/],
    // Impossible days and times are refused where they are typed, never as an "unexpected error" later.
    [
      ['corrections', 'add', '--uid', '100200300', '--type', 'D', '--comment', 'Oubli', '--at', '2026-02-30T10:00'],
      /--at : Le champ « Date et heure » doit être une date réelle du calendrier/,
    ],
    [
      ['corrections', 'add', '--uid', '100200300', '--type', 'D', '--comment', 'Oubli', '--at', '2026-03-01T25:61'],
      /--at : Le champ « Date et heure » doit être une heure HH:MM réelle, de 00:00 à 23:59/,
    ],
    [
      ['corrections', 'add', '--uid', '100200300', '--type', 'A', '--comment', 'Oubli', '--at', '2026-11-05T25:61'],
      /--at : Le champ « Date et heure » doit être une heure HH:MM réelle, de 00:00 à 23:59/,
    ],
    [
      ['corrections', 'add', '--uid', '100200300', '--type', 'D', '--comment', 'Oubli', '--at', '2026-02-30T17:00'],
      /--at : Le champ « Date et heure » doit être une date réelle du calendrier/,
    ],
    [['punches', '--from', '2026-02-30'], /--from : Le champ « Du » doit être une date réelle du calendrier/],
    [['export', '--month', '2026-13'], /--month : Le champ « Mois » doit être une date réelle du calendrier/],
    [['fetch', '--day', '2026-11-01', '--since', '2026-11-01'], /ne vont pas ensemble/],
    [['holders', 'add', '--uid', '1'], /Commande incorrecte/],
    [['fetch', '--password', 'x'], /Commande incorrecte/],
  ])('%j', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(sim.requests).toHaveLength(0);
    // A correction refused is not stored either: the list stays empty.
    if (args[0] === 'corrections') expect(JSON.parse((await cli(['corrections', 'list'])).stdout)).toEqual([]);
  });

  it('no login anywhere', async () => {
    const r = await runCli(['--server', url, '--data-dir', dataDir, 'fetch'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Identifiant Festime manquant');
  });

  it('plain http to another machine is refused', async () => {
    const r = await runCli(['--server', 'http://192.0.2.10', '--login', 'demo', 'fetch'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Adresse de serveur refusée');
  });

  it.each([
    [[]],
    [['login']],
    [['logout']],
    [['fetch']],
    [['holders']],
    [['holders', 'add']],
    [['holders', 'edit']],
    [['holders', 'delete']],
    [['terminals']],
    [['terminals', 'info']],
    [['terminals', 'push-users']],
    [['terminals', 'push-reasons']],
    [['terminals', 'empty']],
    [['demo-server']],
  ])('%j --help', async (args) => {
    const r = await runCli([...args, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: festime-desk/);
    expect(r.stdout).toContain('afficher l’aide');
  });
});

describe('demo-server', () => {
  it('starts, prints its URL and the demo account, serves the CLI, keeps its state in --data, stops on SIGTERM', async () => {
    const { spawn } = await import('node:child_process');
    const { CLI } = await import('../helpers/cli');
    const stateFile = join(dataDir, 'sim.json');
    const start = () => {
      const child = spawn(process.execPath, [CLI, 'demo-server', '--port', '0', '--data', stateFile], { stdio: ['ignore', 'pipe', 'pipe'] });
      const ready = new Promise<string>((resolve) => {
        let text = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => {
          text += d;
          if (text.includes('Ctrl+C')) resolve(text);
        });
      });
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      return { child, ready, exited };
    };
    const first = start();
    const banner = await first.ready;
    expect(banner).toContain(`mot de passe « ${DEMO_PASSWORD} »`);
    const demoUrl = /http:\/\/127\.0\.0\.1:\d+/.exec(banner)![0];
    const demo = (args: string[]) => runCli(['--server', demoUrl, '--login', 'demo', '--data-dir', dataDir, ...args], { env: env() });
    expect((await demo(['holders', 'add', '--uid', '777', '--nom', 'NOUVEAU', '--prenom', 'Élie'])).code).toBe(0);
    const today = JSON.parse((await demo(['fetch', '--format', 'json'])).stdout) as unknown[];
    expect(Array.isArray(today)).toBe(true);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).accounts.demo.users).toContainEqual(['777', { nom: 'NOUVEAU', prenom: 'Élie' }]);

    const second = start();
    const banner2 = await second.ready;
    const url2 = /http:\/\/127\.0\.0\.1:\d+/.exec(banner2)![0];
    const again = await runCli(['--server', url2, '--login', 'demo', 'holders', 'add', '--uid', '777', '--nom', 'NOUVEAU', '--prenom', 'Élie'], { env: env() });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('UID fourni existe déjà');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(readdirSync(dataDir).some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  it('on a port another program holds: says the port is in use and to choose another with --port (exit 1), in English too', async () => {
    const { createServer } = await import('node:net');
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const port = (other.address() as { port: number }).port;
    try {
      const fr = await runCli(['demo-server', '--port', String(port)]);
      expect(fr.code).toBe(1);
      expect(fr.stdout).toBe('');
      expect(fr.stderr).toBe(
        `festime-desk: Le port ${port} est déjà utilisé par un autre programme (un simulateur resté ouvert ?) : le simulateur n’a pas démarré. Choisissez un autre port avec --port (par exemple --port ${port + 1}), ou arrêtez l’autre programme.\n`,
      );
      const en = await runCli(['--lang', 'en', 'demo-server', '--port', String(port)]);
      expect(en.code).toBe(1);
      expect(en.stderr).toContain(`Port ${port} is already in use by another program`);
      expect(en.stderr).toContain('Choose another port with --port');
      expect(en.stderr).not.toMatch(/Unexpected|Error\b/);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});
