// A hostile Festime server (a proxy, a maintenance page, a debug build) that echoes the password it
// received, in every spelling a page or a log could give it; and the search for those spellings in
// everything Festime Desk leaves behind: outputs, log files, every table of the database, the raw
// bytes of the database, its -wal and its backups (as UTF-8 and as windows-1252).
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import iconv from 'iconv-lite';

/** Passwords that exercise the spellings: '&' (HTML), '/' and ':' (percent), '+', '$', a space and 'é' (form, encodeURI), a double space and a tab. */
export const HOSTILE_PASSWORDS = ['Tr0ub4dor&3', 'Pa/ss:w0rd', 'Demo&Pass+45$ é', 'Dbl  sp\tace!9'] as const;

const lowerHex = (s: string) => s.replace(/%[0-9A-F]{2}/g, (p) => p.toLowerCase());
const form = (s: string) => new URLSearchParams({ p: s }).toString().slice(2);
const htmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/é/g, '&eacute;');

/** Every spelling of a password that must appear nowhere, with its name. */
export function spellings(password: string): { label: string; text: string }[] {
  const all = [
    { label: 'raw', text: password },
    { label: 'encodeURIComponent', text: encodeURIComponent(password) },
    { label: 'encodeURI', text: encodeURI(password) },
    { label: 'form', text: form(password) },
    { label: 'lower-case percent', text: lowerHex(encodeURIComponent(password)) },
    { label: 'lower-case percent (encodeURI)', text: lowerHex(encodeURI(password)) },
    { label: 'lower-case percent (form)', text: lowerHex(form(password)) },
    { label: 'HTML-escaped', text: htmlEscape(password) },
    { label: 'squeezed', text: password.replace(/\s+/g, ' ') },
    // What a cut at a fixed length could leave: the first half, at the edge.
    { label: 'first half', text: password.slice(0, Math.ceil(password.length / 2)) },
  ];
  return all.filter((s, i) => all.findIndex((o) => o.text === s.text) === i);
}

/** How the hostile server answers, whatever the function asked. */
export type EchoMode = 'html-title' | 'lower-percent' | 'encode-uri' | 'squeezed' | 'cut-at-60' | 'http-500' | 'ko-echo' | 'ko-long';

export const ECHO_MODES: readonly EchoMode[] = ['html-title', 'lower-percent', 'encode-uri', 'squeezed', 'cut-at-60', 'http-500', 'ko-echo', 'ko-long'];

/** The answer body and status for one mode, echoing `pw` (the password as the server received it). */
export function echoAnswer(mode: EchoMode, pw: string): { status: number; type: string; body: string } {
  const plain = 'text/plain; charset=utf-8';
  switch (mode) {
    case 'html-title':
      // A maintenance page whose title quotes the request, HTML-escaped (&amp;, &eacute;).
      return {
        status: 200,
        type: 'text/html; charset=utf-8',
        body: `<!DOCTYPE html><html><head><title>Erreur pour ${htmlEscape(pw)}</title></head><body><p>${htmlEscape(pw)}</p></body></html>`,
      };
    case 'lower-percent':
      return { status: 200, type: plain, body: `Erreur : mot de passe ${lowerHex(encodeURIComponent(pw))} invalide` };
    case 'encode-uri':
      return { status: 200, type: plain, body: `Requete recue avec le mot de passe ${encodeURI(pw)} (encodeURI)` };
    case 'squeezed':
      return { status: 200, type: plain, body: `KO;Mot de passe ${pw.replace(/\s+/g, ' ')} refusé;écho ${pw.replace(/\s+/g, '')}` };
    case 'cut-at-60': {
      // The password straddles the 60th character, where a text used to be cut before masking.
      const lead = 'Erreur interne du serveur, parametre recu : '.padEnd(60 - Math.ceil(pw.length / 2), '.');
      return { status: 200, type: plain, body: `${lead}${pw} fin` };
    }
    case 'http-500':
      return {
        status: 500,
        type: 'text/html; charset=utf-8',
        body: `<html><head><title>Runtime Error ${htmlEscape(pw)}</title></head><body>password=${encodeURIComponent(pw)} ${pw}</body></html>`,
      };
    case 'ko-echo':
      return {
        status: 200,
        type: plain,
        body: `KO;Refusé : ${pw} / ${encodeURIComponent(pw)} / ${lowerHex(encodeURIComponent(pw))} / ${encodeURI(pw)} / ${form(pw)} / ${htmlEscape(pw)} / ${pw.replace(/\s+/g, ' ')};remarque ${pw}`,
      };
    case 'ko-long': {
      // A KO reason longer than what is kept, the password straddling the cut (500).
      const lead = 'Compte refusé : '.padEnd(500 - Math.ceil(pw.length / 2), '-');
      return { status: 200, type: plain, body: `KO;${lead}${pw} et la suite du texte;` };
    }
  }
}

export interface HostileServer {
  url: string;
  /** The passwords received (decoded), one per request. */
  received: string[];
  mode: EchoMode;
  close(): Promise<void>;
}

export async function startHostileServer(mode: EchoMode): Promise<HostileServer> {
  const sockets = new Set<Socket>();
  const received: string[] = [];
  const state = { mode };
  const server: Server = createServer((req, res) => {
    const pw = new URL(req.url ?? '/', 'http://x').searchParams.get('password') ?? '';
    received.push(pw);
    const answer = echoAnswer(state.mode, pw);
    res.writeHead(answer.status, { 'Content-Type': answer.type, Date: new Date().toUTCString() });
    res.end(answer.body);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    get mode() {
      return state.mode;
    },
    set mode(m: EchoMode) {
      state.mode = m;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Where each spelling of the password was found in a text: `where: label`. */
export function leaksIn(where: string, text: string, password: string): string[] {
  return spellings(password)
    .filter((s) => text.includes(s.text))
    .map((s) => `${where}: ${s.label}`);
}

/** Where each spelling was found in raw bytes, as UTF-8 and as windows-1252 (latin-1). */
export function leaksInBytes(where: string, bytes: Buffer, password: string): string[] {
  const out: string[] = [];
  for (const s of spellings(password)) {
    for (const [enc, needle] of [
      ['UTF-8', Buffer.from(s.text, 'utf8')],
      ['windows-1252', iconv.encode(s.text, 'windows-1252')],
      ['latin1', Buffer.from(s.text, 'latin1')],
    ] as const) {
      if (bytes.includes(needle)) out.push(`${where} (${enc}): ${s.label}`);
    }
  }
  return [...new Set(out)];
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every table's rows of a database file, as text (opened read-only). */
export function dumpTables(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[];
    return tables.map(({ name }) => `${name}: ${JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())}`).join('\n');
  } finally {
    db.close();
  }
}

/**
 * Every place of a data folder where the password could be left: each file's raw bytes (the
 * database, its -wal, backups, logs…) and, for each database, every table's rows.
 */
export function leaksInDataDir(dataDir: string, password: string): { leaks: string[]; files: string[] } {
  const files = filesUnder(dataDir);
  const leaks: string[] = [];
  for (const file of files) {
    const where = file.slice(dataDir.length + 1);
    leaks.push(...leaksInBytes(where, readFileSync(file), password));
    if (/\.sqlite$/.test(file) && statSync(file).size > 0) leaks.push(...leaksIn(`${where} (tables)`, dumpTables(file), password));
  }
  return { leaks, files: files.map((f) => f.slice(dataDir.length + 1)) };
}
