// Opening the SQLite file: WAL, foreign keys, a quick_check, then the migrations step by step.
// A file from a newer schema is refused untouched; a damaged one is reported, never "repaired".
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database, { type Database as Db } from 'better-sqlite3';
import {
  DatabaseDamagedError,
  DatabaseFromFutureError,
  DataDirReadOnlyError,
  isNativeLoadFailure,
  machineFault,
  NativeModuleError,
  nativeDetail,
} from '../errors';
import { canWrite, privateDir, privateFile } from '../paths';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations';

export const DATABASE_FILE = 'festime-desk.sqlite';

export interface OpenOptions {
  /** Migrations to apply (tests open at an earlier version). Default: all. */
  migrations?: readonly Migration[];
  /**
   * Only read (a reading command on a folder that cannot be written): nothing is created, switched
   * or migrated. A database whose schema is older than this version's cannot be read so (it would
   * need its migrations): DataDirReadOnlyError.
   */
  readonly?: boolean;
  /** Skip the quick_check (benchmarks on multi-GB files). */
  skipCheck?: boolean;
  /**
   * Above this size the quick_check is left out at open (it reads the whole file: ~5 s for five
   * years of a 500-person site). Such a file is still checked every day — the daily backup runs
   * integrity_check on its copy — and SQLite reports a damaged page when it reads one (mapped to
   * DatabaseDamagedError). Default 256 MB.
   */
  checkLimitBytes?: number;
}

export const CHECK_LIMIT_BYTES = 256 * 1024 * 1024;

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

export function isNotADatabase(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT');
}

/** The SQLite error codes that say the file could not be opened (absent, or its -shm could not be made). */
const cannotOpen = (error: unknown) => String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_CANTOPEN');

/**
 * A WAL database opened for reading only, in a folder where nothing can be created.
 *
 * What works, tried with better-sqlite3 12 (SQLite 3.5x) on a read-only bind mount:
 * - a plain read-only connection reads it when its -wal and -shm are there (the last writer did
 *   not close cleanly, or the folder turned read-only while it was open): SQLite maps the -shm
 *   read-only and reads the -wal's frames — the latest changes included;
 * - after a clean close there is no -wal nor -shm, and SQLite cannot make the -shm: every read
 *   fails with SQLITE_CANTOPEN. `?immutable=1` or `?mode=ro` would do, but better-sqlite3 is built
 *   without URI file names (SQLITE_USE_URI=0); an exclusive locking_mode fails on the lock
 *   (SQLITE_IOERR_LOCK). What is left: a copy of the file in memory, marked "rollback journal"
 *   (header bytes 18–19) so that SQLite reads it with no -shm. That is honest only because no -wal
 *   (or an empty one) means the main file holds every committed change: the last connection
 *   checkpointed it and removed the -wal on closing.
 * - a -wal with frames but no -shm cannot be read without losing its changes: refused, as read-only.
 * The copy costs the file's size in memory while the command runs, and leaves nothing on disk.
 */
function openReadonly(file: string): Db {
  const dir = dirname(file);
  if (!existsSync(file)) throw new DataDirReadOnlyError(dir); // to be created, where nothing can be
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('user_version', { simple: true });
    return db;
  } catch (error) {
    db.close();
    if (!cannotOpen(error)) throw error;
  }
  if (sizeOf(`${file}-wal`) > 0) throw new DataDirReadOnlyError(dir);
  const bytes = readFileSync(file);
  if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) bytes[18] = bytes[19] = 1;
  return new Database(bytes, { readonly: true });
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const dir = dirname(file);
  if (!options.readonly) {
    privateDir(dir);
    // Said before SQLite meets it: SQLite would open the file read-only without a word, then fail
    // at the first write (or, for a WAL file, at the first read) with a bare SQLITE_READONLY.
    if (!canWrite(dir) || (existsSync(file) && !canWrite(file))) throw new DataDirReadOnlyError(dir);
  }
  let db: Db;
  try {
    db = options.readonly ? openReadonly(file) : new Database(file, { readonly: false, fileMustExist: false });
  } catch (error) {
    if (isNotADatabase(error)) throw new DatabaseDamagedError(file, 'not a database');
    // better-sqlite3 loads its engine at the first open: a build for another Node or Electron fails here.
    if (isNativeLoadFailure(error)) throw new NativeModuleError('better-sqlite3', nativeDetail(error));
    throw machineFault(error, dir) ?? error;
  }
  // Private before the first read: SQLite gives a -wal and -shm it creates the database's mode
  // (and tightens those an earlier version left readable).
  if (!options.readonly) for (const f of [file, `${file}-wal`, `${file}-shm`]) privateFile(f);
  try {
    // Before anything that could write (even switching to WAL rewrites the header): a file from
    // a newer schema is left exactly as it is.
    const migrations = options.migrations ?? MIGRATIONS;
    const known = Math.max(migrations.length ? migrations[migrations.length - 1]!.version : 0, SCHEMA_VERSION);
    const found = db.pragma('user_version', { simple: true }) as number;
    if (found > known) throw new DatabaseFromFutureError(file, found, known);
    if (!options.skipCheck && sizeOf(file) <= (options.checkLimitBytes ?? CHECK_LIMIT_BYTES)) {
      const check = db.pragma('quick_check', { simple: true }) as string;
      if (check !== 'ok') throw new DatabaseDamagedError(file, String(check).split('\n')[0]!.slice(0, 200));
    }
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // Punches can be fetched again; what only this PC knows is written with synchronous = FULL (see durably()).
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) migrate(db, migrations);
    // Read as it is, an older schema would miss what this version's queries ask for.
    else if (found < known) throw new DataDirReadOnlyError(dir);
    return db;
  } catch (error) {
    db.close();
    if (isNotADatabase(error)) throw new DatabaseDamagedError(file, (error as Error).message.slice(0, 200));
    // Another process in the middle of a write (a migration waits 5 s for it), a full disk while
    // switching to WAL or migrating (the step's transaction is rolled back): said plainly.
    throw machineFault(error, dir) ?? error;
  }
}

/** Applies the missing steps, each in its own transaction with its version number. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} is numbered ${m.version}, expected ${i + 1}`);
  });
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}

/** Runs `fn` in a transaction written with synchronous = FULL: for what only this PC knows. */
export function durably<T>(db: Db, fn: () => T): T {
  // Inside a durable transaction already (a change tried, then checked): a savepoint of it.
  if (db.inTransaction) return db.transaction(fn)();
  db.pragma('synchronous = FULL');
  try {
    return db.transaction(fn).immediate();
  } finally {
    db.pragma('synchronous = NORMAL');
  }
}
