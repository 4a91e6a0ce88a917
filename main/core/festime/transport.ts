// The HTTP transport the client is given: Node's fetch (undici) in the CLI, the bridge and tests;
// Electron's net.request in the desktop app (main/electron/transport.ts: it honours the office's
// proxy). The client never sees a socket.
import { Agent, fetch as undiciFetch } from 'undici';

export interface HttpRequest {
  url: string;
  signal: AbortSignal;
  /** A create, modify or delete: use a connection of its own, never a reused keep-alive socket that a stack could silently replay on. */
  fresh: boolean;
}

export interface HttpAnswer {
  status: number;
  contentType: string | null;
  body: Uint8Array;
  /** The answer's HTTP `Date` header as sent (the server's clock), kept a plain string so the worker can relay it. */
  date?: string | null;
}

export type Transport = (request: HttpRequest) => Promise<HttpAnswer>;

export type TransportFailure = 'unreachable' | 'dropped' | 'tls' | 'truncated' | 'aborted';

/** A failure below HTTP. Carries only a system code, never the foreign error (whose text could hold the URL). */
export class TransportError extends Error {
  constructor(
    readonly failure: TransportFailure,
    readonly systemCode?: string,
  ) {
    super(`transport ${failure}${systemCode ? ` (${systemCode})` : ''}`);
    this.name = 'TransportError';
  }
}

const UNREACHABLE =
  /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL|UND_ERR_CONNECT_TIMEOUT)$|ERR_(CONNECTION_REFUSED|NAME_NOT_RESOLVED|INTERNET_DISCONNECTED|ADDRESS_UNREACHABLE|NETWORK_CHANGED|PROXY_CONNECTION_FAILED|CONNECTION_TIMED_OUT)/;
const TLS = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_CERT/;

function systemCodeOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const message = e instanceof Error ? e.message : '';
    const net = /net::(ERR_[A-Z_]+)/.exec(message); // Electron's net stack
    if (net) return net[1];
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function isAbort(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}

/** Classifies a failure of fetch() itself (no answer at all). */
export function classifyConnectError(error: unknown, signal: AbortSignal): TransportError {
  if (signal.aborted || isAbort(error)) return new TransportError('aborted');
  const code = systemCodeOf(error);
  if (code && TLS.test(code)) return new TransportError('tls', code);
  if (code && UNREACHABLE.test(code)) return new TransportError('unreachable', code);
  return new TransportError('dropped', code);
}

export type FetchLike = (url: string, init: { signal: AbortSignal; redirect: 'manual'; cache?: 'no-store' }) => Promise<Response>;

/** Reads a whole answer through a WHATWG fetch (Node's, below). */
export async function readThrough(fetchFn: FetchLike, request: HttpRequest): Promise<HttpAnswer> {
  let response: Response;
  try {
    response = await fetchFn(request.url, { signal: request.signal, redirect: 'manual', cache: 'no-store' });
  } catch (error) {
    throw classifyConnectError(error, request.signal);
  }
  try {
    const body = new Uint8Array(await response.arrayBuffer());
    return { status: response.status, contentType: response.headers.get('content-type'), body, date: response.headers.get('date') };
  } catch (error) {
    throw request.signal.aborted || isAbort(error) ? new TransportError('aborted') : new TransportError('truncated', systemCodeOf(error));
  }
}

export interface NodeTransport extends Transport {
  close(): Promise<void>;
}

/**
 * Node's fetch (undici). Reads share one keep-alive pool; a write gets an Agent of its own, so it
 * goes out on a new connection that nothing else has used, and the Agent is closed after it.
 */
export function createNodeTransport(): NodeTransport {
  const pool = new Agent({ keepAliveTimeout: 4_000, connect: { timeout: 15_000 } });
  const transport = async (request: HttpRequest): Promise<HttpAnswer> => {
    const dispatcher = request.fresh ? new Agent({ pipelining: 0, connect: { timeout: 15_000 } }) : pool;
    try {
      return await readThrough((url, init) => undiciFetch(url, { ...init, dispatcher }) as unknown as Promise<Response>, request);
    } finally {
      if (dispatcher !== pool) void dispatcher.destroy().catch(() => undefined);
    }
  };
  return Object.assign(transport, { close: () => pool.close() });
}
