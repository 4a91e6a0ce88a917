// `npm run bench`: every benchmark, each in a process of its own (so that one's memory does not
// weigh on the next's figures), each printing its figure next to a baseline from the same run.
// `npm run bench -- main-thread` (or any names) runs only those. A real Secret Service is started
// for them (the main-thread benchmark keeps its account's password in the keychain, as the app does).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ALL = ['punch-parser', 'sync', 'timesheet', 'ui-punches', 'main-thread', 'punches-export'];
const asked = process.argv.slice(2);
const unknown = asked.filter((n) => !ALL.includes(n));
if (unknown.length > 0) {
  console.error(`unknown benchmark: ${unknown.join(', ')} (known: ${ALL.join(', ')})`);
  process.exit(2);
}
const keyring = fileURLToPath(new URL('../test/with-keyring.sh', import.meta.url));
const failed: string[] = [];
const names = asked.length > 0 ? asked : ALL;
for (const name of names) {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  const run = spawnSync('bash', [keyring, process.execPath, '--expose-gc', '--import', 'tsx', file], { stdio: 'inherit' });
  if (run.status !== 0) failed.push(name);
}
// A benchmark fails when a target is missed (or it could not run): the run exits 1 and says which.
console.log(failed.length === 0 ? `\nevery target met (${names.join(', ')})` : `\nFAIL: a target missed or a run that stopped in ${failed.join(', ')}`);
if (failed.length > 0) process.exitCode = 1;
