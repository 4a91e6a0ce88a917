// Restore and backups that cannot hurt, with the CLI as a child process and real second processes:
// one writer at a time, a confirmed restore from any checked file, backups to the second, and no
// stray file after a kill.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { DATABASE_FILE } from '../../main/core/store';
import { runCli } from '../helpers/cli';

const HOLDER = fileURLToPath(new URL('../helpers/hold-store.ts', import.meta.url));
const env = { FESTIME_PASSWORD: DEMO_PASSWORD };
let sim: Simulator;
let dataDir: string;
let base: string[];
const children: ChildProcess[] = [];
// Each test runs the CLI several times over a site's worth of punches.
vi.setConfig({ testTimeout: 90_000 });

beforeEach(async () => {
  sim = createSimulator();
  const url = await sim.listen();
  dataDir = mkdtempSync(join(tmpdir(), 'festime-restore-'));
  base = ['--server', url, '--login', 'demo', '--data-dir', dataDir];
});
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await sim.close();
});

/** A second process holding the database; resolves once it has it (or, churning, after `rounds` rounds). */
function hold(mode = 'hold', rounds = 0): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, dataDir, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let seen = 0;
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      seen += d.split('\n').filter((l) => l === 'ready' || l.startsWith('round')).length;
      if (seen > rounds) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`holder exited ${code}`)));
  });
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

const count = (file = join(dataDir, DATABASE_FILE)): number => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM punches').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

const strays = () =>
  [...readdirSync(dataDir), ...(existsSync(join(dataDir, 'backups')) ? readdirSync(join(dataDir, 'backups')) : [])].filter((f) => /\.tmp|\.restoring-/.test(f));

describe('one writer at a time', () => {
  it('restore while another process holds the database: refused plainly, nothing changed; reading still works', async () => {
    await runCli([...base, 'sync'], { env });
    expect((await runCli([...base, 'backup'])).code).toBe(0);
    const before = readFileSync(join(dataDir, DATABASE_FILE));
    const holder = await hold();
    const r = await runCli([...base, 'restore', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Festime Desk est déjà ouvert');
    expect(readFileSync(join(dataDir, DATABASE_FILE)).equals(before)).toBe(true);
    expect(readdirSync(dataDir).some((f) => f.includes('before-restore'))).toBe(false);
    // A reading command still answers while the other process writes.
    const read = await runCli([...base, 'punches', '--format', 'json']);
    expect(read.code).toBe(0);
    expect((JSON.parse(read.stdout) as unknown[]).length).toBeGreaterThan(1000);
    // The holder killed: its lock is taken over, and the restore goes ahead.
    await killed(holder);
    const again = await runCli([...base, 'restore', '--yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Base restaurée');
  });

  it('a second writer waits, then says in English too that the app is open', async () => {
    await hold();
    const r = await runCli([...base, '--lang', 'en', 'backup']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Festime Desk is already open');
  });
});

describe('restore', () => {
  it('asks for --yes; restores from a chosen file; keeps the previous database as before-restore', async () => {
    await runCli([...base, 'sync'], { env });
    const first = await runCli([...base, 'backup']);
    const chosen = /: (.+\.sqlite)/.exec(first.stdout)![1]!;
    const punches = count();
    const asked = await runCli([...base, 'restore', '--from', chosen]);
    expect(asked.code).toBe(2);
    expect(asked.stderr).toContain('--yes');
    // The database changes after the chosen backup.
    const db = new Database(join(dataDir, DATABASE_FILE));
    db.prepare('DELETE FROM punches WHERE id % 2 = 0').run();
    db.close();
    const changed = count();
    expect(changed).toBeLessThan(punches);
    expect((await runCli([...base, 'backup'])).code).toBe(0);
    const r = await runCli([...base, 'restore', '--from', chosen, '--yes']);
    expect(r.code).toBe(0);
    expect(count()).toBe(punches);
    const kept = readdirSync(dataDir).filter((f) => /^festime-desk\.before-restore-.+\.sqlite$/.test(f));
    expect(kept).toHaveLength(1);
    expect(count(join(dataDir, kept[0]!))).toBe(changed);
    expect(readdirSync(dataDir).some((f) => f.includes('damaged'))).toBe(false);
    expect(strays()).toEqual([]);
  });

  it('a file from elsewhere is checked: missing, not SQLite, another program’s, or damaged, is refused and nothing changes', async () => {
    await runCli([...base, 'sync'], { env });
    const before = readFileSync(join(dataDir, DATABASE_FILE));
    const other = mkdtempSync(join(tmpdir(), 'festime-foreign-'));
    // A wrong path: said as such (not « endommagée »), a wrong command line (exit 2), with or without --yes.
    const missing = join(other, 'sauvegarde-du-lundi.sqlite');
    for (const args of [['--yes'], []]) {
      const r = await runCli([...base, 'restore', '--from', missing, ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `festime-desk: Le fichier ${missing} est introuvable : rien n’a été restauré. Vérifiez le chemin (festime-desk restore --from FICHIER) ou choisissez une sauvegarde de la liste (Paramètres).\n`,
      );
    }
    const en = await runCli([...base, '--lang', 'en', 'restore', '--from', missing, '--yes']);
    expect(en.stderr).toContain(`The file ${missing} was not found: nothing was restored.`);
    // A text file, and another program's SQLite database: not a Festime Desk backup.
    const text = join(other, 'notes.sqlite');
    writeFileSync(text, 'not a database at all, just some text that is long enough to be read');
    const notDb = await runCli([...base, 'restore', '--from', text, '--yes']);
    expect(notDb.code).toBe(2);
    expect(notDb.stderr).toContain(`Le fichier ${text} n’est pas une sauvegarde de Festime Desk (ce n’est pas un fichier SQLite) : rien n’a été restauré.`);
    expect(notDb.stderr).not.toContain('endommagée');
    const foreign = join(other, 'autre-programme.sqlite');
    const f = new Database(foreign);
    f.exec('CREATE TABLE clients (id INTEGER PRIMARY KEY, nom TEXT)');
    f.close();
    const notOurs = await runCli([...base, 'restore', '--from', foreign, '--yes']);
    expect(notOurs.code).toBe(2);
    expect(notOurs.stderr).toContain('n’est pas une sauvegarde de Festime Desk (c’est la base SQLite d’un autre programme)');
    expect(readFileSync(join(dataDir, DATABASE_FILE)).equals(before)).toBe(true);
    // A real backup, then damaged in the middle.
    const made = await runCli([...base, 'backup']);
    const copy = /: (.+\.sqlite)/.exec(made.stdout)![1]!;
    const bytes = readFileSync(copy);
    bytes.fill(0x41, 8192, bytes.length - 4096);
    const damaged = join(other, 'damaged.sqlite');
    writeFileSync(damaged, bytes);
    const bad = await runCli([...base, 'restore', '--from', damaged, '--yes']);
    expect(bad.code).toBe(1);
    expect(readFileSync(join(dataDir, DATABASE_FILE)).equals(before)).toBe(true);
    expect(readdirSync(dataDir).some((f) => f.includes('before-restore'))).toBe(false);
    expect(strays()).toEqual([]);
  });
});

describe('a crafted backup is never restored', () => {
  it('a future version, a foreign trigger or view, a date in the future: refused or passed over, the database untouched', async () => {
    await runCli([...base, 'sync'], { env });
    const made = await runCli([...base, 'backup']);
    const genuine = /: (.+\.sqlite)/.exec(made.stdout)![1]!;
    const backups = join(dataDir, 'backups');
    const craft = (name: string, change: (db: Database.Database) => void) => {
      const file = join(backups, name);
      writeFileSync(file, readFileSync(genuine));
      const db = new Database(file);
      change(db);
      db.close();
      return file;
    };
    // Named as the newest backup of all, each with something this project never made.
    const future = craft('festime-desk-2099-12-31.sqlite', (db) => db.pragma('user_version = 999'));
    const trigger = craft('festime-desk-2099-12-30-120000.sqlite', (db) =>
      db.exec(`CREATE TRIGGER evil AFTER INSERT ON punches BEGIN DELETE FROM corrections; END`),
    );
    const view = join(mkdtempSync(join(tmpdir(), 'festime-foreign-')), 'view.sqlite');
    writeFileSync(view, readFileSync(genuine));
    const v = new Database(view);
    v.exec('CREATE VIEW everyone AS SELECT * FROM holders');
    v.close();
    const before = readFileSync(join(dataDir, DATABASE_FILE));

    for (const [file, message] of [
      [future, 'écrite par une version plus récente de Festime Desk'],
      [trigger, 'il contient des éléments que Festime Desk n’a pas créés, ou modifiés (trigger evil)'],
      [view, 'il contient des éléments que Festime Desk n’a pas créés, ou modifiés (view everyone)'],
    ] as const) {
      const r = await runCli([...base, 'restore', '--from', file, '--yes']);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(message);
      expect(readFileSync(join(dataDir, DATABASE_FILE)).equals(before)).toBe(true);
    }
    // Without --from, the newest backup dated no later than today is the one restored: the
    // future-dated files are passed over, and do not count among the ten kept either.
    const r = await runCli([...base, 'restore', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(genuine.split('/').pop()!);
    const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name IN ('evil', 'everyone')").all()).toEqual([]);
    expect(db.pragma('user_version', { simple: true })).not.toBe(999);
    db.close();
    for (let i = 0; i < 10; i++) expect((await runCli([...base, 'backup'])).code).toBe(0);
    const names = readdirSync(backups);
    expect(names).toContain('festime-desk-2099-12-31.sqlite');
    expect(names.filter((n) => !n.startsWith('festime-desk-2099'))).toHaveLength(10);
  });
});

describe('backups', () => {
  it('two backups the same day are both kept, named to the second', async () => {
    await runCli([...base, 'sync'], { env });
    expect((await runCli([...base, 'backup'])).code).toBe(0);
    expect((await runCli([...base, 'backup'])).code).toBe(0);
    const names = readdirSync(join(dataDir, 'backups'));
    // The sync's daily one and two made by hand, none replacing another.
    expect(names).toHaveLength(3);
    expect(names.every((n) => /^festime-desk-\d{4}-\d{2}-\d{2}-\d{6}(-\d+)?\.sqlite$/.test(n))).toBe(true);
  });

  it('a kill during backups and restores leaves no stray file once the next command starts', async () => {
    await runCli([...base, 'sync'], { env });
    const punches = count();
    const churn = await hold('churn', 2);
    await killed(churn);
    // The next writer takes over the dead process's lock and removes what it left.
    const r = await runCli([...base, 'backup']);
    expect(r.code).toBe(0);
    expect(strays()).toEqual([]);
    expect(count()).toBe(punches);
  });
});
