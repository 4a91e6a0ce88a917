// The Festime Web-API client: the eight functions of the specification over an injected transport.
// Reads (pointage, global_get_infos_iot) draw from a read budget (a sync's, or their own timeout) and
// quick failures are retried with backoff and jitter within it; writes are sent once, on a fresh
// connection. The password lives in this closure only: it is never logged, never put in
// an error, and any echo of it is masked at the source: the whole decoded answer, in every
// spelling (secret-mask.ts), before anything parses, cuts or keeps it.
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
import { classifyNonData, parseResultLine, unreadable } from './answer-kind';
import { createReadDeadline, waitedSeconds, type ReadDeadline } from './deadline';
import { decodeBody } from './decode';
import { parsePunchAnswer, parsePunchBody, type PunchAnswer } from './punch-parser';
import { createSecretMask, type SecretMask } from './secret-mask';
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

/** The most of Festime's own text (a result line's text or remark) kept: a KO's reason is a sentence. */
const FESTIME_TEXT_MAX = 500;

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

/**
 * A body as received. Its text is decoded and masked when first asked for: every echo of the
 * password is replaced before any parser sees it; an echo that cannot be masked where it stands
 * drops the whole text (only the kind of answer is said). The punch parser reads the bytes when
 * they cannot hold an echo (secret.mightHold), the masked text otherwise.
 */
class Body {
  private masked: string | null = null;

  constructor(
    readonly bytes: Uint8Array,
    readonly contentType: string | null,
    private readonly secret: SecretMask,
  ) {}

  get text(): string {
    if (this.masked === null) {
      const decoded = decodeBody(this.bytes, this.contentType);
      const { text, clean } = this.secret.scrub(decoded);
      if (!clean) throw unreadable(decoded);
      this.masked = text;
    }
    return this.masked;
  }

  /** The punches: from the bytes when they cannot hold the password, else from the masked text. */
  punches(): PunchAnswer {
    if (!this.secret.mightHold(this.bytes)) return parsePunchBody(this.bytes, this.contentType);
    const text = this.text;
    return text === decodeBody(this.bytes, this.contentType) ? parsePunchBody(this.bytes, this.contentType) : parsePunchAnswer(text);
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

  // Every spelling the password can come back in: the whole answer is masked with it as soon as
  // it is decoded (Body), and every error is sanitized again on its way out (a text cut elsewhere
  // loses a start of the password left at its end).
  const secret = createSecretMask(password);
  const sanitize = (text: string) => secret.sanitize(text);

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
    const body = new Body(answer.body, answer.contentType, secret);
    if (answer.status !== 200) {
      // A KO line with an error status is still Festime's own word; anything else (a 5xx page) is
      // said by its status alone.
      let text = '';
      try {
        text = body.text;
      } catch {
        // an echo of the password that could not be masked: the status says enough
      }
      if (/^\s*KO\s*;/i.test(text)) classifyNonData(text);
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
      let known = error instanceof FestimeDeskError ? error : new FestimeBadAnswerError('unexpected', { detail: 'parse' });
      // Festime's refusal reason is kept, masked (the body was), then bounded: cut after masking.
      if (known instanceof FestimeRefusedError)
        known = new FestimeRefusedError(secret.cut(known.festimeText, FESTIME_TEXT_MAX), secret.cut(known.festimeRemark, FESTIME_TEXT_MAX));
      known.redact(sanitize);
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
          // Festime's own words, from the masked answer, bounded (masked first, then cut).
          const masked = { ok: result.ok, text: secret.cut(result.text, FESTIME_TEXT_MAX), remark: secret.cut(result.remark, FESTIME_TEXT_MAX) };
          if (!masked.ok) throw new FestimeRefusedError(masked.text, masked.remark);
          return masked;
        },
        callOptions,
      );
    };
  }

  function transfer(fonction: 'global_transfert_to_iot_utilisateurs' | 'global_transfert_to_iot_motifs' | 'global_vider_iot') {
    return (callOptions: CallOptions = {}) => write(fonction, {}, ({ text }) => parseTransferReport(fonction, text), callOptions);
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
      return read('pointage', params, (body) => body.punches(), {
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
    terminalInfo: (callOptions = {}) => read('global_get_infos_iot', {}, ({ text }) => parseTerminalInfoReport(text), callOptions),
    readDeadline: () => createReadDeadline(readBudgetMs),
  };
}
