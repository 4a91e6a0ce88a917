// Schema 13: conflicting readings. Festime's id_pointage is a punch's key; a record with a known id
// and different content (in one answer, or against what the cache holds) is not dropped: the first
// reading stays in punches (never edited), the other is kept here, and the person's day shows both.
// What the punch itself says is compared (badge, type, time, reason code, terminal); the names and
// labels Festime writes from its registers (person, reason, access point, client, group) follow
// those registers and may change without a conflict. A trigger sees every reading, the ones an
// insert then skips included (a BEFORE trigger fires before ON CONFLICT DO NOTHING); a reading
// already kept is kept once. Purged punches take their readings with them.
import type { Database } from 'better-sqlite3';

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE punch_conflicts (
      account_id INTEGER NOT NULL,
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
      seen_at TEXT NOT NULL,
      UNIQUE (account_id, id, uid, type, at, reason_code, terminal),
      FOREIGN KEY (account_id, id) REFERENCES punches(account_id, id) ON DELETE CASCADE
    ) STRICT;
    CREATE INDEX punch_conflicts_by_seen ON punch_conflicts (account_id, seen_at);

    CREATE TRIGGER punch_conflict BEFORE INSERT ON punches
    WHEN EXISTS (
      SELECT 1 FROM punches p WHERE p.account_id = NEW.account_id AND p.id = NEW.id
        AND (p.uid IS NOT NEW.uid OR p.type IS NOT NEW.type OR p.at IS NOT NEW.at OR p.reason_code IS NOT NEW.reason_code OR p.terminal IS NOT NEW.terminal)
    )
    BEGIN
      INSERT INTO punch_conflicts (account_id, id, uid, name, type, reason_code, reason, at, terminal, access_point, client_id, client, grp, extra, seen_at)
      VALUES (NEW.account_id, NEW.id, NEW.uid, NEW.name, NEW.type, NEW.reason_code, NEW.reason, NEW.at, NEW.terminal, NEW.access_point,
        NEW.client_id, NEW.client, NEW.grp, NEW.extra, NEW.first_seen)
      ON CONFLICT DO NOTHING;
    END;
  `);
}
