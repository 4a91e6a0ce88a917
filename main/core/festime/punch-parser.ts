// Parser of the `pointage` answer: `~`-separated records of `;`-separated fields, the first record
// being the legend. Fields are mapped by legend name, never by position. Written as one pass over
// the text with indexOf, creating no string for fields it does not keep and sharing the strings
// that repeat (client, access point, names), so a 180,000-punch answer parses fast and small.
// Consecutive records mostly repeat whole runs of text columns ("12;GROUPE DES TILLEULS;ATELIER;"):
// such a run is compared at once with the few last seen, and their strings reused.
import { PUNCH_LEGEND, type Punch, type PunchType } from '../../../shared/festime';
import { FestimeBadAnswerError } from '../errors';
import { htmlStart } from './decode';
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
const MAPPED = new Set(['id_client', 'client', 'code_groupe', 'id_pointage', 'uid_utilisateur', 'nompren_utilisateur', 'code_mvt', 'code_motif', 'motif_pause', 'noserie_terminal', 'point_acces']);

function fieldText(text: string, fs: Int32Array, fe: Int32Array, c: number): string {
  return c === -1 || fe[c]! < 0 ? '' : text.slice(fs[c]!, fe[c]!);
}

export interface PunchAnswer {
  /** Legend names as received (whitespace removed), including unknown extra columns. */
  legend: string[];
  punches: ParsedPunch[];
}

const DATE_PARTS = ['jour', 'mois', 'annee', 'heure', 'minute', 'seconde'] as const;

/**
 * Shares equal substrings: the last value seen, then a table keyed by a hash of the length and a
 * few characters (a collision only means a string is not shared).
 */
class Interner {
  private last = '';
  private readonly table = new Map<number, string>();

  take(text: string, s: number, e: number): string {
    const len = e - s;
    if (len === 0) return '';
    const last = this.last;
    if (last.length === len && text.startsWith(last, s)) return last;
    const h = (len * 31 + text.charCodeAt(s)) * 961 + text.charCodeAt(e - 1) * 31 + text.charCodeAt(s + (len >> 1)) + text.charCodeAt(e - 2 < s ? s : e - 2) * 29791;
    const hit = this.table.get(h);
    if (hit !== undefined && hit.length === len && text.startsWith(hit, s)) return (this.last = hit);
    const value = detach(text.slice(s, e));
    if (hit === undefined && this.table.size < 50_000) this.table.set(h, value);
    return (this.last = value);
  }
}

/**
 * A copy of a string that does not point into the answer: V8 makes a slice of 13 characters or
 * more a view of the whole text, which would keep the ~24 MB answer alive as long as the punches.
 * Only used for strings kept once (shared values, legend names).
 */
function detach(value: string): string {
  return value.length < 13 ? value : (JSON.parse(JSON.stringify(value)) as string);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;

/** Turns "DD/MM/YYYY HH:MM:SS" (any whitespace between date and time) into "YYYY-MM-DDTHH:MM:SS"; the date part is checked once per day. */
class Timestamps {
  private lastDate = '';
  private lastPrefix = '';
  /** "HH:MM:SS" by second of the day: at most 86,400 strings instead of one per punch. */
  private readonly times: (string | undefined)[] = new Array<string | undefined>(86_400);

  read(text: string, s: number, e: number): string | null {
    if (e - s !== 19 || text.charCodeAt(s + 10) > 32) return looseTimestamp(text.slice(s, e));
    let prefix: string;
    if (text.slice(s, s + 10) === this.lastDate) prefix = this.lastPrefix; // a 10-character copy compares faster than startsWith
    else {
      if (
        !isDigit(text.charCodeAt(s)) || !isDigit(text.charCodeAt(s + 1)) || text.charCodeAt(s + 2) !== 47 ||
        !isDigit(text.charCodeAt(s + 3)) || !isDigit(text.charCodeAt(s + 4)) || text.charCodeAt(s + 5) !== 47 ||
        !isDigit(text.charCodeAt(s + 6)) || !isDigit(text.charCodeAt(s + 7)) || !isDigit(text.charCodeAt(s + 8)) || !isDigit(text.charCodeAt(s + 9))
      ) return looseTimestamp(text.slice(s, e));
      prefix = `${text.slice(s + 6, s + 10)}-${text.slice(s + 3, s + 5)}-${text.slice(s, s + 2)}T`;
      if (!validDate(prefix)) return null;
      this.lastDate = text.slice(s, s + 10);
      this.lastPrefix = prefix;
    }
    const h1 = text.charCodeAt(s + 11) - 48;
    const h2 = text.charCodeAt(s + 12) - 48;
    const m1 = text.charCodeAt(s + 14) - 48;
    const m2 = text.charCodeAt(s + 15) - 48;
    const s1 = text.charCodeAt(s + 17) - 48;
    const s2 = text.charCodeAt(s + 18) - 48;
    if (
      h1 < 0 || h1 > 2 || h2 < 0 || h2 > 9 || h1 * 10 + h2 > 23 || text.charCodeAt(s + 13) !== 58 ||
      m1 < 0 || m1 > 5 || m2 < 0 || m2 > 9 || text.charCodeAt(s + 16) !== 58 || s1 < 0 || s1 > 5 || s2 < 0 || s2 > 9
    ) return looseTimestamp(text.slice(s, e));
    const second = (h1 * 10 + h2) * 3600 + (m1 * 10 + m2) * 60 + s1 * 10 + s2;
    const time = this.times[second] ?? (this.times[second] = text.slice(s + 11, s + 19));
    return prefix + time;
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

function extraFields(values: string[], legend: string[], cols: number[]): Record<string, string> | null {
  let extra: Record<string, string> | null = null;
  for (const c of cols) {
    const value = values[c]!;
    if (value !== '') (extra ??= {})[legend[c]!] = value;
  }
  return extra;
}

/** A run of text columns as a record had it: up to the ';' after it (open) or the record's end. */
class RunText {
  constructor(readonly key: string, readonly open: boolean, readonly values: string[]) {}
}

type PunchConstructor = new (
  id: number, uid: string, name: string, type: PunchType, reasonCode: string, reason: string, at: string,
  terminal: string, accessPoint: string, clientId: string, client: string, group: string, extra: Record<string, string> | null,
) => ParsedPunch;

/**
 * Makes the punches: plain objects (prototype Object.prototype, as a literal's), but built by a
 * constructor, so that V8 allocates them from the constructor's map. An object literal has an
 * allocation site instead, whose pretenuring V8 switches on during a big answer and resets at full
 * GCs: each switch threw the optimized parse loop away (--trace-deopt: "code dependencies").
 */
const PunchObject = function (
  this: ParsedPunch, id: number, uid: string, name: string, type: PunchType, reasonCode: string, reason: string, at: string,
  terminal: string, accessPoint: string, clientId: string, client: string, group: string, extra: Record<string, string> | null,
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

/** Column kinds of the record loop. */
const TEXT = 0; // a string kept as sent (shared), or not kept at all; consecutive ones form a run
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
    /** Per column: the interner of a text kept in the punch, else null (the text is not kept). */
    readonly interners: (Interner | null)[],
    /** Index in the record's values of uid, name, reasonCode, reason, terminal, accessPoint, clientId, client, group. */
    readonly out: Int32Array,
    readonly extraCols: number[],
  ) {}
}

/** Parses a whole `pointage` answer (already decoded to text). Throws FestimeBadAnswerError or FestimeRefusedError. */
export function parsePunchAnswer(input: string): PunchAnswer {
  let text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const html = htmlStart(text);
  if (html !== -1) {
    if (text.slice(0, html).trim() === '') classifyNonData(text); // a page where data was expected: throws
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
  const legend = legendText.split(';').map((n) => detach(n.replace(/\s+/g, '').toLowerCase()));
  while (legend.length > 0 && legend[legend.length - 1] === '') legend.pop();

  // A KO (wrong password…) or OK line is Festime's own answer, whatever words it holds.
  if (/^\s*(OK|KO)\s*;/i.test(legendText)) classifyNonData(text.slice(start, end));
  if (!legend.some((name) => (PUNCH_LEGEND as readonly string[]).includes(name))) {
    // Plain words (no fields at all) are shown to the user as they are; fields under other names are another format.
    if (legend.length <= 1) classifyNonData(text.slice(start, end));
    throw new FestimeBadAnswerError('unknown-legend');
  }
  return { legend, punches: readRecords(text, legendEnd + 1, end, layoutOf(legend)) };
}

function layoutOf(legend: string[]): Layout {
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
  const kept = ['uid_utilisateur', 'nompren_utilisateur', 'code_motif', 'motif_pause', 'noserie_terminal', 'point_acces', 'id_client', 'client', 'code_groupe'].map(col);
  const ncols = legend.length;
  const required = Math.max(cId, kept[0]!, kept[1]!, cType, cTimestamp, ...(cTimestamp === -1 ? partCols : [])) + 1;
  const extraCols = legend.map((name, c) => (MAPPED.has(name) || DERIVED.has(name) || name === '' ? -1 : c)).filter((c) => c !== -1);

  const kinds = new Uint8Array(ncols); // TEXT unless said otherwise
  kinds[cId] = ID;
  kinds[cType] = TYPE;
  for (const c of [cTimestamp, ...partCols]) if (c !== -1) kinds[c] = OTHER;
  const runEnd = new Int32Array(ncols);
  for (let c = ncols - 1; c >= 0; c--) runEnd[c] = kinds[c] === TEXT && c + 1 < ncols && kinds[c + 1] === TEXT ? runEnd[c + 1]! : c + 1;
  const interners: (Interner | null)[] = legend.map(() => null);
  for (const c of [...kept, ...extraCols]) if (c !== -1) interners[c] = new Interner();
  // A missing column reads values[ncols], which stays ''.
  const out = Int32Array.from(kept, (c) => (c === -1 ? ncols : c));
  return new Layout(legend, cId, cType, cTimestamp, partCols, required, kinds, runEnd, interners, out, extraCols);
}

/**
 * The records after the legend, from `pos` to `end`. A function of its own, without closures:
 * V8 throws optimized code away when a closure it was compiled against dies, and this loop is
 * where the time goes.
 */
function readRecords(text: string, pos: number, end: number, layout: Layout): ParsedPunch[] {
  const { legend, cId, cType, cTimestamp, partCols, required, kinds, runEnd, interners, out, extraCols } = layout;
  const ncols = legend.length;
  const fs = new Int32Array(ncols);
  const fe = new Int32Array(ncols);
  const timestamps = new Timestamps();
  // The current record's value of each TEXT column kept; index ncols stays '' (a missing column).
  const values: string[] = new Array<string>(ncols + 1).fill('');
  // Runs of consecutive TEXT columns ("id_client;client;code_groupe"), by their first column: the
  // texts of the run lately seen (most recent first), with the values read from them. A record
  // whose run starts with one of these texts has the same fields there: one comparison instead of
  // a search and a lookup per field.
  const runsSeen: RunText[][] = [];
  for (let c = 0; c < ncols; c++) runsSeen.push([]);

  const punches: ParsedPunch[] = [];
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
          const key = seen[i]!.key;
          const to = p + key.length;
          // The ';' (or the record's end) where the run ended is checked first, which rules out
          // most texts of another length. Then slice + ===: V8 compares the two strings with a
          // memcmp, where startsWith goes character by character (3× slower on ~30 characters).
          if ((seen[i]!.open ? to <= e && text.charCodeAt(to - 1) === 59 : to === e) && text.slice(p, to) === key) {
            hit = i;
            break;
          }
        }
        if (hit !== -1) {
          const run = seen[hit]!;
          for (let i = hit; i > 0; i--) seen[i] = seen[i - 1]!;
          seen[0] = run;
          for (let k = c; k < stop; k++) values[k] = run.values[k - c]!;
          filled = stop;
          if (!run.open) break;
          p += run.key.length;
          c = stop;
          continue;
        }
        const first = c;
        const runStart = p;
        let open = true;
        for (; c < stop; c++) {
          let q = text.indexOf(';', p);
          if (q === -1 || q > e) q = e;
          const interner = interners[c]!;
          if (interner !== null) values[c] = interner.take(text, p, q);
          filled = c + 1;
          p = q + 1;
          if (q === e) {
            open = false;
            break;
          }
        }
        if (filled === stop) {
          // Remembered first, the oldest forgotten (moved by hand: unshift and pop cost more).
          for (let i = Math.min(seen.length, RUN_TEXTS - 1); i > 0; i--) seen[i] = seen[i - 1]!;
          seen[0] = new RunText(text.slice(runStart, open ? p : e), open, values.slice(first, stop));
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
      } else if (kind === TYPE && p < e && text.charCodeAt(p) !== 59 && (p + 1 === e || text.charCodeAt(p + 1) === 59)) {
        q = p + 1; // one character, the usual case
      } else {
        q = text.indexOf(';', p);
        if (q === -1 || q > e) q = e;
      }
      fs[c] = p;
      fe[c] = q;
      filled = c + 1;
      if (q === e) break;
      p = q + 1;
      c++;
    }
    if (filled < ncols) {
      // Columns this record does not have: empty.
      for (let k = filled; k < ncols; k++) {
        fe[k] = -1;
        values[k] = '';
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
      throw new FestimeBadAnswerError('malformed-record', { record: recordNo, field: 'id_pointage', value: text.slice(idS, Math.min(idE, idS + 40)) });
    }

    const t = text.charCodeAt(fs[cType]!) & ~32; // upper-case
    const typeLen = fe[cType]! - fs[cType]!;
    if (typeLen !== 1 || (t !== 65 && t !== 68 && t !== 80)) {
      throw new FestimeBadAnswerError('malformed-record', { record: recordNo, field: 'code_mvt', value: fieldText(text, fs, fe, cType).slice(0, 40) });
    }
    const type: PunchType = t === 65 ? 'A' : t === 68 ? 'D' : 'P';

    const at = cTimestamp !== -1 && fe[cTimestamp]! > fs[cTimestamp]!
      ? timestamps.read(text, fs[cTimestamp]!, fe[cTimestamp]!)
      : timeFromParts(text, fs, fe, partCols);
    if (at === null) {
      throw new FestimeBadAnswerError('malformed-record', { record: recordNo, field: 'horodatage', value: fieldText(text, fs, fe, cTimestamp).slice(0, 40) });
    }

    punches.push(new PunchObject(
      id, values[out[0]!]!, values[out[1]!]!, type, values[out[2]!]!, values[out[3]!]!, at,
      values[out[4]!]!, values[out[5]!]!, values[out[6]!]!, values[out[7]!]!, values[out[8]!]!,
      extraCols.length === 0 ? null : extraFields(values, legend, extraCols),
    ));
  }
  return punches;
}

/**
 * One object of each class the parser makes, kept for good. V8's optimized code refers weakly to
 * the hidden classes (maps) of the objects it handles, and the maps that the fields of a class add
 * live only while such an object does: once the punches of an answer are dropped, a full GC would
 * otherwise throw the parser's optimized code away, and each answer would start over in the
 * interpreter (seen with node --trace-deopt: "weak objects").
 */
export const KEPT_SHAPES: readonly object[] = [
  new PunchObject(0, '', '', 'A', '', '', '', '', '', '', '', '', null),
  new RunText('', false, []),
  new Interner(),
  new Timestamps(),
  new Layout([], 0, 0, 0, [], 0, new Uint8Array(0), new Int32Array(0), [], new Int32Array(0), []),
];
