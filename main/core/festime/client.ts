// The Festime Web-API client: the eight functions of the specification over an injected transport.
// Reads (pointage, global_get_infos_iot) draw from a read budget (a sync's, or their own timeout) and
// quick failures are retried with backoff and jitter within it; writes are sent once, on a fresh
// connection. The password lives in this closure only: it is never logged, never put in
// an error, and any echo of it in Festime's text is masked.
import type { HolderInput, OperationResult, TerminalInfoReport, TransferReport } from '../../../shared/festime';
import { checkHolder } from '../../../shared/validation';
import {
  CancelledError,
  FestimeBadAnswerError,
  FestimeDeskError,
  FestimeNetworkError,
  FestimeRefusedError,
  FestimeTimeoutError,
  ValidationError,
} from '../errors';
import { classifyNonData, parseResultLine } from './answer-kind';
import { createReadDeadline, waitedSeconds, type ReadDeadline } from './deadline';
import { decodeBody } from './decode';
import { parsePunchBody, type PunchAnswer } from './punch-parser';
import { parseTerminalInfoReport, parseTransferReport } from './report-parser';
import { hostOf, normalizeServer } from './server-address';
import { TransportError, type HttpAnswer, type Transport } from './transport';
import { isIsoDate } from '../../../shared/time';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** What the client reports about each attempt; deliberately holds no URL and no parameter. */
export interface CallEvent {
  fonction: string;
  attempt: number;
  ms: number;
  outcome: 'ok' | 'error';
  errorCode?: string;
}

export interface FestimeClientOptions {
  server: string;
  login: string;
  password: string;
  transport: Transport;
  /** Per attempt, for short answers. Default 30 s. */
  timeoutMs?: number;
  /** Per attempt, for `pointage` over several days (up to 90 days of a large site, ~25 MB). Default 180 s. */
  longTimeoutMs?: number;
  /**
   * All the reads of one sync together (see readDeadline()): the terminals' report, the punches and
   * every retry. Default: the long timeout (180 s), the longest a user waits for one sync's answers;
   * the report is a few lines and normally takes well under a second of it.
   */
  readBudgetMs?: number;
  retry?: RetryPolicy;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  onCall?: (event: CallEvent) => void;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface ReadOptions extends CallOptions {
  /**
   * The budget this read draws from, shared with the other reads of a sync (readDeadline()).
   * Without one, the read has a budget of its own: its timeout, retries included.
   */
  deadline?: ReadDeadline;
}

export interface PointageQuery extends ReadOptions {
  /** From this day (YYYY-MM-DD) to today. */
  since?: string;
  /** This day only (YYYY-MM-DD). */
  day?: string;
}

export interface FestimeClient {
  readonly server: string;
  readonly login: string;
  pointage(query?: PointageQuery): Promise<PunchAnswer>;
  addHolder(holder: HolderInput, options?: CallOptions): Promise<OperationResult>;
  editHolder(holder: HolderInput, options?: CallOptions): Promise<OperationResult>;
  deleteHolder(holder: HolderInput, options?: CallOptions): Promise<OperationResult>;
  pushUsers(options?: CallOptions): Promise<TransferReport>;
  pushReasons(options?: CallOptions): Promise<TransferReport>;
  emptyTerminals(options?: CallOptions): Promise<TransferReport>;
  terminalInfo(options?: ReadOptions): Promise<TerminalInfoReport>;
  /** A new read budget of this client's size (readBudgetMs), opened now: one per sync. */
  readDeadline(): ReadDeadline;
  /** Festime's clock now, from the last answer's `Date` header (null before any, or without one). */
  serverClock(): Date | null;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 1_000, maxDelayMs: 15_000 };

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(new CancelledError());
    }
    signal?.addEventListener('abort', abort, { once: true });
  });
}

/** A body as received; its text is decoded when first asked for (the punch parser reads the bytes). */
class Body {
  private decoded: string | null = null;

  constructor(
    readonly bytes: Uint8Array,
    readonly contentType: string | null,
  ) {}

  get text(): string {
    return (this.decoded ??= decodeBody(this.bytes, this.contentType));
  }
}

/** "2026-11-27" → "27/11/2026". */
function frenchDate(iso: string, field: string): string {
  if (!isIsoDate(iso)) throw new ValidationError([{ field, rule: 'date', params: {} }]);
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/**
 * The quick failures worth another attempt: connection refused or reset, an answer cut short, 5xx
 * and 429. A read that timed out is not retried: the server already had all the time this read
 * could give it, a second silence would only multiply the user's wait (issue 11: 3 × 180 s), and
 * what is left of a sync's budget belongs to its other reads (a silent terminals' report must not
 * starve the punches). A stale pooled socket shows as a reset, which is retried.
 */
function isRetryable(error: unknown): boolean {
  if (error instanceof FestimeNetworkError) return error.failure !== 'tls';
  if (error instanceof FestimeBadAnswerError)
    return error.kind === 'truncated' || (error.kind === 'http-status' && (error.httpStatus ?? 0) >= 500) || error.httpStatus === 429;
  return false;
}

export function createFestimeClient(options: FestimeClientOptions): FestimeClient {
  const server = normalizeServer(options.server);
  const host = hostOf(server);
  const { login, transport } = options;
  const password = options.password;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const longTimeoutMs = options.longTimeoutMs ?? 180_000;
  const readBudgetMs = options.readBudgetMs ?? longTimeoutMs;
  const retry = options.retry ?? DEFAULT_RETRY;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;

  // Every form the password can take on the wire; Festime's free text and any error are masked
  // with them before they leave the client. Punch data is never touched.
  const secretForms = password === '' ? [] : [...new Set([password, encodeURIComponent(password), new URLSearchParams({ p: password }).toString().slice(2)])];
  const mask = (text: string) => secretForms.reduce((t, secret) => (t.includes(secret) ? t.split(secret).join('••••') : t), text);

  // The last `Date` header read, and when it arrived by this process’s monotonic clock, so
  // the server's time can be carried forward to any later moment (a sync takes minutes).
  let lastDate: { server: number; received: number } | null = null;

  function url(fonction: string, params: Record<string, string>): string {
    const query = Object.entries({ login, password, fonction, ...params })
      .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
      .join('&');
    return `${server}/webapi.aspx?${query}`;
  }

  /**
   * One HTTP exchange, with our timeout and the caller's cancel signal; maps every failure to a
   * FestimeDeskError. A timeout says `waited()` seconds: what the user actually waited.
   */
  async function exchange(
    fonction: string,
    params: Record<string, string>,
    write: boolean,
    ms: number,
    waited: () => number,
    signal?: AbortSignal,
  ): Promise<Body> {
    if (signal?.aborted) throw new CancelledError();
    const timeout = AbortSignal.timeout(Math.max(1, Math.ceil(ms)));
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let answer: HttpAnswer;
    try {
      answer = await transport({ url: url(fonction, params), signal: combined, fresh: write });
    } catch (error) {
      const seconds = waited();
      if (signal?.aborted) throw new CancelledError(write);
      if (timeout.aborted) throw new FestimeTimeoutError(host, seconds, write);
      if (error instanceof TransportError) {
        if (error.failure === 'truncated') throw new FestimeBadAnswerError('truncated', {}, undefined, write);
        if (error.failure === 'aborted') throw new FestimeTimeoutError(host, seconds, write);
        throw new FestimeNetworkError(error.failure, host, error.systemCode, write);
      }
      throw new FestimeNetworkError('dropped', host, undefined, write);
    }
    const server = answer.date ? Date.parse(answer.date) : NaN;
    if (Number.isFinite(server)) lastDate = { server, received: performance.now() };
    if (answer.status >= 300 && answer.status < 400) throw new FestimeBadAnswerError('redirect', { status: answer.status }, answer.status);
    const body = new Body(answer.body, answer.contentType);
    if (answer.status !== 200) {
      // A KO line with an error status is still Festime's own word.
      if (/^\s*KO\s*;/i.test(body.text)) classifyNonData(body.text);
      throw new FestimeBadAnswerError('http-status', { status: answer.status }, answer.status);
    }
    return body;
  }

  /** One attempt: the exchange and its parse, reported to onCall; any failure comes out a masked FestimeDeskError. */
  async function attempt<T>(
    fonction: string,
    params: Record<string, string>,
    write: boolean,
    parse: (body: Body) => T,
    n: number,
    ms: number,
    waited: () => number,
    signal?: AbortSignal,
  ): Promise<T> {
    const started = Date.now();
    try {
      const value = parse(await exchange(fonction, params, write, ms, waited, signal));
      options.onCall?.({ fonction, attempt: n, ms: Date.now() - started, outcome: 'ok' });
      return value;
    } catch (error) {
      const known = (error instanceof FestimeDeskError ? error : new FestimeBadAnswerError('unexpected', { detail: 'parse' })).redact(mask);
      options.onCall?.({ fonction, attempt: n, ms: Date.now() - started, outcome: 'error', errorCode: known.code });
      throw known;
    }
  }

  /** A write: sent once, never retried, with its own timeout. */
  function write<T>(fonction: string, params: Record<string, string>, parse: (body: Body) => T, call: CallOptions = {}): Promise<T> {
    return attempt(fonction, params, true, parse, 1, timeoutMs, () => Math.max(1, Math.ceil(timeoutMs / 1000)), call.signal);
  }

  /**
   * A read: each attempt's timeout is its own (short or long) cut to what is left of the budget;
   * quick failures are retried with backoff while the budget leaves time after the wait, timeouts
   * never (see isRetryable). When the budget is spent before a read starts, nothing is sent.
   */
  async function read<T>(fonction: string, params: Record<string, string>, parse: (body: Body) => T, call: ReadOptions & { long?: boolean } = {}): Promise<T> {
    const cap = call.long ? longTimeoutMs : timeoutMs;
    const deadline = call.deadline ?? createReadDeadline(cap);
    const waited = () => waitedSeconds(deadline);
    const attempts = Math.max(1, retry.attempts);
    for (let n = 1; ; n++) {
      if (call.signal?.aborted) throw new CancelledError();
      const ms = Math.min(cap, deadline.remainingMs());
      if (ms < 1) throw new FestimeTimeoutError(host, waited(), false);
      try {
        return await attempt(fonction, params, false, parse, n, ms, waited, call.signal);
      } catch (known) {
        if (n >= attempts || !isRetryable(known)) throw known;
        const delay = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (n - 1));
        const pause = delay / 2 + random() * (delay / 2);
        // No time left for another attempt after the pause: the real failure is said now.
        if (deadline.remainingMs() - pause < 1) throw known;
        await sleep(pause, call.signal);
      }
    }
  }

  function holderCall(fonction: string) {
    return async (holder: HolderInput, callOptions: CallOptions = {}) => {
      const checked = checkHolder(holder);
      if (!checked.ok) throw new ValidationError(checked.issues);
      const { nom, prenom, uid } = checked.value;
      return write(
        fonction,
        { nom, prenom, uid },
        ({ text }) => {
          const result = parseResultLine(text);
          const masked = { ok: result.ok, text: mask(result.text), remark: mask(result.remark) };
          if (!masked.ok) throw new FestimeRefusedError(masked.text, masked.remark);
          return masked;
        },
        callOptions,
      );
    };
  }

  function transfer(fonction: 'global_transfert_to_iot_utilisateurs' | 'global_transfert_to_iot_motifs' | 'global_vider_iot') {
    return (callOptions: CallOptions = {}) => write(fonction, {}, ({ text }) => parseTransferReport(fonction, mask(text)), callOptions);
  }

  return {
    server,
    login,
    serverClock: () => (lastDate ? new Date(lastDate.server + (performance.now() - lastDate.received)) : null),
    async pointage(query = {}) {
      if (query.since && query.day) throw new ValidationError([{ field: 'date', rule: 'date', params: {} }]);
      const params: Record<string, string> = {};
      if (query.since) params.date = frenchDate(query.since, 'date');
      if (query.day) params.date = `!${frenchDate(query.day, 'date')}`;
      return read('pointage', params, (body) => parsePunchBody(body.bytes, body.contentType), {
        signal: query.signal,
        deadline: query.deadline,
        long: Boolean(query.since),
      });
    },
    addHolder: holderCall('ajouter_utilisateur_dans_festime'),
    editHolder: holderCall('modifier_utilisateur_dans_festime'),
    deleteHolder: holderCall('effacer_utilisateur_dans_festime'),
    pushUsers: transfer('global_transfert_to_iot_utilisateurs'),
    pushReasons: transfer('global_transfert_to_iot_motifs'),
    emptyTerminals: transfer('global_vider_iot'),
    terminalInfo: (callOptions = {}) => read('global_get_infos_iot', {}, ({ text }) => parseTerminalInfoReport(mask(text)), callOptions),
    readDeadline: () => createReadDeadline(readBudgetMs),
  };
}
