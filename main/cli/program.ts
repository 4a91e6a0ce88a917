// The `festime-desk` command line: commands over the same core as the desktop app.
// Exit status: 0 success; 1 Festime refused, could not be reached or answered badly; 2 usage error.
import { Command, CommanderError } from 'commander';
import { DEFAULT_SERVER } from '../../shared/festime';
import { langFromLocale, type Lang } from '../../shared/i18n';
import { FestimeDeskError, toAppError } from '../core/errors';
import { defaultDataDir } from '../core/paths';
import { registerDemoServer } from './commands/demo-server';
import { registerEmployees } from './commands/employees';
import { registerFetch } from './commands/fetch';
import { registerHolders } from './commands/holders';
import { registerLogin } from './commands/login';
import { registerPayrollCodes } from './commands/payroll-codes';
import { registerTerminals } from './commands/terminals';
import { registerCache } from './commands/sync';
import { registerTimesheet } from './commands/timesheet';
import { makeOut, UsageError, type CliIO, type Out } from './io';
import { visible } from './visible';
import { CallError, dataDirOf, exitCodeOf, type GlobalOptions } from './session';

/** The language before commander parses, so that help and usage errors are translated too. */
function languageOf(argv: readonly string[], env: NodeJS.ProcessEnv): { lang: Lang; explicit: boolean } {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const flag = i === -1 ? undefined : argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  if (flag === 'en' || flag === 'fr') return { lang: flag, explicit: true };
  if (env.FESTIME_LANG) return { lang: langFromLocale(env.FESTIME_LANG), explicit: true };
  return { lang: langFromLocale(env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG), explicit: false };
}

/** Commander's own words for a value outside `.choices()`, said in the user's language. */
function commanderMessage(error: CommanderError, out: Out): string {
  const choice = /option '(--[\w-]+)[^']*' argument '([^']*)' is invalid\. Allowed choices are (.*)\.$/.exec(error.message.trim());
  if (error.code === 'commander.invalidArgument' && choice) return out.t('cli.msg.badChoice', { option: choice[1], value: choice[2], choices: choice[3] });
  return out.t('cli.msg.usage', { detail: error.message.replace(/^error:\s*/i, '').replace(/\s*\n\s*/g, ' ') });
}

/** A refusal of the contract: a field error names the option that carried it (when an option did: `month close 2026-13` has none). */
function callMessage({ error }: CallError, argv: readonly string[], out: Out, operation: string): string {
  // An unexpected failure names the command typed rather than the contract's method it called.
  if (error.key === 'errors.unexpected') return out.t(error.key, { ...error.params, operation });
  const option = typeof error.params.field === 'string' ? OPTION_OF_FIELD[error.params.field] : undefined;
  const typed = option !== undefined && argv.some((a) => a === option || a.startsWith(`${option}=`));
  return error.code === 'validation.field' && typed ? `${option} : ${error.message}` : error.message;
}

/** The contract's field names as the CLI's options spell them. */
const OPTION_OF_FIELD: Record<string, string> = Object.fromEntries(
  [
    'day',
    'since',
    'from',
    'to',
    'before',
    'month',
    'at',
    'type',
    'id',
    'uid',
    'nom',
    'prenom',
    'comment',
    'reason',
    'matricule',
    'days',
    'start',
    'end',
    'code',
    'half',
  ]
    .map((f) => [f, `--${f}`])
    .concat([
      ['punchId', '--id'],
      ['weeklyHours', '--weekly-hours'],
      ['nightWorker', '--night-worker'],
    ]),
);

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const { lang, explicit } = languageOf(argv, io.env);
  const out = makeOut(io, lang, explicit);
  let exitCode = 0;
  const program = new Command('festime-desk')
    .description(out.t('cli.description'))
    .option('--server <url>', out.t('cli.opt.server', { server: DEFAULT_SERVER }))
    .option('--login <login>', out.t('cli.opt.login'))
    .option('--data-dir <dir>', out.t('cli.opt.dataDir', { dir: defaultDataDir(io.env) }))
    .option('--lang <lang>', out.t('cli.opt.lang'))
    .helpOption('-h, --help', out.t('cli.opt.help'))
    .helpCommand('help [command]', out.t('cli.opt.help'))
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: () => undefined,
    });
  registerLogin(program, io, out);
  registerFetch(program, io, out);
  registerHolders(program, io, out, (code) => (exitCode = code));
  registerCache(program, io, out, (code) => (exitCode = code));
  registerTimesheet(program, io, out);
  registerTerminals(program, io, out, (code) => (exitCode = code));
  registerEmployees(program, io, out);
  registerPayrollCodes(program, io, out);
  registerDemoServer(program, io, out);
  // The command that runs ("holders add"), for the message of an unexpected failure.
  let operation = 'festime-desk';
  program.hook('preAction', (_root, action) => {
    const names: string[] = [];
    for (let c: Command | null = action; c && c !== program; c = c.parent) names.unshift(c.name());
    operation = ['festime-desk', ...names].join(' ');
  });
  const applyAll = (cmd: Command) => {
    cmd.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s), outputError: () => undefined });
    cmd.commands.forEach(applyAll);
  };
  applyAll(program);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      if (error.code === 'commander.executeSubCommandAsync') return 0;
      io.stderr.write(`festime-desk: ${visible(commanderMessage(error, out))}\n`);
      return 2;
    }
    if (error instanceof CallError) {
      // No account named anywhere: what the command line lacks is a login.
      io.stderr.write(
        `festime-desk: ${visible(error.error.code === 'app.no-account' ? out.t('cli.msg.noLogin') : callMessage(error, argv, out, operation))}\n`,
      );
      return exitCodeOf(error.error);
    }
    if (error instanceof UsageError) {
      io.stderr.write(`festime-desk: ${visible(error.message)}\n`);
      return 2;
    }
    if (error instanceof FestimeDeskError) {
      io.stderr.write(`festime-desk: ${visible(error.localized(lang))}\n`);
      return exitCodeOf(error.toAppError(lang));
    }
    // The machine's faults said plainly (a full disk, a read-only folder…); else a bug, said so
    // plainly, without the foreign message (it could hold anything).
    const appError = toAppError(error, lang, dataDirOf(program.opts<GlobalOptions>(), io), operation);
    io.stderr.write(`festime-desk: ${visible(appError.message)}\n`);
    if (appError.code === 'internal' && io.env.FESTIME_DEBUG === '1' && error instanceof Error) io.stderr.write(`${error.stack ?? ''}\n`);
    return exitCodeOf(appError);
  }
}
