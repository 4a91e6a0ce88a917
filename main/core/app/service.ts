// The desktop app's handlers, in plain Node: what the window can ask for, over the same core as
// the CLI. The password goes one way only: from "connect" into the keychain.
import type { AccountView, AppInfo, EventName, EventPayload, Handlers, HolderRow, OutboxView } from '../../../shared/api';
import type { HolderInput } from '../../../shared/festime';
import { cancel, enqueue, getEntry, markPushed, pendingEntries, sendPending, toPushCount, type HolderOp, type OutboxEntry, type SendResult } from '../holders/outbox';
import { isClosed } from '../timesheet/corrections';
import { loadMonth, monthPreview } from '../timesheet/month';
import type { AppError, ErrorCode } from '../../../shared/app-error';
import { translate, type Lang } from '../../../shared/i18n';
import type { FestimeDeskError} from '../errors';
import { BusyError, NoAccountError, ValidationError } from '../errors';
import { createFestimeClient } from '../festime/client';
import { normalizeServer } from '../festime/server-address';
import type { Transport } from '../festime/transport';
import { listHolders } from '../holders/register';
import type { CredentialStore } from '../secrets';
import { openStore, type Store } from '../store';
import { ensureAccount, getSetting, listAccounts, setSetting, type AccountRow } from '../store/accounts';
import { countPunches, queryPunches } from '../store/punches';
import { lastRuns, lastSuccessfulRun, syncAccount } from '../sync/engine';

export interface AppServiceOptions {
  dataDir: string;
  version: string;
  credentials: CredentialStore;
  transport: Transport;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  lang: () => Lang;
  /** Who acts (the OS user name), for the outbox and the audit log. */
  actor: string;
  now?: () => Date;
}

export interface AppService {
  handlers: Handlers;
  close(): void;
}

export function createAppService(options: AppServiceOptions): AppService {
  let store: Store | null = null;
  const db = () => (store ??= openStore(options.dataDir)).db;
  let sync: AbortController | null = null;

  const view = async (row: AccountRow): Promise<AccountView> => ({
    id: row.id,
    server: row.server,
    login: row.login,
    label: row.label,
    hasPassword: (await options.credentials.get(row.server, row.login).catch(() => null)) !== null,
  });
  const current = (): AccountRow => {
    const id = Number(getSetting(db(), 'global', 'current-account'));
    const row = listAccounts(db()).find((a) => a.id === id);
    if (!row) throw new NoAccountError();
    return row;
  };
  const clientFor = async (row: AccountRow) => {
    const password = await options.credentials.get(row.server, row.login);
    if (password === null) throw new NoAccountError();
    return createFestimeClient({ server: row.server, login: row.login, password, transport: options.transport });
  };

  const outboxView = (e: OutboxEntry, error: FestimeDeskError | null): OutboxView => ({
    id: e.id, op: e.op, uid: e.uid, nom: e.nom, prenom: e.prenom, state: e.state, festimeText: e.festimeText, error: error ? error.toAppError(options.lang()) : null,
  });
  /** Recorded first, then sent with whatever else waits, in order; the answer to this one comes back. */
  const change = async (op: HolderOp, holder: HolderInput): Promise<OutboxView> => {
    const row = current();
    const entry = enqueue(db(), row.id, op, holder, options.actor);
    let results: SendResult[] = [];
    try {
      results = await sendPending(db(), row.id, await clientFor(row));
    } finally {
      options.emit('data/changed', { what: 'holders' });
    }
    const mine = results.find((r) => r.entry.id === entry.id);
    return mine ? outboxView(mine.entry, mine.error) : outboxView(getEntry(db(), row.id, entry.id)!, null);
  };

  const handlers: Handlers = {
    async 'app/info'() {
      const accounts = await Promise.all(listAccounts(db()).map(view));
      const id = Number(getSetting(db(), 'global', 'current-account'));
      return { version: options.version, dataDir: options.dataDir, accounts, currentAccountId: accounts.some((a) => a.id === id) ? id : null } satisfies AppInfo;
    },
    async 'accounts/connect'({ server, login, password, label }) {
      const normalized = normalizeServer(server);
      // "Tester la connexion": a harmless read with the password given, before anything is kept.
      await createFestimeClient({ server: normalized, login, password, transport: options.transport }).terminalInfo();
      await options.credentials.set(normalized, login, password);
      const row = ensureAccount(db(), normalized, login, label ?? '');
      setSetting(db(), 'global', 'current-account', String(row.id));
      options.emit('data/changed', { what: 'accounts' });
      return view(row);
    },
    async 'accounts/select'({ id }) {
      const row = listAccounts(db()).find((a) => a.id === id);
      if (!row) throw new NoAccountError();
      setSetting(db(), 'global', 'current-account', String(row.id));
      return view(row);
    },
    async 'punches/query'({ offset, limit, order, ...filter }) {
      const row = current();
      return { rows: queryPunches(db(), row.id, filter, { offset, limit, order }), total: countPunches(db(), row.id, filter) };
    },
    async 'holders/list'() {
      return listHolders(db(), current().id).map((h): HolderRow => ({ uid: h.uid, nom: h.nom, prenom: h.prenom, source: h.source, lastSeenAt: h.lastSeenAt, pending: h.pending, pendingId: h.pendingId }));
    },
    'holders/create': (holder) => change('add', holder),
    'holders/edit': (holder) => change('edit', holder),
    'holders/delete': (holder) => change('delete', holder),
    async 'holders/cancel'({ id }) {
      const entry = cancel(db(), current().id, id, options.actor);
      options.emit('data/changed', { what: 'holders' });
      return outboxView(entry, null);
    },
    async 'holders/pending'() {
      const row = current();
      return { queued: pendingEntries(db(), row.id).map((e) => outboxView(e, null)), toPush: toPushCount(db(), row.id) };
    },
    async 'terminals/info'() {
      return (await clientFor(current())).terminalInfo();
    },
    async 'terminals/push-users'() {
      const row = current();
      const report = await (await clientFor(row)).pushUsers();
      if (report.accessPoints.length > 0 && report.accessPoints.every((ap) => ap.status === 'OK')) markPushed(db(), row.id);
      options.emit('data/changed', { what: 'holders' });
      return report;
    },
    async 'terminals/push-reasons'() {
      return (await clientFor(current())).pushReasons();
    },
    async 'terminals/empty'({ confirm }) {
      const row = current();
      const client = await clientFor(row);
      // The name typed must be one of the account's access points, as the last terminal report shows them.
      const names = (await client.terminalInfo()).accessPoints.map((ap) => ap.accessPoint);
      if (!names.includes(confirm.trim())) throw new ValidationError([{ field: 'confirm', rule: 'required', params: {} }]);
      return client.emptyTerminals();
    },
    async 'timesheet/month'({ month }) {
      const row = current();
      const { sheet } = loadMonth(db(), row.id, month);
      return { month, closed: isClosed(db(), row.id, month), holders: monthPreview(sheet) };
    },
    async 'sync/run'({ full }) {
      if (sync) throw new BusyError();
      const row = current();
      sync = new AbortController();
      try {
        const client = await clientFor(row);
        const summary = await syncAccount(db(), row.id, client, { full, signal: sync.signal, now: options.now, onProgress: (p) => options.emit('sync/progress', p) });
        options.emit('data/changed', { what: 'punches' });
        return { added: summary.added, removed: summary.removed, received: summary.received, days: summary.days };
      } finally {
        sync = null;
      }
    },
    async 'sync/cancel'() {
      const running = sync !== null;
      sync?.abort();
      return { cancelled: running };
    },
    async 'sync/status'() {
      const row = current();
      const last = lastRuns(db(), row.id, 1)[0] ?? null;
      // The last error as the user will read it, in the app's language (what to do included).
      const error: AppError | null = last?.errorKey
        ? { code: (last.errorCode ?? 'internal') as ErrorCode, key: last.errorKey, params: last.errorParams ?? {}, message: translate(options.lang(), last.errorKey, last.errorParams ?? {}) }
        : null;
      return {
        running: sync !== null,
        lastRun: last && { outcome: last.outcome, finishedAt: last.finishedAt, added: last.added, error },
        lastSuccessAt: lastSuccessfulRun(db(), row.id)?.finishedAt ?? null,
      };
    },
  };
  return { handlers, close: () => store?.close() };
}
