// Parser of the `pointage` answer: `~`-separated records of `;`-separated fields, the first record
// being the legend. Fields are mapped by legend name, never by position. Written as one pass over
// the text, keeping each distinct value once (client, access point, names), so a 180,000-punch
// answer parses fast and small. The client hands it the body's bytes (parsePunchBody): they are
// read where they lie, one character per byte, and only the distinct values kept are decoded.
// Consecutive records mostly repeat whole runs of text columns ("12;GROUPE DES TILLEULS;ATELIER;"):
// such a run is compared at once with the few last seen, and their values reused.
// The result is a table of columns (numbers, and codes into each text column's distinct values)
// rather than one object per punch: 180,000 objects cost more to make and to collect than the
// parse itself. A punch becomes an object when it is asked for (`get`, `slice`, iteration).
import { PUNCH_LEGEND, type Punch, type PunchType } from '../../../shared/festime';
import { FestimeBadAnswerError } from '../errors';
import { byteView, decodeBody, htmlStart, ownCopy, RAW_BOM } from './decode';
import { classifyNonData } from './answer-kind';

/**
 * A punch plus the fields Festime sent that `Punch` does not carry and that cannot be derived
 * from it (code_translation, unknown extra columns), when not empty: with them, every field is kept.
 */
export interface ParsedPunch extends Punch {
  extra: Record<string, string> | null;
}

/** Legend fields that are the punch's time written again (jour_sem, jour, …): derivable from `at`. */
const DERIVED = new Set(['jour_sem', 'horodatage', 'jour', 'mois', 'annee', 'heure', 'minute', 'seconde']);
const MAPPED = new Set([
  'id_client',
  'client',
  'code_groupe',
  'id_pointage',
  'uid_utilisateur',
  'nompren_utilisateur',
  'code_mvt',
  'code_motif',
  'motif_pause',
  'noserie_terminal',
  'point_acces',
]);

/** The text fields of a punch, in the order of the table's codes, and the legend column of each. */
const TEXT_FIELDS = ['uid', 'name', 'reasonCode', 'reason', 'terminal', 'accessPoint', 'clientId', 'client', 'group'] as const;
const TEXT_COLUMNS = [
  'uid_utilisateur',
  'nompren_utilisateur',
  'code_motif',
  'motif_pause',
  'noserie_terminal',
  'point_acces',
  'id_client',
  'client',
  'code_groupe',
];
const NTEXT = TEXT_FIELDS.length;
const TYPES: readonly PunchType[] = ['A', 'D', 'P'];

/** What a field said, for an error message: at most 40 characters, decoded. */
function shownField(text: string, fs: Int32Array, fe: Int32Array, c: number, decode: Decode): string {
  return c === -1 || fe[c]! < 0 ? '' : decode(text.slice(fs[c]!, Math.min(fe[c]!, fs[c]! + 160))).slice(0, 40);
}

/** Turns a slice of the text parsed into the value it means, as a string of its own (see ByteView). */
type Decode = (raw: string) => string;

export interface PunchAnswer {
  /** Legend names as received (whitespace removed), including unknown extra columns. */
  legend: string[];
  punches: PunchTable;
}

const DATE_PARTS = ['jour', 'mois', 'annee', 'heure', 'minute', 'seconde'] as const;

/** "HH:MM:SS" by second of the day, made once each, shared by every table. */
const TIMES_OF_DAY: (string | undefined)[] = new Array<string | undefined>(86_400);

function timeOfDay(second: number): string {
  return (TIMES_OF_DAY[second] ??= `${pad2(Math.floor(second / 3600))}:${pad2(Math.floor(second / 60) % 60)}:${pad2(second % 60)}`);
}

/**
 * The punches of an answer, in the order received, held as columns: ids, types and times as
 * numbers, each text field as a code into the distinct values of its column. Reading a punch
 * (`get`) makes its object; `uid`, `name`, `at` and `id` read one field without making one.
 */
export class PunchTable implements Iterable<ParsedPunch> {
  constructor(
    readonly length: number,
    private readonly ids: Float64Array,
    private readonly types: Uint8Array,
    /** Day (an index into `days`) × 86,400 + second of the day. */
    private readonly times: Float64Array,
    /** "YYYY-MM-DDT" of each day met. */
    private readonly days: readonly string[],
    /** NTEXT codes per punch, into `dictionaries`. */
    private readonly codes: Int32Array,
    private readonly dictionaries: readonly (readonly string[])[],
    /** Extra fields, by punch index, for the punches that have any. */
    private readonly extras: ReadonlyMap<number, Record<string, string>>,
  ) {}

  private check(i: number): void {
    if (!(i >= 0 && i < this.length && Number.isInteger(i))) throw new RangeError(`no punch ${i} (of ${this.length})`);
  }

  private text(i: number, field: number): string {
    this.check(i);
    return this.dictionaries[field]![this.codes[i * NTEXT + field]!]!;
  }

  id(i: number): number {
    this.check(i);
    return this.ids[i]!;
  }

  uid(i: number): string {
    return this.text(i, 0);
  }

  name(i: number): string {
    return this.text(i, 1);
  }

  at(i: number): string {
    this.check(i);
    return this.atOf(i);
  }

  private atOf(i: number): string {
    const t = this.times[i]!;
    const day = Math.floor(t / 86_400);
    return this.days[day]! + timeOfDay(t - day * 86_400);
  }

  /** Every id, in order (a copy). */
  idList(): Float64Array {
    return this.ids.slice(0, this.length);
  }

  get(i: number): ParsedPunch {
    this.check(i);
    return this.make(i);
  }

  private make(i: number): ParsedPunch {
    const c = i * NTEXT;
    const d = this.dictionaries;
    const k = this.codes;
    return new PunchObject(
      this.ids[i]!,
      d[0]![k[c]!]!,
      d[1]![k[c + 1]!]!,
      TYPES[this.types[i]!]!,
      d[2]![k[c + 2]!]!,
      d[3]![k[c + 3]!]!,
      this.atOf(i),
      d[4]![k[c + 4]!]!,
      d[5]![k[c + 5]!]!,
      d[6]![k[c + 6]!]!,
      d[7]![k[c + 7]!]!,
      d[8]![k[c + 8]!]!,
      this.extras.size === 0 ? null : this.extraOf(i),
    );
  }

  /** A copy: a caller changing one punch's object does not change the table. */
  private extraOf(i: number): Record<string, string> | null {
    const extra = this.extras.get(i);
    return extra === undefined ? null : { ...extra };
  }

  /** Punches `from` to `to` (excluded) as objects, as Array.prototype.slice counts them. */
  slice(from = 0, to = this.length): ParsedPunch[] {
    const index = (value: number) => {
      const i = Math.trunc(value) || 0; // NaN counts as 0, fractions are cut
      return i < 0 ? Math.max(this.length + i, 0) : Math.min(i, this.length);
    };
    const start = index(from);
    const end = Math.max(start, index(to));
    const out = new Array<ParsedPunch>(end - start);
    for (let i = start; i < end; i++) out[i - start] = this.make(i);
    return out;
  }

  toArray(): ParsedPunch[] {
    return this.slice();
  }

  *[Symbol.iterator](): Iterator<ParsedPunch> {
    for (let i = 0; i < this.length; i++) yield this.make(i);
  }
}

/**
 * The distinct values of a text column; code 0 is ''. Equal substrings get one code: the last
 * value seen is tried first, then a table keyed by a hash of the length and a few characters (a
 * collision only means a value is stored twice). Values are compared as the text has them (`raws`:
 * bytes as Latin-1 when the body is read byte by byte) and kept decoded (`values`).
 */
class Dictionary {
  readonly values: string[] = [''];
  private readonly raws: string[] = [''];
  private last = 0;
  private readonly table = new Map<number, number>();

  constructor(private readonly decode: Decode) {}

  take(text: string, s: number, e: number): number {
    const len = e - s;
    if (len === 0) return 0;
    const last = this.raws[this.last]!;
    if (last.length === len && text.startsWith(last, s)) return this.last;
    const h =
      (len * 31 + text.charCodeAt(s)) * 961 + text.charCodeAt(e - 1) * 31 + text.charCodeAt(s + (len >> 1)) + text.charCodeAt(e - 2 < s ? s : e - 2) * 29791;
    const hit = this.table.get(h);
    if (hit !== undefined) {
      const raw = this.raws[hit]!;
      if (raw.length === len && text.startsWith(raw, s)) return (this.last = hit);
    }
    const code = this.values.length;
    const raw = text.slice(s, e);
    const value = this.decode(raw);
    this.values.push(value);
    this.raws.push(value === raw ? value : ownCopy(raw));
    if (hit === undefined && this.table.size < 50_000) this.table.set(h, code);
    return (this.last = code);
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;

/**
 * Reads "DD/MM/YYYY HH:MM:SS" (any whitespace between date and time, or looser forms) as a day
 * code × 86,400 + second of the day, -1 when it is not a time; the date part is checked once per day.
 */
class Timestamps {
  /** "YYYY-MM-DDT" by day code. */
  readonly days: string[] = [];
  private readonly dayCodes = new Map<string, number>();
  private lastDate = '';
  private lastDay = -1;

  constructor(private readonly decode: Decode) {}

  /** Another form than "DD/MM/YYYY HH:MM:SS": read from the decoded text (a no-break space is a space). */
  private loose(text: string, s: number, e: number): number {
    return this.ofIso(looseTimestamp(this.decode(text.slice(s, e))));
  }

  read(text: string, s: number, e: number): number {
    if (e - s !== 19 || text.charCodeAt(s + 10) > 32) return this.loose(text, s, e);
    let day: number;
    if (text.slice(s, s + 10) === this.lastDate)
      day = this.lastDay; // a 10-character copy compares faster than startsWith
    else {
      if (
        !isDigit(text.charCodeAt(s)) ||
        !isDigit(text.charCodeAt(s + 1)) ||
        text.charCodeAt(s + 2) !== 47 ||
        !isDigit(text.charCodeAt(s + 3)) ||
        !isDigit(text.charCodeAt(s + 4)) ||
        text.charCodeAt(s + 5) !== 47 ||
        !isDigit(text.charCodeAt(s + 6)) ||
        !isDigit(text.charCodeAt(s + 7)) ||
        !isDigit(text.charCodeAt(s + 8)) ||
        !isDigit(text.charCodeAt(s + 9))
      )
        return this.loose(text, s, e);
      const prefix = `${text.slice(s + 6, s + 10)}-${text.slice(s + 3, s + 5)}-${text.slice(s, s + 2)}T`;
      if (!validDate(prefix)) return -1;
      day = this.dayOf(prefix);
      this.lastDate = text.slice(s, s + 10);
      this.lastDay = day;
    }
    const h1 = text.charCodeAt(s + 11) - 48;
    const h2 = text.charCodeAt(s + 12) - 48;
    const m1 = text.charCodeAt(s + 14) - 48;
    const m2 = text.charCodeAt(s + 15) - 48;
    const s1 = text.charCodeAt(s + 17) - 48;
    const s2 = text.charCodeAt(s + 18) - 48;
    if (
      h1 < 0 ||
      h1 > 2 ||
      h2 < 0 ||
      h2 > 9 ||
      h1 * 10 + h2 > 23 ||
      text.charCodeAt(s + 13) !== 58 ||
      m1 < 0 ||
      m1 > 5 ||
      m2 < 0 ||
      m2 > 9 ||
      text.charCodeAt(s + 16) !== 58 ||
      s1 < 0 ||
      s1 > 5 ||
      s2 < 0 ||
      s2 > 9
    )
      return this.loose(text, s, e);
    return day * 86_400 + (h1 * 10 + h2) * 3600 + (m1 * 10 + m2) * 60 + s1 * 10 + s2;
  }

  /** A checked "YYYY-MM-DDTHH:MM:SS" (or null) as the table holds it. */
  ofIso(iso: string | null): number {
    if (iso === null) return -1;
    return this.dayOf(iso.slice(0, 11)) * 86_400 + Number(iso.slice(11, 13)) * 3600 + Number(iso.slice(14, 16)) * 60 + Number(iso.slice(17, 19));
  }

  private dayOf(prefix: string): number {
    let code = this.dayCodes.get(prefix);
    if (code === undefined) {
      code = this.days.length;
      this.days.push(prefix);
      this.dayCodes.set(prefix, code);
    }
    return code;
  }
}

/** Looser forms: single digits, no seconds. */
function looseTimestamp(value: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?$/.exec(value.trim());
  if (!m) return null;
  const iso = `${m[3]}-${pad2(+m[2]!)}-${pad2(+m[1]!)}T${pad2(+m[4]!)}:${pad2(+m[5]!)}:${pad2(+(m[6] ?? 0))}`;
  return validIso(iso) ? iso : null;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** "YYYY-MM-DD…": a real calendar day. */
function validDate(iso: string): boolean {
  const month = (iso.charCodeAt(5) - 48) * 10 + iso.charCodeAt(6) - 48;
  const day = (iso.charCodeAt(8) - 48) * 10 + iso.charCodeAt(9) - 48;
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return false;
  if (month === 2 && day === 29) {
    const year = Number(iso.slice(0, 4));
    return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  }
  return true;
}

function validIso(iso: string): boolean {
  if (iso.length !== 19 || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(iso)) return false;
  const hour = Number(iso.slice(11, 13));
  const minute = Number(iso.slice(14, 16));
  const second = Number(iso.slice(17, 19));
  return hour <= 23 && minute <= 59 && second <= 59 && validDate(iso);
}

function isoFromParts(parts: string[]): string | null {
  if (!parts.every((p) => /^\d{1,4}$/.test(p))) return null;
  const [d, mo, y, h, mi, se] = parts.map(Number) as [number, number, number, number, number, number];
  if (y < 1000) return null;
  const iso = `${y}-${pad2(mo)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(se)}`;
  return validIso(iso) ? iso : null;
}

/** The time from the jour, mois, annee, heure, minute, seconde columns, when all are there. */
function timeFromParts(text: string, fs: Int32Array, fe: Int32Array, cols: number[]): string | null {
  const parts: string[] = [];
  for (const c of cols) {
    if (c === -1 || fe[c]! < 0) return null;
    parts.push(text.slice(fs[c]!, fe[c]!));
  }
  return isoFromParts(parts);
}

function extraFields(values: Int32Array, dictionaries: (Dictionary | null)[], legend: string[], cols: number[]): Record<string, string> | null {
  let extra: Record<string, string> | null = null;
  for (const c of cols) {
    const code = values[c]!;
    if (code !== 0) (extra ??= {})[legend[c]!] = dictionaries[c]!.values[code]!;
  }
  return extra;
}

/**
 * Strings of at most this many characters are compared by V8 inline: a slice that short is a copy.
 * A longer slice is a view into the text, which === sends to the runtime (4× slower).
 */
const PIECE = 12;

/** A run of text columns as a record had it: up to the ';' after it (open) or the record's end. */
class RunText {
  readonly length: number;
  /** The key cut in pieces of at most PIECE characters, compared one by one. */
  readonly pieces: string[] = [];

  constructor(
    key: string,
    readonly open: boolean,
    readonly codes: Int32Array,
  ) {
    this.length = key.length;
    // Slices this short are copies (see PIECE): they do not keep the body alive.
    for (let at = 0; at < key.length; at += PIECE) this.pieces.push(key.slice(at, at + PIECE));
  }

  /** Whether the text holds this run at `p`, its end checked to be `to`. */
  at(text: string, p: number): boolean {
    const pieces = this.pieces;
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      const from = p + i * PIECE;
      if (text.slice(from, from + piece.length) !== piece) return false;
    }
    return true;
  }
}

type PunchConstructor = new (
  id: number,
  uid: string,
  name: string,
  type: PunchType,
  reasonCode: string,
  reason: string,
  at: string,
  terminal: string,
  accessPoint: string,
  clientId: string,
  client: string,
  group: string,
  extra: Record<string, string> | null,
) => ParsedPunch;

/**
 * Makes the punches: plain objects (prototype Object.prototype, as a literal's), but built by a
 * constructor, so that V8 allocates them from the constructor's map. An object literal has an
 * allocation site instead, whose pretenuring V8 switches on during a big table and resets at
 * full GCs, each switch throwing optimized code away (--trace-deopt: "code dependencies").
 */
const PunchObject = function (
  this: ParsedPunch,
  id: number,
  uid: string,
  name: string,
  type: PunchType,
  reasonCode: string,
  reason: string,
  at: string,
  terminal: string,
  accessPoint: string,
  clientId: string,
  client: string,
  group: string,
  extra: Record<string, string> | null,
) {
  this.id = id;
  this.uid = uid;
  this.name = name;
  this.type = type;
  this.reasonCode = reasonCode;
  this.reason = reason;
  this.at = at;
  this.terminal = terminal;
  this.accessPoint = accessPoint;
  this.clientId = clientId;
  this.client = client;
  this.group = group;
  this.extra = extra;
} as unknown as PunchConstructor;
PunchObject.prototype = Object.prototype;

/** Texts remembered per run: enough for the few groups, reasons or access points a site alternates. */
const RUN_TEXTS = 4;
/** Texts of a run found by their whole text (people, mostly): at most this many per run. */
const RUNS_MET = 20_000;

/** Column kinds of the record loop. */
const TEXT = 0; // a string kept as sent (a code into its column's values), or not kept at all; consecutive ones form a run
const ID = 1; // id_pointage, read as a number while looking for its end
const TYPE = 2; // code_mvt, one letter
const OTHER = 3; // horodatage and its parts: different in every punch

/** What the record loop needs to know of the legend, worked out once. */
class Layout {
  constructor(
    readonly legend: string[],
    readonly cId: number,
    readonly cType: number,
    readonly cTimestamp: number,
    readonly partCols: number[],
    /** Fields a record needs (the last required column + 1). */
    readonly required: number,
    readonly kinds: Uint8Array,
    /** For a TEXT column: the end (exclusive) of the run of TEXT columns it belongs to. */
    readonly runEnd: Int32Array,
    /** Per column: the values of a text kept, else null (the text is not kept). */
    readonly dictionaries: (Dictionary | null)[],
    /** Legend column of each of the NTEXT text fields (ncols when missing: its code stays 0). */
    readonly out: Int32Array,
    readonly extraCols: number[],
  ) {}
}

/** Parses a whole `pointage` answer, already decoded to text. Throws FestimeBadAnswerError or FestimeRefusedError. */
export function parsePunchAnswer(input: string): PunchAnswer {
  return parseText(input, ownCopy, () => input);
}

/**
 * Parses a whole `pointage` answer as received: the same result as parsePunchAnswer(decodeBody(…)),
 * but the body is read byte by byte where it can be (ASCII, UTF-8, windows-1252), and only the
 * values kept are decoded, once each.
 */
export function parsePunchBody(bytes: Uint8Array, contentType: string | null): PunchAnswer {
  const view = byteView(bytes, contentType);
  if (view === null) return parsePunchAnswer(decodeBody(bytes, contentType));
  return parseText(view.text, view.decode, () => decodeBody(bytes, contentType));
}

/** Whether a part of the text is only whitespace once decoded (any visible ASCII character says not, at once). */
function blank(raw: string, decode: Decode): boolean {
  return !/[\x21-\x7e]/.test(raw) && decode(raw).trim() === '';
}

/** `decoded` gives the whole answer as text, for the answers that are not data (a KO, a web page). */
function parseText(input: string, decode: Decode, decoded: () => string): PunchAnswer {
  // One byte-order mark in the text (a second one, when the body's own came first), as decoded or as bytes.
  const bom = input.charCodeAt(0) === 0xfeff ? 1 : input.startsWith(RAW_BOM) && decode(RAW_BOM) === '\ufeff' ? 3 : 0;
  let text = bom === 0 ? input : input.slice(bom);
  const html = htmlStart(text);
  if (html !== -1) {
    if (blank(text.slice(0, html), decode)) classifyNonData(decoded()); // a page where data was expected: throws
    text = text.slice(0, html);
  }
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) <= 32) end--;
  let start = 0;
  while (start < end && text.charCodeAt(start) <= 32) start++;
  if (start === end) throw new FestimeBadAnswerError('empty');

  let legendEnd = text.indexOf('~', start);
  if (legendEnd === -1) legendEnd = end;
  const legendText = text.slice(start, legendEnd);
  // Legend names never hold whitespace: removing it all also undoes a line wrapped mid-name.
  const legend = legendText.split(';').map((n) => decode(n).replace(/\s+/g, '').toLowerCase());
  while (legend.length > 0 && legend[legend.length - 1] === '') legend.pop();

  // A KO (wrong password…) or OK line is Festime's own answer, whatever words it holds.
  if (/^\s*(OK|KO)\s*;/i.test(decode(legendText))) classifyNonData(decoded());
  if (!legend.some((name) => (PUNCH_LEGEND as readonly string[]).includes(name))) {
    // Plain words (no fields at all) are shown to the user as they are; fields under other names are another format.
    if (legend.length <= 1) classifyNonData(decoded());
    throw new FestimeBadAnswerError('unknown-legend');
  }
  // Records held in the legend: records not '~'-separated (line breaks only) were read as one long
  // legend, which no punch follows. A legend name is never a number; every record has one (its id).
  if (legend.some((name) => /^\d+$/.test(name))) throw new FestimeBadAnswerError('not-separated');
  return { legend, punches: readRecords(text, legendEnd + 1, end, layoutOf(legend, decode), decode) };
}

function layoutOf(legend: string[], decode: Decode): Layout {
  const col = (name: string) => legend.indexOf(name);
  for (const name of ['id_pointage', 'uid_utilisateur', 'nompren_utilisateur', 'code_mvt'] as const) {
    if (col(name) === -1) throw new FestimeBadAnswerError('missing-column', { column: name });
  }
  const cId = col('id_pointage');
  const cType = col('code_mvt');
  const cTimestamp = col('horodatage');
  const partCols = DATE_PARTS.map(col);
  if (cTimestamp === -1) {
    const missing = DATE_PARTS.find((_, i) => partCols[i] === -1);
    if (missing) throw new FestimeBadAnswerError('missing-column', { column: 'horodatage' });
  }
  const kept = TEXT_COLUMNS.map(col);
  const ncols = legend.length;
  const required = Math.max(cId, kept[0]!, kept[1]!, cType, cTimestamp, ...(cTimestamp === -1 ? partCols : [])) + 1;
  const extraCols = legend.map((name, c) => (MAPPED.has(name) || DERIVED.has(name) || name === '' ? -1 : c)).filter((c) => c !== -1);

  const kinds = new Uint8Array(ncols); // TEXT unless said otherwise
  kinds[cId] = ID;
  kinds[cType] = TYPE;
  for (const c of [cTimestamp, ...partCols]) if (c !== -1) kinds[c] = OTHER;
  const runEnd = new Int32Array(ncols);
  for (let c = ncols - 1; c >= 0; c--) runEnd[c] = kinds[c] === TEXT && c + 1 < ncols && kinds[c + 1] === TEXT ? runEnd[c + 1]! : c + 1;
  const dictionaries: (Dictionary | null)[] = legend.map(() => null);
  for (const c of [...kept, ...extraCols]) if (c !== -1) dictionaries[c] = new Dictionary(decode);
  const out = Int32Array.from(kept, (c) => (c === -1 ? ncols : c));
  return new Layout(legend, cId, cType, cTimestamp, partCols, required, kinds, runEnd, dictionaries, out, extraCols);
}

/** Room for about `count` more punches, grown by doubling. */
class Columns {
  constructor(
    public ids: Float64Array,
    public types: Uint8Array,
    public times: Float64Array,
    public codes: Int32Array,
  ) {}

  static withRoom(count: number): Columns {
    return new Columns(new Float64Array(count), new Uint8Array(count), new Float64Array(count), new Int32Array(count * NTEXT));
  }

  grow(): void {
    const room = this.ids.length * 2 + 16;
    const ids = new Float64Array(room);
    ids.set(this.ids);
    const types = new Uint8Array(room);
    types.set(this.types);
    const times = new Float64Array(room);
    times.set(this.times);
    const codes = new Int32Array(room * NTEXT);
    codes.set(this.codes);
    this.ids = ids;
    this.types = types;
    this.times = times;
    this.codes = codes;
  }

  /** The first `n` punches' columns, cut to size when more than a quarter of the room is unused. */
  trimmed(n: number): Columns {
    if (this.ids.length - n <= n >> 2) return this;
    return new Columns(this.ids.slice(0, n), this.types.slice(0, n), this.times.slice(0, n), this.codes.slice(0, n * NTEXT));
  }
}

/**
 * The records after the legend, from `pos` to `end`. A function of its own, without closures:
 * V8 throws optimized code away when a closure it was compiled against dies, and this loop is
 * where the time goes.
 */
function readRecords(text: string, pos: number, end: number, layout: Layout, decode: Decode): PunchTable {
  const { legend, cId, cType, cTimestamp, partCols, required, kinds, runEnd, dictionaries, out, extraCols } = layout;
  const ncols = legend.length;
  const fs = new Int32Array(ncols);
  const fe = new Int32Array(ncols);
  const timestamps = new Timestamps(decode);
  // The current record's code of each TEXT column kept; index ncols stays 0 ('': a missing column).
  const values = new Int32Array(ncols + 1);
  // Runs of consecutive TEXT columns ("id_client;client;code_groupe"), by their first column: the
  // texts of the run lately seen (most recent first), with the codes read from them. A record
  // whose run starts with one of these texts has the same fields there: one comparison instead of
  // a search and a lookup per field.
  const runsSeen: RunText[][] = [];
  const runsByText: Map<string, RunText>[] = [];
  for (let c = 0; c < ncols; c++) {
    runsSeen.push([]);
    runsByText.push(new Map());
  }
  const [o0, o1, o2, o3, o4, o5, o6, o7, o8] = out as unknown as number[];
  const extras = new Map<number, Record<string, string>>();

  // Room for the records, guessed from the first one's length.
  let firstEnd = text.indexOf('~', pos);
  if (firstEnd === -1 || firstEnd > end) firstEnd = end;
  const columns = Columns.withRoom(Math.ceil(((end - pos) / Math.max(firstEnd - pos, 64)) * 1.1) + 16);
  let n = 0;
  let ids = columns.ids;
  let types = columns.types;
  let times = columns.times;
  let codes = columns.codes;

  let recordNo = 0;
  let minFields = ncols;
  while (pos < end) {
    let recEnd = text.indexOf('~', pos);
    if (recEnd === -1 || recEnd > end) recEnd = end;
    let s = pos;
    let e = recEnd;
    pos = recEnd + 1;
    while (s < e && text.charCodeAt(s) <= 32) s++;
    while (e > s && text.charCodeAt(e - 1) <= 32) e--;
    if (s === e) continue;
    recordNo++;

    // Fields: [fs, fe) for the ID, TYPE and OTHER columns; `values` for the TEXT ones kept.
    let filled = 0;
    let id = 0;
    let p = s;
    let c = 0;
    while (c < ncols) {
      const kind = kinds[c]!;
      if (kind === TEXT) {
        const stop = runEnd[c]!;
        const seen = runsSeen[c]!;
        let hit = -1;
        for (let i = 0; i < seen.length; i++) {
          const run = seen[i]!;
          const to = p + run.length;
          // The ';' (or the record's end) where the run ended is checked first, which rules out
          // most texts of another length. Then the text, piece by piece: compared by V8 with a
          // memcmp each, where startsWith or a loop goes character by character (3× slower).
          if ((run.open ? to <= e && text.charCodeAt(to - 1) === 59 : to === e) && run.at(text, p)) {
            hit = i;
            break;
          }
        }
        if (hit !== -1) {
          const run = seen[hit]!;
          for (let i = hit; i > 0; i--) seen[i] = seen[i - 1]!;
          seen[0] = run;
          const runCodes = run.codes;
          for (let k = 0; k < runCodes.length; k++) values[c + k] = runCodes[k]!;
          filled = stop;
          if (!run.open) break;
          p += run.length;
          c = stop;
          continue;
        }
        // Not one of the last few: the run's fields, then the run as a whole among all those met
        // (the people of a site come back, each day), else each field among its column's values.
        const first = c;
        const runStart = p;
        let open = true;
        for (; c < stop; c++) {
          let q = text.indexOf(';', p);
          if (q === -1 || q > e) q = e;
          fs[c] = p;
          fe[c] = q;
          filled = c + 1;
          p = q + 1;
          if (q === e) {
            open = false;
            break;
          }
        }
        const whole = filled === stop;
        const byText = runsByText[first]!;
        const runText = whole ? text.slice(runStart, open ? p : e) : '';
        let run = whole ? byText.get(runText) : undefined;
        if (run !== undefined && run.open === open) {
          const runCodes = run.codes;
          for (let k = 0; k < runCodes.length; k++) values[first + k] = runCodes[k]!;
        } else {
          run = undefined;
          for (let k = first; k < filled; k++) {
            const dictionary = dictionaries[k]!;
            if (dictionary !== null) values[k] = dictionary.take(text, fs[k]!, fe[k]!);
          }
        }
        if (whole) {
          if (run === undefined) {
            run = new RunText(runText, open, values.slice(first, stop));
            if (byText.size < RUNS_MET) byText.set(ownCopy(runText), run);
          }
          // Remembered first, the oldest forgotten (moved by hand: unshift and pop cost more).
          for (let i = Math.min(seen.length, RUN_TEXTS - 1); i > 0; i--) seen[i] = seen[i - 1]!;
          seen[0] = run;
        }
        if (!open) break;
        continue;
      }
      let q: number;
      if (kind === ID) {
        // The number is read on the way to the ';' (-1: not a number of at most 15 digits).
        id = 0;
        for (q = p; q < e; q++) {
          const ch = text.charCodeAt(q);
          if (ch === 59) break;
          if (id >= 0) id = isDigit(ch) && id <= 9e14 ? id * 10 + (ch - 48) : -1;
        }
      } else if (c === cTimestamp || (p + 2 < e && text.charCodeAt(p) !== 59 && text.charCodeAt(p + 1) !== 59 && text.charCodeAt(p + 2) !== 59)) {
        // A longer field: one search (a loop costs ~8 ns a character, a search ~15 ns in all).
        q = text.indexOf(';', p);
        if (q === -1 || q > e) q = e;
      } else {
        // A short one (a letter, a number of the date): at most three looks.
        for (q = p; q < e && text.charCodeAt(q) !== 59; q++);
      }
      fs[c] = p;
      fe[c] = q;
      filled = c + 1;
      if (q === e) break;
      p = q + 1;
      c++;
    }
    // Fields past the legend's last one (beyond a trailing ';'): several records joined by line
    // breaks, not '~' (one test per record, on values the loop left anyway).
    if (c === ncols && p < e) throw new FestimeBadAnswerError('not-separated');
    if (filled < ncols) {
      // Columns this record does not have: empty.
      for (let k = filled; k < ncols; k++) {
        fe[k] = -1;
        values[k] = 0;
      }
    }
    const last = pos >= end;
    // A last record shorter than the ones before it (or than the legend) was cut on the way.
    if (last && filled < (recordNo === 1 ? ncols : minFields)) throw new FestimeBadAnswerError('truncated');
    if (filled < required) {
      throw new FestimeBadAnswerError('malformed-record', { record: recordNo, field: legend[filled] ?? '?', value: '' });
    }
    if (filled < minFields) minFields = filled;

    const idS = fs[cId]!;
    const idE = fe[cId]!;
    if (id <= 0 && !(id === 0 && idE > idS)) {
      throw new FestimeBadAnswerError('malformed-record', { record: recordNo, field: 'id_pointage', value: shownField(text, fs, fe, cId, decode) });
    }

    const t = text.charCodeAt(fs[cType]!) & ~32; // upper-case
    if (fe[cType]! - fs[cType]! !== 1 || (t !== 65 && t !== 68 && t !== 80)) {
      throw new FestimeBadAnswerError('malformed-record', { record: recordNo, field: 'code_mvt', value: shownField(text, fs, fe, cType, decode) });
    }

    const at =
      cTimestamp !== -1 && fe[cTimestamp]! > fs[cTimestamp]!
        ? timestamps.read(text, fs[cTimestamp]!, fe[cTimestamp]!)
        : timestamps.ofIso(timeFromParts(text, fs, fe, partCols));
    if (at === -1) {
      throw new FestimeBadAnswerError('malformed-record', { record: recordNo, field: 'horodatage', value: shownField(text, fs, fe, cTimestamp, decode) });
    }

    if (n === ids.length) {
      columns.grow();
      ids = columns.ids;
      types = columns.types;
      times = columns.times;
      codes = columns.codes;
    }
    ids[n] = id;
    types[n] = t === 65 ? 0 : t === 68 ? 1 : 2;
    times[n] = at;
    const k = n * NTEXT;
    // The nine text fields (NTEXT), written out: a loop through `out` costs twice as much.
    codes[k] = values[o0!]!;
    codes[k + 1] = values[o1!]!;
    codes[k + 2] = values[o2!]!;
    codes[k + 3] = values[o3!]!;
    codes[k + 4] = values[o4!]!;
    codes[k + 5] = values[o5!]!;
    codes[k + 6] = values[o6!]!;
    codes[k + 7] = values[o7!]!;
    codes[k + 8] = values[o8!]!;
    if (extraCols.length !== 0) {
      const extra = extraFields(values, dictionaries, legend, extraCols);
      if (extra !== null) extras.set(n, extra);
    }
    n++;
  }
  const kept = columns.trimmed(n);
  const valuesOf = Array.from(out, (c) => (c === ncols ? [''] : dictionaries[c]!.values));
  return new PunchTable(n, kept.ids, kept.types, kept.times, timestamps.days, kept.codes, valuesOf, extras);
}

/**
 * One object of each class the parser makes, kept for good. V8's optimized code refers weakly to
 * the hidden classes (maps) of the objects it handles, and the maps that the fields of a class add
 * live only while such an object does: once the table of an answer is dropped, a full GC would
 * otherwise throw the parser's optimized code away, and each answer would start over in the
 * interpreter (seen with node --trace-deopt: "weak objects").
 */
export const KEPT_SHAPES: readonly object[] = [
  new PunchObject(0, '', '', 'A', '', '', '', '', '', '', '', '', null),
  new RunText('', false, new Int32Array(0)),
  new Dictionary(ownCopy),
  new Timestamps(ownCopy),
  Columns.withRoom(0),
  new Layout([], 0, 0, 0, [], 0, new Uint8Array(0), new Int32Array(0), [], new Int32Array(0), []),
];
