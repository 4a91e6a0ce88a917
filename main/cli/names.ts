// The CLI's top-level commands, on their own (no dependency): the desktop app's main entry reads
// them to tell a command line (`"Festime Desk" sync`) from a plain start, without loading the CLI.
export const CLI_COMMANDS: readonly string[] = [
  'login',
  'logout',
  'fetch',
  'holders',
  'sync',
  'punches',
  'purge',
  'backup',
  'restore',
  'export',
  'corrections',
  'month',
  'terminals',
  'employees',
  'absences',
  'payroll-codes',
  'demo-server',
  'help',
];
