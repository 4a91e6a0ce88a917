// The shortcuts of the parser and the decoder, where they could go wrong: runs of text columns
// reused from earlier records (more variants than remembered, values that are prefixes of one
// another, records cut short inside a run), and UTF-8 read through Latin-1 (characters that the
// converter would drop or replace, bytes that are not UTF-8).
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FestimeBadAnswerError, FestimeRefusedError } from '../../main/core/errors';
import { decodeBody } from '../../main/core/festime/decode';
import { parsePunchAnswer, parsePunchBody, type ParsedPunch } from '../../main/core/festime/punch-parser';
import { formatPunchAnswer } from '../../main/core/festime/simulator/format';
import { PUNCH_LEGEND, type Punch, type PunchType } from '../../shared/festime';

function withoutExtra(p: ParsedPunch): Punch {
  const { extra: _extra, ...punch } = p;
  return punch;
}

const GROUPS = ['ATELIER', 'ATELIER 2', 'ATELIER 22', '', 'BUREAU', 'LOGISTIQUE', 'A'];
const REASONS: [string, string][] = [
  ['0', ''],
  ['1', 'Déjeuner'],
  ['12', 'Déjeuner long'],
  ['2', 'Pause café'],
  ['1', 'Déjeuner '],
  ['', ''],
];
const POINTS: [string, string][] = [
  ['8798', 'Entrée atelier - Melun'],
  ['879', 'Entrée atelier - Melun'],
  ['8798', 'Entrée atelier'],
  ['9112', 'Accueil'],
];
const PEOPLE: [string, string][] = [
  ['100', 'MARTIN Élodie'],
  ['1001', 'MARTIN Élodie'],
  ['100', 'MARTIN Élodie B'],
  ['7', 'DUBOIS Zoé'],
];
const TYPES: PunchType[] = ['A', 'P', 'A', 'D', 'P'];

/** Punches cycling through more variants than the parser remembers, in overlapping periods. */
function cyclingPunches(count: number): Punch[] {
  return Array.from({ length: count }, (_, i): Punch => {
    const [uid, name] = PEOPLE[Math.floor(i / 3) % PEOPLE.length]!;
    const [reasonCode, reason] = REASONS[i % REASONS.length]!;
    const [terminal, accessPoint] = POINTS[(i * 7) % POINTS.length]!;
    const second = (i * 37) % 60;
    return {
      id: 1000 + i,
      uid,
      name,
      type: TYPES[i % TYPES.length]!,
      reasonCode,
      reason,
      at: `2026-0${1 + (Math.floor(i / 50) % 9)}-1${i % 10}T0${i % 10}:1${i % 10}:${second < 10 ? '0' : ''}${second}`,
      terminal,
      accessPoint,
      clientId: i % 11 === 0 ? '12' : '1',
      client: i % 13 === 0 ? 'GROUPE' : 'GROUPE DES TILLEULS',
      group: GROUPS[i % GROUPS.length]!,
    };
  });
}

describe('runs of text columns reused from earlier records', () => {
  it.each([
    ['standard legend', PUNCH_LEGEND],
    ['legend reversed', [...PUNCH_LEGEND].reverse()],
    ['extra columns between and after', ['badge', ...PUNCH_LEGEND.slice(0, 9), 'zone', ...PUNCH_LEGEND.slice(9), 'fin']],
  ])('reads back punches cycling through many variants (%s)', (_name, legend) => {
    const punches = cyclingPunches(400);
    for (const style of [{}, { trailingSemicolon: true }, { separator: ' ~ ', trailingSeparator: true }, { separator: '~\n' }]) {
      const parsed = parsePunchAnswer(formatPunchAnswer(punches, { legend, ...style }));
      expect(parsed.punches.toArray().map(withoutExtra)).toEqual(punches);
      expect(parsed.punches.toArray().every((p) => p.extra === null)).toBe(true);
    }
  });

  it('a record cut short inside a run leaves the columns it lacks empty, and the next ones whole', () => {
    const legend = [...PUNCH_LEGEND, 'badge', 'zone'];
    const full = (id: number, badge: string) =>
      `12;GROUPE;ATELIER;${id};100;MARTIN Élodie;A;0;;lundi;31/08/2026 07:02:38;31;8;2026;7;2;38;8798;Entrée;;${badge};Z1`;
    const short = '12;GROUPE;ATELIER;3;100;MARTIN Élodie;A;0;;lundi;31/08/2026 07:02:38;31;8;2026;7;2;38;8798;Entrée;;B-3';
    const text = [legend.join(';'), full(1, 'B-1'), full(2, 'B-1'), short, full(4, 'B-1'), full(5, 'B-5')].join('~');
    const parsed = parsePunchAnswer(text);
    expect(parsed.punches.toArray().map((p) => [p.id, p.extra])).toEqual([
      [1, { badge: 'B-1', zone: 'Z1' }],
      [2, { badge: 'B-1', zone: 'Z1' }],
      [3, { badge: 'B-3' }],
      [4, { badge: 'B-1', zone: 'Z1' }],
      [5, { badge: 'B-5', zone: 'Z1' }],
    ]);
    expect(parsed.punches.toArray().every((p) => p.accessPoint === 'Entrée' && p.group === 'ATELIER')).toBe(true);
  });

  it('a run that ended a record is not taken for the start of a longer one', () => {
    const record = (id: number, translation: string) =>
      `12;GROUPE;ATELIER;${id};100;MARTIN Élodie;A;0;;lundi;31/08/2026 07:02:38;31;8;2026;7;2;38;8798;Entrée${translation}`;
    const text = [PUNCH_LEGEND.join(';'), record(1, ';'), record(2, ';TR-7'), record(3, ' Sud;'), record(4, ';'), record(5, ';TR')].join('~\r\n');
    const parsed = parsePunchAnswer(text);
    expect(parsed.punches.toArray().map((p) => [p.accessPoint, p.extra])).toEqual([
      ['Entrée', null],
      ['Entrée', { code_translation: 'TR-7' }],
      ['Entrée Sud', null],
      ['Entrée', null],
      ['Entrée', { code_translation: 'TR' }],
    ]);
  });

  it('an empty code_mvt followed by an empty field is reported as empty', () => {
    const record = '12;GROUPE;ATELIER;1;100;MARTIN Élodie;;;;lundi;31/08/2026 07:02:38;31;8;2026;7;2;38;8798;Entrée;';
    let error: unknown;
    try {
      parsePunchAnswer(`${PUNCH_LEGEND.join(';')}~${record}`);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FestimeBadAnswerError);
    expect((error as FestimeBadAnswerError).kind).toBe('malformed-record');
    expect((error as FestimeBadAnswerError).params).toEqual({ record: 1, field: 'code_mvt', value: '' });
  });
});

describe('decodeBody: UTF-8 read through Latin-1', () => {
  const strict = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);

  it.each([
    ['accents only', 'Élodie;Entrée;Déjeuner;ÿ;à;ç'],
    ['with question marks', '¿Qué? Zoé? ?;?;é'],
    ['C1 controls (U+0080–U+009F)', 'a\u0080b\u009fc é'],
    ['a zero-width space, which the converter would drop', 'Zoé\u200bMARTIN'],
    ['a byte-order mark inside the text', 'Zoé;\ufeffMARTIN'],
    ['a word joiner and a variation selector', 'é\u2060x\ufe0fy'],
    ['a combining grapheme joiner (two bytes, above U+00FF)', 'é\u034fz'],
    ['œ and €', 'Cœur;10 €;é'],
    ['an emoji', 'é 😀 ?'],
  ])('%s: the same text as a strict UTF-8 decoder', (_name, text) => {
    const bytes = new TextEncoder().encode(text);
    expect(decodeBody(bytes, 'text/html; charset=utf-8')).toBe(text);
    expect(decodeBody(bytes, null)).toBe(text);
    expect(decodeBody(bytes, null)).toBe(strict(bytes));
  });

  it.each([
    ['a lone continuation byte', [0xc3, 0xa9, 0x80, 0x41]],
    ['a truncated sequence', [0xc3, 0xa9, 0xc3]],
    ['an overlong form', [0xc3, 0xa9, 0xc0, 0x80]],
    ['a lead byte before ASCII', [0x3f, 0xc3, 0x28]],
    ['an encoded surrogate', [0xc3, 0xa9, 0xed, 0xa0, 0x80]],
  ])('bytes that are not UTF-8 (%s) are read as windows-1252', (_name, list) => {
    const bytes = new Uint8Array(list);
    expect(decodeBody(bytes, null)).toBe(iconv.decode(Buffer.from(bytes), 'windows-1252'));
  });
});

describe('parsePunchBody: the bytes read where they lie, only the values kept decoded', () => {
  const legend = [...PUNCH_LEGEND.slice(0, 19), 'Numéro_salle', 'code_translation'];
  const record = (id: number, name: string, room: string) =>
    `12;GROUPE DES TILLEULS;ATELIER;${id};100;${name};A;1;Déjeuner;lundi;31/08/2026 07:02:38;31;8;2026;7;2;38;8798;Entrée – Melun;${room};`;
  const text = [legend.join(';'), record(1, 'LEFÈVRE Sébastien', 'Salle €'), record(2, 'D’ARTOIS Jean-Noël', 'Salle €'), record(3, 'ÆBY Œdipe', '')].join('~');

  it.each([
    ['UTF-8 without a charset', new TextEncoder().encode(text), null],
    ['UTF-8 with a byte-order mark, mislabelled', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]), 'text/html; charset=iso-8859-1'],
    ['windows-1252 without a charset', new Uint8Array(iconv.encode(text, 'windows-1252')), null],
    ['windows-1252 labelled Latin-1', new Uint8Array(iconv.encode(text, 'windows-1252')), 'text/html; charset=ISO-8859-1'],
    ['UTF-16 with a byte-order mark', new Uint8Array([0xff, 0xfe, ...iconv.encode(text, 'utf-16le')]), null],
  ] as const)('%s: every value exact, the extra column named with its accent', (_name, bytes, contentType) => {
    const answer = parsePunchBody(bytes, contentType);
    expect(answer.legend).toContain('numéro_salle');
    expect(answer.punches.toArray()).toEqual(parsePunchAnswer(text).punches.toArray());
    expect(answer.punches.toArray().map((p) => [p.name, p.reason, p.accessPoint, p.extra])).toEqual([
      ['LEFÈVRE Sébastien', 'Déjeuner', 'Entrée – Melun', { numéro_salle: 'Salle €' }],
      ['D’ARTOIS Jean-Noël', 'Déjeuner', 'Entrée – Melun', { numéro_salle: 'Salle €' }],
      ['ÆBY Œdipe', 'Déjeuner', 'Entrée – Melun', null],
    ]);
  });

  it('a KO in windows-1252 is Festime’s own words, accents intact', () => {
    const bytes = new Uint8Array(iconv.encode('KO;Compte Festime désactivé;Contactez l’éditeur', 'windows-1252'));
    let error: unknown;
    try {
      parsePunchBody(bytes, 'text/html');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FestimeRefusedError);
    expect((error as FestimeRefusedError).localized('fr')).toContain('Compte Festime désactivé');
  });

  it('a bad field is shown decoded in the error, not as bytes', () => {
    const bad = text.replace(
      '31/08/2026 07:02:38;31;8;2026;7;2;38;8798;Entrée – Melun;Salle €;~12',
      'Août 31 à 7h;31;8;2026;7;2;38;8798;Entrée – Melun;Salle €;~12',
    );
    let error: unknown;
    try {
      parsePunchBody(new TextEncoder().encode(bad), 'text/html; charset=utf-8');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FestimeBadAnswerError);
    expect((error as FestimeBadAnswerError).params).toEqual({ record: 1, field: 'horodatage', value: 'Août 31 à 7h' });
  });

  it('runs of columns cycling through many variants read the same as from text', () => {
    const punches = cyclingPunches(300);
    const written = formatPunchAnswer(punches, { legend: PUNCH_LEGEND, separator: '~\r\n' });
    expect(parsePunchBody(new TextEncoder().encode(written), null).punches.toArray().map(withoutExtra)).toEqual(punches);
    expect(
      parsePunchBody(new Uint8Array(iconv.encode(written, 'windows-1252')), null)
        .punches.toArray()
        .map(withoutExtra),
    ).toEqual(punches);
  });
});

describe('parsePunchBody and parsePunchAnswer(decodeBody(…)) agree where the bytes are not the text', () => {
  /** The answer both ways, or the error both ways: its kind, params and French message. */
  function outcome(read: () => { punches: { toArray(): ParsedPunch[] } }): unknown {
    try {
      return { punches: read().punches.toArray() };
    } catch (error) {
      if (error instanceof FestimeBadAnswerError) return { kind: error.kind, params: error.params, message: error.localized('fr') };
      if (error instanceof FestimeRefusedError) return { refused: error.localized('fr') };
      throw error;
    }
  }
  const record = (at: string, end = '') => `12;GROUPE;ATELIER;7;100;MARTIN Élodie;A;0;;lundi;${at};31;8;2026;7;2;38;8798;Entrée${end}`;
  const answer = (at: string, tail = '') => `${PUNCH_LEGEND.slice(0, 19).join(';')}~${record(at)}~\r\n${record('31/08/2026 08:00:00')}${tail}`;

  it.each([
    ['a timestamp with a no-break space', answer('31/08/2026\u00a007:02:38'), '2026-08-31T07:02:38'],
    ['a timestamp with a narrow no-break space', answer('31/08/2026\u202f7:02'), '2026-08-31T07:02:00'],
    ['a page after a byte-order mark', answer('31/08/2026 07:02:38', '\r\n\ufeff<html><body>Erreur; réessayez</body></html>'), '2026-08-31T07:02:38'],
    ['a doctype after a byte-order mark', answer('31/08/2026 07:02:38', '\r\n\ufeff<!DOCTYPE html><html></html>'), '2026-08-31T07:02:38'],
  ])('%s: the same punches, the page cut before its mark', (_name, text, at) => {
    const bytes = new TextEncoder().encode(text);
    const fromText = outcome(() => parsePunchAnswer(decodeBody(bytes, null)));
    expect(outcome(() => parsePunchBody(bytes, null))).toEqual(fromText);
    const punches = (fromText as { punches: ParsedPunch[] }).punches;
    expect(punches.map((p) => [p.at, p.accessPoint])).toEqual([
      [at, 'Entrée'],
      ['2026-08-31T08:00:00', 'Entrée'],
    ]);
  });

  it.each([
    ['a KO after a no-break space', '\u00a0KO;Mot de passe incorrect;'],
    ['a KO with a no-break space before its ;', 'KO\u00a0;Mot de passe incorrect;'],
    ['a KO after a second byte-order mark', '\ufeffKO;Mot de passe incorrect;'],
  ])('%s: Festime’s refusal both ways', (_name, text) => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    const fromText = outcome(() => parsePunchAnswer(decodeBody(bytes, null)));
    expect(fromText).toEqual({ refused: expect.stringContaining('Mot de passe incorrect') });
    expect(outcome(() => parsePunchBody(bytes, null))).toEqual(fromText);
  });

  it('a page behind a byte-order mark and blank lines is a page both ways, not another format', () => {
    const bytes = new TextEncoder().encode('\r\n\u00a0\ufeff<html><head><title>Erreur serveur</title></head><body>Erreur; réessayez</body></html>');
    const fromText = outcome(() => parsePunchAnswer(decodeBody(bytes, null)));
    expect(fromText).toMatchObject({ kind: 'html' });
    expect(outcome(() => parsePunchBody(bytes, null))).toEqual(fromText);
  });
});

describe('PunchTable', () => {
  const legend = [...PUNCH_LEGEND.slice(0, 19), 'badge'];
  const text = [
    legend.join(';'),
    ...[1, 2, 3, 4].map((id) => `12;G;A;${id};100;MARTIN Élodie;A;0;;lundi;31/08/2026 07:02:3${id};31;8;2026;7;2;3${id};8798;Entrée;B-${id}`),
  ].join('~');
  const table = parsePunchAnswer(text).punches;
  const ids = (list: ParsedPunch[]) => list.map((p) => p.id);

  it('slices as an array does, whatever the bounds', () => {
    const array = table.toArray();
    for (const [from, to] of [
      [0, 1.5],
      [0.5, 2.5],
      [0, -1.5],
      [0, Number.NaN],
      [Number.NaN, 2],
      [-2, undefined],
      [-10, 10],
      [3, 1],
      [1, Infinity],
      [-Infinity, 2],
    ] as const) {
      expect(ids(table.slice(from, to)), `slice(${from}, ${to})`).toEqual(ids(array.slice(from, to)));
    }
  });

  it('reads one field without making the punch, and refuses an index it does not hold', () => {
    expect([table.id(2), table.uid(2), table.name(2), table.at(2)]).toEqual([3, '100', 'MARTIN Élodie', '2026-08-31T07:02:33']);
    expect([...table.idList()]).toEqual([1, 2, 3, 4]);
    for (const i of [-1, 4, 1.5, Number.NaN]) expect(() => table.get(i), `get(${i})`).toThrow(RangeError);
  });

  it('hands out extra fields a caller may change without changing the table', () => {
    const first = table.get(0);
    first.extra!.badge = 'changed';
    expect(table.get(0).extra).toEqual({ badge: 'B-1' });
    expect([...table].map((p) => p.extra)).toEqual([{ badge: 'B-1' }, { badge: 'B-2' }, { badge: 'B-3' }, { badge: 'B-4' }]);
  });
});
