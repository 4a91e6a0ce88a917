// Packaging never leaves the tests and the CLI broken: `npm run dist` (build/dist.mjs) keeps the Node
// builds of better-sqlite3 and keytar aside while electron-builder rebuilds them for Electron, and
// puts them back afterwards — after a successful package, a failed one and a Ctrl-C alike.
// Electron's headers cannot be downloaded here, so the rebuild is simulated (FESTIME_DIST_SIMULATE_REBUILD,
// test only: the addons replaced by bytes Node cannot load) and electron-builder runs with the
// stand-in Electron of package.test.ts. Everything runs in a copy of the project: the other test
// files run at the same time and load the real node_modules' better-sqlite3.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const NATIVE = ['better-sqlite3', 'keytar'];
const ADDONS = ['better-sqlite3/build/Release/better_sqlite3.node', 'keytar/build/Release/keytar.node'];
const LOADS = "require('better-sqlite3')(':memory:').prepare('select 1 as one').get().one === 1 || process.exit(3); require('keytar')";

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const realModules = realpathSync('node_modules');
const realHashes = () => Object.fromEntries(ADDONS.map((a) => [a, sha(join(realModules, a))]));

/** Hard links of a tree (a copy where links cannot cross file systems); symbolic links kept as they are. */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const [src, dest] = [join(from, entry.name), join(to, entry.name)];
    if (entry.isSymbolicLink()) symlinkSync(readlinkSync(src), dest);
    else if (entry.isDirectory()) linkTree(src, dest);
    else
      try {
        linkSync(src, dest);
      } catch {
        copyFileSync(src, dest);
      }
  }
}

/** What is not copied: what the build makes, what tests leave, node_modules (linked below). */
const NOT_COPIED = new Set(['node_modules', 'out', 'dist', '.tmp', '.git', 'coverage', 'test-results', join('test', 'e2e', 'screenshots')]);

/**
 * The project as it stands in a scratch folder, its node_modules hard-linked to the real one except
 * better-sqlite3 and keytar, which are real copies. dist.mjs replaces files by renaming new ones into
 * place, so nothing of the real tree is written.
 */
function copyProject(to: string): void {
  const root = process.cwd();
  cpSync(root, to, { recursive: true, filter: (src) => !NOT_COPIED.has(relative(root, src)) });
  mkdirSync(join(to, 'node_modules'));
  for (const entry of readdirSync(realModules, { withFileTypes: true })) {
    const [src, dest] = [join(realModules, entry.name), join(to, 'node_modules', entry.name)];
    if (NATIVE.includes(entry.name)) cpSync(src, dest, { recursive: true });
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(src), dest);
    else if (entry.isDirectory()) linkTree(src, dest);
    else copyFileSync(src, dest);
  }
}

/** `node build/dist.mjs` on the copy, packaging for Linux into a folder with the stand-in Electron. */
function distArgs(project: string, extra: string[] = []): string[] {
  return [
    'build/dist.mjs',
    '--project',
    project,
    '--linux',
    '--dir',
    `-c.electronDist=${standIn}`,
    '-c.npmRebuild=false',
    `-c.directories.output=${join(scratch, 'out')}`,
    ...extra,
  ];
}
const SIMULATE = { ...process.env, FESTIME_DIST_SIMULATE_REBUILD: '1' };

/** What Node makes of the project's native modules: 0 when both load. */
const nodeLoads = (project: string) => spawnSync(process.execPath, ['-e', LOADS], { cwd: project, encoding: 'utf8' });

let scratch: string;
let project: string;
let standIn: string;
let before: Record<string, string>;
let realBefore: Record<string, string>;

beforeAll(() => {
  realBefore = realHashes();
  scratch = mkdtempSync(join(tmpdir(), 'festime-native-'));
  project = join(scratch, 'project');
  copyProject(project);
  standIn = join(scratch, 'electron-dist');
  mkdirSync(standIn);
  // As in package.test.ts: a script where the Electron binary would be, with the fuse wire electron-builder flips.
  writeFileSync(
    join(standIn, 'electron'),
    Buffer.concat([Buffer.from('#!/bin/sh\necho stand-in\n# dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, 8]), Buffer.from('10110001\n')]),
  );
  chmodSync(join(standIn, 'electron'), 0o755);
  before = Object.fromEntries(ADDONS.map((a) => [a, sha(join(project, 'node_modules', a))]));
  expect(nodeLoads(project).status).toBe(0);
}, 120_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  // The real node_modules was never written: the other test files' better-sqlite3 still loads.
  expect(realHashes()).toEqual(realBefore);
});

describe('npm run dist, with what Electron’s rebuild does to node_modules', () => {
  it('packages the Electron build and gives the project its Node builds back', () => {
    const r = spawnSync(process.execPath, distArgs(project), { env: SIMULATE, encoding: 'utf8', timeout: 280_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('✓ better-sqlite3 loads under Node');
    // The package holds what node_modules held while electron-builder ran: the (simulated) Electron build.
    const packaged = join(scratch, 'out', 'linux-unpacked', 'resources', 'app.asar.unpacked', 'node_modules', ADDONS[0]!);
    expect(readFileSync(packaged, 'utf8')).toContain('simulated Electron build of better-sqlite3');
    // The project: Node loads its native modules again, byte for byte the builds it had.
    const after = nodeLoads(project);
    expect(after.status, after.stderr).toBe(0);
    expect(Object.fromEntries(ADDONS.map((a) => [a, sha(join(project, 'node_modules', a))]))).toEqual(before);
    // No marker left that would make the next real rebuild skip the module as built for Electron.
    for (const m of NATIVE) expect(existsSync(join(project, 'node_modules', m, 'build', 'Release', '.forge-meta'))).toBe(false);
  }, 300_000);

  it('gives them back when electron-builder fails, and fails itself', () => {
    const r = spawnSync(process.execPath, distArgs(project, ['-c.noSuchOption=1']), { env: SIMULATE, encoding: 'utf8', timeout: 280_000 });
    expect(r.stdout).toContain('native addons replaced');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('npm run dist failed');
    expect(nodeLoads(project).status).toBe(0);
    expect(sha(join(project, 'node_modules', ADDONS[1]!))).toBe(before[ADDONS[1]!]);
  }, 300_000);

  it('gives them back when interrupted (Ctrl-C) while packaging', async () => {
    const child = spawn(process.execPath, distArgs(project), { env: SIMULATE });
    let out = '';
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        // Interrupted once the addons are replaced, electron-builder starting.
        if (out.includes('native addons replaced') && !child.killed) child.kill('SIGINT');
      });
      child.stderr.resume();
      child.on('exit', (status) => resolve(status));
    });
    expect(out).toContain('Putting the Node builds of the native modules back');
    expect(code).toBe(130);
    expect(nodeLoads(project).status).toBe(0);
    expect(sha(join(project, 'node_modules', ADDONS[0]!))).toBe(before[ADDONS[0]!]);
  }, 300_000);
});
