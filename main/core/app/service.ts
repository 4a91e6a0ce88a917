// The desktop app's handlers, in plain Node: what the window can ask for, over the same core as
// the CLI. The password goes one way only: from "connect" into the keychain.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { AccountView, AppInfo, EventName, EventPayload, Handlers, HolderRow, OutboxView, PunchRow, Settings } from '../../../shared/api';
import type { AppError, ErrorCode } from '../../../shared/app-error';
import type { HolderInput } from '../../../shared/festime';
import { translate, type Lang } from '../../../shared/i18n';
import { DEFAULT_RULES } from '../../../shared/timesheet';
import { DEFAULT_SITE_ZONE, minuteOfDayIn } from '../../../shared/time';
import { BusyError, NoAccountError, ValidationError, type FestimeDeskError } from '../errors';
import { buildWorkbook, workbookFileName } from '../export/workbook';
import { createFestimeClient } from '../festime/client';
import { normalizeServer } from '../festime/server-address';
import { createSimulator, type Simulator } from '../festime/simulator/server';
import { DEMO_LOGIN, DEMO_PASSWORD } from '../festime/simulator/state';
import type { Transport } from '../festime/transport';
import { cancel, enqueue, getEntry, markPushed, pendingEntries, sendPending, toPushCount, type HolderOp, type OutboxEntry, type SendResult } from '../holders/outbox';
import { listHolders } from '../holders/register';
import type { CredentialStore } from '../secrets';
import { DATABASE_FILE, durably, openStore, type Store } from '../store';
import { accountScope, ensureAccount, getSetting, listAccounts, putSetting, setSetting, type AccountRow } from '../store/accounts';
import { backupNow, listBackups, restoreNewestBackup } from '../store/backups';
import { accessPoints, countPunches, queryPunches } from '../store/punches';
import { purge, retentionYears } from '../store/retention';
import { lastRuns, lastSuccessfulRun, syncAccount } from '../sync/engine';
import { DEFAULT_SYNC_INTERVAL_MS } from '../sync/scheduler';
import { siteToday } from '../sync/window';
import { detectedZone, putZoneSetting, recordTerminalZone, siteZone, zoneSetting } from '../store/site-zone';
import { addPunch, closeMonth, ignorePunch, isClosed, recordExport, reopenMonth, undoCorrection } from '../timesheet/corrections';
import { loadHolderDay, loadMonth, monthPreview, rulesOf } from '../timesheet/month';
import { dayPunches, presenceOfDay } from '../timesheet/presence';

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
  /**
   * Hands a workbook to the user, the door's way: a save dialog in the desktop app (savedTo: the
   * path chosen, null when cancelled), a download in the browser bridge (download: its URL).
   */
  deliver: (fileName: string, bytes: Buffer) => Promise<{ savedTo: string | null; download: string | null }>;
  /** Port the built-in demo server tries first (0: any). */
  demoPort?: number;
  /** One line for the operator's log, never with data or secrets. */
  log?: (line: string) => void;
}

export interface AppService {
  handlers: Handlers;
  /** The language chosen in the settings, else the one the door guessed. */
  lang(): Lang;
  /** Milliseconds between automatic syncs, as set. */
  syncIntervalMs(): number;
  /** Whether an account is ready to sync (chosen, password saved). */
  canSync(): Promise<boolean>;
  close(): Promise<void>;
}

export const DEMO_LABEL = 'Démonstration';

export function createAppService(options: AppServiceOptions): AppService {
  let store: Store | null = null;
  const db = () => (store ??= openStore(options.dataDir)).db;
  let sync: AbortController | null = null;
  let demo: Simulator | null = null;
  const now = () => options.now?.() ?? new Date();
  const lang = (): Lang => {
    const saved = safeSetting('language');
    return saved === 'en' || saved === 'fr' ? saved : options.lang();
  };
  function safeSetting(key: string): string | null {
    try {
      return getSetting(db(), 'global', key);
    } catch {
      return null;
    }
  }

  /** The built-in simulator, started on the port the demo account was saved with when it is free. */
  const startDemo = async (): Promise<string> => {
    if (demo) return demo.url;
    const sim = createSimulator({ dataFile: join(options.dataDir, 'demo-festime.json') });
    const saved = listAccounts(db()).find((a) => String(a.id) === getSetting(db(), 'global', 'demo-account'));
    const wanted = saved ? Number(new URL(saved.server).port) : (options.demoPort ?? 0);
    let url: string;
    try {
      url = await sim.listen(wanted);
    } catch {
      url = await sim.listen(0);
    }
    demo = sim;
    if (saved && saved.server !== url) {
      // The port was taken: the demo account follows the simulator (its cache stays with it).
      db().prepare('UPDATE accounts SET server = ? WHERE id = ?').run(url, saved.id);
    }
    return url;
  };
  // Site time zone: "today" and day cuts are the account's terminals' (store/site-zone.ts).
  const zoneOfCurrent = (): string => {
    const id = Number(safeSetting('current-account'));
    return listAccounts(db()).some((a) => a.id === id) ? siteZone(db(), id) : DEFAULT_SITE_ZONE;
  };

  /** After a good sync, once a day: a verified backup, and the retention policy applied. */
  const housekeeping = async (row: AccountRow) => {
    const today = siteToday(now(), siteZone(db(), row.id));
    if (!listBackups(options.dataDir).some((b) => b.day === today)) await backupNow(db(), options.dataDir, today);
    if (getSetting(db(), accountScope(row.id), 'last-purge') !== today) {
      purge(db(), row.id, today, options.actor);
      setSetting(db(), accountScope(row.id), 'last-purge', today);
    }
  };
  const isDemo = (row: AccountRow) => String(row.id) === safeSetting('demo-account');

  const view = async (row: AccountRow): Promise<AccountView> => ({
    id: row.id,
    server: row.server,
    login: row.login,
    label: row.label,
    // The demo's password is public and built in: it is not kept in the keychain.
    hasPassword: isDemo(row) || (await options.credentials.get(row.server, row.login).catch(() => null)) !== null,
    demo: isDemo(row),
  });
  const settings = (): Settings => {
    const minutes = Number(getSetting(db(), 'global', 'sync-interval-minutes'));
    const row = listAccounts(db()).find((a) => String(a.id) === getSetting(db(), 'global', 'current-account'));
    return {
      syncIntervalMinutes: Number.isInteger(minutes) && minutes >= 5 ? minutes : DEFAULT_SYNC_INTERVAL_MS / 60_000,
      retentionYears: row ? retentionYears(db(), row.id) : 5,
      language: lang(),
      rules: row ? rulesOf(db(), row.id) : DEFAULT_RULES,
      timeZone: row ? zoneSetting(db(), row.id) : 'auto',
      siteZone: row ? siteZone(db(), row.id) : DEFAULT_SITE_ZONE,
    };
  };
  const ignoredAmong = (accountId: number, ids: number[]): Set<number> => {
    if (ids.length === 0) return new Set();
    const rows = db()
      .prepare(`SELECT punch_id FROM corrections WHERE account_id = ? AND kind = 'ignore' AND undone_at IS NULL AND punch_id IN (${ids.map(() => '?').join(',')})`)
      .pluck()
      .all(accountId, ...ids) as number[];
    return new Set(rows);
  };
  const backupView = (b: { file: string; day: string }) => ({ file: b.file, day: b.day, bytes: statSync(b.file).size });
  const current = (): AccountRow => {
    const id = Number(getSetting(db(), 'global', 'current-account'));
    const row = listAccounts(db()).find((a) => a.id === id);
    if (!row) throw new NoAccountError();
    return row;
  };
  const clientFor = async (row: AccountRow) => {
    if (isDemo(row)) {
      const server = await startDemo();
      return createFestimeClient({ server, login: DEMO_LOGIN, password: DEMO_PASSWORD, transport: options.transport });
    }
    const password = await options.credentials.get(row.server, row.login);
    if (password === null) throw new NoAccountError();
    return createFestimeClient({ server: row.server, login: row.login, password, transport: options.transport });
  };

  const outboxView = (e: OutboxEntry, error: FestimeDeskError | null): OutboxView => ({
    id: e.id, op: e.op, uid: e.uid, nom: e.nom, prenom: e.prenom, state: e.state, festimeText: e.festimeText, error: error ? error.toAppError(lang()) : null,
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
      const report = await createFestimeClient({ server: normalized, login, password, transport: options.transport }).terminalInfo();
      await options.credentials.set(normalized, login, password);
      const row = ensureAccount(db(), normalized, login, label ?? '');
      recordTerminalZone(db(), row.id, report);
      setSetting(db(), 'global', 'current-account', String(row.id));
      options.emit('data/changed', { what: 'accounts' });
      return view(row);
    },
    async 'accounts/demo'() {
      const url = await startDemo();
      const known = getSetting(db(), 'global', 'demo-account');
      const row = listAccounts(db()).find((a) => String(a.id) === known) ?? ensureAccount(db(), url, DEMO_LOGIN, DEMO_LABEL);
      setSetting(db(), 'global', 'demo-account', String(row.id));
      setSetting(db(), 'global', 'current-account', String(row.id));
      options.emit('data/changed', { what: 'accounts' });
      return view(listAccounts(db()).find((a) => a.id === row.id)!);
    },
    async 'accounts/select'({ id }) {
      const row = listAccounts(db()).find((a) => a.id === id);
      if (!row) throw new NoAccountError();
      setSetting(db(), 'global', 'current-account', String(row.id));
      options.emit('data/changed', { what: 'accounts' });
      return view(row);
    },
    async 'punches/query'({ offset, limit, order, ...filter }) {
      const row = current();
      const rows = queryPunches(db(), row.id, filter, { offset, limit, order });
      const ignored = ignoredAmong(row.id, rows.map((r) => r.id));
      // Counted with the first page only: the following pages of the same filter share its total.
      return { rows: rows.map((r): PunchRow => ({ ...r, ignored: ignored.has(r.id) })), total: offset === 0 ? countPunches(db(), row.id, filter) : null };
    },
    async 'punches/access-points'() {
      return accessPoints(db(), current().id);
    },
    async 'presence/day'({ day }) {
      const row = current();
      const zone = siteZone(db(), row.id);
      const today = siteToday(now(), zone);
      const which = day ?? today;
      // Today's open shifts run until now; a past day's until midnight.
      const minute = which === today ? minuteOfDayIn(zone, now()) : 24 * 60;
      return presenceOfDay(which, dayPunches(db(), row.id, which), minute);
    },
    async 'holders/list'() {
      return listHolders(db(), current().id).map((h): HolderRow => ({ uid: h.uid, nom: h.nom, prenom: h.prenom, source: h.source, lastSeenAt: h.lastSeenAt, pending: h.pending, pendingId: h.pendingId, pendingOp: h.pendingOp }));
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
      const row = current();
      const report = await (await clientFor(row)).terminalInfo();
      recordTerminalZone(db(), row.id, report);
      return report;
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
      if (!names.includes(confirm.trim())) throw new ValidationError([{ field: 'confirm', rule: 'mismatch', params: {} }]);
      return client.emptyTerminals();
    },
    async 'timesheet/month'({ month }) {
      const row = current();
      const { sheet } = loadMonth(db(), row.id, month);
      return { month, closed: isClosed(db(), row.id, month), holders: monthPreview(sheet) };
    },
    async 'timesheet/day'({ uid, day }) {
      const row = current();
      // This holder only: a day opened must not compute the whole site's month.
      const { punches, corrections, figures } = loadHolderDay(db(), row.id, uid, day);
      const ignored = ignoredAmong(row.id, punches.map((p) => p.id));
      return { uid, day, punches: punches.map((p): PunchRow => ({ ...p, ignored: ignored.has(p.id) })), corrections, figures, closed: isClosed(db(), row.id, day.slice(0, 7)) };
    },
    async 'timesheet/export'({ month }) {
      const row = current();
      const loaded = loadMonth(db(), row.id, month);
      const site = (isDemo(row) ? '' : row.label) || loaded.punches[0]?.client || row.login;
      const bytes = buildWorkbook({ ...loaded, site, account: `${row.login} — ${row.server}`, generatedAt: now().toISOString() });
      const fileName = workbookFileName(site, month);
      const handed = await options.deliver(fileName, bytes);
      if (handed.savedTo !== null || handed.download !== null) recordExport(db(), row.id, month, handed.savedTo ?? fileName, options.actor, now());
      return { fileName, ...handed };
    },
    async 'corrections/add'({ uid, type, at, comment, reason }) {
      const id = addPunch(db(), current().id, { uid, type, at, comment, reason }, options.actor, now());
      options.emit('data/changed', { what: 'timesheet' });
      return { id };
    },
    async 'corrections/ignore'({ punchId, comment }) {
      const id = ignorePunch(db(), current().id, punchId, comment, options.actor, now());
      options.emit('data/changed', { what: 'timesheet' });
      return { id };
    },
    async 'corrections/undo'({ id }) {
      undoCorrection(db(), current().id, id, options.actor, now());
      options.emit('data/changed', { what: 'timesheet' });
      return { id };
    },
    async 'month/close'({ month }) {
      closeMonth(db(), current().id, month, options.actor, now());
      options.emit('data/changed', { what: 'timesheet' });
      return { closed: true };
    },
    async 'month/reopen'({ month, reason }) {
      reopenMonth(db(), current().id, month, reason, options.actor, now());
      options.emit('data/changed', { what: 'timesheet' });
      return { closed: false };
    },
    async 'settings/get'() {
      return settings();
    },
    async 'settings/set'({ syncIntervalMinutes, retentionYears: years, language, rules, timeZone }) {
      const row = listAccounts(db()).find((a) => String(a.id) === getSetting(db(), 'global', 'current-account'));
      if ((years !== undefined || rules !== undefined || timeZone !== undefined) && !row) throw new NoAccountError();
      // All or nothing: one transaction for every setting of the form.
      durably(db(), () => {
        if (syncIntervalMinutes !== undefined) putSetting(db(), 'global', 'sync-interval-minutes', String(syncIntervalMinutes));
        if (language !== undefined) putSetting(db(), 'global', 'language', language);
        if (years !== undefined) putSetting(db(), accountScope(row!.id), 'retention-years', String(years));
        if (rules !== undefined) putSetting(db(), accountScope(row!.id), 'timesheet-rules', JSON.stringify({ ...rulesOf(db(), row!.id), ...rules }));
        if (timeZone !== undefined) putZoneSetting(db(), row!.id, timeZone);
      });
      options.emit('data/changed', { what: 'settings' });
      return settings();
    },
    async 'backup/list'() {
      return listBackups(options.dataDir).map(backupView);
    },
    async 'backup/now'() {
      return backupView(await backupNow(db(), options.dataDir, siteToday(now(), zoneOfCurrent())));
    },
    async 'backup/restore'() {
      if (sync) throw new BusyError();
      // The open database is closed, set aside (renamed, kept) and replaced by the newest good backup.
      store?.close();
      store = null;
      const used = restoreNewestBackup(options.dataDir, join(options.dataDir, DATABASE_FILE), now().toISOString().replace(/[:.]/g, '-'));
      for (const what of ['accounts', 'punches', 'holders', 'timesheet'] as const) options.emit('data/changed', { what });
      return backupView(used);
    },
    async 'sync/run'({ full }) {
      if (sync) throw new BusyError();
      const row = current();
      sync = new AbortController();
      try {
        const client = await clientFor(row);
        // Queued badge-holder changes go first, in order; their failures stay in the outbox and do not stop the sync.
        if (pendingEntries(db(), row.id).length > 0) {
          await sendPending(db(), row.id, client, { signal: sync.signal });
          options.emit('data/changed', { what: 'holders' });
        }
        // The site's zone, read once from its terminals: "today" and the window are cut at its midnight.
        if (detectedZone(db(), row.id) === null) {
          await client.terminalInfo({ signal: sync.signal }).then((report) => recordTerminalZone(db(), row.id, report), () => undefined);
        }
        const summary = await syncAccount(db(), row.id, client, { full, signal: sync.signal, now: options.now, zone: siteZone(db(), row.id), onProgress: (p) => options.emit('sync/progress', p) });
        // Open lists reload only when the cache really changed (most automatic syncs bring nothing).
        if (summary.added + summary.removed + summary.restored > 0) options.emit('data/changed', { what: 'punches' });
        // The day's backup and purge are upkeep: their failure is logged, never the sync's.
        await housekeeping(row).catch((error: unknown) => options.log?.(`daily upkeep failed: ${error instanceof Error ? error.name : 'error'}`));
        return { added: summary.added, removed: summary.removed, received: summary.received, days: summary.days };
      } finally {
        sync = null;
        options.emit('data/changed', { what: 'sync' });
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
        ? { code: (last.errorCode ?? 'internal') as ErrorCode, key: last.errorKey, params: last.errorParams ?? {}, message: translate(lang(), last.errorKey, last.errorParams ?? {}) }
        : null;
      return {
        running: sync !== null,
        lastRun: last && { outcome: last.outcome, finishedAt: last.finishedAt, added: last.added, error },
        lastSuccessAt: lastSuccessfulRun(db(), row.id)?.finishedAt ?? null,
      };
    },
  };
  return {
    handlers,
    lang,
    syncIntervalMs: () => settings().syncIntervalMinutes * 60_000,
    async canSync() {
      try {
        const row = current();
        return isDemo(row) || (await options.credentials.get(row.server, row.login)) !== null;
      } catch {
        return false;
      }
    },
    async close() {
      sync?.abort();
      await demo?.close();
      store?.close();
    },
  };
}
