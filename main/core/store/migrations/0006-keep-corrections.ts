// Schema 6: a third kind of payroll correction, `keep`: a punch Festime no longer has (marked
// removed upstream) still counts, because payroll says so, with a comment like every correction.
// SQLite cannot change a CHECK constraint in place: the table is copied into its new shape
// (ids, and so the numbers users were told, kept), within the migration's transaction.
import type { Database } from 'better-sqlite3';

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE corrections_6 (
      id INTEGER PRIMARY KEY,
      account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('add', 'ignore', 'keep')),
      uid TEXT NOT NULL,
      type TEXT CHECK (type IN ('A', 'D', 'P')),
      at TEXT,
      punch_id INTEGER,
      reason_code TEXT,
      comment TEXT NOT NULL,
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL,
      undone_at TEXT,
      undone_by TEXT
    ) STRICT;
    INSERT INTO corrections_6 SELECT id, account_id, kind, uid, type, at, punch_id, reason_code, comment, created_by, created_at, undone_at, undone_by FROM corrections;
    DROP TABLE corrections;
    ALTER TABLE corrections_6 RENAME TO corrections;
    CREATE INDEX corrections_by_time ON corrections (account_id, at);
  `);
}
