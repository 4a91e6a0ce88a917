// Errors a user can act on. Each is its own type with a code the UI translates, French and English
// messages from the catalogue, and nothing secret: no URL, no password, no foreign exception text.
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { AppError, BadAnswerKind, ErrorCode } from '../../shared/app-error';
import { translate, type Lang } from '../../shared/i18n';
import type { FieldIssue } from '../../shared/validation';
import { maskSecrets } from './mask';

type Params = Record<string, string | number>;

export class FestimeDeskError extends Error {
  readonly code: ErrorCode;
  readonly key: string;
  params: Params;
  /** A create, modify, delete or transfer that may have been applied although no answer says so. */
  outcomeUnknown = false;

  constructor(code: ErrorCode, key: string, params: Params = {}) {
    super(translate('en', key, params));
    this.name = new.target.name;
    this.code = code;
    this.key = key;
    this.params = params;
  }

  /** Masks a secret wherever foreign text reached this error (parameters, message, stack). */
  redact(mask: (text: string) => string): this {
    this.params = Object.fromEntries(Object.entries(this.params).map(([k, v]) => [k, typeof v === 'string' ? mask(v) : v]));
    this.message = mask(this.message);
    if (this.stack) this.stack = mask(this.stack);
    return this;
  }

  localized(lang: Lang): string {
    return translate(lang, this.key, this.params);
  }

  toAppError(lang: Lang): AppError {
    return { code: this.code, key: this.key, params: this.params, message: this.localized(lang) };
  }
}

/** Festime answered KO. `text` and `remark` are Festime's own words. */
export class FestimeRefusedError extends FestimeDeskError {
  constructor(
    public festimeText: string,
    public festimeRemark: string,
  ) {
    super('festime.refused', 'errors.festime.refused', { text: [festimeText, festimeRemark].filter(Boolean).join(' — ') });
  }

  override redact(mask: (text: string) => string): this {
    this.festimeText = mask(this.festimeText);
    this.festimeRemark = mask(this.festimeRemark);
    return super.redact(mask);
  }
}

/** The answer is not what the specification describes. */
export class FestimeBadAnswerError extends FestimeDeskError {
  constructor(
    readonly kind: BadAnswerKind,
    params: Params = {},
    readonly httpStatus?: number,
    write = false,
  ) {
    super('festime.bad-answer', write && kind === 'truncated' ? 'errors.festime.badAnswer.truncatedWrite' : `errors.festime.badAnswer.${kind}`, params);
    this.outcomeUnknown = write && kind === 'truncated';
  }
}

export type NetworkFailure = 'unreachable' | 'dropped' | 'tls';

/** Nothing listens at that address and port: the address is wrong, or the service is down there. Waiting a moment changes nothing. */
const REFUSED = /^(ECONNREFUSED|ERR_CONNECTION_REFUSED)$/;
/** The server's name does not resolve: misspelt, or no DNS from this PC. */
const NAME_UNKNOWN = /^(ENOTFOUND|EAI_AGAIN|ERR_NAME_NOT_RESOLVED)$/;

/**
 * The text of a network failure. Its code stays `network.<failure>` (nothing sent: safe to resend),
 * while the text tells apart what the user does next: a refused connection (check the address: a
 * retry in a moment will not help), an unknown name, no route at all, a connection cut (try again).
 */
function networkKey(failure: NetworkFailure, systemCode: string | undefined, write: boolean): string {
  // A connection lost after a write was sent: Festime may have applied it.
  if (failure === 'dropped') return write ? 'errors.network.droppedWrite' : 'errors.network.dropped';
  if (failure === 'unreachable' && systemCode && REFUSED.test(systemCode)) return 'errors.network.refused';
  if (failure === 'unreachable' && systemCode && NAME_UNKNOWN.test(systemCode)) return 'errors.network.nameUnknown';
  return `errors.network.${failure}`;
}

export class FestimeNetworkError extends FestimeDeskError {
  constructor(
    readonly failure: NetworkFailure,
    host: string,
    readonly systemCode?: string,
    write = false,
  ) {
    super(`network.${failure}`, networkKey(failure, systemCode, write), { host });
    this.outcomeUnknown = write && failure === 'dropped';
  }
}

export class FestimeTimeoutError extends FestimeDeskError {
  constructor(host: string, seconds: number, write: boolean) {
    super('network.timeout', write ? 'errors.network.timeoutWrite' : 'errors.network.timeout', { host, seconds });
    this.outcomeUnknown = write;
  }
}

export class CancelledError extends FestimeDeskError {
  constructor(afterWriteSent = false) {
    super('cancelled', afterWriteSent ? 'errors.cancelledWrite' : 'errors.cancelled');
    this.outcomeUnknown = afterWriteSent;
  }
}

/** Input refused before anything was sent; names the field. */
export class ValidationError extends FestimeDeskError {
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[]) {
    const first = issues[0] ?? { field: 'value', rule: 'required' as const, params: {} };
    super('validation.field', `errors.validation.${first.rule}`, { ...first.params, field: first.field });
    this.issues = issues;
    this.message = this.localized('en');
  }

  override localized(lang: Lang): string {
    return this.issues
      .map((i) => {
        const label = translate(lang, `field.${i.field}`);
        return translate(lang, `errors.validation.${i.rule}`, { ...i.params, field: label === `field.${i.field}` ? i.field : label });
      })
      .join(' ');
  }
}

export class ServerAddressError extends FestimeDeskError {
  constructor(server: string) {
    super('config.server', 'errors.config.server', { server });
  }
}

export class SecretsUnavailableError extends FestimeDeskError {
  constructor(detail: string) {
    super('secrets.unavailable', 'errors.secrets.unavailable', { detail });
  }
}

export class PasswordMissingError extends FestimeDeskError {
  constructor(server: string, login: string) {
    super('secrets.missing', 'errors.secrets.missing', { server, login });
  }
}

/**
 * Any error as plain data for a boundary. `dataDir` names the data folder in the messages of the
 * machine's faults (see machineFault), and the log's folder in that of an unexpected error, which
 * also says what failed (`operation`: the contract's method, the CLI's command) and its cause's
 * first line, masked (causeLine).
 */
export function toAppError(error: unknown, lang: Lang, dataDir?: string, operation = 'Festime Desk'): AppError {
  if (error instanceof FestimeDeskError) return error.toAppError(lang);
  const fault = machineFault(error, dataDir ?? DATA_FOLDER_UNNAMED);
  if (fault) return fault.toAppError(lang);
  const params = { operation, detail: causeLine(error), logDir: dataDir ? join(dataDir, 'logs') : 'logs' };
  return { code: 'internal', key: 'errors.unexpected', params, message: translate(lang, 'errors.unexpected', params) };
}

/**
 * An unexpected error in one line for its message: its type and the first line of its own words
 * ("SqliteError: too many SQL variables"), a URL's query and anything after `password=` masked,
 * folders shortened to their last name (nativeDetail), cut at 200 characters.
 */
export function causeLine(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const first = (error.message.split('\n').find((l) => l.trim() !== '') ?? '').trim();
  const text = first === '' ? error.name : first.startsWith(error.name) ? first : `${error.name}: ${first}`;
  return maskSecrets(nativeDetail(text)).slice(0, 200);
}

/** What a message names when the data folder is not known where the error is turned into words. */
const DATA_FOLDER_UNNAMED = 'festime-desk.sqlite';

/** Error codes of SQLite and of the system that mean "cannot write here". */
const READ_ONLY_ERRNO = new Set(['EROFS', 'EACCES', 'EPERM']);
const FULL_ERRNO = new Set(['ENOSPC', 'EDQUOT']);

/**
 * A raw SQLite or system error that says what is wrong with the machine, not with the program: the
 * database held by another process, a folder that cannot be written, a full disk, a data folder
 * that is a file. Turned into the error the user can act on, naming `dataDir` (or, for a file in
 * the way, that file); null for anything else. Every door gets it (the dispatcher calls this
 * through toAppError), whichever path met the fault — opening, a sync, a backup, a correction.
 */
export function machineFault(error: unknown, dataDir: string): FestimeDeskError | null {
  if (error instanceof FestimeDeskError) return null;
  const raw = error as { code?: unknown; path?: unknown; syscall?: unknown } | null;
  const code = typeof raw?.code === 'string' ? raw.code : '';
  if (!code) return null;
  // SQLite met a damaged page while reading (a big file is not fully checked at open): what to do is restore.
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return new DatabaseDamagedError(DATA_FOLDER_UNNAMED, code);
  // SQLite waited busy_timeout (5 s) for another connection's write transaction, in vain.
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return new DatabaseBusyError();
  if (code.startsWith('SQLITE_READONLY') || READ_ONLY_ERRNO.has(code)) return new DataDirReadOnlyError(dataDir);
  if (code === 'SQLITE_FULL' || FULL_ERRNO.has(code)) return new DiskFullError(dataDir);
  // mkdir of a path that is a file (EEXIST), or of a path under a file (ENOTDIR): name the file.
  if (code === 'ENOTDIR' || (code === 'EEXIST' && raw?.syscall === 'mkdir')) {
    return new DataDirNotFolderError(fileInTheWay(typeof raw?.path === 'string' ? raw.path : dataDir));
  }
  return null;
}

/** The nearest path from `path` up that exists and is not a folder (what stops a folder being made there). */
export function fileInTheWay(path: string): string {
  for (let p = resolve(path); ; p = dirname(p)) {
    try {
      if (!statSync(p).isDirectory()) return p;
    } catch {
      // absent, or under a file: look further up
    }
    if (dirname(p) === p) return path;
  }
}

/** Another program holds the database (SQLite waited 5 s for it to finish writing, in vain). */
export class DatabaseBusyError extends FestimeDeskError {
  constructor() {
    super('store.busy', 'errors.store.busy');
  }
}

/** The data folder (or the database in it) cannot be written: a read-only disk or share, or its permissions. */
export class DataDirReadOnlyError extends FestimeDeskError {
  constructor(dir: string) {
    super('store.read-only', 'errors.store.readOnly', { dir });
  }
}

/** The disk holding the data folder is full: the transaction was rolled back, nothing was half-written. */
export class DiskFullError extends FestimeDeskError {
  constructor(dir: string) {
    super('store.disk-full', 'errors.store.diskFull', { dir });
  }
}

/** The data folder (--data-dir, FESTIME_DATA_DIR) is a file, or lies under one. */
export class DataDirNotFolderError extends FestimeDeskError {
  constructor(path: string) {
    super('store.not-a-folder', 'errors.store.notAFolder', { path });
  }
}

/** The database was written by a newer Festime Desk: opening it here could damage it. */
export class DatabaseFromFutureError extends FestimeDeskError {
  constructor(file: string, found: number, known: number) {
    super('store.future', 'errors.store.future', { file, found, known });
  }
}

/** The database file fails its integrity check (or is not a database at all). */
export class DatabaseDamagedError extends FestimeDeskError {
  constructor(file: string, detail: string) {
    super('store.damaged', 'errors.store.damaged', { file, detail });
  }
}

/**
 * A native module (the SQLite engine, the keychain's) does not load: built for another version of
 * Node or Electron, missing, or blocked. Nothing of the data is at fault: reinstalling puts it right.
 */
export class NativeModuleError extends FestimeDeskError {
  constructor(module: string, detail: string) {
    super('app.native-module', 'errors.app.nativeModule', { module, detail });
  }
}

/** The engine that holds the data (the runtime's worker) could not start at all. */
export class StartError extends FestimeDeskError {
  constructor(detail: string) {
    super('app.start', 'errors.app.start', { detail });
  }
}

/** Whether an error is a native module failing to load (dlopen refused it, or it is not there). */
export function isNativeLoadFailure(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (e?.code === 'ERR_DLOPEN_FAILED') return true;
  return (
    typeof e?.message === 'string' &&
    /NODE_MODULE_VERSION|Could not locate the bindings file|invalid ELF header|\.node: (cannot open|wrong ELF)|not a valid Win32 application/.test(e.message)
  );
}

/** A native failure in a few words, without the folders it names (a user's home is no one's business in a log); a URL is left whole. */
export function nativeDetail(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (
    message
      // Node writes a module's load failure over several lines: one line, the reason kept.
      .replace(/\s*\n\s*/g, ' ')
      // A native module's path whole, spaces and all ("/opt/Festime Desk/…/keytar.node: invalid ELF header"),
      // a quoted path whole (a Windows user's name may hold spaces), then bare ones.
      .replace(/(?<![\w:/.…])(?:\/|[A-Za-z]:\\)[^'"\n]*?[/\\]([^/\\'"\n]+\.node)\b/g, '…/$1')
      .replace(/(['"])[^'"]*[/\\]([^'"/\\]+)\1/g, '$1…/$2$1')
      .replace(/(?<![\w:/.…])(\/|[A-Za-z]:\\)[^\s'"]*[/\\]([^\s'"/\\]+)/g, '…/$2')
      .slice(0, 300)
  );
}

/** A purge that would remove punches younger than the law's minimum. */
export class RetentionError extends FestimeDeskError {
  constructor(before: string, earliest: string) {
    super('store.retention', 'errors.store.retention', { before, earliest });
  }
}

export class NotFoundError extends FestimeDeskError {
  constructor(what: string, id: string | number) {
    super('store.not-found', 'errors.store.notFound', { what, id: String(id) });
  }

  /** The thing is named in the reader's language when the catalogue knows it ("punch" → « Pointage »). */
  override localized(lang: Lang): string {
    return translate(lang, this.key, { ...this.params, what: thingName(lang, String(this.params.what)) });
  }
}

function thingName(lang: Lang, what: string): string {
  const key = `errors.store.things.${what}`;
  const name = translate(lang, key);
  return name === key ? what : name;
}

/** The file named for a restore is not there (a wrong path): nothing was replaced. */
export class BackupMissingError extends FestimeDeskError {
  constructor(file: string) {
    super('store.backup-missing', 'errors.store.backupMissing', { file });
  }
}

/** The file named for a restore is not a Festime Desk backup: not SQLite at all (`text`), or another program's database (`foreign`). */
export class NotABackupError extends FestimeDeskError {
  constructor(file: string, what: 'text' | 'foreign') {
    super('store.not-a-backup', what === 'text' ? 'errors.store.notABackup' : 'errors.store.notABackupForeign', { file });
  }
}

/** The demo server's port is taken by another program. */
export class PortInUseError extends FestimeDeskError {
  constructor(port: number) {
    super('app.port-in-use', 'errors.app.portInUse', { port, other: port === 65535 ? port - 1 : port + 1 });
  }
}

/** A file offered for restore holds objects this project did not create (a trigger, a view…), or changed ones. */
export class ForeignSchemaError extends FestimeDeskError {
  constructor(file: string, objects: string) {
    super('store.foreign-schema', 'errors.store.foreignSchema', { file, objects });
  }
}

/** Keeping a punch Festime still has: it counts already. */
export class NotRemovedError extends FestimeDeskError {
  constructor(id: number) {
    super('store.not-removed', 'errors.store.notRemoved', { id });
  }
}

/** A punch whose time is said to be one of two, or taken as read, although that time was neither repeated nor skipped by a change of clocks. */
export class NotAmbiguousError extends FestimeDeskError {
  constructor(id: number, at: string) {
    super('store.not-ambiguous', 'errors.store.notAmbiguous', { id, at });
  }
}

/** A correction inside a month already closed. */
export class MonthClosedError extends FestimeDeskError {
  constructor(month: string) {
    super('store.closed-month', 'errors.store.closedMonth', { month });
  }
}

/** Closing a month whose workbook was never written. */
export class MonthNotExportedError extends FestimeDeskError {
  constructor(month: string) {
    super('store.not-exported', 'errors.store.notExported', { month });
  }
}

/** Closing a month not over yet (the current one, or a future one): it can be closed from the first day of the next. */
export class MonthNotOverError extends FestimeDeskError {
  constructor(month: string, from: string) {
    super('store.month-not-over', 'errors.store.monthNotOver', { month, from });
  }
}

/** The payroll-variables file names everyone by matricule: employees without one, listed (names, and uids for the window's links). */
export class MissingMatriculeError extends FestimeDeskError {
  constructor(people: readonly { uid: string; name: string }[]) {
    super('export.missing-matricule', 'errors.export.missingMatricule', {
      count: people.length,
      names: people.map((p) => p.name).join(', '),
      uids: people.map((p) => p.uid).join(','),
    });
  }
}

/**
 * The payroll-variables file in windows-1252: a matricule holding a character that encoding cannot
 * write (a name is written with its nearest letters instead; a matricule is the key payroll software
 * matches, so it is never changed).
 */
export class EvpEncodingError extends FestimeDeskError {
  constructor(matricule: string, name: string, chars: string) {
    super('export.encoding', 'errors.export.unencodable', { matricule, name, chars });
  }
}

export class NoAccountError extends FestimeDeskError {
  constructor() {
    super('app.no-account', 'errors.app.noAccount');
  }
}

export class BusyError extends FestimeDeskError {
  constructor() {
    super('app.busy', 'errors.app.busy');
  }
}

/** Another process (the window, a CLI command) writes the database: one writer at a time. */
export class AlreadyOpenError extends FestimeDeskError {
  constructor(pid: number) {
    super('app.already-open', 'errors.app.alreadyOpen', { pid });
  }
}

/** A file could not be written where the user chose (open in Excel, read-only folder, full disk…). */
export class FileWriteError extends FestimeDeskError {
  constructor(file: string, reason: string) {
    // A full disk is said as such: closing Excel or choosing another folder would not help.
    super('app.file', FULL_ERRNO.has(reason) ? 'errors.app.fileWriteFull' : 'errors.app.fileWrite', { file, reason });
  }
}
