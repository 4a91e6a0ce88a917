// Entry point of the `festime-desk` binary, and the command line of the installed desktop app: its
// main entry requires this bundle and calls runFromProcess() when its arguments name a command.
import { runCli } from './program';

/** Runs the CLI on this process's streams and environment; resolves with its exit code. */
export function runFromProcess(argv: readonly string[]): Promise<number> {
  // `festime-desk punches | head`: a reader that stops early is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  return runCli(argv, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }).catch(() => 1);
}

// Run as a program (node out/cli/festime-desk.cjs, the `bin`), not when required by the app's main entry.
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  void runFromProcess(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
