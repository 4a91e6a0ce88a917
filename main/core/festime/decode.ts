// Bytes of a Festime answer to text. Festime is a legacy .aspx service: it may send UTF-8 or
// windows-1252, with or without a charset, sometimes a wrong one. The field values must come
// through exactly, accents included.
import { isAscii, isUtf8, transcode } from 'node:buffer';
import iconv from 'iconv-lite';

function charsetOf(contentType: string | null): string | null {
  const m = contentType ? /charset\s*=\s*"?([^";\s]+)/i.exec(contentType) : null;
  return m ? m[1]!.toLowerCase() : null;
}

/**
 * Honours the declared charset; when none is declared, or UTF-8 is declared but the bytes are not
 * valid UTF-8, reads them as windows-1252 through iconv-lite (Node 20's own TextDecoder maps
 * 0x80–0x9F wrongly). Latin-1 labels are read as windows-1252, as browsers do.
 */
export function decodeBody(bytes: Uint8Array, contentType: string | null): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // A byte-order mark says more about the body than a header set elsewhere (as browsers do).
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decodeUtf8OrLegacy(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return iconv.decode(buffer.subarray(2), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return iconv.decode(buffer.subarray(2), 'utf-16be');
  let charset = charsetOf(contentType);
  if (charset && LATIN1_LABELS.has(charset)) charset = 'windows-1252';
  if (charset && charset !== 'utf-8' && charset !== 'utf8' && iconv.encodingExists(charset)) return iconv.decode(buffer, charset);
  return decodeUtf8OrLegacy(bytes);
}

/**
 * The body as one character per byte (its bytes read as Latin-1), with the function that turns a
 * part of it into the text the body means: for a parser that only looks for ASCII separators and
 * keeps few distinct values, this spares decoding the whole body. The decisions are decodeBody's;
 * null when the body is not read byte by byte (UTF-16, another declared charset): decode it then.
 */
export interface ByteView {
  text: string;
  /** The meaning of `text.slice(…)`: a string of its own (not a view into the body). */
  decode: (raw: string) => string;
}

export function byteView(bytes: Uint8Array, contentType: string | null): ByteView | null {
  let buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let bom = false;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    buffer = buffer.subarray(3);
    bom = true;
  } else if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return null;
  let charset = bom ? null : charsetOf(contentType);
  if (charset && LATIN1_LABELS.has(charset)) charset = 'windows-1252';
  const declared = charset && charset !== 'utf-8' && charset !== 'utf8' && iconv.encodingExists(charset) ? charset : null;
  if (declared !== null && declared !== 'windows-1252') return null;
  const text = buffer.toString('latin1');
  // ASCII is UTF-8 too: fromUtf8 copies a value without a byte above 0x7F as it is.
  if (declared === null && isUtf8(buffer)) return { text, decode: fromUtf8 };
  return { text, decode: fromWindows1252 };
}

/**
 * A copy of a string that does not point into the body: V8 makes a slice of 13 characters or more
 * a view of the whole text, which would keep a 24 MB answer alive as long as the values kept.
 */
export function ownCopy(raw: string): string {
  return raw.length < 13 ? raw : (JSON.parse(JSON.stringify(raw)) as string);
}

function hasHighByte(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) if (raw.charCodeAt(i) > 0x7f) return true;
  return false;
}

function fromUtf8(raw: string): string {
  return hasHighByte(raw) ? Buffer.from(raw, 'latin1').toString('utf8') : ownCopy(raw);
}

function fromWindows1252(raw: string): string {
  return hasHighByte(raw) ? iconv.decode(Buffer.from(raw, 'latin1'), 'windows-1252') : ownCopy(raw);
}

/** UTF-8 when the bytes are valid UTF-8, else windows-1252. */
function decodeUtf8OrLegacy(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Pure ASCII: each byte is one character (isAscii stops at the first byte that is not).
  if (isAscii(buffer)) return buffer.toString('latin1');
  const narrow = latin1Text(buffer);
  if (narrow !== null) return narrow;
  // Other text: one validity pass (simdutf), then one decode, instead of TextDecoder's fatal
  // mode, which does both at a quarter of the speed.
  return isUtf8(buffer) ? buffer.toString('utf8') : iconv.decode(buffer, 'windows-1252');
}

/**
 * UTF-8 whose characters all fit in one byte (French text: é, è, à, ç…), read through ICU's
 * UTF-8 → Latin-1 converter and then as Latin-1: the same string, twice as fast as V8's UTF-8
 * decoder. The converter writes '?' for a byte sequence that is not UTF-8 and for a character
 * above U+00FF (œ, €, ’, emoji…), or drops the latter when invisible (U+FEFF, U+200B…). So the
 * string is trusted only with as many '?' as the bytes and as long once written back in UTF-8;
 * otherwise null. Null too without ICU.
 */
function latin1Text(buffer: Buffer): string | null {
  let narrow: Buffer;
  try {
    narrow = transcode(buffer, 'utf8', 'latin1');
  } catch {
    return null;
  }
  if (count(narrow, 0x3f) !== count(buffer, 0x3f)) return null;
  const text = narrow.toString('latin1');
  return Buffer.byteLength(text, 'utf8') === buffer.length ? text : null;
}

/** How many times a byte occurs (memchr through indexOf: fast when it is rare). */
function count(buffer: Buffer, byte: number): number {
  let n = 0;
  for (let at = buffer.indexOf(byte); at !== -1; at = buffer.indexOf(byte, at + 1)) n++;
  return n;
}

/** Every label the WHATWG Encoding standard reads as windows-1252. */
const LATIN1_LABELS = new Set([
  'ansi_x3.4-1968',
  'ascii',
  'cp1252',
  'cp819',
  'csisolatin1',
  'ibm819',
  'iso-8859-1',
  'iso-ir-100',
  'iso8859-1',
  'iso88591',
  'iso_8859-1',
  'iso_8859-1:1987',
  'l1',
  'latin1',
  'us-ascii',
  'windows-1252',
  'x-cp1252',
]);

const HTML_START = /^<(?:!doctype|html|head|body|\?xml|!--|title|script)[\s>/]/i;

/**
 * Where an HTML document starts in an answer: ASP.NET pages often append their markup after the
 * data written with Response.Write. Returns -1 when there is none. Markup counts only where a
 * record could start (the beginning, or after `~`, a line break or a byte-order mark), so that a
 * name such as "<script>" typed into a holder form is read as a name; `<!DOCTYPE` counts anywhere.
 * A byte-order mark just before the markup is where the page starts.
 */
export function htmlStart(text: string): number {
  let at = text.indexOf('<');
  while (at !== -1) {
    const head = text.slice(at, at + 12);
    const doctype = /^<!doctype[\s>]/i.test(head);
    if (doctype || HTML_START.test(head)) {
      let before = at - 1;
      while (before >= 0 && (text.charCodeAt(before) === 32 || text.charCodeAt(before) === 9)) before--;
      // A byte-order mark just before the page belongs to it, not to the last record.
      const bom = bomEndingAt(text, before);
      if (bom > 0) return before - bom + 1;
      const c = before < 0 ? -1 : text.charCodeAt(before);
      if (doctype || c === -1 || c === 126 || c === 10 || c === 13) return at;
    }
    at = text.indexOf('<', at + 1);
  }
  return -1;
}

/** A UTF-8 byte-order mark as the byte view of a body shows it (one character per byte). */
export const RAW_BOM = '\u00ef\u00bb\u00bf';

/** The length of a byte-order mark ending at `end` (included): 1 (U+FEFF), 3 (its UTF-8 bytes, read one per character), else 0. */
function bomEndingAt(text: string, end: number): number {
  if (end < 0) return 0;
  if (text.charCodeAt(end) === 0xfeff) return 1;
  return end >= 2 && text.startsWith(RAW_BOM, end - 2) ? 3 : 0;
}
