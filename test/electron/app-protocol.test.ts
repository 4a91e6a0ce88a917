// app:// path resolution as a pure function (no electron import: main/electron/protocol.ts and
// main/static-path.ts are plain Node), and the handler's answers to malformed addresses: a 400, never a throw.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appResponse } from '../../main/electron/protocol';
import { rawPathOf, resolveStaticPath, safeDecode } from '../../main/static-path';

const root = '/srv/renderer';

describe('resolveStaticPath', () => {
  it('names files under the root; "/" is index.html', () => {
    expect(resolveStaticPath(root, '/')).toEqual({ ok: true, file: '/srv/renderer/index.html' });
    expect(resolveStaticPath(root, '/assets/index-a1.js')).toEqual({ ok: true, file: '/srv/renderer/assets/index-a1.js' });
    expect(resolveStaticPath(root, '/assets//./a%20b.css')).toEqual({ ok: true, file: '/srv/renderer/assets/a b.css' });
    expect(resolveStaticPath(root, '/caf%C3%A9.svg')).toEqual({ ok: true, file: '/srv/renderer/café.svg' });
  });

  it('refuses (400) a broken escape, a NUL or control character, a `..` however spelled, a path not from "/"', () => {
    for (const bad of [
      '/%E0%A4%A',
      '/%E0%A4',
      '/%',
      '/a%zz',
      '/a%00b',
      '/%00',
      '/a\0b',
      '/a%0Ab',
      '/..',
      '/../secret.txt',
      '/a/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/..%5csecret.txt',
      '/a\\..\\..\\secret.txt',
      'secret.txt',
      '',
    ]) {
      expect(resolveStaticPath(root, bad), JSON.stringify(bad)).toEqual({ ok: false, status: 400 });
    }
  });

  it('never throws on what a URL can carry', () => {
    expect(safeDecode('%E0%A4%A')).toBeNull();
    expect(rawPathOf('app://festime/a/../b%E0?x=1#y')).toBe('/a/../b%E0');
    expect(rawPathOf('app://festime')).toBe('/');
    expect(rawPathOf('/x?y')).toBe('/x');
  });
});

describe('appResponse', () => {
  it('answers 400 to a malformed path instead of throwing, and still serves afterwards', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'festime-app-'));
    const renderer = join(dir, 'renderer');
    mkdirSync(renderer);
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>ok</title>');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    for (const bad of [
      'app://festime/%E0%A4%A',
      'app://festime/assets/%E0%A4%A.js',
      'app://festime/a%00b',
      'app://festime/..%2fsecret.txt',
      'app://festime/%2e%2e%5csecret.txt',
    ]) {
      const res = await appResponse(bad, renderer);
      expect(res.status, bad).toBe(400);
      expect(await res.text()).not.toContain('secret');
    }
    expect((await appResponse('app://festime/missing.js', renderer)).status).toBe(404);
    expect((await appResponse('app://other/index.html', renderer)).status).toBe(404);
    expect((await appResponse('not a url', renderer)).status).toBe(400);
    const index = await appResponse('app://festime/', renderer);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<title>ok</title>');
  });
});
