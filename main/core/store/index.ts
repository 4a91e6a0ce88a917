// The local cache: one SQLite file in the data folder.
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { DATABASE_FILE, openDatabase, type OpenOptions } from './database';

export interface Store {
  db: Database;
  file: string;
  dataDir: string;
  close(): void;
}

export function openStore(dataDir: string, options: OpenOptions = {}): Store {
  const file = join(dataDir, DATABASE_FILE);
  const db = openDatabase(file, options);
  return { db, file, dataDir, close: () => db.close() };
}

export { DATABASE_FILE, durably, migrate, openDatabase } from './database';
export { SCHEMA_VERSION } from './migrations';
