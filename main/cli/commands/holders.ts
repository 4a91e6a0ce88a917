// `holders add|edit|delete`: the three holder functions, Festime's answer printed as it is.
import type { Command } from 'commander';
import type { HolderInput, OperationResult } from '../../../shared/festime';
import type { FestimeClient } from '../../core/festime/client';
import { passwordFor, resolveAccount, withClient, type GlobalOptions } from '../context';
import type { CliIO, Out } from '../io';

type Op = (client: FestimeClient, holder: HolderInput) => Promise<OperationResult>;

export function registerHolders(program: Command, io: CliIO, out: Out): void {
  const holders = program.command('holders').description(out.t('cli.cmd.holders'));
  const ops: [string, string, Op][] = [
    ['add', 'cli.cmd.holdersAdd', (c, h) => c.addHolder(h)],
    ['edit', 'cli.cmd.holdersEdit', (c, h) => c.editHolder(h)],
    ['delete', 'cli.cmd.holdersDelete', (c, h) => c.deleteHolder(h)],
  ];
  for (const [name, description, op] of ops) {
    holders
      .command(name)
      .description(out.t(description))
      .requiredOption('--uid <uid>', out.t('cli.opt.uid'))
      .requiredOption('--nom <nom>', out.t('cli.opt.nom'))
      .requiredOption('--prenom <prenom>', out.t('cli.opt.prenom'))
      .action(async (opts: HolderInput) => {
        const account = resolveAccount(program.opts<GlobalOptions>(), io, out);
        const password = await passwordFor(account, io);
        const result = await withClient(account, password, io, (client) => op(client, { nom: opts.nom, prenom: opts.prenom, uid: opts.uid }));
        out.line(['OK', result.text, result.remark].filter(Boolean).join(';'));
        out.note(out.t('cli.msg.pushHint'));
      });
  }
}
