// Schema 8: a lost card replaced by a new badge number, for the same person. Festime only knows
// badge numbers: this link is what keeps a person's history (punches, contract, absences) whole
// across their badges. A badge is replaced once, and a new badge replaces one badge.
import type { Database } from 'better-sqlite3';

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE badge_replacements (
      account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      old_uid TEXT NOT NULL,
      new_uid TEXT NOT NULL,
      replaced_at TEXT NOT NULL,
      replaced_by TEXT NOT NULL,
      PRIMARY KEY (account_id, old_uid),
      UNIQUE (account_id, new_uid)
    ) STRICT;
  `);
}
