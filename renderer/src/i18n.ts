// react-i18next over the shared catalogue: the window, the CLI and the errors say things the same way.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { catalogues, type Lang } from '../../shared/i18n';
import type { AppError } from '../../shared/app-error';
import { CallError } from './client';

void i18next.use(initReactI18next).init({
  lng: 'fr',
  fallbackLng: 'fr',
  resources: { fr: { translation: catalogues.fr }, en: { translation: catalogues.en } },
  interpolation: { escapeValue: false },
  initAsync: false,
});

export function setLanguage(lang: Lang): void {
  if (i18next.language !== lang) void i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
}

/** A failure in the current language: a typed error is translated again from its key. */
export function describe(error: unknown): string {
  if (error instanceof CallError) return errorText(error.error);
  return i18next.t('errors.internal', { detail: error instanceof Error ? error.message : String(error) });
}

export function errorText(error: AppError): string {
  if (!i18next.exists(error.key)) return error.message;
  // A field is named by its label in the current language, not by its key.
  const field = error.params.field;
  const label = typeof field === 'string' && i18next.exists(`field.${field}`) ? i18next.t(`field.${field}`) : field;
  const what = error.params.what;
  const thing = typeof what === 'string' && i18next.exists(`errors.store.things.${what}`) ? i18next.t(`errors.store.things.${what}`) : what;
  return i18next.t(error.key, { ...error.params, ...(field === undefined ? {} : { field: label }), ...(what === undefined ? {} : { what: thing }) });
}

export default i18next;
