// `terminals info|push-users|push-reasons|empty`: the four global_* functions.
import type { Command } from 'commander';
import type { TransferReport } from '../../../shared/festime';
import { formatOption, printInfos, printTransfer, REPORT_FORMATS } from '../format';
import { usage, type CliIO, type Out } from '../io';
import { withSession, type GlobalOptions, type Session } from '../session';

type Format = (typeof REPORT_FORMATS)[number];

export function registerTerminals(program: Command, io: CliIO, out: Out, setExit: (code: number) => void): void {
  const terminals = program.command('terminals').description(out.t('cli.cmd.terminals'));
  const session = <T>(fn: (s: Session) => Promise<T>) => withSession(program.opts<GlobalOptions>(), io, out, fn);

  terminals
    .command('info')
    .description(out.t('cli.cmd.terminalsInfo'))
    .addOption(formatOption(out, REPORT_FORMATS))
    .action((opts: { format: Format }) => session(async (s) => printInfos(out, await s.call('terminals/info', {}), opts.format)));

  const transfer = (name: string, description: string, send: (s: Session) => Promise<TransferReport>, needsYes = false) => {
    const cmd = terminals.command(name).description(out.t(description)).addOption(formatOption(out, REPORT_FORMATS));
    if (needsYes) cmd.option('--yes', out.t('cli.opt.yes'));
    cmd.action(async (opts: { format: Format; yes?: boolean }) => {
      if (needsYes && !opts.yes) throw usage(out, 'cli.msg.emptyNeedsYes');
      const report = await session(send);
      printTransfer(out, report, opts.format);
      const refused = report.accessPoints.filter((ap) => ap.status !== 'OK').length;
      if (refused > 0) {
        out.note(out.t('cli.msg.partKo', { count: refused }));
        setExit(1);
      }
    });
  };
  transfer('push-users', 'cli.cmd.pushUsers', (s) => s.call('terminals/push-users', {}));
  transfer('push-reasons', 'cli.cmd.pushReasons', (s) => s.call('terminals/push-reasons', {}));
  // The window asks for an access point's name typed back; on the command line --yes is that confirmation.
  transfer(
    'empty',
    'cli.cmd.empty',
    async (s) => {
      const [first] = (await s.call('terminals/info', {})).accessPoints;
      return s.call('terminals/empty', { confirm: first?.accessPoint ?? '' });
    },
    true,
  );
}
