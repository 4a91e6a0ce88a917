// Short labels of anomalies and alerts, from the i18n catalogue, in the language asked for.
import type { AlertKind, AnomalyKind } from '../../../shared/timesheet';
import { translate, type Lang } from '../../../shared/i18n';

export const anomalyLabel = (kind: AnomalyKind, lang: Lang) => translate(lang, `timesheet.anomaly.${kind}`);
export const alertLabel = (kind: AlertKind, lang: Lang) => translate(lang, `timesheet.alert.${kind}`);
