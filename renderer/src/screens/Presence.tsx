// Beside the punches: how many are on site now, with the way to the full roll call (« Présents »), and
// the chart of presence per hour for a chosen day.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PresenceView } from '../../../shared/api';
import { call } from '../client';
import { localDate, siteToday } from '../format';
import { useApp } from '../store';

export function Presence({ revision }: { revision: number }) {
  const { t } = useTranslation();
  const go = useApp((s) => s.go);
  const [onSite, setOnSite] = useState<number | null>(null);
  const [day, setDay] = useState(siteToday());
  const [chart, setChart] = useState<PresenceView | null>(null);

  // The count is the roll call's (night shifts begun yesterday included); the chart, the chosen day's.
  useEffect(() => {
    void call('presence/rollcall', {})
      .then((r) => setOnSite(r.onSite.length))
      .catch(() => setOnSite(null));
  }, [revision]);
  useEffect(() => {
    void call('presence/day', { day })
      .then(setChart)
      .catch(() => setChart(null));
  }, [day, revision]);

  const max = Math.max(1, ...(chart?.hours ?? [0]));
  return (
    <aside className="side">
      <section className="card" aria-labelledby="present-title">
        <h2 id="present-title">{t('ui.punches.presentTitle')}</h2>
        {onSite !== null && <p role="status">{onSite === 0 ? t('ui.punches.presentNone') : t('ui.punches.presentCount', { count: onSite })}</p>}
        <button type="button" className="link-button" onClick={() => go('rollcall')}>
          {t('ui.punches.seeRollCall')}
        </button>
      </section>
      <section className="card no-print" aria-labelledby="chart-title">
        <h2 id="chart-title">{t('ui.punches.chartTitle')}</h2>
        <label>
          {t('ui.punches.chartDay')}
          <input type="date" value={day} max={siteToday()} onChange={(e) => e.target.value && setDay(e.target.value)} />
        </label>
        {chart && (
          <svg className="chart" viewBox="0 0 240 110" role="img" aria-label={t('ui.punches.chartLabel', { day: localDate(day) })}>
            {chart.hours.map((n, h) => {
              const height = (n / max) * 90;
              return (
                <g key={h}>
                  <title>{t('ui.punches.chartBar', { hour: h, count: n })}</title>
                  <rect x={h * 10 + 1} y={95 - height} width={8} height={height} className="bar" />
                  {h % 6 === 0 && (
                    <text x={h * 10 + 1} y={107} className="axis">
                      {h}h
                    </text>
                  )}
                </g>
              );
            })}
            <text x={238} y={10} textAnchor="end" className="axis">
              {max}
            </text>
          </svg>
        )}
      </section>
    </aside>
  );
}
