// Export mensuel: the month's per-holder figures (anomalies and legal alerts highlighted), each name
// opening the person's page (their days, corrections and absences), the Excel export (save dialog,
// or a download in the browser), close / reopen.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MonthFigures } from '../../../shared/api';
import { ABSENCE_CODES } from '../../../shared/employees';
import { DURATION_KEYS, type DurationKey } from '../../../shared/timesheet';
import { call, CallError, inBrowser } from '../client';
import { Dialog } from '../Dialog';
import { DataCurrency } from './DataCurrency';
import { handOver, MonthOutputs } from './MonthOutputs';
import { describe } from '../i18n';
import { currentMonth, decimal, localDate, monthName, msToHhmm } from '../format';
import { addMonths } from '../../../shared/time';
import { useApp } from '../store';
import { PersonLink } from '../PersonLink';
import { FormError } from '../FormError';

type Holder = MonthFigures['holders'][number];
const FIGURES = [
  ['days', 'daysWorked'],
  ['worked', 'worked'],
  ['pause', 'pause'],
  ['ot25', 'overtime25'],
  ['ot50', 'overtime50'],
  ['night', 'night'],
  ['sunday', 'sunday'],
  ['holiday', 'holiday'],
] as const;
/** The employment's figures, after the columns the workbook's Synthèse also starts with (absences: their own cell). */
const PAYROLL = [
  ['comp10', 'complementary10'],
  ['comp25', 'complementary25'],
  ['absences', 'absenceTotal'],
  ['holidayOff', 'holidayOff'],
  ['mayFirst', 'mayFirstWorked'],
] as const;

/** Absence codes in the usual order (CP first), any other code after them, alphabetically. */
const byCode = ([a]: [string, number], [b]: [string, number]) => {
  const rank = (code: string) => {
    const i = (ABSENCE_CODES as readonly string[]).indexOf(code);
    return i === -1 ? ABSENCE_CODES.length : i;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
};

/** « TP 24 h », « TC 39 h », « Forfait jours »; the full wording as its title. */
function ContractCell({ holder: h }: { holder: Holder }) {
  const { t } = useTranslation();
  if (h.contractType === null) return <td className="muted">—</td>;
  const hours = decimal(h.contractHours ?? 0);
  const type = t(`ui.payroll.types.${h.contractType}`);
  return <td title={h.contractType === 'days' ? type : t('ui.month.contractTitle', { type, hours })}>{t(`ui.month.contract.${h.contractType}`, { hours })}</td>;
}

/**
 * The month's absence hours, and by code before them: « CP 35:00 » for one code, « CP 7:00 · MAL 3:30 10:30 »
 * for several, on more lines where the column is narrow (between codes, never inside « CP 7:00 »).
 */
function AbsenceCell({ total, byCode: codes }: { total: number; byCode: Record<string, number> }) {
  const list = Object.entries(codes)
    .sort(byCode)
    .map(([code, ms]) => [code, msToHhmm(ms)] as const);
  const nbsp = '\u00a0';
  return (
    <td className="num absences" title={list.map((x) => x.join(' ')).join(' · ') || undefined}>
      {list.length === 1 && (
        <>
          <small className="codes">{list[0]![0]}</small>
          {nbsp}
        </>
      )}
      {list.length > 1 && (
        <>
          <small className="codes">{list.map((x) => x.join(nbsp)).join(' · ')}</small>{' '}
        </>
      )}
      {msToHhmm(total)}
    </td>
  );
}

export function MonthScreen() {
  const { t } = useTranslation();
  const revision = useApp((s) => s.revision.timesheet + s.revision.punches);
  // Each sync, even one that brought no punch, moves « données jusqu’au » and may find a terminal offline.
  const lastRun = useApp((s) => s.sync?.lastRun?.finishedAt ?? null);
  const notify = useApp((s) => s.notify);
  // Back from a person's page opened here: the month that page was showing.
  const [month, setMonth] = useState(() => {
    const person = useApp.getState().person;
    return person?.from === 'month' && person.month ? person.month : currentMonth();
  });
  const [loaded, setFigures] = useState<MonthFigures | null>(null);
  // Figures of another month (still loading the one picked) are never shown under this month's name.
  const figures = loaded?.month === month ? loaded : null;
  const [reopening, setReopening] = useState(false);
  const [closing, setClosing] = useState(false);
  // A month is closed once over: from the first day of the next, in the site's time (the core refuses it too).
  const closableFrom = `${addMonths(month, 1)}-01`;
  const notOver = month >= currentMonth();

  const load = useCallback(() => {
    call('timesheet/month', { month })
      .then(setFigures)
      .catch((e: unknown) => notify('error', { error: e }));
  }, [month, notify]);
  useEffect(load, [load, revision, lastRun]);

  // Summed in exact milliseconds, rounded once: the same totals as the workbook's SUM formulas.
  const totals = figures?.holders.reduce(
    (s, h) => {
      s.daysWorked += h.daysWorked;
      for (const k of DURATION_KEYS) s.ms[k] += h.ms[k];
      for (const [code, ms] of Object.entries(h.absenceMs)) s.absenceMs[code] = (s.absenceMs[code] ?? 0) + ms;
      return s;
    },
    {
      daysWorked: 0,
      ms: Object.fromEntries(DURATION_KEYS.map((k) => [k, 0])) as Record<DurationKey, number>,
      absenceMs: {} as Record<string, number>,
    },
  );

  return (
    <section aria-labelledby="month-title">
      <div className="screen-head">
        <h2 id="month-title">{t('ui.month.title')}</h2>
        <label className="inline">
          {t('ui.month.pick')}
          <input type="month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} />
        </label>
        <span className={`pill ${figures?.closed ? 'pill-off' : 'pill-on'}`}>{figures?.closed ? t('ui.month.closed') : t('ui.month.open')}</span>
        <span className="spacer" />
        {figures?.closed ? (
          <button type="button" onClick={() => setReopening(true)}>
            {t('ui.month.reopen')}
          </button>
        ) : (
          <>
            <button type="button" disabled={notOver} aria-describedby={notOver ? 'close-not-over' : undefined} onClick={() => setClosing(true)}>
              {t('ui.month.close')}
            </button>
            {notOver && (
              <span id="close-not-over" className="muted close-reason">
                {t('ui.month.closeNotOver', { date: localDate(closableFrom) })}
              </span>
            )}
          </>
        )}
      </div>
      <p className="muted">{monthName(month)}</p>
      {figures && <DataCurrency figures={figures} />}
      <MonthOutputs month={month} figures={figures} />
      {figures?.closed && <p className="banner">{t('ui.month.closedNote')}</p>}
      {figures && figures.holders.length === 0 && <p>{t('ui.month.empty')}</p>}
      {figures && figures.holders.length > 0 && (
        <div className="table-wrap figures-wrap">
          <table className="grid figures" aria-labelledby="month-title" data-month={figures.month}>
            <thead>
              <tr>
                <th scope="col">{t('ui.month.col.name')}</th>
                {/* What needs looking at, beside the name: in view however narrow the window. */}
                <th scope="col" className="num">
                  {t('ui.month.col.anomalies')}
                </th>
                <th scope="col" className="num">
                  {t('ui.month.col.alerts')}
                </th>
                <th scope="col">{t('ui.month.col.uid')}</th>
                <th scope="col">{t('ui.month.col.matricule')}</th>
                <th scope="col">{t('ui.month.col.contract')}</th>
                {FIGURES.map(([label]) => (
                  <th key={label} scope="col" className="num">
                    {t(`ui.month.col.${label}`)}
                  </th>
                ))}
                {PAYROLL.map(([label]) => (
                  <th key={label} scope="col" className="num" title={t(`ui.month.colTitle.${label}`)}>
                    {t(`ui.month.col.${label}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {figures.holders.map((h) => (
                <tr key={h.uid} className={h.anomalies > 0 ? 'has-anomaly' : h.alertCount > 0 ? 'has-alert' : ''}>
                  <th scope="row">
                    {/* The person's page, on this month's first day to check. */}
                    <PersonLink uid={h.uid} name={`${h.nom} ${h.prenom}`} day={h.issueDays[0] ?? h.days[0] ?? `${month}-01`} />
                  </th>
                  <td className={`num${h.anomalies > 0 ? ' bad' : ''}`}>{h.anomalies}</td>
                  <td className={`num${h.alertCount > 0 ? ' warn' : ''}`}>{h.alertCount}</td>
                  <td>{h.uid}</td>
                  <td className={h.matricule ? '' : 'muted'}>{h.matricule || '—'}</td>
                  <ContractCell holder={h} />
                  {FIGURES.map(([label, k]) => (
                    <td key={label} className="num">
                      {k === 'daysWorked' ? h[k] : msToHhmm(h.ms[k])}
                    </td>
                  ))}
                  {PAYROLL.map(([label, k]) =>
                    k === 'absenceTotal' ? (
                      <AbsenceCell key={label} total={h.ms[k]} byCode={h.absenceMs} />
                    ) : (
                      <td key={label} className="num">
                        {msToHhmm(h.ms[k])}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
            {totals && (
              <tfoot>
                <tr>
                  <th scope="row">{t('ui.month.totals')}</th>
                  <td className="num">{figures.holders.reduce((s, h) => s + h.anomalies, 0)}</td>
                  <td className="num">{figures.holders.reduce((s, h) => s + h.alertCount, 0)}</td>
                  <td />
                  <td />
                  <td />
                  {FIGURES.map(([label, k]) => (
                    <td key={label} className="num">
                      {k === 'daysWorked' ? totals.daysWorked : msToHhmm(totals.ms[k])}
                    </td>
                  ))}
                  {PAYROLL.map(([label, k]) =>
                    k === 'absenceTotal' ? (
                      <AbsenceCell key={label} total={totals.ms[k]} byCode={totals.absenceMs} />
                    ) : (
                      <td key={label} className="num">
                        {msToHhmm(totals.ms[k])}
                      </td>
                    ),
                  )}
                </tr>
              </tfoot>
            )}
          </table>
        </div>
      )}
      {reopening && <ReopenDialog month={month} onClose={() => setReopening(false)} />}
      {closing && <CloseDialog month={month} onClose={() => setClosing(false)} />}
    </section>
  );
}

/**
 * Closing a month, confirmed: its workbook exported first (« Exporter maintenant » here, no command
 * line), then how many anomalies are still open — « 13 anomalies non traitées — clore quand même ? ».
 */
function CloseDialog({ month, onClose }: { month: string; onClose: () => void }) {
  const { t } = useTranslation();
  const notify = useApp((s) => s.notify);
  const [state, setState] = useState<{ exported: boolean; anomalies: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = monthName(month);

  const check = useCallback(() => {
    call('review/list', { month })
      .then((l) => setState({ exported: l.months[0]?.exported ?? false, anomalies: l.anomalies }))
      .catch((e: unknown) => setError(describe(e)));
  }, [month]);
  useEffect(check, [check]);

  const exportNow = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await call('timesheet/export', { month, format: 'xlsx' });
      notify('info', handOver(r, 'xlsx'));
      check();
    } catch (err) {
      setError(describe(err));
    } finally {
      setBusy(false);
    }
  };
  const closeNow = async () => {
    setBusy(true);
    setError(null);
    try {
      await call('month/close', { month });
      notify('info', { key: 'ui.month.closedDone', params: { month: name } });
      onClose();
    } catch (err) {
      // Exported elsewhere meanwhile undone (a restore): the window's own words, never the CLI's command.
      if (err instanceof CallError && err.error.code === 'store.not-exported') setState((s) => s && { ...s, exported: false });
      else setError(describe(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('ui.month.closeTitle', { month: name })} onClose={onClose}>
      {state === null && !error && <p className="muted">{t('ui.month.closeChecking')}</p>}
      {state && !state.exported && <p>{t('ui.month.closeExportFirst')}</p>}
      {state?.exported && state.anomalies > 0 && (
        <>
          <p className="bad">{t('ui.month.closeUnresolved', { count: state.anomalies })}</p>
          <p className="muted">{t('ui.month.closeUnresolvedHint')}</p>
        </>
      )}
      {state?.exported && state.anomalies === 0 && <p>{t('ui.month.closeConfirm', { month: name })}</p>}
      <FormError message={error} />
      <div className="actions">
        <button type="button" onClick={onClose}>
          {t('ui.common.cancel')}
        </button>
        {state && !state.exported && (
          <button type="button" className="primary" disabled={busy} onClick={() => void exportNow()}>
            {t('ui.month.exportNow')}
            {inBrowser ? '' : '…'}
          </button>
        )}
        {state?.exported && (
          <button type="button" className="primary" disabled={busy} onClick={() => void closeNow()}>
            {state.anomalies > 0 ? t('ui.month.closeAnyway') : t('ui.month.close')}
          </button>
        )}
      </div>
    </Dialog>
  );
}

export function ReopenDialog({ month, onClose }: { month: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await call('month/reopen', { month, reason });
      onClose();
    } catch (err) {
      setError(describe(err));
    }
  };
  return (
    <Dialog title={t('ui.month.reopen')} onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label>
          {t('ui.month.reopenReason')}
          <input value={reason} onChange={(e) => setReason(e.target.value)} required />
        </label>
        <FormError message={error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            {t('ui.common.cancel')}
          </button>
          <button type="submit" className="primary">
            {t('ui.common.confirm')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
