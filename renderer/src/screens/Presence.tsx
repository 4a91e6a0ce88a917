// "Présents maintenant" (printable roll call) and the chart of presence per hour for a chosen day.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PresenceView } from '../../../shared/api';
import { call } from '../client';
import { instant, localDate, siteToday } from '../format';
import { useApp } from '../store';

export function Presence({ revision }: { revision: number }) {
  const { t } = useTranslation();
  const info = useApp((s) => s.info);
  const [now, setNow] = useState<PresenceView | null>(null);
  const [day, setDay] = useState(siteToday());
  const [chart, setChart] = useState<PresenceView | null>(null);

  // Today's answer serves both the roll call and, when today is the chart's day, the chart.
  useEffect(() => {
    void call('presence/day', {})
      .then(setNow)
      .catch(() => setNow(null));
  }, [revision]);
  useEffect(() => {
    if (now && day === now.day) setChart(now);
    else if (now)
      void call('presence/day', { day })
        .then(setChart)
        .catch(() => setChart(null));
  }, [day, now]);

  const account = info?.accounts.find((a) => a.id === info.currentAccountId);
  const max = Math.max(1, ...(chart?.hours ?? [0]));
  return (
    <aside className="side">
      <section className="card roll-call" aria-labelledby="present-title">
        <h2 id="present-title">{t('ui.punches.presentTitle')}</h2>
        <p className="print-only">{t('ui.punches.rollCallTitle', { site: account?.label || account?.login || '', when: instant(new Date().toISOString()) })}</p>
        {now &&
          (now.people.length === 0 ? (
            <p>{t('ui.punches.presentNone')}</p>
          ) : (
            <>
              <p role="status">{t('ui.punches.presentCount', { count: now.people.length })}</p>
              <ul className="present-list" aria-label={t('ui.punches.presentTitle')}>
                {now.people.map((p) => (
                  <li key={p.uid}>
                    <span className="check" aria-hidden="true">
                      ☐
                    </span>{' '}
                    {p.name}
                    <span className="muted">
                      {' '}
                      — {t('ui.punches.since', { time: p.since.slice(11, 16) })}
                      {p.state === 'pause' ? `, ${t('ui.punches.onPause')}` : ''}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          ))}
        <button type="button" className="no-print" onClick={() => window.print()}>
          {t('ui.punches.printRoll')}
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
