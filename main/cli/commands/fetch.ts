// `fetch`: the `pointage` function, straight from Festime, printed.
import type { Command } from 'commander';
import { formatOption, PUNCH_FORMATS, printPunches } from '../format';
import { usage, type CliIO, type Out } from '../io';
import { withSession, type GlobalOptions } from '../session';

export function registerFetch(program: Command, io: CliIO, out: Out): void {
  program
    .command('fetch')
    .description(out.t('cli.cmd.fetch'))
    .option('--since <YYYY-MM-DD>', out.t('cli.opt.since'))
    .option('--day <YYYY-MM-DD>', out.t('cli.opt.day'))
    .addOption(formatOption(out, PUNCH_FORMATS))
    .action(async (opts: { since?: string; day?: string; format: (typeof PUNCH_FORMATS)[number] }) => {
      if (opts.since && opts.day) throw usage(out, 'cli.msg.sinceAndDay');
      const punches = await withSession(program.opts<GlobalOptions>(), io, out, (s) => s.call('punches/fetch', { since: opts.since, day: opts.day }));
      printPunches(out, punches, opts.format);
    });
}
