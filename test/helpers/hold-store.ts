// A second process that holds the database as the open window does: it takes the writer lock,
// opens the store, says "ready" on stdout, then waits until it is killed. With `churn`, it makes
// backups and restores in a loop instead (to be killed in the middle of one).
import { join } from 'node:path';
import { DATABASE_FILE, openStore } from '../../main/core/store';
import { backupNow, restoreFrom } from '../../main/core/store/backups';
import { takeWriterLock } from '../../main/core/store/lock';

const [dataDir, mode] = process.argv.slice(2) as [string, string | undefined];
takeWriterLock(dataDir);
let store = openStore(dataDir);
process.stdout.write('ready\n');
if (mode === 'churn') {
  void (async () => {
    for (let i = 0; ; i++) {
      const b = await backupNow(store.db, dataDir, '2026-11-29', String(100000 + i));
      store.close();
      restoreFrom(b.file, join(dataDir, DATABASE_FILE), `churn-${i}`);
      store = openStore(dataDir);
      process.stdout.write(`round ${i}\n`);
    }
  })();
} else {
  setInterval(() => {}, 1 << 30);
}
