// Backups with SQLite's online backup API (never a file copy of a live database). Each backup is
// verified before it is kept; several a day possible, the ten newest kept.
import { randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, linkSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database, { type Database as Db } from 'better-sqlite3';
import { BackupMissingError, DatabaseDamagedError, DatabaseFromFutureError, ForeignSchemaError, NotABackupError } from '../errors';
import { privateDir, privateFile } from '../paths';
import { isAlive } from './lock';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';

export const BACKUP_DIR = 'backups';
export const MAX_BACKUPS = 10;
// festime-desk-2026-11-29-142501.sqlite (to the second; "-2" when two fall in the same second),
// and the old one-a-day festime-desk-2026-11-29.sqlite, still listed and restorable.
const NAME = /^festime-desk-(\d{4}-\d{2}-\d{2})(?:-(\d{6})(?:-(\d+))?)?\.sqlite$/;
// Temporary files carry the pid of the process writing them: one whose process is gone is stale.
const TEMP = /\.(\d+)(?:-[0-9a-z]+)?\.tmp(?:-wal|-shm|-journal)?$|\.restoring-(\d+)-[^/]*$/;

export interface BackupInfo {
  file: string;
  day: string;
}

const sortKey = (m: RegExpExecArray) => `${m[1]}-${m[2] ?? '000000'}-${(m[3] ?? '1').padStart(6, '0')}`;

/**
 * The backups, newest first. With `today` (the site's day), one named after a later day is left
 * out: no backup can come from the future, and a file dropped there with such a name would
 * otherwise be the "newest" one restored, and push the real ones out of the ten kept.
 */
export function listBackups(dataDir: string, today?: string): BackupInfo[] {
  const dir = join(dataDir, BACKUP_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => ({ name, m: NAME.exec(name) }))
    .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null && (today === undefined || x.m[1]! <= today))
    .map(({ name, m }) => ({ file: join(dir, name), day: m[1]!, key: sortKey(m) }))
    .sort((a, b) => b.key.localeCompare(a.key))
    .map(({ file, day }) => ({ file, day }));
}

/** Removes what interrupted backups and restores left (their process is gone). */
export function cleanStaleFiles(dataDir: string): void {
  for (const dir of [dataDir, join(dataDir, BACKUP_DIR)]) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const m = TEMP.exec(name);
      if (!m) continue;
      const pid = Number(m[1] ?? m[2]);
      if (pid !== process.pid && !isAlive(pid)) rmSync(join(dir, name), { force: true });
    }
  }
}

const unique = () => randomBytes(4).toString('hex');

/** integrity_check on a closed file (read-only unless `standalone`, which also leaves it a single self-contained file). */
export function verifyDatabaseFile(file: string, standalone = false): string {
  let db: Db | null = null;
  try {
    db = new Database(file, { readonly: !standalone, fileMustExist: true });
    if (standalone) db.pragma('journal_mode = DELETE');
    return String(db.pragma('integrity_check', { simple: true }));
  } catch (error) {
    return (error as Error).message;
  } finally {
    db?.close();
  }
}

// The check of a fresh backup reads all of it (seconds for five years of punches): it runs in a
// worker thread, so that the app stays responsive meanwhile. The worker loads better-sqlite3 from
// the path this module resolves (an evaluated worker has no module path of its own).
const VERIFY_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
parentPort.postMessage((() => {
  let Database;
  try {
    Database = require(workerData.module);
  } catch {
    return null; // no SQLite here: the caller checks on its own thread
  }
  let db = null;
  try {
    db = new Database(workerData.file, { readonly: !workerData.standalone, fileMustExist: true });
    if (workerData.standalone) db.pragma('journal_mode = DELETE');
    return String(db.pragma('integrity_check', { simple: true }));
  } catch (error) {
    return error.message;
  } finally {
    if (db) db.close();
  }
})());
`;

/** verifyDatabaseFile, off the main thread; on this thread where a worker cannot load SQLite. */
export async function verifyDatabaseFileInWorker(file: string, standalone = false): Promise<string> {
  // A CJS bundle has __filename; ESM (tsx) has import.meta.url, and inside an eval'd worker __filename is "[worker eval]".
  const from = typeof __filename === 'string' && isAbsolute(__filename) ? __filename : import.meta.url;
  const module = createRequire(from).resolve('better-sqlite3');
  const result = await new Promise<string | null>((resolve) => {
    const worker = new Worker(VERIFY_WORKER, { eval: true, workerData: { file, standalone, module } });
    worker.once('message', (message: string | null) => resolve(message));
    worker.once('error', () => resolve(null));
  });
  return result ?? verifyDatabaseFile(file, standalone);
}

/**
 * A new backup named after `day` and `time` (HHMMSS), never replacing an earlier one; verified,
 * then the oldest beyond ten removed. The copy is written beside under a temporary name holding
 * this pid, so that one left by a kill is recognised and removed (cleanStaleFiles).
 */
export async function backupNow(db: Db, dataDir: string, day: string, time = '000000'): Promise<BackupInfo> {
  const dir = join(dataDir, BACKUP_DIR);
  mkdirSync(dir, { recursive: true });
  privateDir(dir);
  const tmp = join(dir, `festime-desk-${day}-${time}.${process.pid}-${unique()}.tmp`);
  const drop = () => {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`, `${tmp}-journal`]) rmSync(f, { force: true });
  };
  try {
    await db.backup(tmp);
    const check = await verifyDatabaseFileInWorker(tmp, true);
    if (check !== 'ok') throw new DatabaseDamagedError(tmp, check);
    let file = join(dir, `festime-desk-${day}-${time}.sqlite`);
    for (let n = 2; existsSync(file); n++) file = join(dir, `festime-desk-${day}-${time}-${n}.sqlite`);
    privateFile(tmp);
    renameSync(tmp, file);
    for (const old of listBackups(dataDir, day).slice(MAX_BACKUPS)) rmSync(old.file, { force: true });
    return { file, day };
  } finally {
    drop();
  }
}

/** The first 16 bytes of every SQLite 3 file. */
const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

function looksLikeSqlite(file: string): boolean {
  let fd: number | null = null;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(16);
    return readSync(fd, head, 0, 16, 0) === 16 && head.equals(MAGIC);
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

type SchemaObject = { type: string; name: string; tbl_name: string; sql: string | null };
const SCHEMA_QUERY = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name";
const expected = new Map<number, Map<string, string>>();
const keyOf = (o: SchemaObject) => `${o.type} ${o.name}`;

/** Every table and index this project's migrations create up to `version`, as SQLite records them. */
function schemaOf(version: number): Map<string, string> {
  let known = expected.get(version);
  if (known === undefined) {
    const db = new Database(':memory:');
    try {
      for (const m of MIGRATIONS.slice(0, version)) m.up(db);
      known = new Map((db.prepare(SCHEMA_QUERY).all() as SchemaObject[]).map((o) => [keyOf(o), JSON.stringify(o)]));
    } finally {
      db.close();
    }
    expected.set(version, known);
  }
  return known;
}

/** The objects that differ from what the migrations make (foreign, changed or missing), named for the message; none: []. */
function foreignObjects(objects: readonly SchemaObject[], version: number): string[] {
  const known = schemaOf(version);
  const found = new Set(objects.map(keyOf));
  const odd = objects.filter((o) => known.get(keyOf(o)) !== JSON.stringify(o)).map(keyOf);
  const missing = [...known.keys()].filter((k) => !found.has(k));
  // Names from a file of unknown origin: printable characters only, and not too many.
  return [...odd, ...missing].map((k) => k.replace(/[^\p{L}\p{N} _.-]/gu, '?').slice(0, 60));
}

/** The quick checks of a file named for a restore, before anything is closed: it is there, and it is a SQLite file. */
export function checkBackupFile(file: string): void {
  if (!existsSync(file)) throw new BackupMissingError(file);
  if (!looksLikeSqlite(file)) throw new NotABackupError(file, 'text');
}

/**
 * A file that may come from elsewhere, checked before it is used: SQLite, intact, a schema this
 * version knows, and exactly the tables and indexes this project makes at that version — nothing
 * it did not create (a trigger, a view, a table of its own), nothing changed in their definitions.
 */
export function checkRestorable(file: string): void {
  checkBackupFile(file);
  const check = verifyDatabaseFile(file);
  if (check !== 'ok') throw new DatabaseDamagedError(file, check.split('\n')[0]!.slice(0, 200));
  const db = new Database(file, { readonly: true, fileMustExist: true });
  let version: number;
  let objects: SchemaObject[];
  try {
    version = db.pragma('user_version', { simple: true }) as number;
    objects = db.prepare(SCHEMA_QUERY).all() as SchemaObject[];
  } finally {
    db.close();
  }
  if (version > SCHEMA_VERSION) throw new DatabaseFromFutureError(file, version, SCHEMA_VERSION);
  // A SQLite file no migration of this project ever touched: another program's database.
  if (version < 1) throw new NotABackupError(file, 'foreign');
  const foreign = foreignObjects(objects, version);
  if (foreign.length > 0) throw new ForeignSchemaError(file, foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? '…' : ''));
}

/** The newest backup that passes the checks. */
export function newestGoodBackup(dataDir: string, databaseFile: string, today?: string): BackupInfo {
  for (const b of listBackups(dataDir, today)) {
    try {
      checkRestorable(b.file);
      return b;
    } catch {
      // the next older one
    }
  }
  throw new DatabaseDamagedError(databaseFile, 'no good backup');
}

/**
 * Puts `source` (checked) in place of the database, closed by the caller and written by no other
 * process (the writer lock). The database replaced is kept as festime-desk.before-restore-<stamp>.sqlite.
 * At no point is there no database: the copy is made and checked beside, then renamed over it.
 * Returns where the replaced one is kept.
 */
export function restoreFrom(source: string, databaseFile: string, stamp: string): string {
  checkRestorable(source);
  const copy = `${databaseFile}.restoring-${process.pid}-${unique()}`;
  const kept = join(dirname(databaseFile), `festime-desk.before-restore-${stamp}.sqlite`);
  try {
    const src = new Database(source, { readonly: true, fileMustExist: true });
    try {
      // VACUUM INTO writes a fresh, self-contained copy without touching the source.
      src.prepare('VACUUM INTO ?').run(copy);
    } finally {
      src.close();
    }
    const check = verifyDatabaseFile(copy);
    if (check !== 'ok') throw new DatabaseDamagedError(copy, check);
    if (existsSync(databaseFile)) keepAside(databaseFile, kept);
    // The old -wal and -shm belong to the old file (kept above): left here, SQLite would replay them into the restored one.
    for (const suffix of ['-wal', '-shm']) rmSync(`${databaseFile}${suffix}`, { force: true });
    renameSync(copy, databaseFile);
    return kept;
  } finally {
    rmSync(copy, { force: true });
  }
}

/** The current database, whole (its -wal folded in when it can be; else kept beside it), under `kept`. */
function keepAside(databaseFile: string, kept: string): void {
  try {
    const db = new Database(databaseFile, { fileMustExist: true });
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
  } catch {
    // A damaged file is kept as it is, with its -wal copied beside.
  }
  try {
    // A second name for the same file: instant, and the restored one is then renamed over the first.
    linkSync(databaseFile, kept);
  } catch {
    copyFileSync(databaseFile, kept);
  }
  if (existsSync(`${databaseFile}-wal`)) copyFileSync(`${databaseFile}-wal`, `${kept}-wal`);
}

/** Puts the newest good backup in place of the database (damaged, or by the user's choice). */
export function restoreNewestBackup(dataDir: string, databaseFile: string, stamp: string, today?: string): BackupInfo & { kept: string } {
  const good = newestGoodBackup(dataDir, databaseFile, today);
  return { ...good, kept: restoreFrom(good.file, databaseFile, stamp) };
}
