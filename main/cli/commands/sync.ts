// `sync`, `punches`, `purge`, `backup`, `restore`: the local cache.
import { existsSync } from 'node:fs';
import { monthLabel } from '../../../shared/time';
import { Option, type Command } from 'commander';
import type { EventPayload } from '../../../shared/api';
import { clockWarning } from '../../../shared/clock-skew';
import { BackupMissingError } from '../../core/errors';
import { formatOption, PUNCH_FORMATS, printSendResults, storedPunchWriter } from '../format';
import { usage, type CliIO, type Out } from '../io';
import { withSession, type GlobalOptions } from '../session';

/**
 * Punches read and written at a time by `punches` (the contract allows up to PUNCH_PAGE_MAX): small
 * pages keep its memory flat on any size of cache (5 years, 3.65 million punches: `npm run bench -- punches-export`).
 */
const PRINT_PAGE = 1_000;

function progressLine(out: Out, io: CliIO) {
  const tty = (io.stderr as NodeJS.WriteStream).isTTY === true;
  let lastPhase = '';
  return (p: EventPayload<'sync/progress'>) => {
    const text =
      p.phase === 'fetch'
        ? out.t('cli.msg.syncFetch', { from: p.from, to: p.to })
        : p.phase === 'store'
          ? out.t('cli.msg.syncStore', { done: p.done, total: p.total })
          : p.phase === 'reconcile'
            ? out.t('cli.msg.syncReconcile')
            : '';
    if (tty) io.stderr.write(`\r\x1b[2K${text}`);
    else if (p.phase !== lastPhase && text) io.stderr.write(`${text}\n`);
    if (tty && p.phase === 'done') io.stderr.write('\r\x1b[2K');
    lastPhase = p.phase;
  };
}

export function registerCache(program: Command, io: CliIO, out: Out, setExit: (code: number) => void): void {
  const globals = () => program.opts<GlobalOptions>();

  program
    .command('sync')
    .description(out.t('cli.cmd.sync'))
    .option('--full', out.t('cli.opt.full'))
    .action((opts: { full?: boolean }) => {
      const progress = progressLine(out, io);
      return withSession(
        globals(),
        io,
        out,
        async (s) => {
          const stop = () => void s.call('sync/cancel', {});
          process.once('SIGINT', stop);
          try {
            // What the window's sync does: queued holder changes, the punches, the day's backup and retention.
            const summary = await s.call('sync/run', { full: opts.full === true });
            if (summary.sent.length > 0 && printSendResults(out, summary.sent, null) !== 0) setExit(1);
            out.line(out.t('cli.msg.syncSummary', { ...summary, seconds: (summary.ms / 1000).toFixed(1) }));
            // Not an error (the figures are kept), but payroll must know the cache and Festime disagree.
            if (summary.removalsWithheld > 0) io.stderr.write(`${out.t('cli.msg.removalsWithheld', { count: summary.removalsWithheld })}\n`);
            // A closed month stays as paid: what Festime changed in one is said, and where it went.
            for (const c of summary.closedMonths)
              out.note(out.t('cli.msg.closedMonthChanged', { count: c.punches, month: monthLabel(c.month, out.lang), into: monthLabel(c.into, out.lang) }));
            if (summary.conflicts > 0) out.line(out.t('cli.msg.conflicts', { count: summary.conflicts }));
            // The punches are stored, but the day's backup is not made: said, and the run fails (a scheduled task shows it).
            if (summary.backupError) {
              io.stderr.write(`festime-desk: ${out.t('errors.store.backupFailed', { message: summary.backupError.message })}\n`);
              setExit(1);
            }
            // The PC's clock as Festime sees it: a wrong date shifts days and retention, so it is said here too.
            const clock = clockWarning((await s.call('sync/status', {})).clockSkewMinutes);
            if (clock) {
              const amount = out.t(`cli.msg.clockUnit.${clock.amount.unit}`, { count: clock.amount.count });
              out.note(out.t(clock.ahead ? 'cli.msg.clockAhead' : 'cli.msg.clockBehind', { amount }));
            }
          } finally {
            process.removeListener('SIGINT', stop);
          }
        },
        { onEvent: (event, payload) => event === 'sync/progress' && progress(payload as EventPayload<'sync/progress'>) },
      );
    });

  program
    .command('punches')
    .description(out.t('cli.cmd.punches'))
    .option('--from <YYYY-MM-DD>', out.t('cli.opt.from'))
    .option('--to <YYYY-MM-DD>', out.t('cli.opt.to'))
    .option('--uid <uid>', out.t('cli.opt.uid'))
    .addOption(new Option('--type <A|D|P>', out.t('cli.opt.type')).argParser((v) => v.toUpperCase()))
    .addOption(formatOption(out, PUNCH_FORMATS))
    .action((opts: { from?: string; to?: string; uid?: string; type?: 'A' | 'D' | 'P'; format: (typeof PUNCH_FORMATS)[number] }) =>
      withSession(globals(), io, out, async (s) => {
        const filter = { from: opts.from, to: opts.to, uid: opts.uid, type: opts.type, order: 'asc' as const, limit: PRINT_PAGE };
        // The whole filter, a page at a time in time order, each page written before the next is read:
        // five years of punches print with the memory of one page.
        const writer = storedPunchWriter(out, io.stdout, opts.format);
        for (let after: { at: string; id: number } | undefined; ;) {
          const { rows } = await s.call('punches/query', { ...filter, ...(after ? { after } : {}) });
          await writer.page(rows);
          const last = rows.at(-1);
          if (!last || rows.length < PRINT_PAGE) break;
          after = { at: last.at, id: last.id };
        }
        await writer.end();
      }),
    );

  program
    .command('purge')
    .description(out.t('cli.cmd.purge'))
    .option('--before <YYYY-MM-DD>', out.t('cli.opt.before'))
    .option('--yes', out.t('cli.opt.confirm'))
    .action((opts: { before?: string; yes?: boolean }) =>
      withSession(globals(), io, out, async (s) => {
        const result = await s.call('retention/purge', { before: opts.before, apply: opts.yes === true });
        if (!result.applied) throw usage(out, 'cli.msg.purgeNeedsYes', { before: result.before });
        out.line(out.t('cli.msg.purged', { count: result.removed, before: result.before }));
      }),
    );

  program
    .command('backup')
    .description(out.t('cli.cmd.backup'))
    .action(() =>
      withSession(globals(), io, out, async (s) => {
        const b = await s.call('backup/now', {});
        out.line(out.t('cli.msg.backupDone', { file: b.file }));
      }),
    );

  program
    .command('restore')
    .description(out.t('cli.cmd.restore'))
    .option('--from <FILE>', out.t('cli.opt.restoreFrom'))
    .option('--yes', out.t('cli.opt.confirm'))
    .action((opts: { from?: string; yes?: boolean }) =>
      withSession(globals(), io, out, async (s) => {
        // Replacing the database is asked for twice: the file that would be used is named first.
        if (!opts.yes) {
          const file = opts.from ?? (await s.call('backup/list', {}))[0]?.file;
          if (!file) throw usage(out, 'cli.msg.noBackup');
          // A wrong path is said now, not after the confirmation.
          if (!existsSync(file)) throw new BackupMissingError(file);
          throw usage(out, 'cli.msg.restoreNeedsYes', { file });
        }
        const used = await s.call('backup/restore', opts.from ? { from: opts.from } : {});
        out.line(out.t('cli.msg.restored', { file: used.file, day: used.day, kept: used.kept ?? '' }));
      }),
    );
}
