// `holders list|add|edit|delete|cancel`: the register and its outbox. A change is recorded before
// it is sent; Festime's answer is printed as it is.
import { osUser } from '../../core/paths';
import type { Command } from 'commander';
import { cancel, enqueue, sendPending, toPushCount, type HolderOp } from '../../core/holders/outbox';
import { fixNames, listHolders } from '../../core/holders/register';
import { NotFoundError, ValidationError } from '../../core/errors';
import { checkHolder } from '../../../shared/validation';
import type { HolderInput } from '../../../shared/festime';
import { checkChoice, passwordFor, withClient, withStoreAsync, withStore, type GlobalOptions } from '../context';
import { REPORT_FORMATS, printHolders, printSendResults } from '../format';
import { usage, type CliIO, type Out } from '../io';

export const actor = osUser;

export function registerHolders(program: Command, io: CliIO, out: Out, setExit: (code: number) => void): void {
  const holders = program.command('holders').description(out.t('cli.cmd.holders'));

  holders
    .command('list')
    .description(out.t('cli.cmd.holdersList'))
    .option('--format <format>', out.t('cli.opt.format', { formats: REPORT_FORMATS.join('|') }), 'table')
    .action((opts: { format: string }) => {
      const format = checkChoice(out, '--format', opts.format, REPORT_FORMATS);
      withStore(program.opts<GlobalOptions>(), io, out, ({ store, row }) => {
        printHolders(out, listHolders(store.db, row.id), format);
        const count = toPushCount(store.db, row.id);
        if (count > 0) out.note(out.t('cli.msg.toPush', { count }));
      });
    });

  const ops: [HolderOp, string, string][] = [
    ['add', 'add', 'cli.cmd.holdersAdd'],
    ['edit', 'edit', 'cli.cmd.holdersEdit'],
    ['delete', 'delete', 'cli.cmd.holdersDelete'],
  ];
  for (const [op, name, description] of ops) {
    holders
      .command(name)
      .description(out.t(description))
      .requiredOption('--uid <uid>', out.t('cli.opt.uid'))
      .requiredOption('--nom <nom>', out.t('cli.opt.nom'))
      .requiredOption('--prenom <prenom>', out.t('cli.opt.prenom'))
      .action(async (opts: HolderInput) =>
        withStoreAsync(program.opts<GlobalOptions>(), io, out, async ({ store, account, row }) => {
          // Validated and written down before anything else, even before the password is looked up.
          const entry = enqueue(store.db, row.id, op, { nom: opts.nom, prenom: opts.prenom, uid: opts.uid }, actor());
          const password = await passwordFor(account, io);
          const results = await withClient(account, password, io, (client) => sendPending(store.db, row.id, client));
          const code = printSendResults(out, results, entry.id);
          if (code !== 0) setExit(code);
          else out.note(out.t('cli.msg.pushHint'));
        }));
  }

  holders
    .command('fix')
    .description(out.t('cli.cmd.holdersFix'))
    .requiredOption('--uid <uid>', out.t('cli.opt.uid'))
    .requiredOption('--nom <nom>', out.t('cli.opt.nom'))
    .requiredOption('--prenom <prenom>', out.t('cli.opt.prenom'))
    .action((opts: HolderInput) => {
      const checked = checkHolder(opts);
      if (!checked.ok) throw new ValidationError(checked.issues);
      withStore(program.opts<GlobalOptions>(), io, out, ({ store, row }) => {
        if (!fixNames(store.db, row.id, checked.value.uid, checked.value.nom, checked.value.prenom, actor())) throw new NotFoundError(out.t('cli.head.uid'), checked.value.uid);
        out.note(out.t('cli.msg.fixed', { uid: checked.value.uid, nom: checked.value.nom, prenom: checked.value.prenom }));
      });
    });

  holders
    .command('cancel')
    .description(out.t('cli.cmd.holdersCancel'))
    .requiredOption('--id <n>', out.t('cli.opt.id'))
    .action((opts: { id: string }) => {
      const id = Number(opts.id);
      if (!Number.isInteger(id) || id <= 0) throw usage(out, 'cli.msg.badChoice', { option: '--id', value: opts.id, choices: '1, 2, 3…' });
      withStore(program.opts<GlobalOptions>(), io, out, ({ store, row }) => {
        cancel(store.db, row.id, id, actor());
        out.note(out.t('cli.msg.cancelled', { id }));
      });
    });
}
