// Schema 3: how many punches each day holds, per type and access point, kept by triggers as punches
// are inserted or purged. Counting "all of March", "every departure" or "this access point" over
// five years then sums a few thousand rows instead of reading millions of punches; the list of
// access points for the filters comes from here too. Filled once from the punches already cached.
import type { Database } from 'better-sqlite3';

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE punch_counts (
      account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      day TEXT NOT NULL,
      type TEXT NOT NULL,
      access_point TEXT NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (account_id, day, type, access_point)
    ) STRICT, WITHOUT ROWID;

    INSERT INTO punch_counts (account_id, day, type, access_point, n)
      SELECT account_id, substr(at, 1, 10), type, access_point, count(*) FROM punches GROUP BY 1, 2, 3, 4;

    -- Raw punches are never edited: only their arrival and their purge change the counts.
    CREATE TRIGGER punch_counts_insert AFTER INSERT ON punches BEGIN
      INSERT INTO punch_counts (account_id, day, type, access_point, n) VALUES (NEW.account_id, substr(NEW.at, 1, 10), NEW.type, NEW.access_point, 1)
        ON CONFLICT (account_id, day, type, access_point) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER punch_counts_delete AFTER DELETE ON punches BEGIN
      UPDATE punch_counts SET n = n - 1
        WHERE account_id = OLD.account_id AND day = substr(OLD.at, 1, 10) AND type = OLD.type AND access_point = OLD.access_point;
    END;
  `);
}
