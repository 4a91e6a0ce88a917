// What a simulated Festime account holds beyond its generated punches: the users Festime knows,
// each access point's terminal, punches added or removed by tests. Can be saved to a JSON file.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Punch } from '../../../../shared/festime';
import type { AccessPointState } from './format';
import { demoSite, generatedSite, type SiteProfile } from './demo-site';

export interface SimUser {
  nom: string;
  prenom: string;
}

export interface AccountState {
  login: string;
  password: string;
  label: string;
  site: SiteProfile;
  users: Map<string, SimUser>;
  terminals: AccessPointState[];
  /** Punches added after the fact (late uploads in tests, demo additions). */
  extra: Punch[];
  /** Ids Festime no longer returns. */
  removed: Set<number>;
  /** Punches changed at Festime after the fact: the same id, other content. */
  edited: Map<number, Partial<Punch>>;
  nextExtraId: number;
}

export interface AccountSeed {
  login: string;
  password: string;
  label: string;
  site: SiteProfile;
  /** What the terminals say of their zone ("Fuseau horaire paramétré"): their punches are in its wall-clock time. Default "France". */
  timeZone?: string;
}

export const DEMO_LOGIN = 'demo';
export const DEMO_PASSWORD = 'Demo&Pass+45$ é';

export function defaultAccounts(): AccountSeed[] {
  const atelier = demoSite('atelier');
  return [
    { login: DEMO_LOGIN, password: DEMO_PASSWORD, label: 'Menuiserie des Tilleuls', site: demoSite('demo') },
    {
      login: 'boutique',
      password: 'Boutique#2026',
      label: 'Boutique de Fontainebleau',
      site: {
        ...atelier,
        clientId: '31',
        client: 'BOUTIQUE DES TILLEULS - FONTAINEBLEAU',
        accessPoints: [{ name: 'Boutique - Fontainebleau', serial: '10455' }],
        people: atelier.people.slice(0, 6).map((p) => ({ ...p, accessPoint: 0 })),
      },
    },
  ];
}

export function largeAccount(people: number): AccountSeed {
  return { login: 'grand-site', password: 'GrandSite#2026', label: `Site de ${people} personnes`, site: generatedSite(people) };
}

export function newAccountState(seed: AccountSeed): AccountState {
  const users = new Map(seed.site.people.map((p) => [p.uid, { nom: p.nom, prenom: p.prenom }]));
  return {
    ...seed,
    users,
    terminals: seed.site.accessPoints.map((ap, i) => ({
      name: ap.name,
      serial: ap.serial,
      timeZone: seed.timeZone ?? 'France',
      online: true,
      ip: `203.0.113.${41 + i * 17}`,
      lastScanAgeSeconds: 40 + i * 13,
      usersLoaded: users.size,
      reasonsLoaded: seed.site.reasons.length,
    })),
    extra: [],
    removed: new Set(),
    edited: new Map(),
    nextExtraId: 900_000_001,
  };
}

interface SavedAccount {
  users: [string, SimUser][];
  terminals: AccessPointState[];
  extra: Punch[];
  removed: number[];
  edited?: [number, Partial<Punch>][];
  nextExtraId: number;
}

/** Loads what a previous run saved into the given accounts; a missing file is a fresh start. */
export function loadState(file: string, accounts: Map<string, AccountState>): void {
  let saved: { version: number; accounts: Record<string, SavedAccount> };
  try {
    saved = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const [login, s] of Object.entries(saved.accounts ?? {})) {
    const account = accounts.get(login);
    if (!account) continue;
    account.users = new Map(s.users);
    account.terminals = s.terminals;
    account.extra = s.extra;
    account.removed = new Set(s.removed);
    account.edited = new Map(s.edited ?? []);
    account.nextExtraId = s.nextExtraId;
  }
}

/** Writes the state atomically (temporary file, then rename). */
export function saveState(file: string, accounts: Map<string, AccountState>): void {
  const out: Record<string, SavedAccount> = {};
  for (const [login, a] of accounts) {
    out[login] = { users: [...a.users], terminals: a.terminals, extra: a.extra, removed: [...a.removed], edited: [...a.edited], nextExtraId: a.nextExtraId };
  }
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ version: 1, accounts: out }, null, 1));
  renameSync(tmp, file);
}
