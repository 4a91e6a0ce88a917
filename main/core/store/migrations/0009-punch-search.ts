// Schema 9: the Pointages filters on five years of punches without reading millions of rows.
// - An index by access point: the page of one access point, newest or oldest first, read in order
//   from it (a rare access point no longer means walking the whole cache by time).
// - The distinct texts the search box looks in (badge number, name, reason, access point: a few
//   per person) with how many punches of each type carry them, kept by triggers as punches arrive
//   and are purged, like the per-day counts (schema 3). A search is matched against these first: it
//   then reads only the punches of the people it found, through their index — none at all when
//   nothing matches (it read every punch: 3 s on 3.6 million) — and, over the whole cache, is
//   counted from here ("déjeuner" is on a quarter of all punches). Filled once from the cache.
import type { Database } from 'better-sqlite3';

export function up(db: Database): void {
  db.exec(`
    CREATE INDEX punches_by_access_point ON punches (account_id, access_point, at);

    CREATE TABLE punch_texts (
      account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      uid TEXT NOT NULL,
      name TEXT NOT NULL,
      reason TEXT NOT NULL,
      access_point TEXT NOT NULL,
      type TEXT NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (account_id, uid, name, reason, access_point, type)
    ) STRICT, WITHOUT ROWID;

    INSERT INTO punch_texts (account_id, uid, name, reason, access_point, type, n)
      SELECT account_id, uid, name, reason, access_point, type, count(*) FROM punches GROUP BY 1, 2, 3, 4, 5, 6;

    CREATE TRIGGER punch_texts_insert AFTER INSERT ON punches BEGIN
      INSERT INTO punch_texts (account_id, uid, name, reason, access_point, type, n)
        VALUES (NEW.account_id, NEW.uid, NEW.name, NEW.reason, NEW.access_point, NEW.type, 1)
        ON CONFLICT (account_id, uid, name, reason, access_point, type) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER punch_texts_delete AFTER DELETE ON punches BEGIN
      UPDATE punch_texts SET n = n - 1
        WHERE account_id = OLD.account_id AND uid = OLD.uid AND name = OLD.name AND reason = OLD.reason AND access_point = OLD.access_point AND type = OLD.type;
    END;
  `);
}
