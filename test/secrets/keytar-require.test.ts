// keytar is loaded by require, and only when a password is first needed: in the tests' ESM, in the
// app's worker bundle and in the CLI's bundle (both CommonJS, where a dynamic import() is kept as
// is). Against the real Secret Service started by test/with-keyring.sh.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKeytarStore } from '../../main/core/secrets';
import { runCli } from '../helpers/cli';

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Load };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the default loader', () => {
  it('requires keytar on the first use of the store, not when the store is made', async () => {
    expect(process.env.DBUS_SESSION_BUS_ADDRESS, 'run through test/with-keyring.sh for a Secret Service').toBeTruthy();
    const load = vi.spyOn(loader, '_load');
    const keytarLoads = () => load.mock.calls.filter(([request]) => request === 'keytar');
    const store = createKeytarStore();
    expect(keytarLoads()).toEqual([]);
    expect(await store.get('https://festime.example.test', `never-saved-${process.pid}`)).toBeNull();
    expect(keytarLoads()).toHaveLength(1);
    const loaded = load.mock.results[load.mock.calls.findIndex(([request]) => request === 'keytar')]!.value as { getPassword?: unknown };
    expect(typeof loaded.getPassword).toBe('function');
  });
});

interface KeytarLoad {
  text: string;
  /** The function the load sits in, or null at the top level of the bundle. */
  within: string | null;
}

/** Every call in `file` with the string "keytar" as its argument: require("keytar"), createRequire(…)("keytar"), import("keytar"). */
function keytarLoadsIn(file: string): KeytarLoad[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const found: KeytarLoad[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && node.arguments.some((a) => ts.isStringLiteral(a) && a.text === 'keytar')) {
      let up: ts.Node | undefined = node.parent;
      while (up && !ts.isFunctionLike(up)) up = up.parent;
      const within = up === undefined ? null : ts.isFunctionDeclaration(up) && up.name ? up.name.text : '(anonymous function)';
      found.push({ text: node.getText(source), within });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the bundles', () => {
  // The CLI bundle is built by test/global-setup.ts. The app's, here by its own script into a folder
  // of this test's (the packaging test rebuilds ./out/main meanwhile).
  const built = mkdtempSync(join(tmpdir(), 'festime-build-'));
  beforeAll(() => {
    for (const entry of ['main', 'shared', 'preload', 'node_modules', 'package.json', 'tsconfig.json']) symlinkSync(resolve(entry), join(built, entry));
    execFileSync(process.execPath, [resolve('build/build-app.mjs')], { cwd: built, stdio: 'pipe' });
  });

  it.each([
    ['out/main/runtime-worker.cjs', () => join(built, 'out/main/runtime-worker.cjs')],
    ['out/cli/festime-desk.cjs', () => resolve('out/cli/festime-desk.cjs')],
  ])('%s: no import("keytar"), one require of it inside requireKeytar()', (_name, fileOf) => {
    const file = fileOf();
    const bundle = readFileSync(file, 'utf8');
    expect(bundle).not.toMatch(/import\(\s*["']keytar["']\s*\)/);
    const loads = keytarLoadsIn(file);
    expect(loads).toHaveLength(1);
    expect(loads[0]!.within).toBe('requireKeytar');
    expect(loads[0]!.text).toMatch(/(require|createRequire\)\(from\))\("keytar"\)$/);
  });

  it('the CLI loads keytar by require only for a command that needs the keychain', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'festime-keytar-'));
    const trace = join(scratch, 'trace.txt');
    const hook = join(scratch, 'hook.cjs');
    writeFileSync(
      hook,
      `const Module = require('node:module');
const { appendFileSync } = require('node:fs');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (/keytar/.test(request)) appendFileSync(${JSON.stringify(trace)}, request + '\\n');
  return load.call(this, request, ...rest);
};
`,
    );
    writeFileSync(trace, '');
    const env = { NODE_OPTIONS: `--require ${hook}` };
    const base = ['--server', 'https://festime.example.test', '--login', `keytar-lazy-${process.pid}`, '--data-dir', scratch];

    const help = await runCli(['--help'], { env });
    expect(help.code).toBe(0);
    expect(readFileSync(trace, 'utf8')).toBe('');

    const logout = await runCli([...base, 'logout'], { env });
    // The keychain answered (nothing saved under that login): keytar loaded and worked.
    expect(logout).toMatchObject({ code: 0, stderr: expect.stringContaining('Aucun mot de passe enregistré') });
    // By its package name through require (keytar then requires its own native file).
    expect(readFileSync(trace, 'utf8').split('\n')[0]).toBe('keytar');
  });
});
