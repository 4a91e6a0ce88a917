// Schema 1: accounts, raw punches, sync runs, the badge-holder register and its outbox,
// corrections, the audit log, settings. Tables are STRICT; the password is in none of them.
import type { Database } from 'better-sqlite3';

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE accounts (
      id INTEGER PRIMARY KEY,
      server TEXT NOT NULL,
      login TEXT NOT NULL,
      label TEXT NOT NULL DEFAULT '',
      created_at TEXT NOT NULL,
      UNIQUE (server, login)
    ) STRICT;

    -- Punches as Festime sent them, never edited. extra: JSON of the fields not in a column
    -- and not derivable from at (code_translation, unknown columns), when not empty.
    CREATE TABLE punches (
      account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      id INTEGER NOT NULL,
      uid TEXT NOT NULL,
      name TEXT NOT NULL,
      type TEXT NOT NULL CHECK (type IN ('A', 'D', 'P')),
      reason_code TEXT NOT NULL,
      reason TEXT NOT NULL,
      at TEXT NOT NULL,
      terminal TEXT NOT NULL,
      access_point TEXT NOT NULL,
      client_id TEXT NOT NULL,
      client TEXT NOT NULL,
      grp TEXT NOT NULL,
      extra TEXT,
      first_seen TEXT NOT NULL,
      removed_at TEXT,
      PRIMARY KEY (account_id, id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX punches_by_time ON punches (account_id, at);
    CREATE INDEX punches_by_holder ON punches (account_id, uid, at);

    CREATE TABLE sync_runs (
      id INTEGER PRIMARY KEY,
      account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      started_at TEXT NOT NULL,
      finished_at TEXT,
      window_from TEXT NOT NULL,
      window_to TEXT NOT NULL,
      full INTEGER NOT NULL,
      outcome TEXT NOT NULL CHECK (outcome IN ('running', 'ok', 'failed', 'cancelled', 'interrupted')),
      received INTEGER NOT NULL DEFAULT 0,
      added INTEGER NOT NULL DEFAULT 0,
      removed INTEGER NOT NULL DEFAULT 0,
      restored INTEGER NOT NULL DEFAULT 0,
      error_code TEXT,
      error_key TEXT,
      error_params TEXT
    ) STRICT;
    CREATE INDEX sync_runs_by_account ON sync_runs (account_id, id);

    -- Festime has no call that lists badge holders: this register is fed by the app and by punches.
    CREATE TABLE holders (
      account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      uid TEXT NOT NULL,
      nom TEXT NOT NULL,
      prenom TEXT NOT NULL,
      source TEXT NOT NULL CHECK (source IN ('app', 'punches')),
      name_seen TEXT,
      last_seen_at TEXT,
      names_fixed INTEGER NOT NULL DEFAULT 0,
      deleted_at TEXT,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (account_id, uid)
    ) STRICT;

    -- Every create / edit / delete is written here before it is sent.
    CREATE TABLE outbox (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      op TEXT NOT NULL CHECK (op IN ('add', 'edit', 'delete')),
      uid TEXT NOT NULL,
      nom TEXT NOT NULL,
      prenom TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('queued', 'ok', 'ko', 'unknown', 'cancelled')),
      festime_text TEXT,
      error_code TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL,
      created_by TEXT NOT NULL,
      settled_at TEXT,
      pushed_at TEXT
    ) STRICT;
    CREATE INDEX outbox_by_state ON outbox (account_id, state, id);

    -- Payroll corrections: a layer over raw punches, never changing them.
    CREATE TABLE corrections (
      id INTEGER PRIMARY KEY,
      account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('add', 'ignore')),
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
    CREATE INDEX corrections_by_time ON corrections (account_id, at);

    CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY,
      account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
      at TEXT NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      details TEXT NOT NULL DEFAULT '{}'
    ) STRICT;

    CREATE TABLE settings (
      scope TEXT NOT NULL,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      PRIMARY KEY (scope, key)
    ) STRICT;
  `);
}
