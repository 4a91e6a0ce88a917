// The log file: a trace of what failed (a sync, the day's upkeep, an outbox send, the keychain,
// a bug) for whoever has to find out later why the status bar went red. One JSON line per
// event in `<data folder>/logs/`, a file a day, a week kept.
//
// What a line may hold: event names, error names / codes / catalogue keys, counts, ids, method
// names. Never the password, never a holder's name, never Festime's text or a URL: a known
// error is written as { name, code, key }, never with its message (its parameters carry hosts,
// logins, Festime's words); an unexpected one (a bug) with its stack, masked first. pino's
// `redact` is a second guard for fields that should never have been passed.
//
// pino-roll is used as a plain stream in this thread (not a pino transport: those run in a
// worker of their own, loaded by file path, which the esbuild bundles of the CLI and the app do
// not carry). Writes are synchronous: lines are rare, and a line written just before a crash is
// the one that matters.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import pinoRoll, { type PinoRollOptions } from 'pino-roll';
import type SonicBoom from 'sonic-boom';
import { FestimeDeskError, nativeDetail, SecretsUnavailableError } from './errors';
import { maskSecrets } from './mask';
import { privateDir } from './paths';

export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** What the core writes to: an event name, plain fields, and for `error` the error itself. */
export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, error?: unknown, fields?: LogFields): void;
  /** Writes out what waits and closes the file (whoever opened the logger closes it). */
  close(): Promise<void>;
}

/** For tests and doors that want no file. */
export const noopLogger: Logger = { info() {}, warn() {}, error() {}, close: async () => {} };

export const LOG_FOLDER = 'logs';
/** Days of files kept: today's and the six before. */
export const KEEP_DAYS = 7;
const DATE_FORMAT = 'yyyy-MM-dd';

export const logDirOf = (dataDir: string): string => join(dataDir, LOG_FOLDER);

/**
 * pino-roll's settings for one writer: `<name>.<yyyy-MM-dd>.<n>.log`, a new file each day.
 * Its `limit` removes the oldest files when it rolls at midnight (count: the files kept besides
 * the one in use); a process that never lives through a midnight (the CLI, an app closed every
 * evening) is covered by `pruneLogs` when the file is opened.
 */
export function rollOptions(dir: string, name: string): PinoRollOptions {
  return {
    file: join(dir, name),
    extension: '.log',
    frequency: 'daily',
    dateFormat: DATE_FORMAT,
    mkdir: true,
    sync: true,
    // Created private (see paths.ts): a log names accounts and days of work.
    mode: 0o600,
    limit: { count: KEEP_DAYS - 1, removeOtherLogFiles: true },
  };
}

const localDay = (d: Date): string => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** Removes `name`'s files dated before the week kept (local days, as pino-roll names them); returns them. */
export function pruneLogs(dir: string, name: string, now = new Date()): string[] {
  const oldestKept = localDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() - (KEEP_DAYS - 1)));
  const pattern = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}\\.(\\d{4}-\\d{2}-\\d{2})\\.\\d+\\.log$`);
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  const removed = files.filter((f) => {
    const day = pattern.exec(f)?.[1];
    return day !== undefined && day < oldestKept;
  });
  for (const f of removed) rmSync(join(dir, f), { force: true });
  return removed;
}

export { maskSecrets };

/** An unexpected error in a few words for the user (an error box, a notice): its first line, folders shortened, secrets masked. */
export function problemDetail(error: unknown): string {
  return maskSecrets(nativeDetail(error));
}

/** An error as a log line may hold it (see the file's heading). */
export function errorFields(error: unknown): Record<string, string> {
  if (error instanceof FestimeDeskError) {
    // The keychain's reason is secret-free by construction (keytar-store.ts) and says what to fix.
    const fields: Record<string, string> = { name: error.name, code: error.code, key: error.key };
    if (error instanceof SecretsUnavailableError) fields.detail = maskSecrets(String(error.params.detail ?? ''));
    return fields;
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, ...(typeof code === 'string' ? { code } : {}), stack: maskSecrets(error.stack ?? error.name).slice(0, 4000) };
  }
  return { name: typeof error };
}

/** Fields no line should hold, masked should a caller pass one anyway. */
const REDACTED = ['password', 'login', 'nom', 'prenom', 'holder', 'url', 'query', 'params', 'message', 'festimeText'].flatMap((k) => [k, `*.${k}`]);

/** A destination that opens the day's file on the first line: a run where nothing fails leaves no file. */
function lazyFile(dir: string, name: string, now: () => Date) {
  let stream: SonicBoom | null = null;
  let opening: Promise<void> | null = null;
  let dead = false;
  const pending: string[] = [];
  const open = () =>
    (opening ??= (async () => {
      privateDir(dir);
      pruneLogs(dir, name, now());
      const s = await pinoRoll(rollOptions(dir, name));
      // A full disk or a folder removed must never stop the app: the log just stops.
      s.on('error', () => (dead = true));
      for (const line of pending.splice(0)) s.write(line);
      stream = s;
    })().catch(() => {
      dead = true;
      pending.length = 0;
    }));
  return {
    write(line: string) {
      if (dead) return;
      if (stream) stream.write(line);
      else {
        pending.push(line);
        void open();
      }
    },
    async close() {
      if (!opening) return;
      await opening;
      const s = stream;
      stream = null;
      dead = true;
      if (!s) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2000);
        timer.unref?.();
        s.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        s.end();
      });
    },
  };
}

export interface FileLoggerOptions {
  /** The file's base name: the runtime's `festime-desk`, the desktop app's main thread `main`. */
  name?: string;
  /** Which door wrote the line (app, cli…). */
  door?: string;
  now?: () => Date;
}

/** The log of a data folder; the file is opened (and old ones removed) on the first line. */
export function openFileLogger(dataDir: string, options: FileLoggerOptions = {}): Logger {
  const file = lazyFile(logDirOf(dataDir), options.name ?? 'festime-desk', options.now ?? (() => new Date()));
  const log = pino(
    {
      base: { pid: process.pid, ...(options.door ? { door: options.door } : {}) },
      messageKey: 'event',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED, censor: '***' },
    },
    file,
  );
  // Writing a log line must never be what breaks the thing it reports.
  const safe = (fn: () => void) => {
    try {
      fn();
    } catch {
      /* nothing better to do */
    }
  };
  return {
    info: (event, fields) => safe(() => log.info({ ...fields }, event)),
    warn: (event, fields) => safe(() => log.warn({ ...fields }, event)),
    error: (event, error, fields) => safe(() => log.error({ ...fields, ...(error === undefined ? {} : { error: errorFields(error) }) }, event)),
    close: () => file.close(),
  };
}
