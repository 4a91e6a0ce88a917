// The browser bridge: loopback only, the per-launch token on every call, events as SSE, the
// renderer's files and nothing outside them.
import { Agent, request } from 'node:http';
import type { Socket } from 'node:net';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Handlers } from '../../shared/api';
import { LIMITS, startBridge, type Bridge } from '../../main/bridge/server';
import { createDispatcher } from '../../main/ipc/dispatcher';
import { postHead, rawExchange } from '../helpers/raw-http';

let bridge: Bridge;
let root: string;

// Only app/info answers here; the dispatcher in front of it is the real one.
const handlers = {
  'app/info': async () => ({ version: 'bridge-test', dataDir: '/x', logDir: '/x/logs', accounts: [], currentAccountId: null }),
} as unknown as Handlers;

beforeEach(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'festime-bridge-'));
  root = join(dir, 'renderer');
  mkdirSync(root);
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Festime Desk</title>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  bridge = await startBridge({ dispatch: createDispatcher(handlers, () => 'fr'), staticDir: root });
});
afterEach(() => bridge.close());

function raw(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string }> {
  const { port } = new URL(bridge.origin);
  return new Promise((done, fail) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...options.headers } },
      (res) => {
        let body = '';
        res
          .setEncoding('utf8')
          .on('data', (d: string) => (body += d))
          .on('end', () => done({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', fail);
    req.end(options.body);
  });
}

describe('browser bridge', () => {
  it('listens on 127.0.0.1 and hands the token in the URL fragment', () => {
    expect(bridge.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(bridge.url).toBe(`${bridge.origin}/#token=${bridge.token}`);
    expect(bridge.token.length).toBeGreaterThanOrEqual(32);
  });

  it('every call needs the token', async () => {
    const none = await raw('/api/app/info', { method: 'POST', body: '{}' });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ ok: false, error: { code: 'ipc.sender' } });
    const wrong = await raw('/api/app/info', { method: 'POST', body: '{}', headers: { 'x-festime-token': 'x'.repeat(bridge.token.length) } });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body)).toMatchObject({ ok: false, error: { code: 'ipc.sender' } });
    const right = await raw('/api/app/info', { method: 'POST', body: '{}', headers: { 'x-festime-token': bridge.token } });
    expect(JSON.parse(right.body)).toMatchObject({ ok: true, value: { version: 'bridge-test' } });
    const unknown = await raw('/api/fs/read', { method: 'POST', body: '{}', headers: { 'x-festime-token': bridge.token } });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'ipc.unknown-method' } });
  });

  it('refuses another site’s page and a foreign Host (DNS rebinding)', async () => {
    const foreign = await raw('/api/app/info', { method: 'POST', body: '{}', headers: { 'x-festime-token': bridge.token, origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    const rebinding = await raw('/api/app/info', { method: 'POST', body: '{}', headers: { 'x-festime-token': bridge.token, host: 'evil.example' } });
    expect(rebinding.status).toBe(403);
  });

  it('serves the renderer and nothing outside it', async () => {
    expect((await raw('/')).body).toContain('<title>Festime Desk</title>');
    expect((await raw('/punches')).body).toContain('<title>Festime Desk</title>'); // client-side routes
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt']) {
      const r = await raw(path);
      expect(r.body, path).not.toContain('outside the renderer');
    }
  });

  it('answers a malformed address and keeps serving (a page elsewhere could send one)', async () => {
    for (const path of ['/%E0', '/download/%E0%A4']) expect((await raw(path)).status, path).toBeGreaterThanOrEqual(400);
    expect((await raw('/api/%E0', { method: 'POST', body: '{}', headers: { 'x-festime-token': bridge.token } })).status).toBe(400);
    expect((await raw('/')).body).toContain('<title>Festime Desk</title>');
  });

  it('pushes events as server-sent events, to token holders only', async () => {
    expect((await raw('/events')).status).toBe(403);
    const { port } = new URL(bridge.origin);
    const received = await new Promise<string>((done, fail) => {
      const req = request({ host: '127.0.0.1', port, path: `/events?token=${bridge.token}`, headers: { host: `127.0.0.1:${port}` } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => {
          text += d;
          if (text.includes(': ready')) bridge.emit('sync/progress', { phase: 'store', done: 5, total: 10, from: '2026-11-01', to: '2026-11-25' });
          if (text.includes('event: sync/progress')) {
            req.destroy();
            done(text);
          }
        });
      });
      req.on('error', (e) => (e.message.includes('aborted') ? undefined : fail(e)));
      req.end();
    });
    expect(received).toContain('data: {"phase":"store","done":5,"total":10');
  });

  // Each of these sends its headers and a few bytes of a body it announced, then stalls: the
  // answer must come from the headers alone, at once, and the connection be closed.
  const stalled = (headers: Record<string, string | number>, host = `127.0.0.1:${new URL(bridge.origin).port}`, path = '/api/app/info') =>
    rawExchange(Number(new URL(bridge.origin).port), postHead(path, host, headers) + '{"a":');

  it('refuses a call without the token before reading its body, and closes the connection', async () => {
    for (const token of [null, 'x'.repeat(bridge.token.length)]) {
      const r = await stalled({ 'Content-Length': LIMITS.maxBody, ...(token ? { 'x-festime-token': token } : {}) });
      expect(r.status).toBe(401);
      expect(r.text).toMatch(/connection: close/i);
      expect(r.text).toContain('"code":"ipc.sender"');
      expect(r.closed).toBe(true);
      expect(r.ms).toBeLessThan(2000);
    }
  });

  it('a declared body over 1 MiB is 413 at once, even with the token, unread', async () => {
    const r = await stalled({ 'Content-Length': LIMITS.maxBody + 1, 'x-festime-token': bridge.token });
    expect(r.status).toBe(413);
    expect(r.closed).toBe(true);
    expect(r.ms).toBeLessThan(2000);
  });

  it('a chunked body that grows past 1 MiB is 413 and no longer read', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    const { port } = new URL(bridge.origin);
    const head = postHead('/api/app/info', `127.0.0.1:${port}`, { 'Transfer-Encoding': 'chunked', 'x-festime-token': bridge.token });
    // 17 chunks of 64 KiB: just over the limit, then the body stalls (no last chunk).
    const r = await rawExchange(Number(port), Buffer.concat([Buffer.from(head), ...Array<Buffer>(17).fill(frame)]));
    expect(r.status).toBe(413);
    expect(r.closed).toBe(true);
    expect(r.ms).toBeLessThan(2000);
  });

  it('a foreign Host or Origin is refused before the body, even with the token', async () => {
    const { port } = new URL(bridge.origin);
    for (const r of [
      await stalled({ 'Content-Length': LIMITS.maxBody, 'x-festime-token': bridge.token }, 'evil.example'),
      await stalled({ 'Content-Length': LIMITS.maxBody, 'x-festime-token': bridge.token, Origin: 'https://evil.example' }, `127.0.0.1:${port}`),
    ]) {
      expect(r.status).toBe(403);
      expect(r.closed).toBe(true);
      expect(r.ms).toBeLessThan(2000);
    }
  });

  it('asks for the body ("100 Continue") only once the checks have passed', async () => {
    const ok = await stalled({ 'Content-Length': 2, 'x-festime-token': bridge.token, Expect: '100-continue' });
    expect(ok.continued).toBe(true);
    const { port } = new URL(bridge.origin);
    const refused = await rawExchange(
      Number(port),
      postHead('/api/app/info', `127.0.0.1:${port}`, { 'Content-Length': LIMITS.maxBody, Expect: '100-continue' }),
    );
    expect(refused).toMatchObject({ status: 401, continued: false, closed: true });
  });

  it('answers 400 to a broken %-escape, a NUL, a `..`, and keeps serving', async () => {
    for (const path of [
      '/%E0%A4%A',
      '/assets/%E0%A4%A.js',
      '/a%00b',
      '/%00',
      '/a/../../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%5csecret.txt',
      '/x/..%5c..%5csecret.txt',
    ]) {
      const r = await raw(path);
      expect(r.status, path).toBe(400);
      expect(r.body, path).not.toContain('outside the renderer');
    }
    expect((await raw('/api/%E0%A4%A', { method: 'POST', body: '{}', headers: { 'x-festime-token': bridge.token } })).status).toBe(400);
    expect((await raw('/')).body).toContain('<title>Festime Desk</title>');
    expect((await raw('/api/app/info', { method: 'POST', body: '{}', headers: { 'x-festime-token': bridge.token } })).status).toBe(200);
  });
});

describe('browser bridge limits', () => {
  it('bounds receiving a request, not the work it asks for (a long sync is still answered)', async () => {
    let answered = 0;
    const slow = await startBridge({
      dispatch: async () => {
        await new Promise((r) => setTimeout(r, 2500));
        answered++;
        return { ok: true, value: 'late' };
      },
      limits: { headersTimeoutMs: 500, requestTimeoutMs: 1000, checkEveryMs: 100 },
    });
    try {
      const port = Number(new URL(slow.origin).port);
      const host = `127.0.0.1:${port}`;
      const [work, stalledBody, stalledHead] = await Promise.all([
        rawExchange(port, postHead('/api/app/info', host, { 'Content-Length': 2, 'x-festime-token': slow.token, Connection: 'close' }) + '{}', 8000),
        rawExchange(port, postHead('/api/app/info', host, { 'Content-Length': 10, 'x-festime-token': slow.token }) + '{', 8000),
        rawExchange(port, `POST /api/app/info HTTP/1.1\r\nHost: ${host}\r\n`, 8000),
      ]);
      expect(work.status).toBe(200);
      expect(work.text).toContain('"late"');
      expect(stalledBody.status).toBe(408);
      expect(stalledHead.status).toBe(408);
      expect(answered).toBe(1);
    } finally {
      await slow.close();
    }
  });

  it('holds a bounded number of connections; others are closed as they come', async () => {
    const capped = await startBridge({ dispatch: createDispatcher(handlers, () => 'fr'), staticDir: root, limits: { maxConnections: 3 } });
    const port = Number(new URL(capped.origin).port);
    const sockets: Socket[] = [];
    try {
      // Three kept-alive connections, each answered once and held open by the client.
      const agent = new Agent({ keepAlive: true, maxSockets: 3 });
      await Promise.all(
        [0, 1, 2].map(
          () =>
            new Promise<void>((done, fail) =>
              request({ host: '127.0.0.1', port, path: '/', agent, headers: { host: `127.0.0.1:${port}` } }, (res) => {
                sockets.push(res.socket);
                res.resume().on('end', () => done());
              })
                .on('error', fail)
                .end(),
            ),
        ),
      );
      const fourth = await rawExchange(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`, 3000);
      expect(fourth).toMatchObject({ status: 0, closed: true });
      agent.destroy();
      await new Promise((r) => setTimeout(r, 200));
      const after = await rawExchange(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`, 3000);
      expect(after.status).toBe(200);
    } finally {
      for (const s of sockets) s.destroy();
      await capped.close();
    }
  });
});
