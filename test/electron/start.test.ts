// The desktop app's main entry, started for real: its bundle (built by build/build-app.mjs) runs in
// a Node process where `electron` is the stand-in of test/electron/fake (the binary cannot be had
// here), with its runtime worker, SQLite and the data folder as they are. Whatever the data or the
// installation, the process either opens a window that says what is wrong and quits when it is
// closed, or shows an error box and quits: never a process left running without a window.
// Started with a command's arguments, it is the CLI: its output and exit code, no window.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openStore } from '../../main/core/store';

interface Line {
  what: string;
  [key: string]: unknown;
}
interface Run {
  code: number | null;
  lines: Line[];
  stdout: string;
  stderr: string;
}

// Built into a folder of this test's: the packaging test rebuilds ./out/main meanwhile.
const built = mkdtempSync(join(tmpdir(), 'festime-main-'));
const hook = resolve('test/electron/fake/hook.cjs');

beforeAll(async () => {
  for (const entry of ['main', 'shared', 'preload', 'node_modules', 'package.json', 'tsconfig.json']) symlinkSync(resolve(entry), join(built, entry));
  mkdirSync(join(built, 'build'));
  symlinkSync(resolve('build/icons'), join(built, 'build', 'icons'));
  await run(process.execPath, [resolve('build/build-app.mjs')], { cwd: built });
  // The CLI's bundle beside the app's, as in the asar (built once by the tests' global setup).
  mkdirSync(join(built, 'out', 'cli'), { recursive: true });
  copyFileSync(resolve('out/cli/festime-desk.cjs'), join(built, 'out', 'cli', 'festime-desk.cjs'));
}, 120_000);

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // A process left running (no window, no quit) fails the test here rather than hanging it.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`still running after 40 s — a process left without a window?\n${stdout}\n${stderr}`));
    }, 40_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const lines = stdout
        .split('\n')
        .filter((l) => l.startsWith('@@ '))
        .map((l) => JSON.parse(l.slice(3)) as Line);
      done({ code, lines, stdout, stderr });
    });
  });
}

/** The app's main entry with the stand-in electron, on a data folder. */
const startApp = (userData: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) =>
  run(process.execPath, ['--require', hook, join(built, 'out', 'main', 'index.cjs'), ...args], {
    env: { FAKE_USER_DATA: userData, LANG: 'fr_FR.UTF-8', FAKE_SCENARIO: '', FAKE_NATIVE_FAILS: '', FAKE_PACKAGED: '', ...env },
  });

const whats = (r: Run) => r.lines.map((l) => l.what);
const health = (r: Run) =>
  (
    r.lines.find((l) => l.what === 'health') as unknown as {
      outcome: { ok: boolean; value: { problem: null | { error: { code: string; message: string }; remedies: string[] } } };
    }
  ).outcome;
const freshDir = () => mkdtempSync(join(tmpdir(), 'festime-start-'));
/** The main thread's log lines (main.<day>.<n>.log). */
const mainLog = (dir: string) =>
  readdirSync(join(dir, 'logs'))
    .filter((f) => f.startsWith('main.'))
    .map((f) => readFileSync(join(dir, 'logs', f), 'utf8'))
    .join('');

describe('the window opens whatever the data, and the app quits when it is closed', () => {
  it('a healthy start: the window, the data open, closed → the worker closed and the app gone', async () => {
    const dir = freshDir();
    const r = await startApp(dir);
    expect(r.code).toBe(0);
    expect(whats(r)).toEqual(['single-instance-lock', 'when-ready', 'window', 'load', 'shown', 'health', 'closed', 'quit', 'quit', 'exit']);
    expect(health(r)).toMatchObject({ ok: true, value: { problem: null } });
    expect(r.lines.find((l) => l.what === 'window')!.icon).toBe(join(built, 'out', 'main', 'icon.png'));
  }, 60_000);

  it('a damaged database: the window says so, with the restore of the newest backup and « Réessayer »', async () => {
    const dir = freshDir();
    // A backup made while it was good, then the file damaged.
    const store = openStore(dir);
    store.close();
    mkdirSync(join(dir, 'backups'));
    copyFileSync(join(dir, DATABASE_FILE), join(dir, 'backups', 'festime-desk-2026-11-28.sqlite'));
    writeFileSync(join(dir, DATABASE_FILE), Buffer.alloc(8192, 0x5a));
    const r = await startApp(dir);
    expect(r.code).toBe(0);
    expect(whats(r)).toEqual(['single-instance-lock', 'when-ready', 'window', 'load', 'shown', 'health', 'closed', 'quit', 'quit', 'exit']);
    const problem = health(r).value.problem!;
    expect(problem.error.code).toBe('store.damaged');
    expect(problem.error.message).toContain('endommagée');
    expect(problem.remedies).toEqual(['restore', 'retry']);
    expect(health(r).value).toMatchObject({ problem: { newestBackup: '2026-11-28' } });
  }, 60_000);

  it('a database from a newer version: the window says to install it, nothing written to the file', async () => {
    const dir = freshDir();
    const db = new Database(join(dir, DATABASE_FILE));
    db.pragma('user_version = 99');
    db.close();
    const before = readFileSync(join(dir, DATABASE_FILE));
    const r = await startApp(dir);
    expect(r.code).toBe(0);
    expect(whats(r)).toContain('window');
    const problem = health(r).value.problem!;
    expect(problem.error.code).toBe('store.future');
    expect(problem.remedies).toEqual(['update']);
    expect(readFileSync(join(dir, DATABASE_FILE)).equals(before)).toBe(true);
  }, 60_000);

  it('the SQLite engine does not load (built for another version): the window says to reinstall', async () => {
    const dir = freshDir();
    const r = await startApp(dir, [], { FAKE_NATIVE_FAILS: '1' });
    expect(r.code).toBe(0);
    expect(whats(r)).toEqual(['single-instance-lock', 'when-ready', 'window', 'load', 'shown', 'health', 'closed', 'quit', 'quit', 'exit']);
    const problem = health(r).value.problem!;
    expect(problem.error.code).toBe('app.native-module');
    expect(problem.remedies).toEqual(['reinstall']);
    expect(problem.error.message).toMatch(
      /^Le module better-sqlite3 de Festime Desk ne se charge pas \(The module '…\/better_sqlite3\.node' was compiled against a different Node\.js version using NODE_MODULE_VERSION 130\. /,
    );
    // No folder of the machine in what the window shows.
    expect(problem.error.message).not.toContain(process.cwd());
  }, 60_000);
});

describe('before any window can show anything: an error box, then the app quits', () => {
  it.each([
    ['the page does not load', 'load-fails', ['window', 'load']],
    ['the window cannot be made', 'window-throws', []],
  ])(
    '%s',
    async (_name, scenario, before) => {
      const dir = freshDir();
      const r = await startApp(dir, [], { FAKE_SCENARIO: scenario });
      expect(r.code).toBe(1);
      expect(whats(r)).toEqual(['single-instance-lock', 'when-ready', ...before, 'error-box', 'exit']);
      const box = r.lines.find((l) => l.what === 'error-box')!;
      expect(box.title).toBe('Festime Desk ne démarre pas');
      expect(box.content).toMatch(/^La fenêtre de Festime Desk n’a pas pu s’ouvrir \(.+\)\. Vos données n’ont pas été touchées\./);
      expect(mainLog(dir)).toContain('start.failed');
    },
    60_000,
  );
});

it('an unhandled rejection in the main process is logged and said in the window', async () => {
  const dir = freshDir();
  const r = await startApp(dir, [], { FAKE_SCENARIO: 'reject-after-load' });
  expect(r.code).toBe(0);
  const sent = r.lines.find((l) => l.what === 'sent' && l.event === 'app/problem');
  // Its first line, the URL's query (Festime's carries the password) masked, in the window and the log.
  expect(sent).toMatchObject({
    channel: 'festime:event',
    payload: { key: 'errors.app.problem', params: { detail: 'a promise nobody awaited: GET https://festime.example.test/ws/pointage?***' } },
  });
  expect(mainLog(dir)).toContain('main.unhandled-rejection');
  expect(r.stdout + mainLog(dir)).not.toContain('Secr3t-42');
}, 60_000);

describe('the installed app is the command line', () => {
  it('`"Festime Desk" sync --help` (installed): the CLI’s help, exit 0, no window and no single-instance lock', async () => {
    const r = await startApp(freshDir(), ['sync', '--help'], { FAKE_PACKAGED: '1' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: festime-desk sync');
    expect(whats(r)).toEqual(['exit']);
  }, 60_000);

  it('a command refused by the CLI gives the CLI’s exit code and message', async () => {
    const dir = freshDir();
    const r = await startApp(dir, ['--data-dir', dir, 'export', '--month', '2026-13']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^festime-desk: --month : Le champ « Mois »/);
    expect(whats(r)).toEqual(['exit']);
  }, 60_000);

  it('no arguments, or only a switch of Chromium’s: the window', async () => {
    const r = await startApp(freshDir(), ['--enable-logging']);
    expect(whats(r)).toContain('window');
  }, 60_000);
});
