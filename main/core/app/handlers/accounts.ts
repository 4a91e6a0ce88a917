// Accounts: which Festime account the app works on, and its password (keychain only, one way in).
import type { AccountView, AppInfo, Handlers } from '../../../../shared/api';
import { translate } from '../../../../shared/i18n';
import { NoAccountError, toAppError } from '../../errors';
import { createFestimeClient } from '../../festime/client';
import { logDirOf } from '../../log';
import { normalizeServer } from '../../festime/server-address';
import { recordTerminalZone } from '../../store/site-zone';
import { hasDemoEmployment, seedDemoEmployment } from '../../employees/demo';
import { todayIn } from '../../../../shared/time';
import { ensureAccount, getSetting, listAccounts, setSetting, type AccountRow } from '../../store/accounts';
import type { AppContext } from '../context';

type AccountHandlers = Pick<Handlers, 'app/info' | 'accounts/connect' | 'accounts/demo' | 'accounts/select' | 'accounts/forget'>;

/**
 * Whether a password is saved, or why the keychain could not say: the window must open even when
 * the keychain fails, and tell that apart from "no password" (ctx.credentials logs the failure).
 */
async function passwordState(ctx: AppContext, row: AccountRow): Promise<Pick<AccountView, 'hasPassword' | 'keychainError'>> {
  // The demo's password is public and built in: it is not kept in the keychain.
  if (ctx.demo.isDemo(row)) return { hasPassword: true, keychainError: null };
  try {
    return { hasPassword: (await ctx.credentials.get(row.server, row.login)) !== null, keychainError: null };
  } catch (error) {
    return { hasPassword: false, keychainError: toAppError(error, ctx.messageLang()) };
  }
}

export function accountView(ctx: AppContext) {
  return async (row: AccountRow): Promise<AccountView> => ({
    id: row.id,
    server: row.server,
    login: row.login,
    // The demo's name in the language of the moment, whatever language it was created in.
    label: ctx.demo.isDemo(row) ? translate(ctx.lang(), 'account.demoLabel') : row.label,
    ...(await passwordState(ctx, row)),
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
      return {
        version: ctx.options.version,
        dataDir: ctx.options.dataDir,
        logDir: logDirOf(ctx.options.dataDir),
        accounts,
        currentAccountId: accounts.some((a) => a.id === id) ? id : null,
      } satisfies AppInfo;
    },
    async 'accounts/connect'({ server, login, password, label, check }) {
      const normalized = normalizeServer(server);
      // "Tester la connexion": a harmless read with the password given, before anything is kept.
      const report = check
        ? await createFestimeClient({ server: normalized, login, password, transport: ctx.options.transport, ...ctx.options.client }).terminalInfo()
        : null;
      await ctx.credentials.set(normalized, login, password);
      const row = ensureAccount(ctx.db(), normalized, login, label ?? '');
      // The report says where the terminals are: the account's days follow their zone.
      if (report) recordTerminalZone(ctx.db(), row.id, report);
      makeCurrent(row);
      return view(row);
    },
    async 'accounts/demo'() {
      const url = await ctx.demo.start();
      const row = ctx.demo.account() ?? ensureAccount(ctx.db(), url, ctx.demo.credentials().login, translate(ctx.lang(), 'account.demoLabel'));
      // The demo's employee records, once: contracts for everyone, a few absences last month.
      if (!hasDemoEmployment(ctx.db(), row.id)) {
        const say = (key: string) => translate(ctx.lang(), `account.${key}`);
        seedDemoEmployment(
          ctx.db(),
          row.id,
          todayIn(ctx.zone(row), ctx.now()),
          ctx.options.actor,
          { cp: say('demoCp'), mal: say('demoMal'), for: say('demoFor') },
          ctx.now(),
        );
      }
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
      const removed = await ctx.credentials.delete(row.server, row.login);
      ctx.emit('data/changed', { what: 'accounts' });
      return { server: row.server, login: row.login, removed };
    },
  };
}
