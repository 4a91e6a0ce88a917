// `login` and `logout`: the password goes to the keychain, never to a file or a flag.
import { read } from 'read';
import type { Command } from 'commander';
import { DEFAULT_SERVER } from '../../../shared/festime';
import { usage, type CliIO, type Out } from '../io';
import { withSession, type GlobalOptions, type Session } from '../session';

async function readAll(stream: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The account to log in to: the one named by flags or environment, else the current one. */
async function accountToLogIn(s: Session, globals: GlobalOptions, io: CliIO, out: Out): Promise<{ server: string; login: string }> {
  const named = globals.login ?? io.env.FESTIME_LOGIN;
  // A login named: nothing is read or written locally until the password is known to work.
  if (named) return { server: globals.server ?? io.env.FESTIME_SERVER ?? DEFAULT_SERVER, login: named.trim() };
  const info = await s.call('app/info', {});
  const current = info.accounts.find((a) => a.id === info.currentAccountId) ?? (info.accounts.length === 1 ? info.accounts[0]! : null);
  const server = globals.server ?? io.env.FESTIME_SERVER ?? current?.server ?? DEFAULT_SERVER;
  const login = current && current.server === server ? current.login : undefined;
  if (!login) throw usage(out, 'cli.msg.noLogin');
  return { server, login };
}

export function registerLogin(program: Command, io: CliIO, out: Out): void {
  program
    .command('login')
    .description(out.t('cli.cmd.login'))
    .option('--password-stdin', out.t('cli.opt.passwordStdin'))
    .option('--no-check', out.t('cli.opt.noCheck'))
    .action((opts: { passwordStdin?: boolean; check: boolean }) =>
      withSession(program.opts<GlobalOptions>(), io, out, async (s) => {
        const account = await accountToLogIn(s, program.opts<GlobalOptions>(), io, out);
        let password: string;
        if (opts.passwordStdin) {
          // One trailing line break is the end of the line, not part of the password.
          password = (await readAll(io.stdin)).replace(/\r?\n$/, '');
        } else {
          if (!io.stdin.isTTY) throw usage(out, 'cli.msg.noTty');
          password = await read({
            prompt: out.t('cli.msg.passwordPrompt', { login: account.login }),
            silent: true,
            replace: '',
            input: io.stdin,
            output: io.stderr,
          });
        }
        if (password === '') throw usage(out, 'cli.msg.emptyPassword');
        if (opts.check) out.note(out.t('cli.msg.checking'));
        // Tested first (unless --no-check), then kept in the keychain; only then does the account enter the local database.
        const saved = await s.call('accounts/connect', { ...account, password, check: opts.check });
        out.note(out.t('cli.msg.saved', { login: saved.login, server: saved.server }));
      }),
    );

  program
    .command('logout')
    .description(out.t('cli.cmd.logout'))
    .action(() =>
      withSession(program.opts<GlobalOptions>(), io, out, async (s) => {
        const forgotten = await s.call('accounts/forget', {});
        out.note(out.t(forgotten.removed ? 'cli.msg.removed' : 'cli.msg.nothingToRemove', { login: forgotten.login, server: forgotten.server }));
      }),
    );
}
