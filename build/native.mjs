// The native modules (better-sqlite3, keytar) in both worlds. npm install builds them for Node (the
// CLI, the tests); packaging rebuilds them for Electron in the project's own node_modules, which
// Node then cannot load. So the Node builds are kept aside first (.tmp/native-node) and put back
// afterwards. Used by build/dist.mjs, and on its own:
//   node build/native.mjs electron   (npm run rebuild:electron) keep the Node builds aside, rebuild for Electron
//   node build/native.mjs node       (npm run rebuild:node)     put the Node builds back (or npm rebuild them)
// Both take --project <dir> (default: the current folder).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NATIVE_MODULES = ['better-sqlite3', 'keytar'];
const KEPT = join('.tmp', 'native-node');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** What proves a module's build loads under this Node. */
const LOAD = {
  'better-sqlite3': "require('better-sqlite3')(':memory:').prepare('select 1').get()",
  keytar: "require('keytar')",
};

const moduleDir = (project, name) => join(project, 'node_modules', name);
const version = (project, name) => JSON.parse(readFileSync(join(moduleDir(project, name), 'package.json'), 'utf8')).version;

/** The module's compiled addons (.node files under build/), relative to the module's folder. */
function addons(project, name) {
  const build = join(moduleDir(project, name), 'build');
  if (!existsSync(build)) return [];
  return readdirSync(build, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.node'))
    .map((f) => join('build', f));
}

/** Whether the module, as it is in the project's node_modules, loads under this Node: '' if so, else why not. */
export function loadError(project, name) {
  const r = spawnSync(process.execPath, ['-e', LOAD[name]], { cwd: project, encoding: 'utf8' });
  return r.status === 0 ? '' : (r.stderr.split('\n').find((l) => /Error/.test(l)) ?? `exit ${r.status}`).trim();
}

/** The kept copy of a module's Node build, if there is one made for this module version and this Node. */
function keptCopy(project, name) {
  const dir = join(project, KEPT, name);
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    const fits =
      manifest.version === version(project, name) &&
      manifest.abi === process.versions.modules &&
      manifest.platform === process.platform &&
      manifest.arch === process.arch &&
      manifest.files.every((f) => existsSync(join(dir, f)));
    return fits ? { dir, files: manifest.files } : null;
  } catch {
    return null;
  }
}

/** Copies `from` to `to` through a new file renamed into place: a hard link to the old file is left untouched. */
function replaceFile(from, to) {
  const tmp = `${to}.${process.pid}.tmp`;
  copyFileSync(from, tmp);
  renameSync(tmp, to);
}

/**
 * Keeps aside each module's build if it loads under this Node. A build that does not load (already
 * rebuilt for Electron) never replaces a kept copy that does.
 */
export function keepNodeBuilds(project) {
  for (const name of NATIVE_MODULES) {
    const why = loadError(project, name);
    if (why) {
      if (keptCopy(project, name)) console.log(`${name}: the current build does not load under Node (${why}); the Node build kept earlier stays aside.`);
      else console.warn(`${name}: no Node build to keep aside (${why}); afterwards run "npm run rebuild:node".`);
      continue;
    }
    const dir = join(project, KEPT, name);
    rmSync(dir, { recursive: true, force: true });
    const files = addons(project, name);
    for (const f of files) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      copyFileSync(join(moduleDir(project, name), f), join(dir, f));
    }
    const manifest = { version: version(project, name), abi: process.versions.modules, platform: process.platform, arch: process.arch, files };
    writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    console.log(`${name}: Node build kept aside in ${relative(project, dir) || dir}.`);
  }
}

/**
 * Puts the Node builds back: from the kept copy when there is one for this module version and this
 * Node (works offline), else `npm rebuild` if the module does not load under Node as it is. Removes @electron/rebuild's marker (build/Release/.forge-meta),
 * which would otherwise make the next Electron rebuild skip the module as already built.
 * Returns true when every module loads under Node afterwards.
 */
export function restoreNodeBuilds(project) {
  const rebuild = [];
  for (const name of NATIVE_MODULES) {
    const kept = keptCopy(project, name);
    if (!kept) {
      if (loadError(project, name)) rebuild.push(name);
      continue;
    }
    for (const f of kept.files) {
      mkdirSync(dirname(join(moduleDir(project, name), f)), { recursive: true });
      replaceFile(join(kept.dir, f), join(moduleDir(project, name), f));
    }
  }
  if (rebuild.length) {
    console.log(`No kept Node build of ${rebuild.join(', ')}: npm rebuild ${rebuild.join(' ')}`);
    spawnSync(npm, ['rebuild', ...rebuild], { cwd: project, stdio: 'inherit', shell: process.platform === 'win32' });
  }
  for (const name of NATIVE_MODULES) rmSync(join(moduleDir(project, name), 'build', 'Release', '.forge-meta'), { force: true });
  let ok = true;
  for (const name of NATIVE_MODULES) {
    const why = loadError(project, name);
    if (why) {
      ok = false;
      console.error(`✗ ${name} does not load under Node ${process.version}: ${why}\n  Fix: npm rebuild ${name}`);
    } else console.log(`✓ ${name} loads under Node ${process.version}.`);
  }
  return ok;
}

/** Keeps the Node builds aside, then rebuilds the modules for Electron (electron-builder install-app-deps). */
export function rebuildForElectron(project) {
  keepNodeBuilds(project);
  const cli = join(project, 'node_modules', 'electron-builder', 'cli.js');
  const r = spawnSync(process.execPath, [cli, 'install-app-deps'], { cwd: project, stdio: 'inherit' });
  if (r.status === 0) {
    console.log('Native modules rebuilt for Electron. The CLI and the tests need "npm run rebuild:node" before they run again.');
    return true;
  }
  console.error('✗ The rebuild for Electron failed: the Node builds are put back.');
  restoreNodeBuilds(project);
  return false;
}

/** `--project <dir>` out of the arguments: the project folder and the arguments left. */
export function projectOption(args) {
  const at = args.indexOf('--project');
  if (at === -1) return { project: process.cwd(), rest: args };
  if (!args[at + 1]) throw new Error('--project needs a folder');
  return { project: resolve(args[at + 1]), rest: [...args.slice(0, at), ...args.slice(at + 2)] };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { project, rest } = projectOption(process.argv.slice(2));
  const world = rest[0];
  if (world === 'electron') process.exit(rebuildForElectron(project) ? 0 : 1);
  else if (world === 'node') process.exit(restoreNodeBuilds(project) ? 0 : 1);
  else {
    console.error('Usage: node build/native.mjs electron|node [--project <dir>]');
    process.exit(2);
  }
}
