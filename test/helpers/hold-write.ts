// Another program in the middle of a write (a SQLite browser, a stuck script): it opens the
// database, begins an IMMEDIATE transaction, writes a row, says "ready" on stdout, then waits
// until it is killed — its transaction is then rolled back, never committed.
import Database from 'better-sqlite3';

const [file] = process.argv.slice(2) as [string];
const db = new Database(file);
db.exec('BEGIN IMMEDIATE');
db.prepare(`INSERT INTO settings (scope, key, value) VALUES ('global', 'held-by-another-program', 'x')`).run();
process.stdout.write('ready\n');
setInterval(() => {}, 1 << 30);
