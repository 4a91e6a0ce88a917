// Masking the password in whatever a server sends back (issue 12, "Secrets stay secret"). A server,
// a proxy or a maintenance page may echo the request: the password then comes back raw, percent-
// encoded in either case, form-encoded, through encodeURI, HTML-escaped, with its spaces squeezed,
// or cut short. The client masks the whole decoded answer with this BEFORE anything parses, cuts or
// keeps it. Two passes: the exact spellings, then a search on an "unfolded" copy of the text
// (entities and percent-codes decoded, whitespace and '+' collapsed) whose every character is
// mapped back to the original, so an echo in any mix of these spellings is found and masked where
// it stands. What is still found after that is reported (clean: false): the caller drops the text.
import { isUtf8 } from 'node:buffer';

/** What an echo of the password is replaced with. */
export const MASK = '••••';

/** A prefix of the password this long or longer, left at the end of a cut text, is removed. */
const MIN_PREFIX = 4;

/** HTML 4 names of U+00A0…U+00FF, in order. */
const LATIN1_NAMES =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml';

/** Named character references a page may use for a password's characters (HTML 4 and the HTML 5 names of ASCII punctuation). */
const ENTITIES: ReadonlyMap<string, string> = new Map([
  ...LATIN1_NAMES.split(' ').map((name, i) => [name, String.fromCharCode(0xa0 + i)] as const),
  ...Object.entries({
    amp: '&',
    AMP: '&',
    lt: '<',
    LT: '<',
    gt: '>',
    GT: '>',
    quot: '"',
    QUOT: '"',
    apos: "'",
    excl: '!',
    num: '#',
    dollar: '$',
    percnt: '%',
    lpar: '(',
    rpar: ')',
    ast: '*',
    midast: '*',
    plus: '+',
    comma: ',',
    period: '.',
    sol: '/',
    colon: ':',
    semi: ';',
    equals: '=',
    quest: '?',
    commat: '@',
    lsqb: '[',
    lbrack: '[',
    bsol: '\\',
    rsqb: ']',
    rbrack: ']',
    Hat: '^',
    lowbar: '_',
    grave: '`',
    lcub: '{',
    lbrace: '{',
    verbar: '|',
    vert: '|',
    VerticalLine: '|',
    rcub: '}',
    rbrace: '}',
    Tab: '\t',
    NewLine: '\n',
    NonBreakingSpace: '\u00a0',
    OElig: 'Œ',
    oelig: 'œ',
    Scaron: 'Š',
    scaron: 'š',
    Yuml: 'Ÿ',
    fnof: 'ƒ',
    circ: 'ˆ',
    tilde: '˜',
    ensp: '\u2002',
    emsp: '\u2003',
    thinsp: '\u2009',
    ndash: '–',
    mdash: '—',
    lsquo: '‘',
    rsquo: '’',
    sbquo: '‚',
    ldquo: '“',
    rdquo: '”',
    bdquo: '„',
    dagger: '†',
    Dagger: '‡',
    bull: '•',
    hellip: '…',
    permil: '‰',
    lsaquo: '‹',
    rsaquo: '›',
    euro: '€',
    trade: '™',
  }),
]);

/** windows-1252's characters for the bytes 0x80–0x9F (a percent-code that is not UTF-8 is read so). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function byteChar(byte: number): string {
  return byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80]! : String.fromCharCode(byte);
}

/** An escape: a character reference, a run of percent-codes, or a \\uXXXX escape. */
const ESCAPE = /&(?:#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?|(?:%[0-9A-Fa-f]{2})+|\\u[0-9A-Fa-f]{4}/g;

/** A piece of decoded text and where it starts in the escape it comes from. */
type Piece = [text: string, at: number];

/**
 * What an escape stands for: character references (&amp; &#38; &#x26; &eacute; …, a name without
 * ';' read as its longest known start, as legacy pages have it), percent-codes in either case
 * (UTF-8 sequences where valid, else one windows-1252 byte each) and \\uXXXX.
 */
function decodeEscape(token: string): Piece[] {
  if (token[0] === '&') {
    const numeric = /^&#(?:(\d+)|[xX]([0-9A-Fa-f]+));?$/.exec(token);
    if (numeric) {
      const code = numeric[1] !== undefined ? Number(numeric[1]) : parseInt(numeric[2]!, 16);
      return [[code <= 0x10ffff ? String.fromCodePoint(code) : token, 0]];
    }
    const name = token.endsWith(';') ? token.slice(1, -1) : token.slice(1);
    if (token.endsWith(';') && ENTITIES.has(name)) return [[ENTITIES.get(name)!, 0]];
    for (let n = name.length; n >= 2; n--) {
      const known = ENTITIES.get(name.slice(0, n));
      if (known !== undefined)
        return [
          [known, 0],
          [token.slice(n + 1), n + 1],
        ];
    }
    return [[token, 0]];
  }
  if (token[0] === '%') {
    const bytes: number[] = [];
    for (let j = 0; j < token.length; j += 3) bytes.push(parseInt(token.slice(j + 1, j + 3), 16));
    const pieces: Piece[] = [];
    for (let b = 0; b < bytes.length;) {
      const lead = bytes[b]!;
      const size = lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 && lead < 0xf0 ? 3 : lead >= 0xc2 && lead < 0xe0 ? 2 : 1;
      const seq = Buffer.from(bytes.slice(b, b + size));
      if (size > 1 && seq.length === size && isUtf8(seq)) {
        pieces.push([seq.toString('utf8'), 3 * b]);
        b += size;
      } else {
        pieces.push([byteChar(lead), 3 * b]);
        b += 1;
      }
    }
    return pieces;
  }
  return [[String.fromCharCode(parseInt(token.slice(2), 16)), 0]];
}

/** A text and, for each of its characters, where it starts in the original (plus one entry for the end). */
interface Unfolded {
  text: string;
  from: number[] | null;
}

/** One decoding pass over every escape; with `map`, where each character of the result comes from. */
function decodePass(text: string, map: boolean): Unfolded {
  if (!map)
    return {
      text: text.replace(ESCAPE, (token) =>
        decodeEscape(token)
          .map(([s]) => s)
          .join(''),
      ),
      from: null,
    };
  let out = '';
  const from: number[] = [];
  const plain = (start: number, end: number) => {
    out += text.slice(start, end);
    for (let k = start; k < end; k++) from.push(k);
  };
  let last = 0;
  ESCAPE.lastIndex = 0;
  for (let m = ESCAPE.exec(text); m; m = ESCAPE.exec(text)) {
    plain(last, m.index);
    for (const [s, at] of decodeEscape(m[0])) {
      // A decoded character stands for its whole escape; text left undecoded keeps its own places.
      const decoded = s !== m[0].slice(at, at + s.length);
      out += s;
      for (let k = 0; k < s.length; k++) from.push(m.index + at + (decoded ? 0 : k));
    }
    last = m.index + m[0].length;
  }
  plain(last, text.length);
  from.push(text.length);
  return { text: out, from };
}

/** Spaces, tabs, line breaks, no-break spaces and '+' (a space in form encoding): runs of them are one space. */
const BLANKS = /[\s+\u00a0]+/g;

function collapsePass(text: string, map: boolean): Unfolded {
  if (!map) return { text: text.replace(BLANKS, ' '), from: null };
  let out = '';
  const from: number[] = [];
  let last = 0;
  BLANKS.lastIndex = 0;
  for (let m = BLANKS.exec(text); m; m = BLANKS.exec(text)) {
    out += text.slice(last, m.index) + ' ';
    for (let k = last; k <= m.index; k++) from.push(k);
    last = m.index + m[0].length;
  }
  out += text.slice(last);
  for (let k = last; k <= text.length; k++) from.push(k);
  return { text: out, from };
}

/** Composes a pass's map onto the maps before it. */
function compose(before: number[] | null, pass: Unfolded): Unfolded {
  if (!before || !pass.from) return pass;
  return { text: pass.text, from: pass.from.map((at) => before[at]!) };
}

/** The text with every escape decoded (up to four levels: a page quoting an encoded URL) and blanks collapsed. */
export function unfold(text: string, map = false): Unfolded {
  let current: Unfolded = { text, from: map ? Array.from({ length: text.length + 1 }, (_, i) => i) : null };
  for (let round = 0; round < 4; round++) {
    const next = decodePass(current.text, map);
    if (next.text === current.text) break;
    current = compose(current.from, next);
  }
  return compose(current.from, collapsePass(current.text, map));
}

/** Upper-case percent-codes in lower case ("%2F" → "%2f"). */
function lowerHex(s: string): string {
  return s.replace(/%[0-9A-F]{2}/g, (p) => p.toLowerCase());
}

function htmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A `password=…` (or the usual other names) query, form or JSON value, whatever it holds. */
const PASSWORD_PARAM = /\b(password|passwd|pwd|mdp|mot_?de_?passe)(\s*(?:=|%3[dD]|&#0*61;|&#[xX]0*3[dD];|&equals;)\s*)([^\s&"'<>;#\]]*)/gi;
const PASSWORD_JSON = /("(?:password|passwd|pwd|mdp)"\s*:\s*")((?:[^"\\]|\\.)*)/gi;

export interface Scrubbed {
  text: string;
  /** False when the password was still found after masking: the text must not be kept at all. */
  clean: boolean;
}

export interface SecretMask {
  /** The password's exact spellings on the wire and in pages (raw, encodeURIComponent, encodeURI, form, lower-case percent, HTML-escaped). */
  readonly spellings: readonly string[];
  /** Every echo of the password replaced by ••••, and any `password=` value too. */
  scrub(text: string): Scrubbed;
  /** scrub(), then '' when an echo could not be masked. */
  mask(text: string): string;
  /** Whether the password (in any spelling this module knows) is in the text. */
  holds(text: string): boolean;
  /** Whether raw bytes could hold an echo (false: surely not; true: decode and scrub them). */
  mightHold(bytes: Uint8Array): boolean;
  /** A text masked, then cut to `max` characters, without a trailing start of the password or a broken escape. */
  cut(text: string, max: number): string;
  /** A text that was already cut elsewhere: masked, and a start of the password at its very end removed. */
  sanitize(text: string): string;
}

/** The masking of one password (an empty one masks nothing). */
export function createSecretMask(password: string): SecretMask {
  const raw = password;
  const exact = raw === '' ? [] : exactSpellings(raw);
  // What the password looks like unfolded: as typed, its UTF-8 read as windows-1252 (a page in
  // the wrong charset), its blanks removed (an echo that dropped them); trimmed, since an echo may be.
  const needles = [
    ...new Set(
      raw === ''
        ? []
        : [
            raw,
            Buffer.from(raw, 'utf8')
              .toString('latin1')
              .replace(/[\x80-\x9f]/g, (ch) => byteChar(ch.charCodeAt(0))),
            raw.replace(/\s+/g, ''),
          ]
            .map((s) => unfold(s).text.trim())
            .filter((s, i) => s.length > 0 && (i < 2 || s.length >= MIN_PREFIX)),
    ),
  ];
  const longest = Math.max(0, ...needles.map((n) => n.length));
  // Cheap byte probes: the longest run of letters and digits survives every spelling.
  const probe = /[A-Za-z0-9]{3,}/.test(raw) ? raw.match(/[A-Za-z0-9]+/g)!.reduce((a, b) => (b.length > a.length ? b : a)) : null;

  function found(unfolded: string): boolean {
    return needles.some((n) => unfolded.includes(n));
  }

  /** False when the text surely holds no whole echo: no escape at all, and not the password's longest run of letters and digits. */
  function mightHoldText(text: string): boolean {
    if (needles.length === 0) return false;
    if (probe === null || text.includes(probe)) return true;
    return text.includes('%') || text.includes('\\u') || text.includes('&#') || (text.includes('&') && /[&<>"'\s+\u0080-\uffff]/.test(raw));
  }

  function holds(text: string): boolean {
    if (!mightHoldText(text)) return false;
    return exact.some((s) => text.includes(s)) || found(unfold(text).text);
  }

  function maskUnfolded(text: string): string {
    const { text: flat, from } = unfold(text, true);
    const ranges: [number, number][] = [];
    for (const needle of needles)
      for (let at = flat.indexOf(needle); at !== -1; at = flat.indexOf(needle, at + 1)) ranges.push([from![at]!, from![at + needle.length]!]);
    if (ranges.length === 0) return text;
    ranges.sort((a, b) => a[0] - b[0]);
    let out = '';
    let last = 0;
    for (const [start, end] of ranges) {
      if (end <= last) continue;
      out += text.slice(last, Math.max(last, start)) + (start >= last ? MASK : '');
      last = end;
    }
    return out + text.slice(last);
  }

  function scrub(text: string): Scrubbed {
    if (!mightHoldText(text)) return { text: maskParams(text), clean: true };
    let out = text;
    for (const s of exact) if (out.includes(s)) out = out.split(s).join(MASK);
    if (found(unfold(out).text)) out = maskUnfolded(out);
    out = maskParams(out);
    return { text: out, clean: !holds(out) };
  }

  function mask(text: string): string {
    const r = scrub(text);
    return r.clean ? r.text : '';
  }

  /** Removes a broken escape and a start of the password (any spelling) left at the end of a text. */
  function dropTail(text: string): string {
    let t = text.replace(/(?:&#?[A-Za-z0-9]{0,31}|%[0-9A-Fa-f]?|\\u[0-9A-Fa-f]{0,3})$/, '');
    if (needles.length === 0) return t;
    // Only the end matters: the longest start of the password, each character spelt as long as an escape can be.
    const offset = Math.max(0, t.length - longest * 12 - 16);
    const { text: flat, from } = unfold(t.slice(offset), true);
    let cutAt = -1;
    for (const needle of needles) {
      for (let k = Math.min(needle.length - 1, flat.length); k >= MIN_PREFIX; k--) {
        if (flat.endsWith(needle.slice(0, k))) {
          const at = offset + from![flat.length - k]!;
          if (cutAt === -1 || at < cutAt) cutAt = at;
          break;
        }
      }
    }
    if (cutAt !== -1) t = `${t.slice(0, cutAt).trimEnd()}…`;
    return t;
  }

  function mightHold(bytes: Uint8Array): boolean {
    if (needles.length === 0) return false;
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // UTF-16 (a byte-order mark) hides ASCII from a byte search: decode it.
    if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
    if (buffer.includes('%') || buffer.includes('&#') || buffer.includes('\\u')) return true;
    if (/[&<>"'\s+]/.test(raw) && buffer.includes('&')) return true;
    return probe === null || buffer.includes(probe);
  }

  return {
    spellings: exact,
    scrub,
    mask,
    holds,
    mightHold,
    cut: (text, max) => dropTail(mask(text).slice(0, max)),
    sanitize: (text) => dropTail(mask(text)),
  };
}

function maskParams(text: string): string {
  return text
    .replace(PASSWORD_PARAM, (_m, name: string, eq: string, value: string) => `${name}${eq}${value ? MASK : ''}`)
    .replace(PASSWORD_JSON, (_m, head: string) => `${head}${MASK}`);
}

/** The exact spellings, longest first (so a longer one is masked whole before a shorter one inside it). */
function exactSpellings(password: string): string[] {
  const component = encodeURIComponent(password);
  const uri = encodeURI(password);
  const form = new URLSearchParams({ p: password }).toString().slice(2);
  const squeezed = password.replace(/[ \t]+/g, ' ');
  const base = [password, squeezed, component, lowerHex(component), uri, lowerHex(uri), form, lowerHex(form)];
  const all = [...base, ...base.map(htmlEscape), ...base.map((s) => s.replace(/&/g, '&#38;')), ...base.map((s) => s.replace(/&/g, '&#x26;'))];
  return [...new Set(all)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}
