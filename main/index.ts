// The Electron main process: the command line when the arguments name a command (no window), else
// the window. No logic of its own.
import { app } from 'electron';
import { join } from 'node:path';
import { problemDetail } from './core/log';
import { commandLineArguments } from './electron/command-line';
import { runDesktop } from './electron/desktop';

const args = commandLineArguments(process.argv, process.defaultApp === true);
if (args) {
  // No window, no dock icon, no single-instance lock: a scheduled sync runs beside an open window
  // (the database's writer lock keeps them apart). The CLI bundle ships beside this one in the asar.
  app.dock?.hide();
  // What the CLI wrote reaches a pipe or a file before the process ends.
  const exit = (code: number) => process.stdout.write('', () => process.stderr.write('', () => app.exit(code)));
  // Anything the CLI did not handle ends the command with exit 1 and one line, never Electron's
  // modal box (a scheduled task would wait on it for ever).
  const fail = (error: unknown) => {
    process.stderr.write(`festime-desk: ${problemDetail(error)}\n`);
    exit(1);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the CLI's own bundle, loaded only for a command
    const cli = require(join(__dirname, '..', 'cli', 'festime-desk.cjs')) as { runFromProcess(argv: readonly string[]): Promise<number> };
    void cli.runFromProcess(args).then(exit, fail);
  } catch (error) {
    fail(error);
  }
} else {
  runDesktop();
}
