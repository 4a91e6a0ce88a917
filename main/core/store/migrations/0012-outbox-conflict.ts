// Schema 12: an outbox state for a create whose answer was lost and that Festime, asked again,
// refuses because the badge number exists — and the punches do not show it as ours. « À vérifier »:
// nothing more is sent for that badge until the manager chooses (keep Festime's holder, or give
// this person another badge). SQLite cannot change a CHECK: the table is rebuilt, ids kept.
import type { Database } from 'better-sqlite3';

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE outbox_next (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      op TEXT NOT NULL CHECK (op IN ('add', 'edit', 'delete')),
      uid TEXT NOT NULL,
      nom TEXT NOT NULL,
      prenom TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('queued', 'ok', 'ko', 'unknown', 'conflict', 'cancelled')),
      festime_text TEXT,
      error_code TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL,
      created_by TEXT NOT NULL,
      settled_at TEXT,
      pushed_at TEXT
    ) STRICT;
    INSERT INTO outbox_next SELECT id, account_id, op, uid, nom, prenom, state, festime_text, error_code, attempts,
      created_at, created_by, settled_at, pushed_at FROM outbox;
    -- The numbering goes on where it was (a change number is never given twice).
    UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0)) WHERE name = 'outbox_next';
    INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox_next', seq FROM sqlite_sequence
      WHERE name = 'outbox' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'outbox_next');
    DROP TABLE outbox;
    ALTER TABLE outbox_next RENAME TO outbox;
    CREATE INDEX outbox_by_state ON outbox (account_id, state, id);
  `);
}
