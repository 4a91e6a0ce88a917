// Short labels of anomalies and alerts, from the i18n catalogue, in the language asked for.
import type { AlertKind, Anomaly } from '../../../shared/timesheet';
import { translate, type Lang } from '../../../shared/i18n';

const frenchDate = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/** An anomaly in words; a punch removed upstream says the day it was found. */
export const anomalyLabel = (a: Anomaly, lang: Lang) => translate(lang, `timesheet.anomaly.${a.kind}`, a.removedOn ? { date: frenchDate(a.removedOn) } : {});
export const alertLabel = (kind: AlertKind, lang: Lang) => translate(lang, `timesheet.alert.${kind}`);
