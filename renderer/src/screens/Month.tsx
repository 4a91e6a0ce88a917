// Export mensuel: the month's per-holder figures (anomalies and legal alerts highlighted), a day
// opened for corrections, the Excel export (save dialog, or a download in the browser), close / reopen.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DayView, MonthFigures, PunchRow } from '../../../shared/api';
import { ABSENCE_CODES } from '../../../shared/employees';
import { DURATION_KEYS, isWholeDayAnomaly, type DurationKey } from '../../../shared/timesheet';
import { call, CallError, inBrowser } from '../client';
import { Dialog } from '../Dialog';
import { DayAbsences } from './DayAbsences';
import { DataCurrency } from './DataCurrency';
import { MonthOutputs } from './MonthOutputs';
import { describe } from '../i18n';
import { currentMonth, decimal, localDate, monthName, msToHhmm } from '../format';
import { addMonths } from '../../../shared/time';
import { useApp } from '../store';

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
  const [month, setMonth] = useState(currentMonth());
  const [loaded, setFigures] = useState<MonthFigures | null>(null);
  // Figures of another month (still loading the one picked) are never shown under this month's name.
  const figures = loaded?.month === month ? loaded : null;
  const [opened, setOpened] = useState<{ holder: Holder; day: string } | null>(null);
  const [reopening, setReopening] = useState(false);
  const [closing, setClosing] = useState(false);
  // A month is closed once over: from the first day of the next, in the site's time (the core refuses it too).
  const closableFrom = `${addMonths(month, 1)}-01`;
  const notOver = month >= currentMonth();

  const load = useCallback(() => {
    call('timesheet/month', { month })
      .then(setFigures)
      .catch((e: unknown) => notify('error', describe(e)));
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
        <div className="table-wrap">
          <table className="grid figures" aria-labelledby="month-title" data-month={figures.month}>
            <thead>
              <tr>
                <th scope="col">{t('ui.month.col.name')}</th>
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
                <th scope="col" className="num">
                  {t('ui.month.col.anomalies')}
                </th>
                <th scope="col" className="num">
                  {t('ui.month.col.alerts')}
                </th>
              </tr>
            </thead>
            <tbody>
              {figures.holders.map((h) => (
                <tr key={h.uid} className={h.anomalies > 0 ? 'has-anomaly' : h.alertCount > 0 ? 'has-alert' : ''}>
                  <th scope="row">
                    <button
                      type="button"
                      className="link-button"
                      aria-label={t('ui.month.dayOf', { name: `${h.nom} ${h.prenom}` })}
                      onClick={() => setOpened({ holder: h, day: h.issueDays[0] ?? h.days[0] ?? `${month}-01` })}
                    >
                      {h.nom} {h.prenom}
                    </button>
                  </th>
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
                  <td className={`num${h.anomalies > 0 ? ' bad' : ''}`}>{h.anomalies}</td>
                  <td className={`num${h.alertCount > 0 ? ' warn' : ''}`}>{h.alertCount}</td>
                </tr>
              ))}
            </tbody>
            {totals && (
              <tfoot>
                <tr>
                  <th scope="row">{t('ui.month.totals')}</th>
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
                  <td className="num">{figures.holders.reduce((s, h) => s + h.anomalies, 0)}</td>
                  <td className="num">{figures.holders.reduce((s, h) => s + h.alertCount, 0)}</td>
                </tr>
              </tfoot>
            )}
          </table>
        </div>
      )}
      {opened && (
        <DayDialog holder={opened.holder} day={opened.day} month={month} onDay={(day) => setOpened({ ...opened, day })} onClose={() => setOpened(null)} />
      )}
      {reopening && <ReopenDialog month={month} onClose={() => setReopening(false)} />}
      {closing && <CloseDialog month={month} onClose={() => setClosing(false)} />}
    </section>
  );
}

/** Hands the workbook the bridge made to the browser as a download (in the app, the save dialog already wrote it). */
function download(href: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
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
      if (r.download) {
        download(r.download, r.fileName);
        notify('info', t('ui.outputs.xlsx.downloaded', { file: r.fileName }));
      } else if (r.savedTo) notify('info', t('ui.outputs.xlsx.saved', { file: r.savedTo }));
      else notify('info', t('ui.month.exportCancelled'));
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
      notify('info', t('ui.month.closedDone', { month: name }));
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
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
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

function ReopenDialog({ month, onClose }: { month: string; onClose: () => void }) {
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
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
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

function DayDialog({ holder, day, month, onDay, onClose }: { holder: Holder; day: string; month: string; onDay: (day: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const revision = useApp((s) => s.revision.timesheet);
  const [view, setView] = useState<DayView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [time, setTime] = useState('');
  const [type, setType] = useState<'A' | 'D' | 'P'>('D');
  const [comment, setComment] = useState('');
  // The punch whose correction is being written: ignored (it should not count) or kept (Festime removed it, it did happen).
  const [marking, setMarking] = useState<{ id: number; kind: 'ignore' | 'keep' } | null>(null);

  useEffect(() => {
    // Only the answer for the day now picked is shown (a slower one for the previous day is dropped).
    let current = true;
    setError(null);
    call('timesheet/day', { uid: holder.uid, day })
      .then((v) => current && setView(v))
      .catch((e: unknown) => current && setError(describe(e)));
    return () => {
      current = false;
    };
  }, [holder.uid, day, revision]);

  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      setComment('');
      setTime('');
      setMarking(null);
    } catch (err) {
      setError(describe(err));
    }
  };
  const name = `${holder.nom} ${holder.prenom}`;
  return (
    <Dialog title={t('ui.month.dayTitle', { name, day: localDate(day) })} onClose={onClose}>
      <div className="row">
        <label>
          {t('ui.month.day')}
          <input type="date" value={day} min={`${month}-01`} max={`${month}-31`} onChange={(e) => e.target.value && onDay(e.target.value)} />
        </label>
        {holder.issueDays.length > 0 && (
          <label>
            {t('ui.month.issueDays')}
            <select value={holder.issueDays.includes(day) ? day : ''} onChange={(e) => e.target.value && onDay(e.target.value)}>
              <option value="">—</option>
              {holder.issueDays.map((d) => (
                <option key={d} value={d}>
                  {localDate(d)}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {view && view.day === day && (
        <div className="day">
          {view.figures && <p>{t('ui.month.dayFigures', { worked: msToHhmm(view.figures.workedMs), pause: msToHhmm(view.figures.pauseMs) })}</p>}
          {view.figures?.anomalies.map((a, i) => (
            <p key={i} className="bad">
              {t(`ui.month.anomaly.${a.kind}`, a.removedOn ? { date: localDate(a.removedOn) } : {})}
              {/* A day to qualify is the whole day: no time. */}
              {isWholeDayAnomaly(a.kind) ? '' : ` (${a.at.slice(11, 16)})`}
            </p>
          ))}
          {view.figures?.alerts.map((a, i) => (
            <p key={i} className="warn">
              {t(`ui.month.alert.${a.kind}`)}
            </p>
          ))}
          <table className="grid" aria-label={t('ui.punches.table')}>
            <thead>
              <tr>
                <th scope="col">{t('ui.month.time')}</th>
                <th scope="col">{t('ui.month.type')}</th>
                <th scope="col">{t('ui.punches.col.reason')}</th>
                <th scope="col">{t('ui.punches.col.marks')}</th>
              </tr>
            </thead>
            <tbody>
              {view.punches.map((p) => (
                <tr key={p.id} className={p.ignored || (p.removedUpstream && !p.kept) ? 'ignored' : ''}>
                  <td>{p.at.slice(11, 19)}</td>
                  <td>{t(`ui.punches.type.${p.type}`)}</td>
                  <td>{p.reason}</td>
                  <td>
                    <PunchMark punch={p} closed={view.closed} onMark={setMarking} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {marking !== null && (
            <form
              className="form inline-form"
              aria-label={t(marking.kind === 'keep' ? 'ui.month.keep' : 'ui.month.ignore')}
              onSubmit={(e) => {
                e.preventDefault();
                void act(() => call(marking.kind === 'keep' ? 'corrections/keep' : 'corrections/ignore', { punchId: marking.id, comment }));
              }}
            >
              {marking.kind === 'keep' && <p className="muted">{t('ui.month.keepHint')}</p>}
              <label>
                {t('ui.month.comment')}
                <input value={comment} onChange={(e) => setComment(e.target.value)} required />
              </label>
              <button type="submit" className="primary">
                {t('ui.common.confirm')}
              </button>
              <button type="button" onClick={() => setMarking(null)}>
                {t('ui.common.cancel')}
              </button>
            </form>
          )}
          <h3>{t('ui.month.corrections')}</h3>
          {view.corrections.length === 0 ? (
            <p className="muted">{t('ui.month.noCorrections')}</p>
          ) : (
            <ul>
              {view.corrections.map((c) => (
                <li key={c.id} className={c.undoneAt ? 'undone' : ''}>
                  {c.kind === 'add'
                    ? `+ ${t(`ui.punches.type.${c.type as 'A'}`)} ${c.at?.slice(11, 16)}`
                    : c.kind === 'keep'
                      ? `= ${c.at?.slice(11, 16)} ${t('ui.month.keptMark')}`
                      : `− ${c.at?.slice(11, 16)}`}{' '}
                  — « {c.comment} » {t('ui.month.by', { who: c.createdBy, when: c.createdAt.slice(0, 16).replace('T', ' ') })}
                  {!c.undoneAt && !view.closed && (
                    <button type="button" onClick={() => void act(() => call('corrections/undo', { id: c.id }))}>
                      {t('ui.month.undo')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {!view.closed && (
            <form
              className="form"
              aria-label={t('ui.month.addPunch')}
              onSubmit={(e) => {
                e.preventDefault();
                void act(() => call('corrections/add', { uid: holder.uid, type, at: `${day}T${time}`, comment }));
              }}
            >
              <h3>{t('ui.month.addPunch')}</h3>
              <div className="row">
                <label>
                  {t('ui.month.time')}
                  <input type="time" value={time} onChange={(e) => setTime(e.target.value)} required />
                </label>
                <label>
                  {t('ui.month.type')}
                  <select value={type} onChange={(e) => setType(e.target.value as 'A' | 'D' | 'P')}>
                    {(['A', 'D', 'P'] as const).map((k) => (
                      <option key={k} value={k}>
                        {t(`ui.punches.type.${k}`)}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              {marking === null && (
                <label>
                  {t('ui.month.comment')}
                  <input value={comment} onChange={(e) => setComment(e.target.value)} required />
                </label>
              )}
              <button type="submit" className="primary">
                {t('ui.month.addPunch')}
              </button>
            </form>
          )}
        </div>
      )}
      {view && <DayAbsences uid={holder.uid} day={day} closed={view.closed} />}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={onClose}>
          {t('ui.common.close')}
        </button>
      </div>
    </Dialog>
  );
}

/** What a raw punch of the day dialog says of itself, or the correction it offers: ignore it, or keep it when Festime removed it. */
function PunchMark({ punch: p, closed, onMark }: { punch: PunchRow; closed: boolean; onMark: (m: { id: number; kind: 'ignore' | 'keep' }) => void }) {
  const { t } = useTranslation();
  const time = p.at.slice(11, 16);
  if (p.ignored) return <>{t('ui.punches.ignored')}</>;
  if (p.removedUpstream && p.kept) return <>{t('ui.punches.kept')}</>;
  if (p.removedUpstream)
    return (
      <>
        {t('ui.punches.removed')}{' '}
        {!closed && (
          <button type="button" aria-label={t('ui.month.keepTitle', { time })} onClick={() => onMark({ id: p.id, kind: 'keep' })}>
            {t('ui.month.keep')}
          </button>
        )}
      </>
    );
  if (closed) return null;
  return (
    <button type="button" aria-label={t('ui.month.ignoreTitle', { time })} onClick={() => onMark({ id: p.id, kind: 'ignore' })}>
      {t('ui.month.ignore')}
    </button>
  );
}
