// Schema 9: the Pointages filters on five years of punches without reading millions of rows.
// - An index by access point: the page of one access point, newest or oldest first, read in order
//   from it (a rare access point no longer means walking the whole cache by time).
// - The distinct texts the search box looks in (badge number, name, reason, access point: a few
//   per person), kept by a trigger as punches arrive. A search is matched against these first; it
//   then reads only the punches of the people it found, through their index — and none at all when
//   nothing matches (it read every punch, 3 s on 3.6 million). Purged punches leave their texts
//   (a search then finds fewer rows than texts, never wrong rows). Filled once from the cache.
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
      PRIMARY KEY (account_id, uid, name, reason, access_point)
    ) STRICT, WITHOUT ROWID;

    INSERT INTO punch_texts (account_id, uid, name, reason, access_point)
      SELECT DISTINCT account_id, uid, name, reason, access_point FROM punches;

    CREATE TRIGGER punch_texts_insert AFTER INSERT ON punches BEGIN
      INSERT INTO punch_texts (account_id, uid, name, reason, access_point) VALUES (NEW.account_id, NEW.uid, NEW.name, NEW.reason, NEW.access_point)
        ON CONFLICT DO NOTHING;
    END;
  `);
}
