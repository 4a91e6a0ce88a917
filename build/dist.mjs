// `npm run dist [-- <electron-builder arguments>]`: the installers, without leaving the project's
// node_modules built for Electron. Builds the app (npm run build), keeps the Node builds of
// better-sqlite3 and keytar aside (.tmp/native-node), runs electron-builder (which rebuilds them for
// Electron in node_modules: npmRebuild), and then ALWAYS — success, failure or Ctrl-C — puts the
// Node builds back and checks that Node loads better-sqlite3, so the CLI and the tests run as before.
// Example: npm run dist -- --linux --dir
// --project <dir>: package the project in that folder instead of the current one (the tests package a copy).
//
// Test only: FESTIME_DIST_SIMULATE_REBUILD=1 makes what Electron's rebuild does to the project
// visible where Electron's headers cannot be downloaded (electron-builder then runs with
// -c.npmRebuild=false): before electron-builder runs, each native addon in node_modules is replaced
// by bytes Node cannot load, marked as built by @electron/rebuild. Never set it for a real build.
import { spawn, spawnSync } from 'node:child_process';
import { constants } from 'node:os';
import { join } from 'node:path';
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { keepNodeBuilds, NATIVE_MODULES, projectOption, restoreNodeBuilds } from './native.mjs';

const { project, rest } = projectOption(process.argv.slice(2));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

if (spawnSync(npm, ['run', 'build'], { cwd: project, stdio: 'inherit', shell: process.platform === 'win32' }).status !== 0) {
  console.error('✗ npm run build failed: nothing packaged.');
  process.exit(1);
}

/** Test only (see the top of this file): what Electron's rebuild leaves in node_modules, without Electron. */
function simulateElectronRebuild() {
  for (const name of NATIVE_MODULES) {
    const release = join(project, 'node_modules', name, 'build', 'Release');
    mkdirSync(release, { recursive: true });
    for (const f of readdirSync(release, { recursive: true }).map(String)) {
      if (!f.endsWith('.node')) continue;
      // A new file renamed into place: never written through a hard link shared with another tree.
      const tmp = join(release, `${f}.simulated`);
      writeFileSync(tmp, `simulated Electron build of ${name}: not loadable by Node\n`);
      renameSync(tmp, join(release, f));
    }
    writeFileSync(join(release, '.forge-meta'), `${process.platform}--${process.arch}--simulated`);
  }
  console.log('FESTIME_DIST_SIMULATE_REBUILD (test only): native addons replaced as an Electron rebuild would.');
}

// Ctrl-C (or a kill) while packaging: electron-builder is stopped, then the Node builds go back.
let interrupted = null;
let builder = null;
const onSignal = (signal) => {
  interrupted = signal;
  builder?.kill(signal);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, onSignal);

let code = 1;
keepNodeBuilds(project);
try {
  if (process.env.FESTIME_DIST_SIMULATE_REBUILD === '1') simulateElectronRebuild();
  if (!interrupted) {
    builder = spawn(process.execPath, [join(project, 'node_modules', 'electron-builder', 'cli.js'), ...rest], { cwd: project, stdio: 'inherit' });
    code = await new Promise((done) => {
      builder.on('error', (error) => {
        console.error(`✗ electron-builder did not start: ${error.message}`);
        done(1);
      });
      builder.on('exit', (status) => done(status ?? 1));
    });
  }
} finally {
  console.log('Putting the Node builds of the native modules back…');
  let restored = false;
  try {
    restored = restoreNodeBuilds(project);
  } catch (error) {
    console.error(`✗ The Node builds could not be put back: ${error.message}\n  Fix: npm run rebuild:node`);
  }
  if (!restored && code === 0) code = 1;
}
if (interrupted) {
  console.error(`✗ Packaging interrupted (${interrupted}).`);
  code = 128 + constants.signals[interrupted];
} else if (code !== 0) console.error(`✗ npm run dist failed (exit ${code}): see above.`);
else console.log("Installers written to electron-builder's output folder (directories.output, dist/ by default).");
process.exit(code);
