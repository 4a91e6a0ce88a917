// `login` and `logout`: the password goes to the keychain, never to a file or a flag.
import { read } from 'read';
import type { Command } from 'commander';
import { chosenAccount, credentialStore, makeCurrent, resolveAccount, withClient, withStore, type GlobalOptions } from '../context';
import { usage, type CliIO, type Out } from '../io';
import { recordTerminalZone } from '../../core/store/site-zone';
import type { TerminalInfoReport } from '../../../shared/festime';

async function readAll(stream: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export function registerLogin(program: Command, io: CliIO, out: Out): void {
  program
    .command('login')
    .description(out.t('cli.cmd.login'))
    .option('--password-stdin', out.t('cli.opt.passwordStdin'))
    .option('--no-check', out.t('cli.opt.noCheck'))
    .action(async (opts: { passwordStdin?: boolean; check: boolean }) => {
      const globals = program.opts<GlobalOptions>();
      // Flags or environment name the account; else the current one (which needs the database).
      const account = globals.login || io.env.FESTIME_LOGIN ? resolveAccount(globals, io, out) : withStore(globals, io, out, ({ account: a }) => a);
      let password: string;
      if (opts.passwordStdin) {
        // One trailing line break is the end of the line, not part of the password.
        password = (await readAll(io.stdin)).replace(/\r?\n$/, '');
      } else {
        if (!io.stdin.isTTY) throw usage(out, 'cli.msg.noTty');
        password = await read({ prompt: out.t('cli.msg.passwordPrompt', { login: account.login }), silent: true, replace: '', input: io.stdin, output: io.stderr });
      }
      if (password === '') throw usage(out, 'cli.msg.emptyPassword');
      let report: TerminalInfoReport | null = null;
      if (opts.check) {
        out.note(out.t('cli.msg.checking'));
        report = await withClient(account, password, io, (client) => client.terminalInfo());
      }
      await credentialStore().set(account.server, account.login, password);
      // Only now, with a password that works, does the account enter the local database.
      withStore(globals, io, out, ({ store, row }) => {
        makeCurrent(store, row);
        if (report) recordTerminalZone(store.db, row.id, report);
      });
      out.note(out.t('cli.msg.saved', { login: account.login, server: account.server }));
    });

  program
    .command('logout')
    .description(out.t('cli.cmd.logout'))
    .action(async () => {
      const account = chosenAccount(program.opts<GlobalOptions>(), io, out);
      const removed = await credentialStore().delete(account.server, account.login);
      out.note(out.t(removed ? 'cli.msg.removed' : 'cli.msg.nothingToRemove', { login: account.login, server: account.server }));
    });
}
