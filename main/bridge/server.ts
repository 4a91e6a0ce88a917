// The browser bridge: the same handler table as the Electron IPC, over loopback HTTP, so that the
// real UI runs in Chromium where the Electron binary cannot be had (development and tests only).
// 127.0.0.1 only; a random per-launch token on every call; push events as server-sent events;
// the built renderer served with a path-traversal check.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { EventName, EventPayload } from '../../shared/api';
import type { Dispatch } from '../ipc/dispatcher';

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
/** The desktop app's policy, except that here the page must reach this server ('self') for its calls. */
export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((done, fail) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        fail(new Error('too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

export async function startBridge(options: { dispatch: Dispatch; staticDir?: string; port?: number }): Promise<Bridge> {
  const token = randomBytes(24).toString('base64url');
  const streams = new Set<ServerResponse>();
  const offers = new Map<string, { fileName: string; bytes: Buffer; timer: NodeJS.Timeout }>();
  let origin = '';
  const root = options.staticDir ? resolve(options.staticDir) : null;

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    // Whatever a request holds (a malformed %-escape, say), it gets an answer: it never stops the app.
    handle(req, res).catch(() => {
      if (!res.headersSent) json(res, 400, { ok: false });
      else res.destroy();
    });
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', origin);
    // A page on another site must not reach the bridge, even through a DNS name pointing here.
    if (req.headers.host !== new URL(origin).host || (req.headers.origin && req.headers.origin !== origin)) return json(res, 403, { ok: false });
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return json(res, 405, { ok: false });
      let input: unknown;
      try {
        const body = await readBody(req);
        input = body ? JSON.parse(body) : {};
      } catch {
        return json(res, 400, { ok: false });
      }
      const outcome = await options.dispatch(decodeURIComponent(url.pathname.slice(5)), input, {
        trusted: sameToken(req.headers['x-festime-token'] as string | undefined, token),
      });
      return json(res, 200, outcome);
    }
    if (url.pathname === '/events') {
      if (!sameToken(url.searchParams.get('token'), token)) return json(res, 403, { ok: false });
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(': ready\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return undefined;
    }
    if (url.pathname.startsWith('/download/')) {
      // The id is random and single-use: it is the download's ticket (a link cannot carry a header).
      const offer = offers.get(url.pathname.slice(10));
      if (!offer || req.method !== 'GET') return json(res, 404, { ok: false });
      offers.delete(url.pathname.slice(10));
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
    if (!root || req.method !== 'GET') return json(res, 404, { ok: false });
    const wanted = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    const file = resolve(join(root, wanted || 'index.html'));
    if (file !== root && !file.startsWith(root + sep)) return json(res, 403, { ok: false });
    try {
      const target = (await stat(file)).isFile() ? file : join(root, 'index.html');
      const body = await readFile(target);
      res.writeHead(200, {
        'Content-Type': TYPES[extname(target)] ?? 'application/octet-stream',
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': CSP,
      });
      res.end(body);
    } catch {
      const index = await readFile(join(root, 'index.html')).catch(() => null);
      if (!index) return json(res, 404, { ok: false });
      res.writeHead(200, { 'Content-Type': TYPES['.html']!, 'Content-Security-Policy': CSP });
      res.end(index);
    }
    return undefined;
  };

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => done());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
