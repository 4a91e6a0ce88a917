// Schema 2: months closed once exported; corrections inside a closed month are refused until it
// is reopened with a reason (kept in the audit log).
import type { Database } from 'better-sqlite3';

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE closed_months (
      account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      month TEXT NOT NULL,
      closed_at TEXT NOT NULL,
      closed_by TEXT NOT NULL,
      PRIMARY KEY (account_id, month)
    ) STRICT;
  `);
}
