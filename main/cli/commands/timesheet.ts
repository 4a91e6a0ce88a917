// `export`, `corrections …`, `month close|reopen`: the monthly timesheet for payroll.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { MonthFigures } from '../../../shared/api';
import { HOLDER_FIGURE_KEYS } from '../../../shared/timesheet';
import { EVP_LAYOUTS, type EvpLayout, type ExportFormat } from '../../../shared/payroll-export';
import { FileWriteError } from '../../core/errors';
import { formatOption } from '../format';
import { idOf, type CliIO, type Out } from '../io';
import { jsonText } from '../visible';
import { withSession, type GlobalOptions, type Session } from '../session';

/** The figures `export --format json` has always printed (scripts read these keys). */
const figuresOf = (m: MonthFigures) => m.holders.map((h) => Object.fromEntries(HOLDER_FIGURE_KEYS.map((k) => [k, h[k]])));

/** Written beside, then renamed: never a half-written workbook under the final name. */
function writeAtomically(file: string, bytes: Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw new FileWriteError(file, (error as NodeJS.ErrnoException).code ?? 'error');
  }
}

export function registerTimesheet(program: Command, io: CliIO, out: Out): void {
  const session = <T>(fn: (s: Session) => Promise<T>, options?: Parameters<typeof withSession>[4]) =>
    withSession(program.opts<GlobalOptions>(), io, out, fn, options);
  const typeOption = () => new Option('--type <A|D|P>', out.t('cli.opt.type')).argParser((v) => v.toUpperCase()).makeOptionMandatory();

  program
    .command('export')
    .description(out.t('cli.cmd.export'))
    .requiredOption('--month <YYYY-MM>', out.t('cli.opt.month'))
    .option('--out <file>', out.t('cli.opt.out'))
    .addOption(formatOption(out, ['xlsx', 'json', 'evp', 'pdf'], 'xlsx'))
    .addOption(new Option('--layout <lines|wide>', out.t('cli.opt.layout')).choices(EVP_LAYOUTS))
    .option('--uid <uid>', out.t('cli.opt.statementUid'))
    .action((opts: { month: string; out?: string; format: 'json' | ExportFormat; layout?: EvpLayout; uid?: string }) => {
      const { format } = opts;
      if (format === 'json') return session(async (s) => out.line(jsonText(figuresOf(await s.call('timesheet/month', { month: opts.month })))));
      const deliver = async (fileName: string, bytes: Buffer) => {
        const file = opts.out ?? fileName;
        writeAtomically(file, bytes);
        return { savedTo: file, download: null };
      };
      return session(
        async (s) => {
          const written = await s.call('timesheet/export', { month: opts.month, format, layout: opts.layout, uid: opts.uid });
          if (format === 'evp') {
            // What windows-1252 could not hold, said name by name: payroll sees what its file has.
            for (const r of written.replaced ?? []) out.note(out.t('cli.msg.evpReplaced', { text: r.text, written: r.written }));
            out.note(
              out.t('cli.msg.exportedEvp', { file: written.savedTo, employees: written.holders, lines: written.lines ?? 0, anomalies: written.anomalies }),
            );
          } else {
            const said = format === 'pdf' ? 'cli.msg.exportedPdf' : 'cli.msg.exported';
            out.note(out.t(said, { file: written.savedTo, holders: written.holders, anomalies: written.anomalies }));
          }
        },
        { deliver },
      );
    });

  const corrections = program.command('corrections').description(out.t('cli.cmd.corrections'));
  corrections
    .command('add')
    .description(out.t('cli.cmd.correctionsAdd'))
    .requiredOption('--uid <uid>', out.t('cli.opt.uid'))
    .requiredOption('--at <YYYY-MM-DDTHH:MM>', out.t('cli.opt.at'))
    .addOption(typeOption())
    .requiredOption('--comment <text>', out.t('cli.opt.comment'))
    .option('--reason <text>', out.t('cli.opt.pauseReason'))
    .action((opts: { uid: string; at: string; type: 'A' | 'D' | 'P'; comment: string; reason?: string }) =>
      session(async (s) => {
        const { id } = await s.call('corrections/add', { uid: opts.uid, type: opts.type, at: opts.at, comment: opts.comment, reason: opts.reason });
        out.note(out.t('cli.msg.correctionAdded', { id }));
      }),
    );
  // Both take a raw punch by its id: ignore one that should not count, keep one Festime removed.
  for (const [name, method, description] of [
    ['ignore', 'corrections/ignore', 'cli.cmd.correctionsIgnore'],
    ['keep', 'corrections/keep', 'cli.cmd.correctionsKeep'],
  ] as const) {
    corrections
      .command(name)
      .description(out.t(description))
      .requiredOption('--id <id>', out.t('cli.opt.punchId'))
      .requiredOption('--comment <text>', out.t('cli.opt.comment'))
      .action((opts: { id: string; comment: string }) =>
        session(async (s) => {
          const { id } = await s.call(method, { punchId: idOf(opts.id), comment: opts.comment });
          out.note(out.t('cli.msg.correctionAdded', { id }));
        }),
      );
  }
  // The time of a punch the night clocks change (the anomaly names the punch: an added one by minus its correction's number).
  corrections
    .command('reading')
    .description(out.t('cli.cmd.correctionsReading'))
    .requiredOption('--id <id>', out.t('cli.opt.readingPunchId'))
    .addOption(new Option('--occurrence <1|2>', out.t('cli.opt.occurrence')).choices(['1', '2']).makeOptionMandatory())
    .requiredOption('--comment <text>', out.t('cli.opt.comment'))
    .action((opts: { id: string; occurrence: '1' | '2'; comment: string }) =>
      session(async (s) => {
        const punchId = opts.id.startsWith('-') ? -idOf(opts.id.slice(1)) : idOf(opts.id);
        const { id } = await s.call('corrections/reading', { punchId, occurrence: opts.occurrence === '2' ? 2 : 1, comment: opts.comment });
        out.note(out.t('cli.msg.correctionAdded', { id }));
      }),
    );
  corrections
    .command('list')
    .description(out.t('cli.cmd.correctionsList'))
    .option('--month <YYYY-MM>', out.t('cli.opt.month'))
    .action((opts: { month?: string }) => session(async (s) => out.line(jsonText(await s.call('corrections/list', { month: opts.month })))));
  corrections
    .command('undo')
    .description(out.t('cli.cmd.correctionsUndo'))
    .requiredOption('--id <n>', out.t('cli.opt.id'))
    .action((opts: { id: string }) =>
      session(async (s) => {
        const { id } = await s.call('corrections/undo', { id: idOf(opts.id) });
        out.note(out.t('cli.msg.correctionUndone', { id }));
      }),
    );

  const month = program.command('month').description(out.t('cli.cmd.month'));
  month
    .command('close')
    .description(out.t('cli.cmd.monthClose'))
    .argument('<YYYY-MM>')
    .action((value: string) =>
      session(async (s) => {
        await s.call('month/close', { month: value });
        out.note(out.t('cli.msg.monthClosed', { month: value }));
      }),
    );
  month
    .command('reopen')
    .description(out.t('cli.cmd.monthReopen'))
    .argument('<YYYY-MM>')
    .requiredOption('--reason <text>', out.t('cli.opt.reason'))
    .action((value: string, opts: { reason: string }) =>
      session(async (s) => {
        await s.call('month/reopen', { month: value, reason: opts.reason });
        out.note(out.t('cli.msg.monthReopened', { month: value }));
      }),
    );
}
