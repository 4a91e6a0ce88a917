// `holders list|add|edit|delete|replace|fix|cancel|resolve`: the register and its outbox. A change is
// recorded before it is sent; what became of it is said in words.
import type { Command } from 'commander';
import type { MethodName } from '../../../shared/api';
import type { HolderInput } from '../../../shared/festime';
import { formatOption, printHolders, printSendResults, REPORT_FORMATS } from '../format';
import { idOf, usage, type CliIO, type Out } from '../io';
import { withSession, type GlobalOptions } from '../session';

export function registerHolders(program: Command, io: CliIO, out: Out, setExit: (code: number) => void): void {
  const holders = program.command('holders').description(out.t('cli.cmd.holders'));
  const session = <T>(fn: Parameters<typeof withSession<T>>[3]) => withSession(program.opts<GlobalOptions>(), io, out, fn);

  holders
    .command('list')
    .description(out.t('cli.cmd.holdersList'))
    .addOption(formatOption(out, REPORT_FORMATS))
    .action((opts: { format: (typeof REPORT_FORMATS)[number] }) =>
      session(async (s) => {
        printHolders(out, await s.call('holders/list', {}), opts.format);
        const { toPush, toCheck } = await s.call('holders/pending', {});
        // A badge à vérifier blocks its changes until the manager chooses: said each time the list is read.
        printSendResults(out, toCheck, null);
        if (toPush > 0) out.note(out.t('cli.msg.toPush', { count: toPush }));
      }),
    );

  const ops: [Extract<MethodName, 'holders/create' | 'holders/edit' | 'holders/delete'>, string, string][] = [
    ['holders/create', 'add', 'cli.cmd.holdersAdd'],
    ['holders/edit', 'edit', 'cli.cmd.holdersEdit'],
    ['holders/delete', 'delete', 'cli.cmd.holdersDelete'],
  ];
  for (const [method, name, description] of ops) {
    holders
      .command(name)
      .description(out.t(description))
      .requiredOption('--uid <uid>', out.t('cli.opt.uid'))
      .requiredOption('--nom <nom>', out.t('cli.opt.nom'))
      .requiredOption('--prenom <prenom>', out.t('cli.opt.prenom'))
      .action((opts: HolderInput) =>
        session(async (s) => {
          const change = await s.call(method, { nom: opts.nom, prenom: opts.prenom, uid: opts.uid });
          const code = printSendResults(out, change.batch, change);
          if (code !== 0) setExit(code);
          else out.note(out.t('cli.msg.pushHint'));
        }),
      );
  }

  holders
    .command('replace')
    .description(out.t('cli.cmd.holdersReplace'))
    .argument('<uid>', out.t('cli.opt.uid'))
    .argument('<new-uid>', out.t('cli.opt.newUid'))
    .action((uid: string, newUid: string) =>
      session(async (s) => {
        const r = await s.call('holders/replace', { uid, newUid });
        // The link is made (and both changes recorded) whatever Festime answers: said first.
        out.note(out.t('cli.msg.replaced', { uid, newUid: r.add.uid, nom: r.add.nom, prenom: r.add.prenom }));
        let code = printSendResults(out, r.batch, r.add);
        if (!r.batch.some((e) => e.id === r.remove.id && e.state === 'ok')) code = 1;
        if (code !== 0) setExit(code);
        else out.note(out.t('cli.msg.pushHint'));
      }),
    );

  holders
    .command('resolve')
    .description(out.t('cli.cmd.holdersResolve'))
    .requiredOption('--uid <uid>', out.t('cli.opt.uid'))
    .option('--keep-festime', out.t('cli.opt.keepFestime'))
    .option('--new-uid <uid>', out.t('cli.opt.resolveNewUid'))
    .action((opts: { uid: string; keepFestime?: boolean; newUid?: string }) =>
      session(async (s) => {
        if ((opts.keepFestime === true) === (opts.newUid !== undefined)) throw usage(out, 'cli.msg.resolveChoice', { uid: opts.uid });
        const r = await s.call(
          'holders/resolve',
          opts.newUid !== undefined ? { uid: opts.uid, choice: 'new-uid', newUid: opts.newUid } : { uid: opts.uid, choice: 'keep-festime' },
        );
        if (!r.created) {
          out.note(out.t('cli.msg.keptFestime', { id: r.closed.id, uid: r.closed.uid }));
          return;
        }
        out.note(out.t('cli.msg.movedToNewUid', { id: r.closed.id, uid: r.closed.uid, newId: r.created.id, newUid: r.created.uid }));
        const code = printSendResults(out, r.batch, r.created);
        if (code !== 0) setExit(code);
        else out.note(out.t('cli.msg.pushHint'));
      }),
    );

  holders
    .command('fix')
    .description(out.t('cli.cmd.holdersFix'))
    .requiredOption('--uid <uid>', out.t('cli.opt.uid'))
    .requiredOption('--nom <nom>', out.t('cli.opt.nom'))
    .requiredOption('--prenom <prenom>', out.t('cli.opt.prenom'))
    .action((opts: HolderInput) =>
      session(async (s) => {
        const fixed = await s.call('holders/fix', { nom: opts.nom, prenom: opts.prenom, uid: opts.uid });
        out.note(out.t('cli.msg.fixed', fixed));
      }),
    );

  holders
    .command('cancel')
    .description(out.t('cli.cmd.holdersCancel'))
    .requiredOption('--id <n>', out.t('cli.opt.id'))
    .action((opts: { id: string }) =>
      session(async (s) => {
        const { id } = await s.call('holders/cancel', { id: idOf(opts.id) });
        out.note(out.t('cli.msg.cancelled', { id }));
      }),
    );
}
