// How current the month's figures are: the last good sync, and a warning per terminal offline since
// a day of the month (its late punches are not in the figures yet). The workbook carries the same lines.
import { useTranslation } from 'react-i18next';
import type { MonthFigures } from '../../../shared/api';
import { siteDateTime } from '../format';

export function DataCurrency({ figures }: { figures: Pick<MonthFigures, 'dataUntil' | 'offlineTerminals'> }) {
  const { t } = useTranslation();
  return (
    <>
      {figures.dataUntil && <p className="muted">{t('ui.month.dataUntil', { at: siteDateTime(figures.dataUntil) })}</p>}
      {figures.offlineTerminals.map((o) => (
        <p key={o.accessPoint} className="banner" role="alert">
          {t('ui.month.offline', { accessPoint: o.accessPoint, day: `${o.since.slice(8, 10)}/${o.since.slice(5, 7)}` })}
        </p>
      ))}
    </>
  );
}
