// Accounts: which Festime account the app works on, and its password (keychain only, one way in).
import type { AccountView, AppInfo, Handlers } from '../../../../shared/api';
import { translate } from '../../../../shared/i18n';
import { NoAccountError } from '../../errors';
import { createFestimeClient } from '../../festime/client';
import { normalizeServer } from '../../festime/server-address';
import { recordTerminalZone } from '../../store/site-zone';
import { ensureAccount, getSetting, listAccounts, setSetting, type AccountRow } from '../../store/accounts';
import type { AppContext } from '../context';

type AccountHandlers = Pick<Handlers, 'app/info' | 'accounts/connect' | 'accounts/demo' | 'accounts/select' | 'accounts/forget'>;

/** A keychain that fails is logged as such; the window then shows the account as without a password. */
async function hasPassword(ctx: AppContext, row: AccountRow): Promise<boolean> {
  try {
    return (await ctx.options.credentials.get(row.server, row.login)) !== null;
  } catch (error) {
    ctx.options.log?.(`keychain read failed: ${error instanceof Error ? error.name : 'error'}`);
    return false;
  }
}

export function accountView(ctx: AppContext) {
  return async (row: AccountRow): Promise<AccountView> => ({
    id: row.id,
    server: row.server,
    login: row.login,
    // The demo's name in the language of the moment, whatever language it was created in.
    label: ctx.demo.isDemo(row) ? translate(ctx.lang(), 'account.demoLabel') : row.label,
    // The demo's password is public and built in: it is not kept in the keychain.
    hasPassword: ctx.demo.isDemo(row) || (await hasPassword(ctx, row)),
    demo: ctx.demo.isDemo(row),
  });
}

export function accountHandlers(ctx: AppContext): AccountHandlers {
  const view = accountView(ctx);
  const makeCurrent = (row: AccountRow) => {
    setSetting(ctx.db(), 'global', 'current-account', String(row.id));
    ctx.emit('data/changed', { what: 'accounts' });
  };
  return {
    async 'app/info'() {
      const accounts = await Promise.all(listAccounts(ctx.db()).map(view));
      const id = Number(getSetting(ctx.db(), 'global', 'current-account'));
      return { version: ctx.options.version, dataDir: ctx.options.dataDir, accounts, currentAccountId: accounts.some((a) => a.id === id) ? id : null } satisfies AppInfo;
    },
    async 'accounts/connect'({ server, login, password, label, check }) {
      const normalized = normalizeServer(server);
      // "Tester la connexion": a harmless read with the password given, before anything is kept.
      const report = check ? await createFestimeClient({ server: normalized, login, password, transport: ctx.options.transport, ...ctx.options.client }).terminalInfo() : null;
      await ctx.options.credentials.set(normalized, login, password);
      const row = ensureAccount(ctx.db(), normalized, login, label ?? '');
      // The report says where the terminals are: the account's days follow their zone.
      if (report) recordTerminalZone(ctx.db(), row.id, report);
      makeCurrent(row);
      return view(row);
    },
    async 'accounts/demo'() {
      const url = await ctx.demo.start();
      const row = ctx.demo.account() ?? ensureAccount(ctx.db(), url, ctx.demo.credentials().login, translate(ctx.lang(), 'account.demoLabel'));
      setSetting(ctx.db(), 'global', 'demo-account', String(row.id));
      makeCurrent(row);
      return view(ctx.demo.account()!);
    },
    async 'accounts/select'({ id }) {
      const row = listAccounts(ctx.db()).find((a) => a.id === id);
      if (!row) throw new NoAccountError();
      makeCurrent(row);
      return view(row);
    },
    async 'accounts/forget'() {
      const row = ctx.current();
      const removed = await ctx.options.credentials.delete(row.server, row.login);
      ctx.emit('data/changed', { what: 'accounts' });
      return { server: row.server, login: row.login, removed };
    },
  };
}
