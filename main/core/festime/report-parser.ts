// Parsers of the four global_* answers: free text with one part per access point, e.g.
// "NOMBRE DE POINT D'ACCES pour transfert [ utilisateur(s) ] : 1 1/1) *** POINT D'ACCES -> Accès porte Sud - Melun : OK;…".
// Every part keeps its raw text; a part that does not read as expected is kept with parsed = false.
import type { AccessPointOutcome, GlobalFunction, TerminalInfo, TerminalInfoReport, TransferReport } from '../../../shared/festime';
import { classifyNonData, dataPart, unreadable } from './answer-kind';

const HEADER = /^\s*NOMBRE DE POINTS? D.ACC[EÈ]S[^:]*:\s*(\d+)/i;
const PART = /(\d+)\s*\/\s*(\d+)\s*\)\s*\*{3}\s*POINTS? D.ACC[EÈ]S\s*-+>\s*/gi;

interface RawPart {
  index: number;
  body: string;
  raw: string;
}

function splitParts(text: string): { declared: number; parts: RawPart[] } {
  const data = dataPart(text);
  const header = HEADER.exec(data);
  if (!header) classifyNonData(text);
  const declared = Number(header[1]);
  const starts: { at: number; bodyAt: number; index: number }[] = [];
  PART.lastIndex = 0;
  for (let m = PART.exec(data); m; m = PART.exec(data)) starts.push({ at: m.index, bodyAt: m.index + m[0].length, index: Number(m[1]) });
  const parts = starts.map((s, i) => {
    const stop = i + 1 < starts.length ? starts[i + 1]!.at : data.length;
    return { index: s.index, body: data.slice(s.bodyAt, stop).trim(), raw: data.slice(s.at, stop).trim() };
  });
  if (parts.length === 0 && declared > 0) {
    throw unreadable(data);
  }
  return { declared, parts };
}

/** "Accès porte Sud - Melun : OK;…" → name and the rest; the name ends at the last " : " before OK/KO or "[Infos". */
function splitName(body: string): { name: string; rest: string } | null {
  const m = /^([\s\S]*?)\s*:\s*(?=(?:OK|KO)\s*;|\[)/i.exec(body);
  return m ? { name: m[1]!.trim(), rest: body.slice(m[0].length) } : null;
}

function transferPart(part: RawPart): AccessPointOutcome {
  const unread: AccessPointOutcome = {
    index: part.index,
    accessPoint: '',
    status: 'unknown',
    message: part.body,
    terminal: null,
    count: null,
    raw: part.raw,
    parsed: false,
  };
  const split = splitName(part.body);
  if (!split) {
    const name = /^([\s\S]*?)\s*:/.exec(part.body)?.[1]?.trim() ?? '';
    return { ...unread, accessPoint: name };
  }
  const m = /^(OK|KO)\s*;\s*([\s\S]*)$/i.exec(split.rest);
  if (!m) return { ...unread, accessPoint: split.name };
  const status = m[1]!.toUpperCase() as 'OK' | 'KO';
  const rest = m[2]!.trim();
  const serial = /Terminal\s*:\s*([^\s;]+)|terminal\s+n?°?\s*(\d+)/i.exec(rest);
  const terminal = serial ? (serial[1] ?? serial[2] ?? null) : null;
  const countMatch = /Nombre d[e'’]\s*[^:;]*trait[ée]s?\s*:\s*(\d+)/i.exec(rest);
  const message = rest.split(';')[0]!.trim();
  return {
    index: part.index,
    accessPoint: split.name,
    status,
    message,
    terminal,
    count: countMatch ? Number(countMatch[1]) : null,
    raw: part.raw,
    parsed: true,
  };
}

export function parseTransferReport(fonction: Exclude<GlobalFunction, 'global_get_infos_iot'>, text: string): TransferReport {
  const { declared, parts } = splitParts(text);
  return { fonction, declaredCount: declared, accessPoints: parts.map(transferPart), raw: dataPart(text) };
}

const FR_DATETIME = /(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?/;

function isoDateTime(s: string | undefined): string | null {
  const m = s ? FR_DATETIME.exec(s) : null;
  if (!m) return null;
  const p = (v: string | undefined) => (v ?? '0').padStart(2, '0');
  return `${m[3]}-${p(m[2])}-${p(m[1])}T${p(m[4])}:${p(m[5])}:${p(m[6])}`;
}

/** The value after "label :" up to the next " - " item, line break or tag. */
function item(body: string, label: RegExp): string | null {
  const m = new RegExp(`${label.source}[^:]*:\\s*([^\\r\\n<]*?)\\s*(?=\\s-\\s|<|[\\r\\n]|$)`, 'i').exec(body);
  const v = m?.[1]?.trim();
  return v ? v : null;
}

function infoPart(part: RawPart): TerminalInfo {
  const split = splitName(part.body);
  const body = split?.rest ?? part.body;
  const count = (label: RegExp) => {
    const v = item(body, label);
    return v !== null && /^\d+$/.test(v) ? Number(v) : null;
  };
  const info: TerminalInfo = {
    index: part.index,
    accessPoint: split?.name ?? /^([\s\S]*?)\s*:/.exec(part.body)?.[1]?.trim() ?? '',
    readAt: isoDateTime(/\[Infos[^\]]*?le\s+([^\]]+)\]/i.exec(body)?.[1]),
    serial: item(body, /No de s[ée]rie du terminal/),
    timeZone: item(body, /Fuseau horaire/),
    status: item(body, /Statut de connexion/)?.toUpperCase() ?? null,
    ip: item(body, /Adresse IP/),
    lastScan: isoDateTime(item(body, /Dernier Scan/) ?? undefined),
    usersLoaded: count(/Nombre d.utilisateur/),
    reasonsLoaded: count(/Nombre de motif/),
    raw: part.raw,
    parsed: false,
  };
  info.parsed = split !== null && info.serial !== null && info.status !== null && info.usersLoaded !== null && info.reasonsLoaded !== null;
  return info;
}

export function parseTerminalInfoReport(text: string): TerminalInfoReport {
  const { declared, parts } = splitParts(text);
  return { declaredCount: declared, accessPoints: parts.map(infoPart), raw: dataPart(text) };
}
