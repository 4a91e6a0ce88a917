// Schema 10: a fourth kind of payroll correction, `reading`: which of its two times a punch in the
// hour repeated when clocks go back is (`occurrence` 1: the first, summer time; 2: the second), or
// that a time of the hour skipped when they go forward is taken as read (1). Copied into its new
// shape as in schema 6 (SQLite cannot change a CHECK constraint in place), ids kept.
import type { Database } from 'better-sqlite3';

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE corrections_10 (
      id INTEGER PRIMARY KEY,
      account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('add', 'ignore', 'keep', 'reading')),
      uid TEXT NOT NULL,
      type TEXT CHECK (type IN ('A', 'D', 'P')),
      at TEXT,
      punch_id INTEGER,
      reason_code TEXT,
      comment TEXT NOT NULL,
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL,
      undone_at TEXT,
      undone_by TEXT,
      occurrence INTEGER CHECK (occurrence IN (1, 2))
    ) STRICT;
    INSERT INTO corrections_10 (id, account_id, kind, uid, type, at, punch_id, reason_code, comment, created_by, created_at, undone_at, undone_by)
      SELECT id, account_id, kind, uid, type, at, punch_id, reason_code, comment, created_by, created_at, undone_at, undone_by FROM corrections;
    DROP TABLE corrections;
    ALTER TABLE corrections_10 RENAME TO corrections;
    CREATE INDEX corrections_by_time ON corrections (account_id, at);
  `);
}
