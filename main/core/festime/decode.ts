// Bytes of a Festime answer to text. Festime is a legacy .aspx service: it may send UTF-8 or
// windows-1252, with or without a charset, sometimes a wrong one. The field values must come
// through exactly, accents included.
import iconv from 'iconv-lite';

const utf8 = new TextDecoder('utf-8', { fatal: true });

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
  let charset = charsetOf(contentType);
  if (charset === 'iso-8859-1' || charset === 'latin1' || charset === 'us-ascii' || charset === 'ascii') charset = 'windows-1252';
  let text: string;
  if (charset && charset !== 'utf-8' && charset !== 'utf8' && iconv.encodingExists(charset)) {
    text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset);
  } else {
    try {
      text = utf8.decode(bytes);
    } catch {
      text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'windows-1252');
    }
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const HTML_START = /^<(?:!doctype|html|head|body|\?xml|!--|title|script)[\s>/]/i;

/**
 * Where an HTML document starts in an answer: ASP.NET pages often append their markup after the
 * data written with Response.Write. Returns -1 when there is none. Looks only from the first `<`,
 * so that data without markup (the usual case) costs one scan.
 */
export function htmlStart(text: string): number {
  let at = text.indexOf('<');
  while (at !== -1) {
    if (HTML_START.test(text.slice(at, at + 12))) return at;
    at = text.indexOf('<', at + 1);
  }
  return -1;
}

/** The <title> of an HTML page, to say which error page Festime sent (no more than 120 characters). */
export function htmlTitle(html: string): string | null {
  const m = /<title[^>]*>([\s\S]{0,400}?)<\/title>/i.exec(html);
  const title = m?.[1]?.replace(/\s+/g, ' ').trim();
  return title ? title.slice(0, 120) : null;
}
