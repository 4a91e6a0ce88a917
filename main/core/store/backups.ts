// Backups with SQLite's online backup API (never a file copy of a live database). Each backup is
// verified before it replaces an older one; one per day is kept, ten at most.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database, { type Database as Db } from 'better-sqlite3';
import { DatabaseDamagedError } from '../errors';
import { privateDir, privateFile } from '../paths';

export const BACKUP_DIR = 'backups';
export const MAX_BACKUPS = 10;
const NAME = /^festime-desk-(\d{4}-\d{2}-\d{2})\.sqlite$/;

export interface BackupInfo {
  file: string;
  day: string;
}

export function listBackups(dataDir: string): BackupInfo[] {
  const dir = join(dataDir, BACKUP_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => ({ name, m: NAME.exec(name) }))
    .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null)
    .map(({ name, m }) => ({ file: join(dir, name), day: m[1]! }))
    .sort((a, b) => b.day.localeCompare(a.day));
}

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

/** Today's backup (replacing an earlier one of the same day), verified, then the oldest beyond ten removed. */
export async function backupNow(db: Db, dataDir: string, day: string): Promise<BackupInfo> {
  const dir = join(dataDir, BACKUP_DIR);
  mkdirSync(dir, { recursive: true });
  privateDir(dir);
  const file = join(dir, `festime-desk-${day}.sqlite`);
  const tmp = `${file}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  await db.backup(tmp);
  const check = await verifyDatabaseFileInWorker(tmp, true);
  if (check !== 'ok') {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
    throw new DatabaseDamagedError(tmp, check);
  }
  privateFile(tmp);
  renameSync(tmp, file);
  for (const old of listBackups(dataDir).slice(MAX_BACKUPS)) rmSync(old.file, { force: true });
  return { file, day };
}

/**
 * Puts the newest good backup in place of a damaged database (closed by the caller). The damaged
 * file is kept beside it, renamed, for a specialist. Returns the backup used.
 */
export function restoreNewestBackup(dataDir: string, databaseFile: string, stamp: string): BackupInfo {
  const good = listBackups(dataDir).find((b) => verifyDatabaseFile(b.file) === 'ok');
  if (!good) throw new DatabaseDamagedError(databaseFile, 'no good backup');
  // The copy is made and checked beside first: if that fails (a full disk…), the current file is
  // still in place, untouched.
  const copy = `${databaseFile}.restoring-${stamp}`;
  rmSync(copy, { force: true });
  const src = new Database(good.file, { readonly: true, fileMustExist: true });
  try {
    // VACUUM INTO writes a fresh, consistent copy without touching the backup.
    src.prepare('VACUUM INTO ?').run(copy);
  } catch (error) {
    rmSync(copy, { force: true });
    throw error;
  } finally {
    src.close();
  }
  const check = verifyDatabaseFile(copy);
  if (check !== 'ok') {
    rmSync(copy, { force: true });
    throw new DatabaseDamagedError(copy, check);
  }
  if (existsSync(databaseFile)) renameSync(databaseFile, `${databaseFile}.damaged-${stamp}`);
  for (const suffix of ['-wal', '-shm']) rmSync(`${databaseFile}${suffix}`, { force: true });
  renameSync(copy, databaseFile);
  return good;
}
