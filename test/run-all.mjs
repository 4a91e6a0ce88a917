// Every check of the project in one run: format, lint, type check, the vitest suites (unit, integration
// over loopback, keychain, LibreOffice), then the Playwright end-to-end tests in Chromium, then the
// Electron smoke test (skipped where the binary is absent). Prints one closing line "N passed, N failed" that sums
// them all (format, lint and type check count as one check each), also written to .tmp/test-summary.txt.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

mkdirSync('.tmp', { recursive: true });
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const run = (args) => spawnSync(npx, args, { stdio: 'inherit' }).status === 0;

let passed = 0;
let failed = 0;
let skipped = 0;
const count = (ok, name) => {
  if (ok) passed++;
  else {
    failed++;
    console.error(`✗ ${name} failed`);
  }
};

count(run(['prettier', '--check', '--log-level', 'warn', '.']), 'format');
count(run(['eslint', '--max-warnings', '0', '.']), 'lint');
count(run(['tsc', '--noEmit', '-p', 'tsconfig.json']), 'type check');

const report = '.tmp/vitest.json';
rmSync(report, { force: true });
const vitestOk = run(['vitest', 'run', '--config', 'test/vitest.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  skipped += json.numPendingTests + json.numTodoTests;
  // A suite that failed to load has no test results of its own: count it as a failure.
  if (!vitestOk && json.numFailedTests === 0) failed++;
} catch {
  failed++;
  console.error('✗ vitest wrote no report');
}

// End-to-end: the real renderer in Debian's Chromium through the browser bridge (Playwright).
const e2eReport = '.tmp/playwright.json';
rmSync(e2eReport, { force: true });
const e2eOk = run(['playwright', 'test', '-c', 'test/e2e/playwright.config.ts']);
try {
  const { stats } = JSON.parse(readFileSync(e2eReport, 'utf8'));
  passed += stats.expected;
  failed += stats.unexpected + stats.flaky;
  skipped += stats.skipped;
  if (!e2eOk && stats.unexpected === 0) failed++;
} catch {
  failed++;
  console.error('✗ Playwright wrote no report');
}

// The real window in Electron (Playwright's _electron): where the binary is not installed, its tests
// report themselves skipped and are counted as skipped.
const electronReport = '.tmp/electron-app.json';
rmSync(electronReport, { force: true });
const electronOk = run(['playwright', 'test', '-c', 'test/electron-app/playwright.config.ts']);
try {
  const report = JSON.parse(readFileSync(electronReport, 'utf8'));
  const { stats } = report;
  passed += stats.expected;
  failed += stats.unexpected + stats.flaky;
  skipped += stats.skipped;
  if (!electronOk && stats.unexpected === 0) failed++;
  // Why they were skipped, once (the list reporter does not say).
  const reasons = new Set([...JSON.stringify(report.suites).matchAll(/"type":"skip","description":"([^"]*)"/g)].map((m) => m[1]));
  for (const reason of reasons) console.log(`Electron smoke test skipped: ${reason}`);
} catch {
  failed++;
  console.error('✗ the Electron smoke test wrote no report');
}

const summary = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
writeFileSync('.tmp/test-summary.txt', `${summary}\n`);
console.log(summary);
process.exit(failed === 0 ? 0 : 1);
