// Opening the SQLite file: WAL, foreign keys, a quick_check, then the migrations step by step.
// A file from a newer schema is refused untouched; a damaged one is reported, never "repaired".
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database, { type Database as Db } from 'better-sqlite3';
import { DatabaseDamagedError, DatabaseFromFutureError } from '../errors';
import { privateDir, privateFile } from '../paths';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations';

export const DATABASE_FILE = 'festime-desk.sqlite';

export interface OpenOptions {
  /** Migrations to apply (tests open at an earlier version). Default: all. */
  migrations?: readonly Migration[];
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

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (!options.readonly) privateDir(dirname(file));
  let db: Db;
  try {
    db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (error) {
    if (isNotADatabase(error)) throw new DatabaseDamagedError(file, 'not a database');
    throw error;
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
    return db;
  } catch (error) {
    db.close();
    if (isNotADatabase(error)) throw new DatabaseDamagedError(file, (error as Error).message.slice(0, 200));
    throw error;
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
  db.pragma('synchronous = FULL');
  try {
    return db.transaction(fn).immediate();
  } finally {
    db.pragma('synchronous = NORMAL');
  }
}
