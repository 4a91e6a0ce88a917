// The browser bridge: loopback only, the per-launch token on every call, events as SSE, the
// renderer's files and nothing outside them.
import { request } from 'node:http';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Handlers } from '../../shared/api';
import { startBridge, type Bridge } from '../../main/bridge/server';
import { createDispatcher } from '../../main/ipc/dispatcher';

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
    expect(JSON.parse(none.body)).toMatchObject({ ok: false, error: { code: 'ipc.sender' } });
    const wrong = await raw('/api/app/info', { method: 'POST', body: '{}', headers: { 'x-festime-token': 'x'.repeat(bridge.token.length) } });
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
});
