// The Electron main process: the command line when the arguments name a command (no window), else
// the window. No logic of its own.
import { app } from 'electron';
import { join } from 'node:path';
import { commandLineArguments } from './electron/command-line';
import { runDesktop } from './electron/desktop';

const args = commandLineArguments(process.argv, process.defaultApp === true);
if (args) {
  // No window, no dock icon, no single-instance lock: a scheduled sync runs beside an open window
  // (the database's writer lock keeps them apart). The CLI bundle ships beside this one in the asar.
  app.dock?.hide();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the CLI's own bundle, loaded only for a command
  const cli = require(join(__dirname, '..', 'cli', 'festime-desk.cjs')) as { runFromProcess(argv: readonly string[]): Promise<number> };
  void cli.runFromProcess(args).then((code) => {
    // What the CLI wrote reaches a pipe or a file before the process ends.
    process.stdout.write('', () => process.stderr.write('', () => app.exit(code)));
  });
} else {
  runDesktop();
}
