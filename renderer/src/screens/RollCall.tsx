// « Présents »: the evacuation roll call, full width and printable on A4 — who is on site (since
// their arrival, and through which door), who came and left, who was expected and has not badged —
// with the time of its data (not of the printing). « Imprimer » syncs first; offline it prints
// the last known data and says so.
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RollCallView } from '../../../shared/api';
import { call } from '../client';
import { localDate } from '../format';
import { PersonLink } from '../PersonLink';
import { useApp } from '../store';

/** "2026-11-30T14:05:00" → "14:05". */
const hhmm = (at: string) => at.slice(11, 16);

export function RollCallScreen() {
  const { t } = useTranslation();
  const { info, revision, runSync, notify } = useApp();
  const lastSuccessAt = useApp((s) => s.sync?.lastSuccessAt ?? null);
  const [view, setView] = useState<RollCallView | null>(null);
  const [busy, setBusy] = useState(false);
  /** The sync before printing failed: the list is the last known one. */
  const [stale, setStale] = useState(false);
  /** Ticked on screen during the roll call (the paper has its own boxes). */
  const [seen, setSeen] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    void call('presence/rollcall', {})
      .then(setView)
      .catch((error: unknown) => notify('error', { error }));
  }, [revision.punches, revision.holders, revision.timesheet, lastSuccessAt, notify]);

  const account = info?.accounts.find((a) => a.id === info.currentAccountId);
  const site = account?.label || account?.login || '';

  const dataText = (v: RollCallView): string => {
    if (!v.dataAt) return t('ui.rollcall.dataNone');
    const text =
      v.dataAt.slice(0, 10) === v.day
        ? t('ui.rollcall.dataAt', { time: hhmm(v.dataAt) })
        : t('ui.rollcall.dataAtDay', { day: localDate(v.dataAt.slice(0, 10)), time: hhmm(v.dataAt) });
    return v.dataFrom === 'punches' ? `${text} (${t('ui.rollcall.dataFromPunches')})` : text;
  };

  const print = async () => {
    setBusy(true);
    const synced = await runSync();
    const fresh = await call('presence/rollcall', {}).catch(() => null);
    if (fresh) setView(fresh);
    setStale(!synced);
    setBusy(false);
    // Printed once the list on screen is the one just read.
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    window.print();
  };

  const toggle = (uid: string) =>
    setSeen((s) => {
      const next = new Set(s);
      if (!next.delete(uid)) next.add(uid);
      return next;
    });

  const row = (uid: string, name: string, detail: string) => (
    <li key={uid}>
      <input type="checkbox" className="rollcall-check" checked={seen.has(uid)} onChange={() => toggle(uid)} aria-label={t('ui.rollcall.check', { name })} />
      <span className="rollcall-who">
        <PersonLink uid={uid} name={name} day={view?.day} />
        <span className="rollcall-detail">{detail}</span>
      </span>
    </li>
  );

  return (
    <section className="rollcall" aria-labelledby="rollcall-title">
      <div className="screen-head no-print">
        <h2 id="rollcall-title">{t('ui.rollcall.title')}</h2>
        {view && (
          <span className="rollcall-data" data-testid="rollcall-data">
            {site} — {dataText(view)}
          </span>
        )}
        <span className="spacer" />
        <button type="button" className="primary" disabled={busy || !view} onClick={() => void print()}>
          {busy ? t('ui.rollcall.printing') : t('ui.rollcall.print')}
        </button>
      </div>
      {!view ? (
        <p>{t('ui.common.loading')}</p>
      ) : (
        <>
          <header className="print-only rollcall-print-head" data-testid="rollcall-print-head">
            <p className="rollcall-print-title">{t('ui.rollcall.printHeading', { day: localDate(view.day), site })}</p>
            <p>{dataText(view)}</p>
          </header>
          {stale && view.dataAt && (
            <p className="rollcall-stale" role="alert">
              {t('ui.rollcall.stale', {
                time: view.dataAt.slice(0, 10) === view.day ? hhmm(view.dataAt) : `${localDate(view.dataAt.slice(0, 10))} ${hhmm(view.dataAt)}`,
              })}
            </p>
          )}
          <Group id="rollcall-on-site" title={t('ui.rollcall.onSite')} count={view.onSite.length} empty={t('ui.rollcall.noneOnSite')}>
            {view.onSite.map((p) =>
              row(
                p.uid,
                p.name,
                [
                  p.arrivedAt ? t('ui.rollcall.arrived', { time: hhmm(p.arrivedAt) }) : t('ui.rollcall.arrivalUnknown'),
                  p.accessPoint,
                  p.pause && t('ui.rollcall.onPause'),
                ]
                  .filter(Boolean)
                  .join(' · '),
              ),
            )}
          </Group>
          <Group id="rollcall-left" title={t('ui.rollcall.left')} count={view.left.length} empty={t('ui.rollcall.noneLeft')}>
            {view.left.map((p) => row(p.uid, p.name, [t('ui.rollcall.departed', { time: hhmm(p.leftAt) }), p.accessPoint].join(' · ')))}
          </Group>
          <Group id="rollcall-expected" title={t('ui.rollcall.expected')} count={view.expected.length} empty={t('ui.rollcall.noneExpected')}>
            {view.expected.map((p) =>
              row(
                p.uid,
                p.name,
                [
                  p.basis === 'contract' ? t('ui.rollcall.byContract') : t('ui.rollcall.byHabit'),
                  p.half && t(p.half === 'am' ? 'ui.rollcall.halfAm' : 'ui.rollcall.halfPm'),
                ]
                  .filter(Boolean)
                  .join(' · '),
              ),
            )}
          </Group>
          <p className="rollcall-note">{t('ui.rollcall.note')}</p>
        </>
      )}
    </section>
  );
}

function Group({ id, title, count, empty, children }: { id: string; title: string; count: number; empty: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section className="rollcall-group" aria-labelledby={id} data-testid={id}>
      <h3 id={id}>
        {title} <span className="rollcall-count">({t('ui.rollcall.count', { count })})</span>
      </h3>
      {count === 0 ? <p className="rollcall-empty">{empty}</p> : <ul className="rollcall-list">{children}</ul>}
    </section>
  );
}
