// `export`, `corrections …`, `month close|reopen`: the monthly timesheet for payroll.
import { writeFileSync, renameSync } from 'node:fs';
import type { Command } from 'commander';
import { isMonth, localDateTimeIssue } from '../../../shared/time';
import { buildWorkbook, workbookFileName } from '../../core/export/workbook';
import { addPunch, closeMonth, ignorePunch, listCorrections, recordExport, reopenMonth, undoCorrection } from '../../core/timesheet/corrections';
import { loadMonth, monthFigures } from '../../core/timesheet/month';
import { checkChoice, withStore, type GlobalOptions } from '../context';
import { usage, type CliIO, type Out } from '../io';
import { actor } from './holders';

function checkMonth(out: Out, option: string, value: string): string {
  if (!isMonth(value)) throw usage(out, 'cli.msg.badMonth', { option, value });
  return value;
}

function checkAt(out: Out, option: string, value: string): string {
  const issue = localDateTimeIssue(value);
  if (issue) throw usage(out, issue === 'date' ? 'cli.msg.badAtDate' : 'cli.msg.badAtTime', { option, value });
  return value;
}

function checkId(out: Out, option: string, value: string): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0) throw usage(out, 'cli.msg.badChoice', { option, value, choices: '1, 2, 3…' });
  return id;
}

export function registerTimesheet(program: Command, io: CliIO, out: Out): void {
  const globals = () => program.opts<GlobalOptions>();

  program
    .command('export')
    .description(out.t('cli.cmd.export'))
    .requiredOption('--month <YYYY-MM>', out.t('cli.opt.month'))
    .option('--out <file>', out.t('cli.opt.out'))
    .option('--format <format>', out.t('cli.opt.format', { formats: 'xlsx|json' }), 'xlsx')
    .action((opts: { month: string; out?: string; format: string }) => {
      const month = checkMonth(out, '--month', opts.month);
      const format = checkChoice(out, '--format', opts.format, ['xlsx', 'json'] as const);
      withStore(globals(), io, out, ({ store, row }) => {
        const loaded = loadMonth(store.db, row.id, month);
        if (format === 'json') {
          out.line(JSON.stringify(monthFigures(loaded.sheet), null, 2));
          return;
        }
        const site = row.label || loaded.punches[0]?.client || row.login;
        const bytes = buildWorkbook({ ...loaded, sheet: loaded.sheet, site, account: `${row.login} — ${row.server}`, generatedAt: new Date().toISOString() });
        const file = opts.out ?? workbookFileName(site, month);
        // Written beside, then renamed: never a half-written workbook under the final name.
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, bytes);
        renameSync(tmp, file);
        recordExport(store.db, row.id, month, file, actor());
        out.note(out.t('cli.msg.exported', { file, holders: loaded.sheet.holders.length, anomalies: loaded.sheet.holders.reduce((s, h) => s + h.anomalyCount, 0) }));
      });
    });

  const corrections = program.command('corrections').description(out.t('cli.cmd.corrections'));
  corrections
    .command('add')
    .description(out.t('cli.cmd.correctionsAdd'))
    .requiredOption('--uid <uid>', out.t('cli.opt.uid'))
    .requiredOption('--at <YYYY-MM-DDTHH:MM>', out.t('cli.opt.at'))
    .requiredOption('--type <A|D|P>', out.t('cli.opt.type'))
    .requiredOption('--comment <text>', out.t('cli.opt.comment'))
    .option('--reason <text>', out.t('cli.opt.pauseReason'))
    .action((opts: { uid: string; at: string; type: string; comment: string; reason?: string }) => {
      const type = checkChoice(out, '--type', opts.type.toUpperCase(), ['A', 'D', 'P'] as const);
      const at = checkAt(out, '--at', opts.at);
      withStore(globals(), io, out, ({ store, row }) => {
        const id = addPunch(store.db, row.id, { uid: opts.uid, type, at, comment: opts.comment, reason: opts.reason }, actor());
        out.note(out.t('cli.msg.correctionAdded', { id }));
      });
    });
  corrections
    .command('ignore')
    .description(out.t('cli.cmd.correctionsIgnore'))
    .requiredOption('--id <id>', out.t('cli.opt.punchId'))
    .requiredOption('--comment <text>', out.t('cli.opt.comment'))
    .action((opts: { id: string; comment: string }) => {
      const punchId = checkId(out, '--id', opts.id);
      withStore(globals(), io, out, ({ store, row }) => {
        const id = ignorePunch(store.db, row.id, punchId, opts.comment, actor());
        out.note(out.t('cli.msg.correctionAdded', { id }));
      });
    });
  corrections
    .command('list')
    .description(out.t('cli.cmd.correctionsList'))
    .option('--month <YYYY-MM>', out.t('cli.opt.month'))
    .action((opts: { month?: string }) => {
      const month = opts.month === undefined ? undefined : checkMonth(out, '--month', opts.month);
      withStore(globals(), io, out, ({ store, row }) => out.line(JSON.stringify(listCorrections(store.db, row.id, month), null, 2)));
    });
  corrections
    .command('undo')
    .description(out.t('cli.cmd.correctionsUndo'))
    .requiredOption('--id <n>', out.t('cli.opt.id'))
    .action((opts: { id: string }) => {
      const id = checkId(out, '--id', opts.id);
      withStore(globals(), io, out, ({ store, row }) => {
        undoCorrection(store.db, row.id, id, actor());
        out.note(out.t('cli.msg.correctionUndone', { id }));
      });
    });

  const month = program.command('month').description(out.t('cli.cmd.month'));
  month
    .command('close')
    .description(out.t('cli.cmd.monthClose'))
    .argument('<YYYY-MM>')
    .action((value: string) => {
      const m = checkMonth(out, 'YYYY-MM', value);
      withStore(globals(), io, out, ({ store, row }) => {
        closeMonth(store.db, row.id, m, actor());
        out.note(out.t('cli.msg.monthClosed', { month: m }));
      });
    });
  month
    .command('reopen')
    .description(out.t('cli.cmd.monthReopen'))
    .argument('<YYYY-MM>')
    .requiredOption('--reason <text>', out.t('cli.opt.reason'))
    .action((value: string, opts: { reason: string }) => {
      const m = checkMonth(out, 'YYYY-MM', value);
      withStore(globals(), io, out, ({ store, row }) => {
        reopenMonth(store.db, row.id, m, opts.reason, actor());
        out.note(out.t('cli.msg.monthReopened', { month: m }));
      });
    });
}
