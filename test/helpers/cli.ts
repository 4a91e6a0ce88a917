// Runs the built `festime-desk` binary as a child process, as a user or a scheduled task would.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clockEnvAt, inheritedClockEnv } from './clock';

export const CLI = fileURLToPath(new URL('../../out/cli/festime-desk.cjs', import.meta.url));

/** A command without --data-dir uses the user's folder: in the tests, a throwaway one, never the real ~/.config. */
const CONFIG_HOME = mkdtempSync(join(tmpdir(), 'festime-config-'));

let pinnedAt: Date | null = null;

/**
 * Every CLI this test file starts lives at `at` (its clock then runs on): a test whose simulator
 * has a fixed "now" must not see its sync window drift with the real calendar.
 */
export function pinCliClock(at: Date): void {
  pinnedAt = at;
}

/** The clock variables of a CLI child: pinned by the test file, else the suite's own (test:dates). */
export const cliClockEnv = (): NodeJS.ProcessEnv => (pinnedAt ? clockEnvAt(pinnedAt) : inheritedClockEnv());

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        XDG_CONFIG_HOME: CONFIG_HOME,
        DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS,
        LANG: 'fr_FR.UTF-8',
        ...cliClockEnv(),
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
