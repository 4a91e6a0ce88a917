// Schema 4: punches one answer lacked. A punch is marked removed upstream only when a second
// answer covering its day lacks it too: one short answer (cut cleanly between two records, which
// nothing tells from a complete one) then only makes candidates, and the next answer that has
// them clears them. Purged punches take their candidacy with them.
import type { Database } from 'better-sqlite3';

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE removal_candidates (
      account_id INTEGER NOT NULL,
      id INTEGER NOT NULL,
      missed_at TEXT NOT NULL,
      PRIMARY KEY (account_id, id),
      FOREIGN KEY (account_id, id) REFERENCES punches(account_id, id) ON DELETE CASCADE
    ) STRICT, WITHOUT ROWID;
  `);
}
