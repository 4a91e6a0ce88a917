// `payroll-codes list|set`: the codes the payroll-variables file (export --format evp) gives each
// item and absence code, and its encoding; the payroll settings of Paramètres, through the same
// contract methods as the window (settings/get, settings/set).
import { Option, type Command } from 'commander';
import type { Settings } from '../../../shared/api';
import { EVP_ENCODINGS, PAYROLL_ITEMS, payrollCodeOf, payrollKeys, payrollLabel, type EvpEncoding } from '../../../shared/payroll-export';
import { formatOption, renderTable, REPORT_FORMATS } from '../format';
import { usage, type CliIO, type Out } from '../io';
import { jsonText } from '../visible';
import { withSession, type GlobalOptions, type Session } from '../session';

export interface PayrollCodeRow {
  key: string;
  label: string;
  code: string;
  default: string;
}

/** Every item and absence code with its label (in the CLI's language), the code in use and the default. */
function codeRows(out: Out, settings: Settings): PayrollCodeRow[] {
  const { payroll, rules } = settings;
  const rates = { first: rules.firstTierRate, second: rules.secondTierRate };
  return payrollKeys(payroll.absenceCodes).map((key) => ({
    key,
    label: payrollLabel(out.t, key, payroll.absenceCodes, out.lang, rates),
    code: payrollCodeOf(payroll.payrollCodes, key),
    default: payrollCodeOf({}, key),
  }));
}

/**
 * `KEY=CODE` arguments as the contract's change: a key is an item (`overtime25`, any case) or an
 * absence code of the list (any case); anything else is passed as typed, for the core to refuse by
 * name. `KEY=` (no code) goes back to the default.
 */
function changeOf(out: Out, args: readonly string[], settings: Settings): Record<string, string> {
  const absence = settings.payroll.absenceCodes.map((c) => c.code);
  const change: Record<string, string> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    const typed = eq === -1 ? '' : arg.slice(0, eq).trim();
    if (typed === '') throw usage(out, 'cli.msg.payrollCodeArg', { arg });
    const key = PAYROLL_ITEMS.find((k) => k.toLowerCase() === typed.toLowerCase()) ?? absence.find((c) => c.toUpperCase() === typed.toUpperCase()) ?? typed;
    change[key] = arg.slice(eq + 1);
  }
  return change;
}

export function registerPayrollCodes(program: Command, io: CliIO, out: Out): void {
  const session = <T>(fn: (s: Session) => Promise<T>) => withSession(program.opts<GlobalOptions>(), io, out, fn);
  const encodingName = (e: EvpEncoding) => `${e} — ${out.t(`evpEncoding.${e}`)}`;

  const codes = program.command('payroll-codes').description(out.t('cli.cmd.payrollCodes'));
  codes
    .command('list')
    .description(out.t('cli.cmd.payrollCodesList'))
    .addOption(formatOption(out, REPORT_FORMATS))
    .action((opts: { format: (typeof REPORT_FORMATS)[number] }) =>
      session(async (s) => {
        const settings = await s.call('settings/get', {});
        const rows = codeRows(out, settings);
        if (opts.format === 'json') {
          out.line(jsonText({ encoding: settings.payroll.evpEncoding, codes: rows }));
          return;
        }
        out.line(
          renderTable(
            ['key', 'label', 'payrollCode', 'default'].map((k) => out.t(`cli.head.${k}`)),
            rows.map((r) => [r.key, r.label, r.code, r.code === r.default ? '' : r.default]),
          ),
        );
        out.note(out.t('cli.msg.payrollEncoding', { encoding: encodingName(settings.payroll.evpEncoding) }));
      }),
    );
  codes
    .command('set')
    .description(out.t('cli.cmd.payrollCodesSet'))
    .argument('[KEY=CODE...]', out.t('cli.opt.payrollCodes'))
    .addOption(new Option('--encoding <encoding>', out.t('cli.opt.encoding')).choices(EVP_ENCODINGS))
    .action((args: string[], opts: { encoding?: EvpEncoding }) => {
      if (args.length === 0 && opts.encoding === undefined) throw usage(out, 'cli.msg.payrollCodesNothing');
      return session(async (s) => {
        const change = changeOf(out, args, await s.call('settings/get', {}));
        // One call: everything is saved, or nothing (an unknown key, a code refused, a code twice).
        const saved = await s.call('settings/set', {
          payroll: { ...(args.length > 0 ? { payrollCodes: change } : {}), ...(opts.encoding ? { evpEncoding: opts.encoding } : {}) },
        });
        const rows = codeRows(out, saved).filter((r) => Object.hasOwn(change, r.key));
        out.note(out.t('cli.msg.payrollCodesSaved'));
        for (const r of rows) out.note(out.t('cli.msg.payrollCodeIs', { ...r }));
        if (opts.encoding) out.note(out.t('cli.msg.payrollEncoding', { encoding: encodingName(saved.payroll.evpEncoding) }));
      });
    });
}
