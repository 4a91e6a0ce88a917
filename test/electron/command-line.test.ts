// Which arguments make the installed app the command line, and which open the window.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI_COMMANDS } from '../../main/cli/names';
import { commandLineArguments } from '../../main/electron/command-line';

const installed = (...args: string[]) => commandLineArguments(['/opt/Festime Desk/festime-desk', ...args], false);

describe('the app’s arguments', () => {
  it('a command, with or before the CLI’s own options, goes to the CLI as it is', () => {
    expect(installed('sync')).toEqual(['sync']);
    expect(installed('export', '--month', '2026-10')).toEqual(['export', '--month', '2026-10']);
    expect(installed('--data-dir', '/srv/festime', '--lang', 'en', 'sync')).toEqual(['--data-dir', '/srv/festime', '--lang', 'en', 'sync']);
    expect(installed('--data-dir=/srv/festime', 'punches')).toEqual(['--data-dir=/srv/festime', 'punches']);
    expect(installed('--help')).toEqual(['--help']);
    // Development: `electron out/main/index.cjs sync`.
    expect(commandLineArguments(['electron', 'out/main/index.cjs', 'sync'], true)).toEqual(['sync']);
  });

  it('nothing, the OS’s and Chromium’s switches, a file or an unknown word: the window', () => {
    expect(installed()).toBeNull();
    expect(installed('-psn_0_1234567')).toBeNull(); // macOS Finder
    expect(installed('--no-sandbox')).toBeNull();
    expect(installed('--user-data-dir=/tmp/x', 'sync')).toBeNull();
    expect(installed('/home/paie/Bureau/octobre.xlsx')).toBeNull();
    expect(installed('synchro')).toBeNull();
    expect(commandLineArguments(['electron', 'out/main/index.cjs'], true)).toBeNull();
  });

  it('knows every command the CLI has, and no other', () => {
    const help = execFileSync(process.execPath, ['out/cli/festime-desk.cjs', '--help'], { encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
    const listed = [...help.slice(help.indexOf('Commands:')).matchAll(/^ {2}([a-z][\w-]*)/gm)].map((m) => m[1]);
    expect([...CLI_COMMANDS].sort()).toEqual(listed.sort());
  });
});
