// The window's files come from app://festime/ (never file:// or a dev server in production), each
// answer carrying the strict Content-Security-Policy: the page may not reach any network.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { rawPathOf, resolveStaticPath } from '../static-path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'festime';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** The answer to an app:// request: only files under `root`, only from our host; never a throw. */
export async function appResponse(url: string, root: string): Promise<Response> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return new Response('bad request', { status: 400 });
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return new Response('not found', { status: 404 });
  // The path as sent, not URL's clean-up of it: a `..` or a broken %-escape is refused, not resolved.
  const wanted = resolveStaticPath(root, rawPathOf(url));
  if (!wanted.ok) return new Response('bad request', { status: wanted.status });
  try {
    const body = await readFile(wanted.file);
    return new Response(body, {
      headers: {
        'Content-Type': TYPES[extname(wanted.file)] ?? 'application/octet-stream',
        'Content-Security-Policy': APP_CSP,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch {
    return new Response('not found', { status: 404 });
  }
}
