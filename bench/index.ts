// `npm run bench`: every benchmark, each in a process of its own (so that one's memory does not
// weigh on the next's figures), each printing its figure next to a baseline from the same run.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

for (const name of ['punch-parser', 'sync', 'timesheet', 'ui-punches']) {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  const run = spawnSync(process.execPath, ['--expose-gc', '--no-deprecation', '--import', 'tsx', file], { stdio: 'inherit' });
  if (run.status !== 0) process.exitCode = 1;
}
