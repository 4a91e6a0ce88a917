// Parser of the `pointage` answer: `~`-separated records of `;`-separated fields, the first record
// being the legend. Fields are mapped by legend name, never by position. Written as one pass over
// the text with indexOf, creating no string for fields it does not keep and sharing the strings
// that repeat (client, access point, names), so a 180,000-punch answer parses fast and small.
import { PUNCH_LEGEND, type Punch, type PunchType } from '../../../shared/festime';
import { FestimeBadAnswerError } from '../errors';
import { htmlStart } from './decode';
import { classifyNonData } from './answer-kind';

/** A punch plus its record as Festime sent it (legend order), so that every field can be kept. */
export interface ParsedPunch extends Punch {
  raw: string;
}

export interface PunchAnswer {
  /** Legend names as received (whitespace removed), including unknown extra columns. */
  legend: string[];
  punches: ParsedPunch[];
}

const DATE_PARTS = ['jour', 'mois', 'annee', 'heure', 'minute', 'seconde'] as const;

/** Shares equal substrings: the last value seen, then a small hash table. */
class Interner {
  private last = '';
  private readonly table = new Map<number, string>();

  take(text: string, s: number, e: number): string {
    const len = e - s;
    if (len === 0) return '';
    const last = this.last;
    if (last.length === len && text.startsWith(last, s)) return last;
    let h = len;
    for (let i = s; i < e; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
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

/** "DD/MM/YYYY HH:MM:SS" (any whitespace between date and time) to "YYYY-MM-DDTHH:MM:SS", or null. */
function isoFromHorodatage(text: string, s: number, e: number): string | null {
  if (
    e - s === 19 &&
    isDigit(text.charCodeAt(s)) && isDigit(text.charCodeAt(s + 1)) && text.charCodeAt(s + 2) === 47 &&
    isDigit(text.charCodeAt(s + 3)) && isDigit(text.charCodeAt(s + 4)) && text.charCodeAt(s + 5) === 47 &&
    isDigit(text.charCodeAt(s + 6)) && isDigit(text.charCodeAt(s + 7)) && isDigit(text.charCodeAt(s + 8)) && isDigit(text.charCodeAt(s + 9)) &&
    text.charCodeAt(s + 10) <= 32 &&
    isDigit(text.charCodeAt(s + 11)) && isDigit(text.charCodeAt(s + 12)) && text.charCodeAt(s + 13) === 58 &&
    isDigit(text.charCodeAt(s + 14)) && isDigit(text.charCodeAt(s + 15)) && text.charCodeAt(s + 16) === 58 &&
    isDigit(text.charCodeAt(s + 17)) && isDigit(text.charCodeAt(s + 18))
  ) {
    const c = (i: number) => text.charCodeAt(s + i);
    const iso = String.fromCharCode(c(6), c(7), c(8), c(9), 45, c(3), c(4), 45, c(0), c(1), 84, c(11), c(12), 58, c(14), c(15), 58, c(17), c(18));
    return validIso(iso) ? iso : null;
  }
  // Slow path for looser forms: single digits, no seconds.
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?$/.exec(text.slice(s, e).trim());
  if (!m) return null;
  const iso = `${m[3]}-${pad2(+m[2]!)}-${pad2(+m[1]!)}T${pad2(+m[4]!)}:${pad2(+m[5]!)}:${pad2(+(m[6] ?? 0))}`;
  return validIso(iso) ? iso : null;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validIso(iso: string): boolean {
  const month = (iso.charCodeAt(5) - 48) * 10 + iso.charCodeAt(6) - 48;
  const day = (iso.charCodeAt(8) - 48) * 10 + iso.charCodeAt(9) - 48;
  const hour = (iso.charCodeAt(11) - 48) * 10 + iso.charCodeAt(12) - 48;
  const minute = (iso.charCodeAt(14) - 48) * 10 + iso.charCodeAt(15) - 48;
  const second = (iso.charCodeAt(17) - 48) * 10 + iso.charCodeAt(18) - 48;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  if (day > DAYS_IN_MONTH[month - 1]!) return false;
  if (month === 2 && day === 29) {
    const year = Number(iso.slice(0, 4));
    return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  }
  return true;
}

function isoFromParts(parts: string[]): string | null {
  if (!parts.every((p) => /^\d{1,4}$/.test(p))) return null;
  const [d, mo, y, h, mi, se] = parts.map(Number) as [number, number, number, number, number, number];
  if (y < 1000) return null;
  const iso = `${y}-${pad2(mo)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(se)}`;
  return iso.length === 19 && validIso(iso) ? iso : null;
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

  if (!legend.some((name) => (PUNCH_LEGEND as readonly string[]).includes(name))) {
    // Not a punch legend at all: a KO (wrong password…) or something else.
    if (/^\s*(OK|KO)\s*;/i.test(legendText)) classifyNonData(text.slice(start, end));
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
  const take = (interner: Interner, c: number) => (c === -1 || fe[c]! < 0 ? '' : interner.take(text, fs[c]!, fe[c]!));
  const fieldText = (c: number) => (c === -1 || fe[c]! < 0 ? '' : text.slice(fs[c]!, fe[c]!));

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
      if (!isDigit(ch) || id > 1e14) { id = -1; break; }
      id = id * 10 + (ch - 48);
    }
    if (id <= 0 && !(id === 0 && idE > idS)) {
      throw new FestimeBadAnswerError('malformed-record', { record: recordNo, field: 'id_pointage', value: text.slice(idS, Math.min(idE, idS + 40)) });
    }

    const t = text.charCodeAt(fs[cType]!) & ~32; // upper-case
    const typeLen = fe[cType]! - fs[cType]!;
    if (typeLen !== 1 || (t !== 65 && t !== 68 && t !== 80)) {
      throw new FestimeBadAnswerError('malformed-record', { record: recordNo, field: 'code_mvt', value: fieldText(cType).slice(0, 40) });
    }
    const type: PunchType = t === 65 ? 'A' : t === 68 ? 'D' : 'P';

    const at = cTimestamp !== -1 && fe[cTimestamp]! > fs[cTimestamp]!
      ? isoFromHorodatage(text, fs[cTimestamp]!, fe[cTimestamp]!)
      : partCols.every((c) => c !== -1 && fe[c]! >= 0) ? isoFromParts(partCols.map(fieldText)) : null;
    if (at === null) {
      throw new FestimeBadAnswerError('malformed-record', { record: recordNo, field: 'horodatage', value: fieldText(cTimestamp).slice(0, 40) });
    }

    punches.push({
      id,
      uid: take(uids, cUid),
      name: take(names, cName),
      type,
      reasonCode: take(reasonCodes, cReasonCode),
      reason: take(reasons, cReason),
      at,
      terminal: take(terminals, cTerminal),
      accessPoint: take(accessPoints, cAccess),
      clientId: take(clientIds, cClientId),
      client: take(clients, cClient),
      group: take(groups, cGroup),
      raw: text.slice(s, e),
    });
  }
  return { legend, punches };
}
