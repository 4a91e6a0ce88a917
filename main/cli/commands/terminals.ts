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

  type Opts = { format: Format; confirm?: string };
  const transfer = (name: string, description: string, send: (s: Session, opts: Opts) => Promise<TransferReport>, confirmOption = false) => {
    const cmd = terminals.command(name).description(out.t(description)).addOption(formatOption(out, REPORT_FORMATS));
    if (confirmOption) cmd.option('--confirm <word>', out.t('cli.opt.emptyWord'));
    cmd.action(async (opts: Opts) => {
      const report = await session((s) => send(s, opts));
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
  // Festime empties every terminal of the account at once: they are listed first, then emptied only
  // with the word the window asks for (VIDER / EMPTY) given to --confirm; the core checks it.
  transfer(
    'empty',
    'cli.cmd.empty',
    async (s, { confirm }) => {
      const { accessPoints } = await s.call('terminals/info', {});
      out.note(
        [
          out.t('cli.msg.emptyList', { count: accessPoints.length }),
          ...accessPoints.map((ap) => out.t('cli.msg.emptyItem', { name: ap.accessPoint || `#${ap.index}`, serial: ap.serial ?? '?' })),
        ].join('\n'),
      );
      if (confirm === undefined) throw usage(out, 'cli.msg.emptyNeedsWord');
      const report = await s.call('terminals/empty', { confirm });
      if (report.accessPoints.some((ap) => ap.status === 'OK')) out.note(out.t('cli.msg.emptied'));
      return report;
    },
    true,
  );
}
