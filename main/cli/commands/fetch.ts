// `fetch`: the `pointage` function, straight from Festime, printed.
import type { Command } from 'commander';
import { checkChoice, checkDate, passwordFor, chosenAccount, withClient, type GlobalOptions } from '../context';
import { PUNCH_FORMATS, printPunches } from '../format';
import { usage, type CliIO, type Out } from '../io';

export function registerFetch(program: Command, io: CliIO, out: Out): void {
  program
    .command('fetch')
    .description(out.t('cli.cmd.fetch'))
    .option('--since <YYYY-MM-DD>', out.t('cli.opt.since'))
    .option('--day <YYYY-MM-DD>', out.t('cli.opt.day'))
    .option('--format <format>', out.t('cli.opt.format', { formats: PUNCH_FORMATS.join('|') }), 'table')
    .action(async (opts: { since?: string; day?: string; format: string }) => {
      const format = checkChoice(out, '--format', opts.format, PUNCH_FORMATS);
      const since = checkDate(out, '--since', opts.since);
      const day = checkDate(out, '--day', opts.day);
      if (since && day) throw usage(out, 'cli.msg.sinceAndDay');
      const account = chosenAccount(program.opts<GlobalOptions>(), io, out);
      const password = await passwordFor(account, io);
      const answer = await withClient(account, password, io, (client) => client.pointage({ since, day }));
      printPunches(out, answer.punches.toArray(), format);
    });
}
