// A faithful Festime Web-API on 127.0.0.1: the tests' server and the built-in demo. It answers the
// specification's texts, keeps 90 days, lets time pass (punches appear when their time comes),
// and can inject the faults a legacy server shows: slowness, silence, HTTP 500, HTML pages,
// answers cut short, dropped connections, windows-1252 bytes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import iconv from 'iconv-lite';
import type { Punch, PunchType } from '../../../../shared/festime';
import { addDays, DEFAULT_SITE_ZONE, isIsoDate, todayIn, wallClockAt, zoneFromTerminal } from '../../../../shared/time';
import { formatEmpty, formatInfos, formatPunchAnswer, formatTransferReasons, formatTransferUsers, resultLine, type AccessPointState } from './format';
import { punchesOfDay, type Person } from './demo-site';
import { defaultAccounts, loadState, newAccountState, saveState, type AccountSeed, type AccountState } from './state';

export const RETENTION_DAYS = 90;

/**
 * 'cut-between-records': the answer ends cleanly after a record, about half way, with a length that
 * matches (nothing tells it from a complete one); 'crlf-only': records separated by line breaks, no '~';
 * 'hang': the request is taken and never answered (the connection stays open until the client
 * gives up or the simulator closes); 'lost-answer': the request is carried out (a create, a modify,
 * a delete is applied), then the connection is cut before a byte of the answer ('drop' cuts before).
 */
export type FaultKind =
  'slow' | 'hang' | 'http500' | 'html' | 'truncated' | 'drop' | 'lost-answer' | 'cp1252' | 'trailing-html' | 'empty' | 'cut-between-records' | 'crlf-only';
export const FAULT_KINDS: readonly FaultKind[] = [
  'slow',
  'hang',
  'http500',
  'html',
  'truncated',
  'drop',
  'lost-answer',
  'cp1252',
  'trailing-html',
  'empty',
  'cut-between-records',
  'crlf-only',
];

export interface Fault {
  kind: FaultKind;
  /** Only for this function (default: every function). */
  fonction?: string;
  /** How many requests it hits (default: all until cleared). */
  times?: number;
  /** For 'slow'. Default 5 s. */
  delayMs?: number;
}

/** What the tests can see of each request; never the password. */
export interface RequestRecord {
  fonction: string;
  login: string;
  params: Record<string, string>;
  /** Which connection carried it, and how many requests that connection had carried before. */
  connection: number;
  requestOnConnection: number;
}

export interface SimulatorOptions {
  accounts?: AccountSeed[];
  /** The clock; tests move it. Default: real time. */
  now?: () => Date;
  /** Save and reload state (users, terminals, added punches) in this JSON file. */
  dataFile?: string;
}

export interface NewPunch {
  uid: string;
  type: PunchType;
  /** "YYYY-MM-DDTHH:MM:SS", terminal local time. */
  at: string;
  reasonCode?: string;
  reason?: string;
  accessPoint?: string;
  name?: string;
  /** A second record with a known id_pointage (Festime sending one punch with two contents). */
  id?: number;
}

export interface Simulator {
  listen(port?: number): Promise<string>;
  readonly url: string;
  close(): Promise<void>;
  setFaults(faults: Fault[]): void;
  account(login: string): AccountState;
  addPunch(login: string, punch: NewPunch): Punch;
  removePunch(login: string, id: number): void;
  /** Festime gives a removed punch back (an administrator's undo). */
  restorePunch(login: string, id: number): void;
  /** An administrator changes a punch at Festime: the same id_pointage comes back with other content. */
  editPunch(login: string, id: number, patch: Partial<Omit<Punch, 'id'>>): void;
  setTerminal(login: string, accessPoint: string, patch: Partial<AccessPointState>): void;
  /** The punches Festime holds now for a day range (what `pointage` would return). */
  punches(login: string, from: string, to: string): Punch[];
  readonly requests: RequestRecord[];
}

const HTML_500 = `<!DOCTYPE html>
<html><head><title>Runtime Error</title></head>
<body><h1>Server Error in '/' Application.</h1><h2><i>Runtime Error</i></h2></body></html>`;
const HTML_PAGE = `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Festime - Maintenance en cours</title></head>
<body><p>Le service Festime est en maintenance. Merci de réessayer plus tard.</p></body></html>`;
const TRAILING_HTML = `\r\n\r\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title></title></head><body><form method="post" action="./webapi.aspx" id="form1"></form></body></html>`;

/** "08/01/2019", "!08/01/2019", " !08/01/2019" → { from, only } */
function parseDateParam(value: string): { day: string; only: boolean } | null {
  const m = /^\s*(!?)\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(value);
  if (!m) return null;
  const day = `${m[4]}-${m[3]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
  return isIsoDate(day) ? { day, only: m[1] === '!' } : null;
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const now = options.now ?? (() => new Date());
  const accounts = new Map<string, AccountState>();
  for (const seed of options.accounts ?? defaultAccounts()) accounts.set(seed.login, newAccountState(seed));
  if (options.dataFile) loadState(options.dataFile, accounts);
  const save = () => {
    if (options.dataFile) saveState(options.dataFile, accounts);
  };
  let faults: Fault[] = [];
  const requests: RequestRecord[] = [];
  const sockets = new WeakMap<Socket, { id: number; served: number }>();
  const openSockets = new Set<Socket>();
  let nextSocket = 1;
  let url = '';

  // Each account's clock is its terminals' wall-clock time, in the zone they report.
  const zoneOf = (a: AccountState) => zoneFromTerminal(a.terminals[0]?.timeZone ?? '') ?? DEFAULT_SITE_ZONE;
  const nowIso = (a: AccountState) => wallClockAt(now(), zoneOf(a));
  const today = (a: AccountState) => todayIn(zoneOf(a), now());

  function account(login: string): AccountState {
    const a = accounts.get(login);
    if (!a) throw new Error(`no simulated account ${login}`);
    return a;
  }

  function nameOf(a: AccountState) {
    return (p: Person) => {
      const u = a.users.get(p.uid);
      return u ? `${u.nom} ${u.prenom}` : `${p.nom} ${p.prenom}`;
    };
  }

  // Like a real server's stored punches: each day is generated once (names change only with the users).
  const days = new Map<AccountState, Map<string, Punch[]>>();
  function dayPunches(a: AccountState, day: string): Punch[] {
    let cache = days.get(a);
    if (!cache) days.set(a, (cache = new Map()));
    let list = cache.get(day);
    if (!list) cache.set(day, (list = punchesOfDay(a.site, day, nameOf(a))));
    return list;
  }

  const lastScanOf = (a: AccountState, t: AccessPointState) =>
    t.lastScanAt ?? wallClockAt(now().getTime() - (t.online ? t.lastScanAgeSeconds : t.lastScanAgeSeconds + 3 * 3600) * 1000, zoneOf(a));

  /** Punches dated from..to (inclusive), within the retention window, whose time has come. */
  function punchesBetween(a: AccountState, from: string, to: string): Punch[] {
    const t = today(a);
    const first = [from, addDays(t, -(RETENTION_DAYS - 1))].sort()[1]!;
    const last = [to, t].sort()[0]!;
    if (first > last) return [];
    const limit = nowIso(a);
    // An offline terminal keeps what was punched on it since its last scan, and uploads it when back online.
    const heldAfter = new Map(a.terminals.filter((t) => !t.online).map((t) => [t.name, lastScanOf(a, t)]));
    const out: Punch[] = [];
    const keep = (raw: Punch) => {
      const edit = a.edited.get(raw.id);
      const p = edit ? { ...raw, ...edit } : raw;
      const day = p.at.slice(0, 10);
      const held = heldAfter.get(p.accessPoint);
      if (day >= first && day <= last && p.at <= limit && !a.removed.has(p.id) && !(held && p.at > held)) out.push(p);
    };
    // A night shift starting the day before ends on `first`.
    for (let day = addDays(first, -1); day <= last; day = addDays(day, 1)) dayPunches(a, day).forEach(keep);
    a.extra.forEach(keep);
    return out.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : x.id - y.id));
  }

  function holderFunction(a: AccountState, fonction: string, params: URLSearchParams): string {
    const nom = params.get('nom')?.trim() ?? '';
    const prenom = params.get('prenom')?.trim() ?? '';
    const uid = params.get('uid')?.trim() ?? '';
    const missing = [
      ['nom', nom],
      ['prenom', prenom],
      ['uid', uid],
    ].find(([, v]) => !v);
    if (missing) return resultLine(false, 'Paramètre obligatoire manquant', missing[0]!);
    const who = `${nom} / ${prenom} / ${uid}`;
    const exists = a.users.has(uid);
    days.delete(a); // names in punches follow the users
    switch (fonction) {
      case 'ajouter_utilisateur_dans_festime':
        // The specification's own KO text has "!" where the other answers have ";".
        if (exists) return `KO;Utilisateur non ajouté dans Festime - UID fourni existe déjà!${who}`;
        a.users.set(uid, { nom, prenom });
        save();
        return resultLine(true, 'Utilisateur ajouté dans Festime', who);
      case 'modifier_utilisateur_dans_festime':
        if (!exists) return `KO;Utilisateur non modifié dans Festime - UID fourni inconnu!${who}`;
        a.users.set(uid, { nom, prenom });
        save();
        return resultLine(true, 'Utilisateur modifié dans Festime', who);
      default:
        if (!exists) return `KO;Utilisateur non effacé dans Festime - UID fourni inconnu!${who}`;
        a.users.delete(uid);
        save();
        return resultLine(true, 'Utilisateur effacé dans Festime', who);
    }
  }

  function answer(a: AccountState, fonction: string, params: URLSearchParams): string {
    switch (fonction) {
      case 'pointage': {
        const raw = params.get('date');
        if (raw === null || raw.trim() === '') return formatPunchAnswer(punchesBetween(a, today(a), today(a)));
        const date = parseDateParam(raw);
        if (!date) return resultLine(false, 'Date invalide (format attendu JJ/MM/AAAA)', raw);
        return formatPunchAnswer(punchesBetween(a, date.day, date.only ? date.day : today(a)));
      }
      case 'ajouter_utilisateur_dans_festime':
      case 'modifier_utilisateur_dans_festime':
      case 'effacer_utilisateur_dans_festime':
        return holderFunction(a, fonction, params);
      case 'global_transfert_to_iot_utilisateurs': {
        const text = formatTransferUsers(a.terminals, a.users.size);
        for (const t of a.terminals) if (t.online) t.usersLoaded = a.users.size;
        save();
        return text;
      }
      case 'global_transfert_to_iot_motifs': {
        const text = formatTransferReasons(a.terminals, a.site.reasons.length);
        for (const t of a.terminals) if (t.online) t.reasonsLoaded = a.site.reasons.length;
        save();
        return text;
      }
      case 'global_vider_iot': {
        const text = formatEmpty(a.terminals);
        for (const t of a.terminals) {
          if (!t.online) continue;
          t.usersLoaded = 0;
          t.reasonsLoaded = 0;
        }
        save();
        return text;
      }
      case 'global_get_infos_iot':
        return formatInfos(a.terminals, nowIso(a), (t) => lastScanOf(a, t));
      default:
        return resultLine(false, 'Fonction Web-API inconnue', fonction);
    }
  }

  function takeFault(fonction: string): Fault | undefined {
    const i = faults.findIndex((f) => (!f.fonction || f.fonction === fonction) && (f.times === undefined || f.times > 0));
    if (i === -1) return undefined;
    const f = faults[i]!;
    if (f.times !== undefined) f.times--;
    return f;
  }

  function send(res: ServerResponse, status: number, text: string, charset: 'utf-8' | 'windows-1252' | null = 'utf-8') {
    const body = charset === 'windows-1252' || charset === null ? iconv.encode(text, 'windows-1252') : Buffer.from(text, 'utf8');
    res.writeHead(status, {
      'Content-Type': charset ? `text/html; charset=${charset}` : 'text/html',
      'Content-Length': body.length,
      'Cache-Control': 'private',
      // Its own clock, not the machine's: tests set Festime's time apart from the PC's.
      Date: now().toUTCString(),
    });
    res.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const socket = req.socket;
    const info = sockets.get(socket)!;
    const served = info.served++;
    const reqUrl = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || reqUrl.pathname.toLowerCase() !== '/webapi.aspx') {
      send(res, 404, '<!DOCTYPE html><html><head><title>404 - Not Found</title></head><body>Not Found</body></html>');
      return;
    }
    const params = reqUrl.searchParams;
    const login = params.get('login') ?? '';
    const fonction = (params.get('fonction') ?? '').trim();
    const visible = Object.fromEntries([...params].filter(([k]) => k !== 'password' && k !== 'login' && k !== 'fonction'));
    requests.push({ fonction, login, params: visible, connection: info.id, requestOnConnection: served });

    const fault = takeFault(fonction);
    if (fault?.kind === 'drop') {
      socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'http500') return send(res, 500, HTML_500);
    if (fault?.kind === 'html') return send(res, 200, HTML_PAGE);
    if (fault?.kind === 'empty') return send(res, 200, '');
    if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs ?? 5_000));

    const a = accounts.get(login);
    const text =
      !a || a.password !== (params.get('password') ?? '')
        ? resultLine(false, 'Compte Festime inconnu ou mot de passe incorrect', '')
        : answer(a, fonction, params);
    if (res.destroyed || socket.destroyed) return;
    if (fault?.kind === 'lost-answer') {
      socket.destroy();
      return;
    }
    if (fault?.kind === 'truncated') {
      const body = Buffer.from(text, 'utf8');
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length, Date: now().toUTCString() });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => socket.destroy());
      return;
    }
    if (fault?.kind === 'cp1252') return send(res, 200, text, null);
    if (fault?.kind === 'crlf-only') return send(res, 200, text.replaceAll('~\r\n', '\r\n'));
    if (fault?.kind === 'cut-between-records') {
      const cut = text.indexOf('~\r\n', Math.floor(text.length / 2));
      return send(res, 200, cut === -1 ? text : text.slice(0, cut + 3));
    }
    send(res, 200, fault?.kind === 'trailing-html' ? text + TRAILING_HTML : text);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, HTML_500);
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.set(socket, { id: nextSocket++, served: 0 });
    openSockets.add(socket);
    socket.on('close', () => openSockets.delete(socket));
  });

  return {
    get url() {
      return url;
    },
    requests,
    listen(port = 0) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          const address = server.address() as AddressInfo;
          url = `http://127.0.0.1:${address.port}`;
          resolve(url);
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        for (const s of openSockets) s.destroy();
        server.close(() => resolve());
      });
    },
    setFaults(list) {
      faults = list.map((f) => ({ ...f }));
    },
    account,
    addPunch(login, p) {
      const a = account(login);
      const person = a.site.people.find((x) => x.uid === p.uid);
      const user = a.users.get(p.uid);
      const ap = a.site.accessPoints.find((x) => x.name === p.accessPoint) ?? a.site.accessPoints[person?.accessPoint ?? 0]!;
      const punch: Punch = {
        id: p.id ?? a.nextExtraId++,
        uid: p.uid,
        name: p.name ?? (user ? `${user.nom} ${user.prenom}` : person ? `${person.nom} ${person.prenom}` : p.uid),
        type: p.type,
        reasonCode: p.reasonCode ?? (p.type === 'P' ? a.site.reasons[0]!.code : '0'),
        reason: p.reason ?? (p.type === 'P' ? a.site.reasons[0]!.label : ''),
        at: p.at,
        terminal: ap.serial,
        accessPoint: ap.name,
        clientId: a.site.clientId,
        client: a.site.client,
        group: person?.group ?? '',
      };
      a.extra.push(punch);
      save();
      return punch;
    },
    removePunch(login, id) {
      account(login).removed.add(id);
      save();
    },
    editPunch(login, id, patch) {
      const a = account(login);
      a.edited.set(id, { ...a.edited.get(id), ...patch });
      save();
    },
    restorePunch(login, id) {
      account(login).removed.delete(id);
      save();
    },
    setTerminal(login, name, patch) {
      const t = account(login).terminals.find((x) => x.name === name);
      if (!t) throw new Error(`no access point ${name}`);
      Object.assign(t, patch);
      save();
    },
    punches(login, from, to) {
      return punchesBetween(account(login), from, to);
    },
  };
}
