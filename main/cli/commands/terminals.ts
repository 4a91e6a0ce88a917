// `terminals info|push-users|push-reasons|empty`: the four global_* functions.
import type { Command } from 'commander';
import type { TransferReport } from '../../../shared/festime';
import type { FestimeClient } from '../../core/festime/client';
import { markPushed } from '../../core/holders/outbox';
import { recordTerminalZone } from '../../core/store/site-zone';
import { checkChoice, chosenAccount, passwordFor, withClient, withStore, type GlobalOptions } from '../context';
import { REPORT_FORMATS, printInfos, printTransfer } from '../format';
import { usage, type CliIO, type Out } from '../io';

export function registerTerminals(program: Command, io: CliIO, out: Out, setExit: (code: number) => void): void {
  const terminals = program.command('terminals').description(out.t('cli.cmd.terminals'));
  const client = async <T>(fn: (c: FestimeClient) => Promise<T>) => {
    const account = chosenAccount(program.opts<GlobalOptions>(), io, out);
    return withClient(account, await passwordFor(account, io), io, fn);
  };
  const formatOption = ['--format <format>', out.t('cli.opt.format', { formats: REPORT_FORMATS.join('|') }), 'table'] as const;

  terminals
    .command('info')
    .description(out.t('cli.cmd.terminalsInfo'))
    .option(...formatOption)
    .action(async (opts: { format: string }) => {
      const format = checkChoice(out, '--format', opts.format, REPORT_FORMATS);
      const report = await client((c) => c.terminalInfo());
      // The report says where the terminals are: the account's days follow their zone.
      withStore(program.opts<GlobalOptions>(), io, out, ({ store, row }) => recordTerminalZone(store.db, row.id, report));
      printInfos(out, report, format);
    });

  const transfer = (name: string, description: string, fn: (c: FestimeClient) => Promise<TransferReport>, needsYes = false) => {
    const cmd = terminals.command(name).description(out.t(description)).option(...formatOption);
    if (needsYes) cmd.option('--yes', out.t('cli.opt.yes'));
    cmd.action(async (opts: { format: string; yes?: boolean }) => {
      const format = checkChoice(out, '--format', opts.format, REPORT_FORMATS);
      if (needsYes && !opts.yes) throw usage(out, 'cli.msg.emptyNeedsYes');
      const report = await client(fn);
      printTransfer(out, report, format);
      const refused = report.accessPoints.filter((ap) => ap.status !== 'OK').length;
      // The terminals now hold the accepted changes: they are no longer "to push".
      if (name === 'push-users' && refused === 0 && report.accessPoints.length > 0) {
        withStore(program.opts<GlobalOptions>(), io, out, ({ store, row }) => markPushed(store.db, row.id));
      }
      if (refused > 0) {
        out.note(out.t('cli.msg.partKo', { count: refused }));
        setExit(1);
      }
    });
  };
  transfer('push-users', 'cli.cmd.pushUsers', (c) => c.pushUsers());
  transfer('push-reasons', 'cli.cmd.pushReasons', (c) => c.pushReasons());
  transfer('empty', 'cli.cmd.empty', (c) => c.emptyTerminals(), true);
}
