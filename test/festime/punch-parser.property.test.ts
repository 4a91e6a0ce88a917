// Round trip: any punches, written the way Festime (or the simulator) may write them, read back
// exactly. Names follow the rules of shared/validation.ts: trimmed, not empty, no ';', '~',
// control character or line break; anything else goes, accents, emoji and other scripts included.
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, it } from 'vitest';
import { decodeBody } from '../../main/core/festime/decode';
import { parsePunchAnswer, parsePunchBody, type ParsedPunch, type PunchAnswer } from '../../main/core/festime/punch-parser';
import { formatPunchAnswer, type PunchAnswerStyle } from '../../main/core/festime/simulator/format';
import { PUNCH_LEGEND, type Punch, type PunchType } from '../../shared/festime';
import { holderInputSchema } from '../../shared/validation';

// ---------------------------------------------------------------------------------------------
// Text

/**
 * Markup that could be taken for a page appended after the data ("<html", "<!--", "<script"…)
 * is left to the example tests in spec-examples.test.ts: here '<' is never followed by a letter,
 * '!' or '?'.
 */
const MARKUP_START = /<[!?a-z]/i;

/** A value the app would accept for a holder's name (the same zod rule), and as Festime echoes it. */
function acceptable(text: string): boolean {
  if (MARKUP_START.test(text)) return false;
  const checked = holderInputSchema.shape.nom.safeParse(text);
  return checked.success && checked.data === text;
}

const AWKWARD = [
  'é',
  'è',
  'ê',
  'à',
  'ç',
  'ï',
  'ô',
  'ù',
  'ÿ',
  'É',
  'È',
  'Ç',
  'Ô',
  'œ',
  'Œ',
  'æ',
  'ß',
  'ñ',
  '’',
  '‘',
  '“',
  '”',
  '«',
  '»',
  '"',
  "'",
  '`',
  '<',
  '>',
  '&',
  '&amp;',
  '&lt;',
  '/',
  '\\',
  '-',
  '–',
  '—',
  '.',
  ',',
  ':',
  '!',
  '?',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '#',
  '%',
  '+',
  '=',
  '*',
  '|',
  '^',
  '$',
  '@',
  '€',
  '°',
  ' ',
  '  ',
  '   ',
  '\u00a0',
  '\u202f',
  '\u200b',
  '😀',
  '👩‍🔧',
  '🇫🇷',
  '👍🏽',
  'e\u0301',
  '中文',
  '漢字',
  'Жанна',
  'Ωμέγα',
  'עברית',
  'العربية',
  'हिन्दी',
  '한국어',
  'ひらがな',
  'A',
  'b',
  'Z',
  'x',
  'Le',
  'De',
  'Mc',
  '0',
  '7',
];

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...AWKWARD) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
);

/** A non-empty, trimmed name or label built from awkward pieces. */
function awkwardText(maxPieces: number): fc.Arbitrary<string> {
  return fc
    .string({ unit: piece, minLength: 1, maxLength: maxPieces })
    .map((s) => s.trim())
    .filter(acceptable);
}

/** The characters windows-1252 can hold (iconv-lite's table), minus ';', '~' and DEL. */
const CP1252_CHARS = Array.from({ length: 0x100 - 0x20 }, (_, i) => iconv.decode(Buffer.from([0x20 + i]), 'windows-1252')).filter(
  (ch) => ch !== '\ufffd' && ch !== ';' && ch !== '~' && ch !== '\x7f',
);

function cp1252Text(maxChars: number): fc.Arbitrary<string> {
  return fc
    .string({ unit: fc.constantFrom(...CP1252_CHARS), minLength: 1, maxLength: maxChars })
    .map((s) => s.trim())
    .filter(acceptable);
}

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });

// ---------------------------------------------------------------------------------------------
// Punches

const EDGE_TIMES = ['2024-02-29T00:00:00', '2000-02-29T23:59:59', '2026-12-31T23:59:59', '2027-01-01T00:00:00', '2026-03-29T02:30:00', '2026-10-25T02:30:00'];

const datetime = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 19)),
  },
  { weight: 1, arbitrary: fc.constantFrom(...EDGE_TIMES) },
);

type Text = (max: number) => fc.Arbitrary<string>;

// Festime's ids are sequential; the parser reads up to 15 digits.
const punchId = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 999_999_999_999_999 }));
const punchType = fc.constantFrom<PunchType>('A', 'D', 'P');

/** Punches whose every value is drawn anew. */
function loosePunches(text: Text, maxLength: number): fc.Arbitrary<Punch[]> {
  const punch = fc
    .record({
      id: punchId,
      uid: fc.oneof(digits(1, 12), text(12)),
      name: text(30),
      type: punchType,
      reasonCode: fc.oneof(fc.constant(''), digits(1, 3)),
      reason: fc.oneof(fc.constant(''), text(20)),
      at: datetime,
      terminal: digits(0, 8),
      accessPoint: text(30),
      clientId: digits(0, 5),
      client: text(20),
      group: fc.oneof(fc.constant(''), text(10)),
    })
    .map((p): Punch => ({ ...p })); // a plain object, as the parser builds (fc.record's has another prototype)
  return fc.array(punch, { maxLength });
}

/**
 * Distinct values that differ only where a cheap hash may not look (the second character, one
 * off the middle) or that a polynomial hash maps alike ("Aa"/"BB"): the parser shares repeated
 * strings, and two people so named must not be merged into one.
 */
const SAME_HASH = ['DUPONT Jean', 'DUPONT Joan', 'LEROY Anne', 'LAROY Anne', 'Aa', 'BB', 'AaBB', 'BBAa'];

/** Punches as a site has them: a few people, access points, groups and reasons, each seen many times. */
function sitePunches(text: Text, maxLength: number): fc.Arbitrary<Punch[]> {
  const some = <T>(arb: fc.Arbitrary<T>, max: number) => fc.array(arb, { minLength: 1, maxLength: max });
  const sameHash = fc.constantFrom(...SAME_HASH);
  const site = fc.record({
    people: some(fc.tuple(fc.oneof(digits(1, 12), sameHash), fc.oneof(text(30), sameHash)), 6),
    points: some(fc.tuple(fc.oneof(text(30), sameHash), digits(0, 8)), 3),
    clients: some(fc.tuple(digits(0, 5), fc.oneof(text(20), sameHash)), 2),
    groups: some(fc.oneof(fc.constant(''), text(10), sameHash), 3),
    reasons: some(fc.tuple(digits(0, 3), fc.oneof(fc.constant(''), text(20), sameHash)), 3),
  });
  return site.chain(({ people, points, clients, groups, reasons }) => {
    const pick = <T>(list: readonly T[]) => fc.nat({ max: list.length - 1 }).map((i) => list[i]!);
    const punch = fc
      .tuple(punchId, punchType, datetime, pick(people), pick(points), pick(clients), pick(groups), pick(reasons))
      .map(([id, type, at, [uid, name], [accessPoint, terminal], [clientId, client], group, [reasonCode, reason]]): Punch => ({
        id,
        uid,
        name,
        type,
        reasonCode,
        reason,
        at,
        terminal,
        accessPoint,
        clientId,
        client,
        group,
      }));
    return fc.array(punch, { maxLength });
  });
}

function punchesArbitrary(text: Text, maxLength: number): fc.Arbitrary<Punch[]> {
  return fc.oneof(loosePunches(text, maxLength), sitePunches(text, maxLength));
}

// ---------------------------------------------------------------------------------------------
// The way the answer is written

const PAGES = [
  '\r\n<!DOCTYPE html>\r\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>webapi</title></head><body><form method="post" action="./webapi.aspx" id="form1"><div class="aspNetHidden"><input type="hidden" name="__VIEWSTATE" value="/wEPDwUKLTEzNDM3Nzc5Ng9kFgICAw==" /></div></form></body></html>\r\n',
  '<!DOCTYPE html><html><head><title>webapi</title></head><body></body></html>',
  '\n<html>\n<head><title></title></head>\n<body>\n</body>\n</html>',
];

interface Writing {
  style: Required<PunchAnswerStyle>;
  bom: boolean;
  page: string;
}

const legendOrder = fc
  .tuple(
    fc.shuffledSubarray([...PUNCH_LEGEND], { minLength: PUNCH_LEGEND.length, maxLength: PUNCH_LEGEND.length }),
    fc.option(fc.tuple(fc.constantFrom('code_badge', 'Matricule', 'zone_libre_1', 'ID_SITE'), fc.nat({ max: PUNCH_LEGEND.length }))),
    fc.boolean(),
  )
  .map(([order, extra, shuffled]): string[] => {
    const legend: string[] = [...(shuffled ? order : PUNCH_LEGEND)]; // a copy: fast-check hands the same array to every shrink
    if (extra) legend.splice(extra[1], 0, extra[0]);
    return legend;
  });

function writingArbitrary(allowBom: boolean): fc.Arbitrary<Writing> {
  return fc.record({
    style: fc.record({
      legend: legendOrder,
      separator: fc.constantFrom('~', '~\n', '~\r\n', ' ~ '),
      trailingSeparator: fc.boolean(),
      trailingSemicolon: fc.boolean(),
    }),
    bom: allowBom ? fc.boolean() : fc.constant(false),
    page: fc.oneof({ weight: 2, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom(...PAGES) }),
  });
}

function write(punches: readonly Punch[], { style, bom, page }: Writing): string {
  return (bom ? '\uFEFF' : '') + formatPunchAnswer(punches, style) + page;
}

function withoutExtra(p: ParsedPunch): Punch {
  const { extra: _extra, ...punch } = p;
  return punch;
}

/**
 * Whether the text reads back as `punches`, under the legend written, with no extra field (the
 * writer leaves code_translation and unknown columns empty). A boolean rather than expect(): a
 * failing run is shrunk many times, and a diff of 25 punches on each attempt would take minutes;
 * fast-check prints the smallest counterexample.
 */
function readsBack(text: string, punches: readonly Punch[], writing: Writing): boolean {
  return answerIs(parsePunchAnswer(text), punches, writing);
}

/**
 * Whether the bytes read back as `punches` both ways: decoded whole and then parsed, and parsed
 * byte by byte (parsePunchBody, what the client does), which decodes only the values it keeps.
 */
function bytesReadBack(bytes: Uint8Array, contentType: string | null, punches: readonly Punch[], writing: Writing): boolean {
  return readsBack(decodeBody(bytes, contentType), punches, writing) && answerIs(parsePunchBody(bytes, contentType), punches, writing);
}

function answerIs(parsed: PunchAnswer, punches: readonly Punch[], writing: Writing): boolean {
  return (
    isDeepStrictEqual(parsed.punches.toArray().map(withoutExtra), punches) &&
    parsed.punches.toArray().every((p) => p.extra === null) &&
    isDeepStrictEqual(
      parsed.legend,
      writing.style.legend.map((n) => n.toLowerCase()),
    )
  );
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Shrinking a failure among 25 punches of 12 fields can run for minutes, and a synchronous
 * property cannot be stopped by vitest's timeout: stop after this long and report the
 * counterexample reached so far. A passing run takes well under a second.
 */
const SHRINK_BUDGET_MS = 10_000;

// ---------------------------------------------------------------------------------------------

describe('parsePunchAnswer reads back what was written', () => {
  it('any punches, any way of writing them', () => {
    fc.assert(
      fc.property(punchesArbitrary(awkwardText, 25), writingArbitrary(true), (punches, writing) => {
        return readsBack(write(punches, writing), punches, writing);
      }),
      { numRuns: 300, interruptAfterTimeLimit: SHRINK_BUDGET_MS },
    );
  });

  it('the same, sent as UTF-8 bytes with or without a charset', () => {
    fc.assert(
      fc.property(
        punchesArbitrary(awkwardText, 15),
        writingArbitrary(true),
        fc.constantFrom(null, 'text/html', 'text/html; charset=utf-8', 'text/plain;charset=UTF-8'),
        (punches, writing, contentType) => {
          const bytes = new TextEncoder().encode(write(punches, writing));
          return bytesReadBack(bytes, contentType, punches, writing);
        },
      ),
      { numRuns: 150, interruptAfterTimeLimit: SHRINK_BUDGET_MS },
    );
  });

  it('the same, sent as windows-1252 bytes, labelled or not', () => {
    fc.assert(
      fc.property(
        punchesArbitrary(cp1252Text, 15),
        writingArbitrary(false),
        fc.constantFrom(null, 'text/html', 'text/html; charset=utf-8', 'text/plain; charset=windows-1252', 'text/html; charset=iso-8859-1'),
        (punches, writing, contentType) => {
          const text = write(punches, writing);
          const bytes = new Uint8Array(iconv.encode(text, 'windows-1252'));
          const labelled = contentType !== null && /1252|8859/.test(contentType);
          // Unlabelled (or mislabelled) bytes that also happen to be valid UTF-8 cannot be told apart: skip them.
          fc.pre(labelled || !isUtf8(bytes) || bytes.every((b) => b < 0x80));
          return bytesReadBack(bytes, contentType, punches, writing);
        },
      ),
      { numRuns: 200, interruptAfterTimeLimit: SHRINK_BUDGET_MS },
    );
  });

  it('the same, sent as UTF-16 with a byte-order mark, or in another declared charset', () => {
    fc.assert(
      fc.property(
        punchesArbitrary(cp1252Text, 10),
        writingArbitrary(false),
        fc.constantFrom('utf-16le', 'utf-16be', 'iso-8859-15'),
        (punches, writing, encoding) => {
          const text = write(punches, writing);
          fc.pre(encoding !== 'iso-8859-15' || iconv.decode(iconv.encode(text, encoding), encoding) === text);
          const bom = encoding === 'utf-16le' ? [0xff, 0xfe] : encoding === 'utf-16be' ? [0xfe, 0xff] : [];
          const bytes = new Uint8Array([...bom, ...iconv.encode(text, encoding)]);
          return bytesReadBack(bytes, encoding === 'iso-8859-15' ? `text/html; charset=${encoding}` : null, punches, writing);
        },
      ),
      { numRuns: 100, interruptAfterTimeLimit: SHRINK_BUDGET_MS },
    );
  });
});
