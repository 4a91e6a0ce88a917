// `employees set|list` and `absences add|list|remove`: employee records (contract versions) and
// absences, through the same contract methods as the window.
import { Option, type Command } from 'commander';
import type { MethodInput } from '../../../shared/api';
import { CONTRACT_TYPES, type Contract } from '../../../shared/employees';
import { formatOption, printAbsences, printEmployees, REPORT_FORMATS } from '../format';
import { idOf, type CliIO, type Out } from '../io';
import { withSession, type GlobalOptions, type Session } from '../session';

/** A date option that may be cleared: "none" (or an empty value) is null. */
const dateOrNone = (v: string | undefined): string | null | undefined => (v === undefined ? undefined : v === '' || v.toLowerCase() === 'none' ? null : v);

/** A number typed on the command line: anything but a decimal is NaN, which the contract refuses. */
const hoursOf = (v: string): number => (/^\d{1,3}([.,]\d{1,2})?$/.test(v) ? Number(v.replace(',', '.')) : Number.NaN);

export function contractSummary(out: Out, c: Contract): string {
  const parts = [c.matricule || '—', out.t(`cli.contract.${c.type}`)];
  if (c.type !== 'days') parts.push(`${c.weeklyHours} h`);
  parts.push(c.days.join(','));
  if (c.nightWorker) parts.push(out.t('cli.head.nightWorker'));
  return parts.join(', ');
}

export function registerEmployees(program: Command, io: CliIO, out: Out): void {
  const session = <T>(fn: (s: Session) => Promise<T>) => withSession(program.opts<GlobalOptions>(), io, out, fn);

  const employees = program.command('employees').description(out.t('cli.cmd.employees'));
  employees
    .command('set')
    .description(out.t('cli.cmd.employeesSet'))
    .requiredOption('--uid <uid>', out.t('cli.opt.uid'))
    .option('--matricule <text>', out.t('cli.opt.matricule'))
    .addOption(new Option('--contract <type>', out.t('cli.opt.contract')).choices([...CONTRACT_TYPES]))
    .option('--weekly-hours <h>', out.t('cli.opt.weeklyHours'))
    .option('--days <list>', out.t('cli.opt.days'))
    .option('--night-worker', out.t('cli.opt.nightWorker'))
    .option('--no-night-worker', out.t('cli.opt.noNightWorker'))
    .option('--start <YYYY-MM-DD>', out.t('cli.opt.start'))
    .option('--end <YYYY-MM-DD>', out.t('cli.opt.end'))
    .option('--from <YYYY-MM-DD>', out.t('cli.opt.contractFrom'))
    .action(
      (opts: {
        uid: string;
        matricule?: string;
        contract?: Contract['type'];
        weeklyHours?: string;
        days?: string;
        nightWorker?: boolean;
        start?: string;
        end?: string;
        from?: string;
      }) =>
        session(async (s) => {
          const input: MethodInput<'employees/set'> = { uid: opts.uid };
          if (opts.matricule !== undefined) input.matricule = opts.matricule;
          if (opts.contract !== undefined) input.type = opts.contract;
          if (opts.weeklyHours !== undefined) input.weeklyHours = hoursOf(opts.weeklyHours);
          if (opts.days !== undefined) input.days = opts.days.split(',').map((d) => d.trim().toLowerCase()) as Contract['days'];
          if (opts.nightWorker !== undefined) input.nightWorker = opts.nightWorker;
          if (opts.start !== undefined) input.start = dateOrNone(opts.start);
          if (opts.end !== undefined) input.end = dateOrNone(opts.end);
          if (opts.from !== undefined) input.from = opts.from;
          const { contract } = await s.call('employees/set', input);
          out.note(out.t('cli.msg.employeeSet', { uid: contract.uid, from: contract.from, summary: contractSummary(out, contract) }));
        }),
    );
  employees
    .command('list')
    .description(out.t('cli.cmd.employeesList'))
    .addOption(formatOption(out, REPORT_FORMATS))
    .action((opts: { format: (typeof REPORT_FORMATS)[number] }) => session(async (s) => printEmployees(out, await s.call('employees/list', {}), opts.format)));

  const absences = program.command('absences').description(out.t('cli.cmd.absences'));
  absences
    .command('add')
    .description(out.t('cli.cmd.absencesAdd'))
    .requiredOption('--uid <uid>', out.t('cli.opt.uid'))
    .requiredOption('--from <YYYY-MM-DD>', out.t('cli.opt.absenceFrom'))
    .option('--to <YYYY-MM-DD>', out.t('cli.opt.absenceTo'))
    .requiredOption('--code <code>', out.t('cli.opt.code'))
    .addOption(new Option('--half <am|pm>', out.t('cli.opt.half')).choices(['am', 'pm']))
    .requiredOption('--comment <text>', out.t('cli.opt.comment'))
    .action((opts: { uid: string; from: string; to?: string; code: string; half?: 'am' | 'pm'; comment: string }) =>
      session(async (s) => {
        const { id } = await s.call('absences/add', {
          uid: opts.uid,
          from: opts.from,
          code: opts.code,
          comment: opts.comment,
          ...(opts.to !== undefined ? { to: opts.to } : {}),
          ...(opts.half !== undefined ? { half: opts.half } : {}),
        });
        out.note(out.t('cli.msg.absenceAdded', { id }));
      }),
    );
  absences
    .command('list')
    .description(out.t('cli.cmd.absencesList'))
    .requiredOption('--month <YYYY-MM>', out.t('cli.opt.month'))
    .addOption(formatOption(out, REPORT_FORMATS))
    .action((opts: { month: string; format: (typeof REPORT_FORMATS)[number] }) =>
      session(async (s) => printAbsences(out, await s.call('absences/list', { month: opts.month }), opts.format)),
    );
  absences
    .command('remove')
    .description(out.t('cli.cmd.absencesRemove'))
    .requiredOption('--id <n>', out.t('cli.opt.absenceId'))
    .action((opts: { id: string }) =>
      session(async (s) => {
        const { id } = await s.call('absences/remove', { id: idOf(opts.id) });
        out.note(out.t('cli.msg.absenceRemoved', { id }));
      }),
    );
}
