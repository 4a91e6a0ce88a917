// Schema 7: employee records beside the badge holders. A contract is kept in versions, each in
// force from a day (past months keep the contract then in force); absences are a layer like the
// corrections: never deleted, a removal is a date and a name, so that the audit trail stays whole.
import type { Database } from 'better-sqlite3';

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE contracts (
      account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      uid TEXT NOT NULL,
      from_day TEXT NOT NULL,
      matricule TEXT NOT NULL DEFAULT '',
      type TEXT NOT NULL CHECK (type IN ('full-time', 'part-time', 'days')),
      weekly_hours REAL NOT NULL,
      days TEXT NOT NULL,
      night_worker INTEGER NOT NULL DEFAULT 0,
      start_day TEXT,
      end_day TEXT,
      updated_by TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (account_id, uid, from_day)
    ) STRICT;
    CREATE TABLE absences (
      id INTEGER PRIMARY KEY,
      account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      uid TEXT NOT NULL,
      from_day TEXT NOT NULL,
      to_day TEXT NOT NULL,
      code TEXT NOT NULL,
      half TEXT CHECK (half IN ('am', 'pm')),
      comment TEXT NOT NULL,
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL,
      removed_at TEXT,
      removed_by TEXT
    ) STRICT;
    CREATE INDEX absences_by_day ON absences (account_id, from_day);
  `);
}
