// The thin Electron glue, with the `electron` module mocked (its binary cannot be had here): the IPC
// door refuses other frames, the window's security settings, navigation and permissions locked,
// app:// serving only the renderer with the strict CSP, writes on a fresh connection.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
vi.mock('electron', () => ({}));
import { createDispatcher } from '../../main/ipc/dispatcher';
import { CALL_CHANNEL, isAppFrame, registerIpc } from '../../main/electron/ipc';
import { APP_CSP, appResponse } from '../../main/electron/protocol';
import { denyAllPermissions, lockNavigation, secureWebPreferences } from '../../main/electron/security';
import { electronTransport } from '../../main/electron/transport';
import { menuTemplate } from '../../main/electron/menu';
import type { Handlers } from '../../shared/api';

type Handler = (event: { senderFrame: unknown }, method: unknown, input: unknown) => Promise<unknown>;

function door() {
  let handler: Handler | null = null;
  const calls: string[] = [];
  const handlers = new Proxy(
    {},
    {
      get: (_t, name: string) => async () => {
        calls.push(name);
        return { version: 'x' };
      },
    },
  ) as unknown as Handlers;
  registerIpc(
    {
      handle: (channel: string, h: Handler) => {
        expect(channel).toBe(CALL_CHANNEL);
        handler = h;
      },
    } as never,
    createDispatcher(handlers, () => 'fr'),
  );
  return { invoke: (frame: unknown, method: unknown, input: unknown = {}) => handler!({ senderFrame: frame }, method, input), calls };
}

const appFrame = { url: 'app://festime/index.html', parent: null };

describe('the IPC door', () => {
  it('answers the app’s own top frame', async () => {
    const d = door();
    expect(await d.invoke(appFrame, 'app/info')).toEqual({ ok: true, value: { version: 'x' } });
    expect(d.calls).toEqual(['app/info']);
  });

  it('refuses a wrong sender: another origin, a sub-frame, a file:// page, no frame', async () => {
    const d = door();
    for (const frame of [
      { url: 'https://evil.example/', parent: null },
      { url: 'app://festime/x', parent: appFrame },
      { url: 'file:///tmp/x.html', parent: null },
      null,
      { url: 'not a url', parent: null },
    ]) {
      expect(await d.invoke(frame, 'app/info')).toMatchObject({
        ok: false,
        error: { code: 'ipc.sender', message: 'Appel refusé : il ne vient pas de la fenêtre de Festime Desk.' },
      });
    }
    expect(d.calls).toEqual([]);
  });

  it('refuses an unknown method and a bad argument without calling a handler', async () => {
    const d = door();
    expect(await d.invoke(appFrame, 'fs/readFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'ipc.unknown-method' } });
    expect(await d.invoke(appFrame, { toString: () => 'app/info' })).toMatchObject({ ok: true });
    expect(await d.invoke(appFrame, 'punches/query', { limit: 100_000 })).toMatchObject({ ok: false, error: { code: 'validation.field' } });
    expect(await d.invoke(appFrame, 'holders/create', { uid: '1~2', nom: 'A', prenom: 'B' })).toMatchObject({ ok: false, error: { code: 'validation.field' } });
    expect(d.calls).toEqual(['app/info']);
    expect(isAppFrame({ url: 'app://other/index.html', parent: null })).toBe(false);
  });
});

describe('window security', () => {
  it('isolated, sandboxed, no Node in the page, web security on', () => {
    expect(secureWebPreferences('/p.cjs')).toMatchObject({
      preload: '/p.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    });
  });

  it('navigation away from app://, new windows and permissions are refused', () => {
    const listeners = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
    let openHandler: (() => { action: string }) | null = null;
    lockNavigation({ on: (name: string, l: never) => listeners.set(name, l), setWindowOpenHandler: (h: never) => (openHandler = h) } as never);
    const attempt = (name: string, url: string) => {
      const event = {
        prevented: false,
        preventDefault() {
          this.prevented = true;
        },
      };
      listeners.get(name)!(event, url);
      return event.prevented;
    };
    expect(attempt('will-navigate', 'https://festime.mytiming.fr/')).toBe(true);
    expect(attempt('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(attempt('will-navigate', 'app://festime/index.html')).toBe(false);
    expect(attempt('will-redirect', 'https://evil.example/')).toBe(true);
    expect(attempt('will-attach-webview', '')).toBe(true);
    expect(openHandler!()).toEqual({ action: 'deny' });

    let request: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | null = null;
    let check: (() => boolean) | null = null;
    denyAllPermissions({ setPermissionRequestHandler: (h: never) => (request = h), setPermissionCheckHandler: (h: never) => (check = h) } as never);
    const answers: boolean[] = [];
    for (const p of ['media', 'notifications', 'geolocation', 'clipboard-read']) request!(null, p, (ok) => answers.push(ok));
    expect(answers).toEqual([false, false, false, false]);
    expect(check!()).toBe(false);
  });

  it('app:// serves the renderer with the strict CSP, and nothing outside it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'festime-app-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>ok</title>');
    writeFileSync(join(root, 'assets', 'a.js'), 'console.log(1)');
    writeFileSync(join(root, '..', 'secret.txt'), 'secret');
    const index = await appResponse('app://festime/index.html', root);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(APP_CSP).toContain("connect-src 'none'");
    expect(APP_CSP).not.toContain('unsafe');
    expect((await appResponse('app://festime/assets/a.js', root)).headers.get('content-type')).toContain('javascript');
    for (const bad of ['app://festime/../secret.txt', 'app://festime/%2e%2e/secret.txt', 'app://festime/..%2fsecret.txt', 'app://other/index.html']) {
      const res = await appResponse(bad, root);
      expect(res.status).not.toBe(200);
    }
  });
});

describe('network and menu', () => {
  it('reads share the pool; every write first closes the write session’s connections', async () => {
    const { fakeNet } = await import('./fake-net'); // the fake net of test/electron/transport.test.ts
    const log: string[] = [];
    const { net } = fakeNet((request) => {
      log.push(`${(request.options.session as unknown as { name: string }).name} ${request.options.url}`);
      request.respond(200, { 'content-type': 'text/html' }, ['OK;fait;']).emit('end');
    });
    const reads = { name: 'read' } as never;
    const writes = { name: 'write', closeAllConnections: async () => void log.push('close') } as never;
    const transport = electronTransport(net, reads, writes);
    const signal = new AbortController().signal;
    await transport({ url: 'https://x/r', fresh: false, signal });
    await transport({ url: 'https://x/w', fresh: true, signal });
    expect(log).toEqual(['read https://x/r', 'close', 'write https://x/w']);
  });

  it('the menu speaks French by default, English when chosen', () => {
    const fr = menuTemplate('fr', 'linux');
    expect(fr.map((m) => m.label)).toEqual(['Fichier', 'Édition', 'Affichage', 'Fenêtre']);
    expect(menuTemplate('en', 'linux').map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window']);
  });
});
