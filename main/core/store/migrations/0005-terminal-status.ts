// Schema 4: what each terminal last said of itself (global_get_infos_iot, read at every sync): its
// status and its last scan. A terminal that was offline or silent and comes back has uploaded its
// late punches: `refetch_from` keeps the day the next sync must fetch again from until a good run
// covered it (a failed sync must not lose it).
import type { Database } from 'better-sqlite3';

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE terminal_status (
      account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      access_point TEXT NOT NULL,
      serial TEXT NOT NULL,
      status TEXT,
      last_scan TEXT,
      read_at TEXT NOT NULL,
      gap_since TEXT,
      refetch_from TEXT,
      PRIMARY KEY (account_id, access_point, serial)
    ) STRICT;
  `);
}
