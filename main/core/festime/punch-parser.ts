// Parser of the `pointage` answer: `~`-separated records of `;`-separated fields, the first record
// being the legend. Fields are mapped by legend name, never by position. Written as one pass over
// the text with indexOf, creating no string for fields it does not keep and sharing the strings
// that repeat (client, access point, names), so a 180,000-punch answer parses fast and small.
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

function field(interner: Interner, text: string, fs: Int32Array, fe: Int32Array, c: number): string {
  return c === -1 || fe[c]! < 0 ? '' : interner.take(text, fs[c]!, fe[c]!);
}

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
    const value = text.slice(s, e);
    if (hit === undefined && this.table.size < 50_000) this.table.set(h, value);
    return (this.last = value);
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;

/** Turns "DD/MM/YYYY HH:MM:SS" (any whitespace between date and time) into "YYYY-MM-DDTHH:MM:SS"; the date part is checked once per day. */
class Timestamps {
  private lastDate = '';
  private lastPrefix = '';

  read(text: string, s: number, e: number): string | null {
    if (e - s !== 19 || text.charCodeAt(s + 10) > 32) return looseTimestamp(text.slice(s, e));
    let prefix: string;
    if (text.startsWith(this.lastDate, s) && this.lastDate !== '') prefix = this.lastPrefix;
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
    return prefix + text.slice(s + 11, s + 19);
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

function extraFields(text: string, fs: Int32Array, fe: Int32Array, legend: string[], cols: number[]): Record<string, string> | null {
  let extra: Record<string, string> | null = null;
  for (const c of cols) {
    const value = fieldText(text, fs, fe, c);
    if (value !== '') (extra ??= {})[legend[c]!] = value;
  }
  return extra;
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
  const legend = legendText.split(';').map((n) => n.replace(/\s+/g, '').toLowerCase());
  while (legend.length > 0 && legend[legend.length - 1] === '') legend.pop();
  const col = (name: string) => legend.indexOf(name);

  // A KO (wrong password…) or OK line is Festime's own answer, whatever words it holds.
  if (/^\s*(OK|KO)\s*;/i.test(legendText)) classifyNonData(text.slice(start, end));
  if (!legend.some((name) => (PUNCH_LEGEND as readonly string[]).includes(name))) {
    // Plain words (no fields at all) are shown to the user as they are; fields under other names are another format.
    if (legend.length <= 1) classifyNonData(text.slice(start, end));
    throw new FestimeBadAnswerError('unknown-legend');
  }
  for (const name of ['id_pointage', 'uid_utilisateur', 'nompren_utilisateur', 'code_mvt'] as const) {
    if (col(name) === -1) throw new FestimeBadAnswerError('missing-column', { column: name });
  }
  const cId = col('id_pointage');
  const cUid = col('uid_utilisateur');
  const cName = col('nompren_utilisateur');
  const cType = col('code_mvt');
  const cTimestamp = col('horodatage');
  const partCols = DATE_PARTS.map(col);
  if (cTimestamp === -1) {
    const missing = DATE_PARTS.find((_, i) => partCols[i] === -1);
    if (missing) throw new FestimeBadAnswerError('missing-column', { column: 'horodatage' });
  }
  const cReasonCode = col('code_motif');
  const cReason = col('motif_pause');
  const cTerminal = col('noserie_terminal');
  const cAccess = col('point_acces');
  const cClientId = col('id_client');
  const cClient = col('client');
  const cGroup = col('code_groupe');
  const ncols = legend.length;
  const required = Math.max(cId, cUid, cName, cType, cTimestamp, ...(cTimestamp === -1 ? partCols : [])) + 1;

  const uids = new Interner();
  const names = new Interner();
  const reasonCodes = new Interner();
  const reasons = new Interner();
  const terminals = new Interner();
  const accessPoints = new Interner();
  const clientIds = new Interner();
  const clients = new Interner();
  const groups = new Interner();
  const fs = new Int32Array(ncols);
  const fe = new Int32Array(ncols);
  const timestamps = new Timestamps();
  const extraCols = legend.map((name, c) => (MAPPED.has(name) || DERIVED.has(name) || name === '' ? -1 : c)).filter((c) => c !== -1);

  const punches: ParsedPunch[] = [];
  let pos = legendEnd + 1;
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

    let filled = 0;
    let p = s;
    while (filled < ncols) {
      let q = text.indexOf(';', p);
      if (q === -1 || q > e) q = e;
      fs[filled] = p;
      fe[filled] = q;
      filled++;
      if (q === e) break;
      p = q + 1;
    }
    for (let c = filled; c < ncols; c++) fe[c] = -1;
    const last = pos >= end;
    // A last record shorter than the ones before it (or than the legend) was cut on the way.
    if (last && filled < (recordNo === 1 ? ncols : minFields)) throw new FestimeBadAnswerError('truncated');
    if (filled < required) {
      throw new FestimeBadAnswerError('malformed-record', { record: recordNo, field: legend[filled] ?? '?', value: '' });
    }
    if (filled < minFields) minFields = filled;

    let id = 0;
    const idS = fs[cId]!;
    const idE = fe[cId]!;
    for (let i = idS; i < idE; i++) {
      const ch = text.charCodeAt(i);
      if (!isDigit(ch) || id > 9e14) { id = -1; break; }
      id = id * 10 + (ch - 48);
    }
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
      : partCols.every((c) => c !== -1 && fe[c]! >= 0) ? isoFromParts(partCols.map((c) => fieldText(text, fs, fe, c))) : null;
    if (at === null) {
      throw new FestimeBadAnswerError('malformed-record', { record: recordNo, field: 'horodatage', value: fieldText(text, fs, fe, cTimestamp).slice(0, 40) });
    }

    punches.push({
      id,
      uid: field(uids, text, fs, fe, cUid),
      name: field(names, text, fs, fe, cName),
      type,
      reasonCode: field(reasonCodes, text, fs, fe, cReasonCode),
      reason: field(reasons, text, fs, fe, cReason),
      at,
      terminal: field(terminals, text, fs, fe, cTerminal),
      accessPoint: field(accessPoints, text, fs, fe, cAccess),
      clientId: field(clientIds, text, fs, fe, cClientId),
      client: field(clients, text, fs, fe, cClient),
      group: field(groups, text, fs, fe, cGroup),
      extra: extraCols.length === 0 ? null : extraFields(text, fs, fe, legend, extraCols),
    });
  }
  return { legend, punches };
}
