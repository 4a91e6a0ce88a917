// Schema 11: a closed month keeps the figures it was paid on. `figures` holds the month as its
// exports read it (the timesheet, its raw punches and corrections, as JSON), written when it is
// closed; NULL for a month closed before this version until the first sync freezes it. What Festime
// changes later in a closed month becomes a regularisation of the next open month: one row per
// holder and figure (in ms), and a notice per closed month saying how many punches changed.
import type { Database } from 'better-sqlite3';

export function up(db: Database): void {
  db.exec(`
    ALTER TABLE closed_months ADD COLUMN figures TEXT;
    -- What the record of its days was when last compared (count, newest arrival, removals): a sync
    -- that leaves it as it was cannot have changed the month.
    ALTER TABLE closed_months ADD COLUMN fingerprint TEXT;
    CREATE TABLE regularisations (
      account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      month TEXT NOT NULL,
      into_month TEXT NOT NULL,
      uid TEXT NOT NULL,
      key TEXT NOT NULL,
      ms INTEGER NOT NULL,
      PRIMARY KEY (account_id, month, into_month, uid, key)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE closed_month_changes (
      account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      month TEXT NOT NULL,
      into_month TEXT NOT NULL,
      punches INTEGER NOT NULL,
      noticed_at TEXT NOT NULL,
      PRIMARY KEY (account_id, month, into_month)
    ) STRICT, WITHOUT ROWID;
  `);
}
