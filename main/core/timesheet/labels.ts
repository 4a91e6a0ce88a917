// Short labels of anomalies and alerts, from the i18n catalogue, in the language asked for.
import type { AlertKind, Anomaly, PunchReading } from '../../../shared/timesheet';
import { translate, type Lang } from '../../../shared/i18n';

const frenchDate = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/** A reading "2026-10-25T02:30:00+02:00" as said: "02:30 UTC+2". */
const readingWords = (r: string) =>
  `${r.slice(11, 16)} UTC${r.slice(19, 20)}${Number(r.slice(20, 22))}${r.slice(23, 25) === '00' ? '' : `:${r.slice(23, 25)}`}`;

/** "A 24/11/2026 08:00:00 (badge 501, terminal 8798)"-like: what one record said. */
const reading = (r: PunchReading) => `${r.type} ${frenchDate(r.at.slice(0, 10))} ${r.at.slice(11, 19)} (${r.uid}, ${r.terminal})`;

/** An anomaly in words; a punch removed upstream says the day it was found, a time the clocks changed how it is read, a conflicting record its readings. */
export const anomalyLabel = (a: Anomaly, lang: Lang) =>
  translate(lang, `timesheet.anomaly.${a.kind}`, {
    ...(a.removedOn ? { date: frenchDate(a.removedOn) } : {}),
    ...(a.reading ? { reading: readingWords(a.reading) } : {}),
    ...(a.other ? { other: readingWords(a.other) } : {}),
    ...(a.readings ? { id: a.punchIds[0], readings: a.readings.map(reading).join(' / ') } : {}),
  });
export const alertLabel = (kind: AlertKind, lang: Lang) => translate(lang, `timesheet.alert.${kind}`);
