// The whole suite (format, lint, types, vitest, the end-to-end tests) at three fixed dates, under
// libfaketime, whose variables the test helpers hand to every child: the first night of a year, the
// Monday after the clocks went forward, and a Sunday that is a public holiday. A test that takes its
// data from the real calendar without pinning what it needs fails on one of them.
// Prints each date's closing line, then one summing them all (also in .tmp/test-summary.txt).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const FAKETIME_LIB = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';
const DATES = ['2027-01-01 00:30:00', '2027-03-29 09:00:00', '2027-08-15 12:00:00'];

if (!existsSync(FAKETIME_LIB)) {
  console.error(`test:dates needs libfaketime (apt-get install faketime): ${FAKETIME_LIB}`);
  process.exit(2);
}
const only = process.argv.slice(2);
const dates = only.length ? DATES.filter((d) => only.some((o) => d.startsWith(o))) : DATES;

let passed = 0;
let failed = 0;
const lines = [];
for (const date of dates) {
  console.log(`\n=== npm test at ${date} (UTC) ===`);
  const env = {
    ...process.env,
    LD_PRELOAD: FAKETIME_LIB,
    FAKETIME: `@${date}`,
    // Timers and timeouts keep the real monotonic clock; children start at the same fake date.
    FAKETIME_DONT_FAKE_MONOTONIC: '1',
    FAKETIME_DONT_RESET: '1',
    TZ: 'UTC',
  };
  spawnSync(process.execPath, ['test/run-all.mjs'], { stdio: 'inherit', env });
  const summary = readFileSync('.tmp/test-summary.txt', 'utf8').trim();
  const [, p = '0', f = '1'] = /^(\d+) passed, (\d+) failed/.exec(summary) ?? [];
  passed += Number(p);
  failed += Number(f);
  lines.push(`${date}: ${summary}`);
}
console.log(`\n${lines.join('\n')}`);
const total = `${passed} passed, ${failed} failed`;
writeFileSync('.tmp/test-summary.txt', `${total}\n`);
console.log(total);
process.exit(failed === 0 ? 0 : 1);
