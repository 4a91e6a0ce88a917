// The installed app is also the command line: `"Festime Desk" sync`, `… export --month 2026-10`
// run the CLI without a window (a Task Scheduler entry or a cron line works after a plain install).
// Arguments name a command when, past the CLI's own options, the first word is one of its
// commands, or they ask for its help; anything else (no argument, Chromium's or the OS's switches
// such as macOS's -psn_…) opens the window.
import { CLI_COMMANDS } from '../cli/names';

/** The CLI's options that come before a command, with a value. */
const VALUE_OPTIONS = ['--server', '--login', '--data-dir', '--lang'];

/**
 * The arguments to hand to the CLI, or null for the window. `defaultApp`: started as
 * `electron <path>` (development), where the app's own arguments begin one further.
 */
export function commandLineArguments(argv: readonly string[], defaultApp: boolean): string[] | null {
  const args = argv.slice(defaultApp ? 2 : 1);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-h' || arg === '--help') return args;
    if (VALUE_OPTIONS.includes(arg)) {
      i++;
      continue;
    }
    if (VALUE_OPTIONS.some((o) => arg.startsWith(`${o}=`))) continue;
    if (arg.startsWith('-')) return null;
    return CLI_COMMANDS.includes(arg) ? args : null;
  }
  return null;
}
