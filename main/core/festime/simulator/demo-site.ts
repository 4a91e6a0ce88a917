// The demo site: a small joinery workshop near Melun with about 25 people, generated day by day
// from a seeded random source, so that the same day always gives the same punches and a punch
// appears only once its time has come.
import type { Punch, PunchType } from '../../../../shared/festime';
import { addDays, dayOfWeek, daysBetween } from '../../../../shared/time';

export interface Person {
  uid: string;
  nom: string;
  prenom: string;
  group: string;
  accessPoint: number;
  /** Usual arrival, minutes after midnight. */
  arrival: number;
  /** Hours of presence, lunch excluded. */
  hours: number;
  coffeeBreak: boolean;
  /** Days of the week not worked (0 = Sunday). */
  daysOff: number[];
  night: boolean;
}

export interface Reason {
  code: string;
  label: string;
}

export interface SiteProfile {
  clientId: string;
  client: string;
  people: Person[];
  reasons: Reason[];
  /** Access point names, in Festime's order. */
  accessPoints: { name: string; serial: string }[];
  seed: string;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** mulberry32: small, fast, good enough for demo data. */
export function seededRandom(seed: string): () => number {
  let a = hash(seed);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOMS = [
  'MARTIN',
  'BERNARD',
  'DUBOIS',
  'THOMAS',
  'ROBERT',
  'RICHARD',
  'PETIT',
  'DURAND',
  'LEROY',
  'MOREAU',
  'SIMON',
  'LAURENT',
  'LEFÈVRE',
  'MICHEL',
  'GARCIA',
  'DAVID',
  'BERTRAND',
  'ROUX',
  'VINCENT',
  'FOURNIER',
  'MOREL',
  'GIRARD',
  'ANDRÉ',
  'MERCIER',
  'DUPONT',
  'LAMBERT',
  'BONNET',
  'FRANÇOIS',
  'MARTINEZ',
  'LEGRAND',
  'GARNIER',
  'FAURE',
  'ROUSSEAU',
  'BLANC',
  'GUÉRIN',
  'MULLER',
  'HENRY',
  'ROUSSEL',
  'NICOLAS',
  'PERRIN',
  'MORIN',
  'MATHIEU',
  'CLÉMENT',
  'GAUTHIER',
  'DUMONT',
  'LOPEZ',
  'FONTAINE',
  'CHEVALIER',
  'ROBIN',
  'MASSON',
  'SANCHEZ',
  'GÉRARD',
  'NGUYEN',
  'BOYER',
  'DENIS',
  'LEMAIRE',
  'DUVAL',
  'JOLY',
  'GAUTIER',
  'ROGER',
];
const PRENOMS = [
  'Élodie',
  'Mathieu',
  'Chloé',
  'Sébastien',
  'Camille',
  'Nicolas',
  'Léa',
  'Julien',
  'Manon',
  'Thomas',
  'Inès',
  'François',
  'Hélène',
  'Jérôme',
  'Aurélie',
  'Benoît',
  'Gaëlle',
  'Stéphane',
  'Noémie',
  'Loïc',
  'Céline',
  'Maël',
  'Agnès',
  'Grégoire',
  'Zoé',
  'Rémi',
  'Françoise',
  'Anaïs',
  'Cédric',
  'Marie-Hélène',
  'Jean-Noël',
  'Béatrice',
  'Joël',
  'Laëtitia',
  'Hervé',
  'Océane',
];

/** The fixed 25 people of the demo site (names chosen to exercise accents and compound names). */
const DEMO_PEOPLE: [string, string, string][] = [
  ['MARTIN', 'Élodie', 'BUREAU'],
  ['BERNARD', 'Mathieu', 'ATELIER'],
  ['DUBOIS', 'Chloé', 'ATELIER'],
  ['LEFÈVRE', 'Sébastien', 'ATELIER'],
  ['MOREAU', 'Camille', 'BUREAU'],
  ['GARCIA', 'Nicolas', 'ATELIER'],
  ['ROUX', 'Léa', 'ATELIER'],
  ['FOURNIER', 'Julien', 'ATELIER'],
  ['GIRARD', 'Manon', 'BUREAU'],
  ['ANDRÉ', 'Thomas', 'ATELIER'],
  ['MERCIER', 'Inès', 'ATELIER'],
  ['DE LA FONTAINE', 'François', 'BUREAU'],
  ['BONNET', 'Hélène', 'ATELIER'],
  ['FRANÇOIS', 'Jérôme', 'ATELIER'],
  ['LEGRAND', 'Aurélie', ''],
  ['GUÉRIN', 'Benoît', 'ATELIER'],
  ['ROUSSEAU', 'Gaëlle', 'BUREAU'],
  ['CLÉMENT', 'Stéphane', 'ATELIER'],
  ['NGUYEN', 'Noémie', 'ATELIER'],
  ['LE GOFF', 'Loïc', 'ATELIER'],
  ['PERRIN', 'Céline', ''],
  ['CHEVALIER', 'Maël', 'ATELIER'],
  ['MASSON', 'Agnès', 'BUREAU'],
  ['D’ARTOIS', 'Jean-Noël', 'GARDIENNAGE'],
  ['BOYER', 'Zoé', 'ATELIER'],
];

function person(i: number, nom: string, prenom: string, group: string, rnd: () => number, accessPoints: number): Person {
  const night = group === 'GARDIENNAGE';
  return {
    uid: String(100200300 + i * 7919),
    nom,
    prenom,
    group,
    accessPoint: group === 'BUREAU' ? Math.min(1, accessPoints - 1) : 0,
    arrival: night ? 21 * 60 : 7 * 60 + Math.floor(rnd() * 100),
    hours: night ? 8.5 : i % 9 === 4 ? 6 : 7 + rnd() * 1.5,
    coffeeBreak: !night && rnd() < 0.4,
    daysOff: [0, 6, ...(i % 11 === 3 ? [3] : [])],
    night,
  };
}

export function demoSite(seed = 'demo'): SiteProfile {
  const rnd = seededRandom(`people:${seed}`);
  return {
    clientId: '12',
    client: 'MENUISERIE DES TILLEULS',
    accessPoints: [
      { name: 'Entrée atelier - Melun', serial: '8798' },
      { name: 'Accueil bureaux - Melun', serial: '9112' },
    ],
    reasons: [
      { code: '1', label: 'Déjeuner' },
      { code: '2', label: 'Pause café' },
      { code: '3', label: 'Rendez-vous médical' },
    ],
    people: DEMO_PEOPLE.map(([nom, prenom, group], i) => person(i, nom, prenom, group, rnd, 2)),
    seed,
  };
}

/** A larger generated site (for benchmarks and scale tests): `count` people, names from common French names. */
export function generatedSite(count: number, seed = 'large'): SiteProfile {
  const rnd = seededRandom(`people:${seed}`);
  const base = demoSite(seed);
  const groups = ['ATELIER', 'ATELIER', 'BUREAU', 'LOGISTIQUE', ''];
  return {
    ...base,
    client: 'GROUPE DES TILLEULS',
    people: Array.from({ length: count }, (_, i) =>
      person(
        i,
        NOMS[i % NOMS.length]!,
        `${PRENOMS[Math.floor(i / NOMS.length) % PRENOMS.length]!}${i >= NOMS.length * PRENOMS.length ? ` ${i}` : ''}`,
        groups[i % groups.length]!,
        rnd,
        2,
      ),
    ),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "YYYY-MM-DD" plus minutes (may exceed a day) and seconds → "YYYY-MM-DDTHH:MM:SS", wall-clock time. */
function at(day: string, minutes: number, seconds: number): string {
  const days = Math.floor(minutes / 1440);
  const m = minutes - days * 1440;
  return `${days === 0 ? day : addDays(day, days)}T${pad(Math.floor(m / 60))}:${pad(m % 60)}:${pad(seconds)}`;
}

/** Days since 2020-01-01, for stable ids. */
export function dayNumber(day: string): number {
  return daysBetween('2020-01-01', day);
}

/** Who takes a week of paid leave in the demo, and when: the week of each month's second Monday, Monday to Friday. */
export const DEMO_LEAVE_NOM = 'BERNARD';
export function demoLeaveWeek(month: string): string[] {
  const first = `${month}-01`;
  const secondMonday = addDays(first, ((8 - dayOfWeek(first)) % 7) + 7);
  return [0, 1, 2, 3, 4].map((i) => addDays(secondMonday, i));
}
const onLeave = (p: Person, day: string) => p.nom === DEMO_LEAVE_NOM && demoLeaveWeek(day.slice(0, 7)).includes(day);

/**
 * The punches each person makes in the shift that starts on `day` (a night shift ends the next day).
 * Ids are stable: the day number, the person, the punch's rank.
 */
export function punchesOfDay(site: SiteProfile, day: string, nameOf: (p: Person) => string): Punch[] {
  const weekday = dayOfWeek(day);
  const out: Punch[] = [];
  site.people.forEach((p, index) => {
    if (p.daysOff.includes(weekday) || onLeave(p, day)) return;
    const rnd = seededRandom(`${site.seed}:${p.uid}:${day}`);
    if (rnd() < 0.05) return; // absent: holiday, sick leave
    const ap = site.accessPoints[p.accessPoint] ?? site.accessPoints[0]!;
    let rank = 0;
    const emit = (type: PunchType, minutes: number, reason?: Reason) => {
      out.push({
        id: dayNumber(day) * 100_000 + index * 16 + rank++,
        uid: p.uid,
        name: nameOf(p),
        type,
        reasonCode: reason ? reason.code : '0',
        reason: reason ? reason.label : '',
        at: at(day, Math.round(minutes), Math.floor(rnd() * 60)),
        terminal: ap.serial,
        accessPoint: ap.name,
        clientId: site.clientId,
        client: site.client,
        group: p.group,
      });
    };
    const jitter = () => (rnd() - 0.5) * 20;
    let t = p.arrival + jitter();
    emit('A', t);
    if (rnd() < 0.006) emit('A', t + 0.5); // a badge presented twice
    const end = t + p.hours * 60;
    if (!p.night) {
      if (p.coffeeBreak) {
        const c = t + 150 + jitter();
        emit('P', c, site.reasons[1]);
        emit('A', c + 8 + rnd() * 10);
      }
      if (p.hours >= 6.5) {
        const lunch = 12 * 60 + rnd() * 45;
        const back = lunch + 40 + rnd() * 35;
        emit('P', lunch, site.reasons[0]);
        emit('A', back);
        t = end + (back - lunch);
      } else t = end;
    } else t = end;
    if (rnd() < 0.015) return; // forgotten departure
    emit('D', t + jitter());
  });
  return out;
}
