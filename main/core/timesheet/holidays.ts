// French public holidays for any year: the eleven national days (Easter Monday, Ascension and
// Whit Monday from Easter), and Good Friday and 26 December in Alsace-Moselle.
import { addDays } from '../../../shared/time';

/** Easter Sunday (Gregorian), by the anonymous computus. */
export function easter(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export interface Holiday {
  day: string;
  name: string;
}

export function frenchHolidays(year: number, alsaceMoselle = false): Holiday[] {
  const e = easter(year);
  const y = String(year);
  const list: Holiday[] = [
    { day: `${y}-01-01`, name: 'Jour de l’an' },
    { day: addDays(e, 1), name: 'Lundi de Pâques' },
    { day: `${y}-05-01`, name: 'Fête du Travail' },
    { day: `${y}-05-08`, name: 'Victoire 1945' },
    { day: addDays(e, 39), name: 'Ascension' },
    { day: addDays(e, 50), name: 'Lundi de Pentecôte' },
    { day: `${y}-07-14`, name: 'Fête nationale' },
    { day: `${y}-08-15`, name: 'Assomption' },
    { day: `${y}-11-01`, name: 'Toussaint' },
    { day: `${y}-11-11`, name: 'Armistice 1918' },
    { day: `${y}-12-25`, name: 'Noël' },
  ];
  if (alsaceMoselle) list.push({ day: addDays(e, -2), name: 'Vendredi saint' }, { day: `${y}-12-26`, name: 'Saint Étienne' });
  return list.sort((a, b) => a.day.localeCompare(b.day));
}
