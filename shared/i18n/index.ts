// The i18n catalogue (French first, English second) and a synchronous translator over i18next.
import i18next, { type TFunction } from 'i18next';
import { fr } from './fr';
import { en } from './en';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Catalogue = Widen<typeof fr>;

/** Every dotted key of a part of the catalogue, e.g. 'sheet.summary' in Catalogue['workbook']. */
export type KeyPath<T> = { [K in keyof T & string]: T[K] extends string ? K : `${K}.${KeyPath<T[K]>}` }[keyof T & string];

export type Lang = 'fr' | 'en';
export const LANGS: readonly Lang[] = ['fr', 'en'];

export const catalogues: Record<Lang, Catalogue> = { fr, en };

const instances = new Map<Lang, TFunction>();

/** A translator for one language; the instance is built once and reused. */
export function translator(lang: Lang): TFunction {
  let t = instances.get(lang);
  if (!t) {
    const inst = i18next.createInstance();
    void inst.init({
      lng: lang,
      fallbackLng: 'fr',
      resources: { fr: { translation: fr }, en: { translation: en } },
      interpolation: { escapeValue: false },
      initAsync: false,
    });
    t = inst.t.bind(inst) as TFunction;
    instances.set(lang, t);
  }
  return t;
}

export function translate(lang: Lang, key: string, params: Record<string, unknown> = {}): string {
  return translator(lang)(key, params) as string;
}

/** The language from an environment such as LANG=en_GB.UTF-8; French unless English is asked for. */
export function langFromLocale(locale: string | undefined): Lang {
  return locale && /^en\b|^en[_-]/i.test(locale) ? 'en' : 'fr';
}
