// The machine's faults, said plainly and losing nothing, with the CLI as a child process over real
// SQLite files: the database busy in another process, a read-only data folder (a read-only bind
// mount: file modes do not stop root), a full disk (a small tmpfs), a data folder that is a file,
// a database from a newer version. We run as root in the container, as CI does: mount works.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SyncStatus } from '../../shared/api';
import { createAppService } from '../../main/core/app/service';
import { DatabaseBusyError, toAppError } from '../../main/core/errors';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { createNodeTransport } from '../../main/core/festime/transport';
import { noopLogger } from '../../main/core/log';
import { DATABASE_FILE, SCHEMA_VERSION } from '../../main/core/store';
import { createDispatcher } from '../../main/ipc/dispatcher';
import { memoryCredentials } from '../helpers/credentials';
import { pinCliClock, runCli } from '../helpers/cli';

const HOLD_WRITE = fileURLToPath(new URL('../helpers/hold-write.ts', import.meta.url));
const NOW = new Date('2026-11-25T15:30:00Z');
// The CLI lives at the simulator's time: its sync window must not drift with the calendar.
pinCliClock(NOW);
const env = { FESTIME_PASSWORD: DEMO_PASSWORD };
// The busy case waits SQLite's 5 s; the disk-full case syncs a site twice.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let sim: Simulator;
let url: string;
let root: string;
/** A data folder synced once (90 days of the demo site), copied for each test. */
let seed: string;
const mounts: string[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  sim = createSimulator({ now: () => NOW });
  url = await sim.listen();
  root = mkdtempSync(join(tmpdir(), 'festime-faults-'));
  seed = join(root, 'seed');
  const r = await runCli(['--server', url, '--login', 'demo', '--data-dir', seed, 'sync'], { env });
  expect(r.code, r.stderr).toBe(0);
});
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
afterAll(async () => {
  for (const m of mounts.reverse()) umount(m);
  await sim.close();
  rmSync(root, { recursive: true, force: true });
});

function mount(...args: string[]): void {
  execFileSync('mount', args, { stdio: 'pipe' });
}
function umount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'pipe' });
  } catch {
    execFileSync('umount', ['-l', dir], { stdio: 'pipe' }); // still busy: detached now, gone when free
  }
}

/** A fresh data folder holding a copy of the seed's database. */
function dataFolder(name: string, at = root): string {
  const dir = join(at, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(seed, DATABASE_FILE), join(dir, DATABASE_FILE));
  return dir;
}

const cli = (dataDir: string, args: string[], extra: string[] = []) =>
  runCli(['--server', url, '--login', 'demo', '--data-dir', dataDir, ...extra, ...args], { env });

/**
 * The punches' ids, the corrections and the integrity check of a database file, read apart from the
 * app. Opened read-write, only read: closing it then removes the -wal and -shm it made (a read-only
 * connection would leave them, and the read-only folder below would no longer be the clean case).
 */
function stateOf(file: string): { punches: number; ids: string; corrections: number; check: string } {
  const db = new Database(file, { fileMustExist: true });
  try {
    const ids = db.prepare('SELECT group_concat(id) AS ids FROM (SELECT id FROM punches ORDER BY id)').get() as { ids: string };
    return {
      punches: (db.prepare('SELECT count(*) AS n FROM punches').get() as { n: number }).n,
      ids: ids.ids,
      corrections: (db.prepare('SELECT count(*) AS n FROM corrections').get() as { n: number }).n,
      check: db.pragma('integrity_check', { simple: true }) as string,
    };
  } finally {
    db.close();
  }
}

const correction = ['corrections', 'add', '--uid', '100271571', '--at', '2026-11-24T08:00', '--type', 'A', '--comment', 'badge oublié'];

describe('the database busy in another process', () => {
  it('a write waits SQLite’s 5 s, then says another program uses the database; nothing is lost', async () => {
    const dir = dataFolder('busy');
    const file = join(dir, DATABASE_FILE);
    const before = stateOf(file);
    const holder = spawn(process.execPath, ['--import', 'tsx', HOLD_WRITE, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(holder);
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.setEncoding('utf8').on('data', (d: string) => d.includes('ready') && resolve());
      holder.on('exit', (code) => reject(new Error(`holder exited ${code}`)));
    });
    // The other program does hold the write lock: a write from here is refused at once.
    const probe = new Database(file, { timeout: 100 });
    expect(() => probe.prepare(`INSERT INTO settings (scope, key, value) VALUES ('global', 'probe', 'x')`).run()).toThrow(/locked|busy/i);
    probe.close();
    const started = Date.now();
    const r = await cli(dir, correction);
    expect(r.stderr).toContain('Un autre programme');
    expect(Date.now() - started).toBeGreaterThanOrEqual(5000);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Un autre programme utilise la base de données');
    expect(r.stderr).toContain('réessayez');
    expect(r.stderr).not.toMatch(/inattendue|SqliteError/);
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    // The other program's transaction was rolled back, ours never made: the same punches, no correction.
    expect(stateOf(file)).toEqual(before);
    // Once it is gone, the same command goes through.
    expect((await cli(dir, correction)).code).toBe(0);
    expect(stateOf(file).corrections).toBe(before.corrections + 1);
  });

  it('a raw SQLITE_BUSY from any path becomes the same message, in English too', () => {
    const file = join(dataFolder('busy-raw'), DATABASE_FILE);
    const a = new Database(file);
    const b = new Database(file, { timeout: 50 });
    try {
      a.exec('BEGIN IMMEDIATE');
      let raw: unknown;
      try {
        b.exec(`INSERT INTO settings (scope, key, value) VALUES ('global', 'x', 'y')`);
      } catch (error) {
        raw = error;
      }
      expect((raw as { code: string }).code).toBe('SQLITE_BUSY');
      const en = toAppError(raw, 'en', '/data');
      expect(en).toMatchObject({ code: 'store.busy', message: new DatabaseBusyError().localized('en') });
      expect(en.message).toContain('Another program is using the database');
      expect(en.message).toContain('try again');
    } finally {
      a.exec('ROLLBACK');
      a.close();
      b.close();
    }
  });
});

describe('a read-only data folder', () => {
  let source: string;
  let readOnly: string;
  let before: ReturnType<typeof stateOf>;
  beforeAll(() => {
    source = dataFolder('rw');
    before = stateOf(join(source, DATABASE_FILE));
    readOnly = join(root, 'ro');
    mkdirSync(readOnly);
    mount('--bind', source, readOnly);
    mounts.push(readOnly);
    mount('-o', 'remount,ro,bind', readOnly);
    // Truly read-only, even for root.
    expect(() => writeFileSync(join(readOnly, 'probe'), 'x')).toThrow(/EROFS/);
  });

  it('a command that writes names the folder and says to choose a writable one; exit 2, nothing changed', async () => {
    const fr = await cli(readOnly, correction);
    expect(fr.code).toBe(2);
    expect(fr.stderr).toContain(`Impossible d’écrire dans le dossier de données ${readOnly} : il est en lecture seule`);
    expect(fr.stderr).toContain('Choisissez un dossier où l’on peut écrire');
    const en = await cli(readOnly, ['sync'], ['--lang', 'en']);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain(`Cannot write to the data folder ${readOnly}: it is read-only`);
    expect(en.stderr).toContain('fix this one’s permissions');
    const backup = await cli(readOnly, ['backup']);
    expect(backup.code).toBe(2);
    expect(backup.stderr).toContain('lecture seule');
    expect(stateOf(join(source, DATABASE_FILE))).toEqual(before);
    // No lock file, no log, no backup folder: nothing was written.
    expect(readdirSync(source)).toEqual([DATABASE_FILE]);
  });

  it('commands that only read still work and print the data', async () => {
    // The clean case: closed by its last writer, no -wal nor -shm, and none can be made here.
    expect(readdirSync(readOnly)).toEqual([DATABASE_FILE]);
    // Every punch cached: the sync on 25 November read Festime's 90 days, from 28 August.
    const punches = await cli(readOnly, ['punches', '--from', '2026-08-01', '--to', '2026-11-30', '--format', 'json']);
    expect(punches.code, punches.stderr).toBe(0);
    expect((JSON.parse(punches.stdout) as unknown[]).length).toBe(before.punches);
    const month = await cli(readOnly, ['export', '--month', '2026-11', '--format', 'json']);
    expect(month.code, month.stderr).toBe(0);
    expect((JSON.parse(month.stdout) as unknown[]).length).toBeGreaterThan(10);
    const holders = await cli(readOnly, ['holders', 'list']);
    expect(holders.code, holders.stderr).toBe(0);
    expect(holders.stdout).toContain('ANDRÉ');
    expect(stateOf(join(source, DATABASE_FILE))).toEqual(before);
  });

  it('a database still open elsewhere (its -wal and -shm there) is read with its latest changes', async () => {
    // Another program, on the writable side, renamed a holder and keeps the database open: the
    // change is only in the -wal.
    const holder = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import Database from 'better-sqlite3';
         const db = new Database(${JSON.stringify(join(source, DATABASE_FILE))});
         db.pragma('wal_autocheckpoint = 0');
         db.prepare("UPDATE holders SET nom = 'RENOMMÉ-DANS-LE-WAL' WHERE uid = '100271571'").run();
         process.stdout.write('ready\\n');
         setInterval(() => {}, 1 << 30);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'], cwd: fileURLToPath(new URL('../..', import.meta.url)) },
    );
    children.push(holder);
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.setEncoding('utf8').on('data', (d: string) => d.includes('ready') && resolve());
      holder.on('exit', (code) => reject(new Error(`holder exited ${code}`)));
    });
    expect(readdirSync(readOnly).sort()).toEqual([DATABASE_FILE, `${DATABASE_FILE}-shm`, `${DATABASE_FILE}-wal`]);
    const r = await cli(readOnly, ['holders', 'list']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('RENOMMÉ-DANS-LE-WAL');
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
  });
});

describe('a full disk', () => {
  it('a sync that cannot be stored says the disk is full; the earlier punches are all there, intact', async () => {
    const disk = join(root, 'small');
    mkdirSync(disk);
    // Large enough for the day's backup once the filler is gone (the filler takes the rest before).
    mount('-t', 'tmpfs', '-o', 'size=32M', 'tmpfs', disk);
    mounts.push(disk);
    const dir = dataFolder('data', disk);
    const file = join(dir, DATABASE_FILE);
    const before = stateOf(file);
    // Festime holds 6,000 new punches (one every two seconds from 06:00): more than the disk has room for.
    const clock = (s: number) => [s / 3600, (s / 60) % 60, s % 60].map((n) => String(Math.floor(n)).padStart(2, '0')).join(':');
    for (let i = 0; i < 6000; i++) sim.addPunch('demo', { uid: '100271571', type: i % 2 ? 'D' : 'A', at: `2026-11-24T${clock(6 * 3600 + 2 * i)}` });
    // The rest of the disk taken, a few pages left: enough to start, not to store the week.
    const free = Number(execFileSync('df', ['--output=avail', '-B1', disk], { encoding: 'utf8' }).split('\n')[1]!.trim());
    writeFileSync(join(disk, 'filler'), Buffer.alloc(Math.max(0, free - 96 * 1024)));
    // --full: the whole window, whatever today is on this PC (the simulator's clock is fixed).
    const fr = await cli(dir, ['sync', '--full']);
    expect(fr.code, fr.stderr).toBe(1);
    expect(fr.stderr).toContain('Le disque est plein');
    expect(fr.stderr).toContain('Rien n’a été perdu');
    expect(fr.stderr).toContain('Libérez de la place');
    expect(fr.stderr).not.toMatch(/inattendue|SqliteError/);
    const after = stateOf(file);
    expect(after.check).toBe('ok');
    // Every punch stored before is still there (a batch stored before the disk filled may stay: each batch is its own transaction).
    const kept = new Set(after.ids.split(','));
    expect(before.ids.split(',').filter((id) => !kept.has(id))).toEqual([]);
    expect(after.corrections).toBe(before.corrections);
    // A backup on the full disk: the same words in English, and no half-written copy left.
    const en = await cli(dir, ['backup'], ['--lang', 'en']);
    expect(en.code).toBe(1);
    expect(en.stderr).toContain('The disk is full');
    expect(en.stderr).toContain('Nothing was lost');
    expect(readdirSync(join(dir, 'backups')).filter((f) => f.endsWith('.sqlite') || f.includes('.tmp'))).toEqual([]);
    // Space freed: the same sync stores the week.
    rmSync(join(disk, 'filler'));
    const again = await cli(dir, ['sync', '--full']);
    expect(again.code, again.stderr).toBe(0);
    expect(stateOf(file)).toMatchObject({ check: 'ok' });
    expect(stateOf(file).punches).toBeGreaterThan(before.punches);
  });
});

describe('the day’s backup on a full disk', () => {
  it('said in the sync’s summary and its status (exit 1), no half-made copy, tried again by the next sync until it is made', async () => {
    const disk = join(root, 'backup-full');
    mkdirSync(disk);
    mount('-t', 'tmpfs', '-o', 'size=16M', 'tmpfs', disk);
    mounts.push(disk);
    const dir = dataFolder('data', disk);
    const file = join(dir, DATABASE_FILE);
    // Up to date with Festime (whatever the tests before added there), its backup then removed: the day's backup is due.
    expect((await cli(dir, ['sync'])).code).toBe(0);
    rmSync(join(dir, 'backups'), { recursive: true });
    const before = stateOf(file);
    // Room for the sync's few writes, not for a copy of the database.
    const free = Number(execFileSync('df', ['--output=avail', '-B1', disk], { encoding: 'utf8' }).split('\n')[1]!.trim());
    writeFileSync(join(disk, 'filler'), Buffer.alloc(Math.max(0, free - 512 * 1024)));
    const backups = () => (existsSync(join(dir, 'backups')) ? readdirSync(join(dir, 'backups')) : []);

    for (let attempt = 0; attempt < 2; attempt++) {
      const r = await cli(dir, ['sync']);
      expect(r.code, r.stderr).toBe(1);
      // The punches are synced, and the summary says so; the backup's failure is said beside it, with what to do.
      expect(r.stdout).toContain('Synchronisation terminée');
      expect(r.stderr).toContain('festime-desk: Sauvegarde du jour impossible : Le disque est plein');
      expect(r.stderr).toContain('Libérez de la place');
      expect(r.stderr).toContain('Elle sera tentée de nouveau à la prochaine synchronisation.');
      expect(r.stderr).not.toMatch(/inattendue|SqliteError|SQLITE_FULL/);
      // No copy, whole or half: the day's backup is still due.
      expect(backups()).toEqual([]);
    }
    expect(stateOf(file)).toMatchObject({ check: 'ok', punches: before.punches });

    // What the window's status bar reads: the failure, in its language.
    const failed = await syncStatus(dir);
    expect(failed).toMatchObject({ ok: true, value: { backupError: { code: 'store.disk-full' } } });
    expect(failed.ok && (failed.value as SyncStatus).backupError!.message).toContain('The disk is full');

    // Space freed: the next sync makes the day's backup, says nothing more, and the failure is over.
    rmSync(join(disk, 'filler'));
    const again = await cli(dir, ['sync']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('Sauvegarde');
    expect(backups()).toEqual([expect.stringMatching(/^festime-desk-2026-11-25-\d{6}\.sqlite$/)]);
    expect(await syncStatus(dir)).toMatchObject({ ok: true, value: { backupError: null } });
  });
});

/** sync/status as the window's status bar asks it, in English, over the data folder. */
async function syncStatus(dir: string) {
  const transport = createNodeTransport();
  const service = createAppService({
    dataDir: dir,
    version: 'test',
    credentials: memoryCredentials(),
    transport,
    emit: () => {},
    lang: () => 'en',
    actor: 'gerante',
    logger: noopLogger,
    deliver: async () => ({ savedTo: null, download: null }),
  });
  try {
    return await createDispatcher(service.handlers, () => 'en', noopLogger, dir)('sync/status', {}, { trusted: true });
  } finally {
    await service.close();
    await transport.close();
  }
}

describe('a data folder that is a file', () => {
  it('--data-dir naming a file: the message names it, exit 2; the file is left as it was', async () => {
    const file = join(root, 'not-a-folder.txt');
    writeFileSync(file, 'notes');
    const fr = await cli(file, ['punches']);
    expect(fr.code).toBe(2);
    expect(fr.stderr).toContain(`« ${file} » est un fichier, pas un dossier : choisissez un dossier`);
    const en = await cli(file, ['sync'], ['--lang', 'en']);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain(`“${file}” is a file, not a folder: choose a folder`);
    expect(readFileSync(file, 'utf8')).toBe('notes');
  });

  it('FESTIME_DATA_DIR under a file: the file in the way is named', async () => {
    const file = join(root, 'in-the-way');
    writeFileSync(file, '');
    const r = await runCli(['--server', url, '--login', 'demo', 'punches'], { env: { ...env, FESTIME_DATA_DIR: join(file, 'Festime Desk') } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`« ${file} » est un fichier, pas un dossier`);
  });
});

describe('a database from a newer version', () => {
  it('the CLI and the app say what to do; the file is not touched', async () => {
    const dir = dataFolder('future');
    const file = join(dir, DATABASE_FILE);
    const raw = new Database(file);
    raw.pragma('user_version = 999');
    raw.close();
    const bytes = readFileSync(file);
    for (const args of [['punches'], correction, ['sync']]) {
      const r = await cli(dir, args);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`a été écrite par une version plus récente de Festime Desk (schéma 999, cette version connaît le schéma ${SCHEMA_VERSION})`);
      expect(r.stderr).toContain('installez la version de Festime Desk qui l’a écrite');
      expect(r.stderr).toContain('restaurez une sauvegarde faite par cette version-ci');
    }
    // The app's start: the window's first calls get the same words (here in English), not "unexpected error".
    const transport = createNodeTransport();
    const service = createAppService({
      dataDir: dir,
      version: 'test',
      credentials: memoryCredentials(),
      transport,
      emit: () => {},
      lang: () => 'en',
      actor: 'gerante',
      logger: noopLogger,
      deliver: async () => ({ savedTo: null, download: null }),
    });
    const dispatch = createDispatcher(service.handlers, () => 'en', noopLogger, dir);
    try {
      for (const method of ['app/info', 'sync/status', 'settings/get'] as const) {
        const r = await dispatch(method, {}, { trusted: true });
        expect(r).toMatchObject({ ok: false, error: { code: 'store.future' } });
        expect(!r.ok && r.error.message).toContain('install the Festime Desk version that wrote it (or a newer one), or restore a backup made by this version');
      }
    } finally {
      await service.close();
      await transport.close();
    }
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });
});
