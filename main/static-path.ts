// Which file of the built renderer a request path names, for both doors that serve it (the app://
// protocol and the browser bridge). A pure function: it never throws and never touches the disk, so
// that a malformed address (a broken %-escape, a `..`, a NUL) is a 400, not an exception.
import { join, resolve, sep } from 'node:path';

export type StaticPath = { ok: true; file: string } | { ok: false; status: 400 };

const BAD: StaticPath = { ok: false, status: 400 };

/** `%E0%A4%A` and other broken escapes give null instead of a URIError. */
export function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** The path part of a URL as it was sent (before any dot-segment clean-up), without query or fragment. */
export function rawPathOf(url: string): string {
  const path = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(url)?.[1] ?? url.replace(/[?#].*$/s, '');
  return path || '/';
}

/**
 * The file under `root` that `rawPath` (still %-encoded, as sent) names; "/" is index.html. Refused
 * (400): a path not starting with "/", a broken escape, a NUL or other control character, a `..`
 * segment (sent plainly or %-encoded, with / or \), anything that would land outside `root`.
 */
export function resolveStaticPath(root: string, rawPath: string): StaticPath {
  if (!rawPath.startsWith('/')) return BAD;
  const decoded = safeDecode(rawPath);
  // eslint-disable-next-line no-control-regex -- refusing control characters (NUL first) is the point
  if (decoded === null || /[\u0000-\u001f\u007f]/.test(decoded)) return BAD;
  const segments = decoded.split(/[/\\]+/).filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return BAD;
  const base = resolve(root);
  const file = resolve(join(base, ...(segments.length ? segments : ['index.html'])));
  if (!file.startsWith(base + sep)) return BAD;
  return { ok: true, file };
}
