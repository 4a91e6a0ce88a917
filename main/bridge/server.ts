// The browser bridge: the same handler table as the Electron IPC, over loopback HTTP, so that the
// real UI runs in Chromium where the Electron binary cannot be had (development and tests only).
// 127.0.0.1 only; a random per-launch token on every call, checked with the Host and Origin before
// any byte of a body is read (a refusal closes the connection); bounded requests and connections;
// push events as server-sent events; the built renderer served with a path check (main/static-path.ts).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import type { EventName, EventPayload } from '../../shared/api';
import type { Lang } from '../../shared/i18n';
import { refusal, type Dispatch } from '../ipc/dispatcher';
import { resolveStaticPath, safeDecode } from '../static-path';

export interface Bridge {
  /** Open this in the browser: the token travels in the fragment, never to a server log. */
  url: string;
  origin: string;
  token: string;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Keeps a file for one download (within ten minutes) and returns its path on the bridge. */
  offer(fileName: string, bytes: Buffer): string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};
const MAX_BODY = 1024 * 1024;
/**
 * What one client may hold of the bridge: ten seconds to send its headers, thirty for the whole
 * request, five idle between two requests on a kept-alive connection, and 64 connections at once
 * (a page opens about six; further connections are closed as they come).
 */
export const LIMITS = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  checkEveryMs: 1_000,
  maxConnections: 64,
  maxBody: MAX_BODY,
};
/** The desktop app's policy, except that here the page must reach this server ('self') for its calls. */
export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

class TooLarge extends Error {}

/** Reads a body already known to be allowed (token checked, length declared within the limit); a chunked one is cut at MAX_BODY. */
function readBody(req: IncomingMessage, res: ServerResponse): Promise<string> {
  return new Promise((done, fail) => {
    let size = 0;
    const chunks: Buffer[] = [];
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) return void chunks.push(c);
      // Stop reading there: the rest of the body is never taken in (the socket is closed after the 413).
      req.off('data', onData).pause();
      chunks.length = 0;
      fail(new TooLarge());
    };
    req.on('data', onData);
    req.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
    // A client that asked first ("Expect: 100-continue") is told to send only now, after the checks.
    if (/100-continue/i.test(req.headers.expect ?? '')) res.writeContinue();
  });
}

/** The request's target as sent, split; null for anything but origin-form ("/path?query"). */
function targetOf(req: IncomingMessage): { path: string; query: URLSearchParams } | null {
  const target = req.url ?? '';
  if (!target.startsWith('/')) return null;
  const q = target.search(/[?#]/);
  const path = q < 0 ? target : target.slice(0, q);
  const query = new URLSearchParams(q >= 0 && target[q] === '?' ? target.slice(q + 1).replace(/#.*$/s, '') : '');
  return { path, query };
}

export async function startBridge(options: {
  dispatch: Dispatch;
  /** The language of a refusal worded here (the runtime's; French by default). */
  lang?: () => Lang;
  staticDir?: string;
  port?: number;
  /** Tests shorten the timeouts; the app keeps LIMITS. */
  limits?: Partial<Omit<typeof LIMITS, 'maxBody'>>;
}): Promise<Bridge> {
  const limits = { ...LIMITS, ...options.limits };
  const token = randomBytes(24).toString('base64url');
  const streams = new Set<ServerResponse>();
  const offers = new Map<string, { fileName: string; bytes: Buffer; timer: NodeJS.Timeout }>();
  let origin = '';
  let host = '';
  const root = options.staticDir ? resolve(options.staticDir) : null;

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  /**
   * An answer that ends the connection: whatever body the request still carries is never read.
   * Every refusal goes this way, so that a caller without the token holds nothing open here.
   */
  const refuse = (req: IncomingMessage, res: ServerResponse, status: number, body: unknown = { ok: false }) => {
    if (res.headersSent) return void req.socket.destroy();
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'close' });
    res.end(JSON.stringify(body), () => req.socket.destroy());
  };

  const serve = (req: IncomingMessage, res: ServerResponse) => {
    // Whatever a request holds, it gets an answer: it never stops the app.
    handle(req, res).catch(() => refuse(req, res, 400));
  };
  const server = createServer(
    {
      // Receiving a request (headers, then body) is bounded; the handler's work after it is not
      // (Node's requestTimeout covers receiving only), so that a long sync is still answered.
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.checkEveryMs,
    },
    serve,
  );
  // Asked to confirm before sending its body: the same checks decide (readBody confirms if they pass).
  server.on('checkContinue', serve);
  server.maxConnections = limits.maxConnections;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Everything here is decided on the request line and headers alone; a body is read only for a
    // call that passed every check.
    // A page on another site must not reach the bridge, even through a DNS name pointing here.
    if (req.headers.host !== host || (req.headers.origin && req.headers.origin !== origin)) return refuse(req, res, 403);
    const target = targetOf(req);
    if (!target) return refuse(req, res, 400);
    const { path, query } = target;
    if (path.startsWith('/api/')) {
      if (req.method !== 'POST') return refuse(req, res, 405);
      const method = safeDecode(path.slice(5));
      if (method === null) return refuse(req, res, 400);
      // Worded here, as the dispatcher would: a caller without the token costs the runtime nothing.
      if (!sameToken(req.headers['x-festime-token'] as string | undefined, token))
        return refuse(req, res, 401, refusal(options.lang?.() ?? 'fr', 'ipc.sender', 'errors.ipc.sender'));
      if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) return refuse(req, res, 413);
      let input: unknown;
      try {
        const body = await readBody(req, res);
        input = body ? JSON.parse(body) : {};
      } catch (error) {
        return refuse(req, res, error instanceof TooLarge ? 413 : 400);
      }
      return json(res, 200, await options.dispatch(method, input, { trusted: true }));
    }
    if (path === '/events') {
      if (!sameToken(query.get('token'), token)) return refuse(req, res, 403);
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(': ready\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return undefined;
    }
    if (path.startsWith('/download/')) {
      // The id is random and single-use: it is the download's ticket (a link cannot carry a header).
      const id = path.slice(10);
      const offer = offers.get(id);
      if (!offer || req.method !== 'GET') return refuse(req, res, 404);
      offers.delete(id);
      clearTimeout(offer.timer);
      res.writeHead(200, {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="${offer.fileName.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(offer.fileName)}`,
        'Content-Length': offer.bytes.length,
        'Cache-Control': 'no-store',
      });
      res.end(offer.bytes);
      return undefined;
    }
    if (!root || req.method !== 'GET') return refuse(req, res, 404);
    const wanted = resolveStaticPath(root, path);
    if (!wanted.ok) return refuse(req, res, wanted.status);
    const index = join(root, 'index.html');
    // A path that names no file is one of the window's own routes: the page itself.
    const file = await stat(wanted.file).then(
      (s) => (s.isFile() ? wanted.file : index),
      () => index,
    );
    const body = await readFile(file).catch(() => null);
    if (!body) return refuse(req, res, 404);
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': CSP,
    });
    res.end(body);
    return undefined;
  };

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => done());
  });
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  origin = `http://${host}`;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    offer(fileName, bytes) {
      const id = randomBytes(18).toString('base64url');
      const timer = setTimeout(() => offers.delete(id), 10 * 60_000);
      timer.unref();
      offers.set(id, { fileName, bytes, timer });
      return `/download/${id}`;
    },
    emit(event, payload) {
      const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const s of streams) s.write(frame);
    },
    close: () =>
      new Promise((done) => {
        for (const s of streams) s.end();
        for (const o of offers.values()) clearTimeout(o.timer);
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
