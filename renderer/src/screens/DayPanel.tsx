// One holder's day, as the employee page shows the day selected: its figures, anomalies and alerts,
// its punches with the corrections in place (an added punch in its time order, an ignored one struck
// through, a punch removed at Festime marked, each with its comment), and the day's actions: add a
// punch, ignore one, keep a removed one, undo a correction, the absences.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DayView, PunchRow } from '../../../shared/api';
import type { CorrectionRow } from '../../../shared/timesheet';
import { isWholeDayAnomaly } from '../../../shared/timesheet';
import { call, CallError } from '../client';
import { ReopenDialog } from './Month';
import { describe } from '../i18n';
import { localDate, monthName, msToHhmm, siteDateTime } from '../format';
import { useApp } from '../store';
import { DayAbsences } from './DayAbsences';
import { FormError } from '../FormError';
import { PunchTypeOptions } from '../PunchTypeOptions';

/** A line of the day's list: a raw punch (with the correction in force on it, if any) or a punch a correction added. */
type Line = { at: string; punch: PunchRow; correction: CorrectionRow | null } | { at: string; punch: null; correction: CorrectionRow };

/** The raw punches and the corrections in force merged in time order. */
function linesOf(view: DayView): Line[] {
  const live = view.corrections.filter((c) => c.undoneAt === null);
  const onPunch = new Map(live.filter((c) => c.punchId !== null).map((c) => [c.punchId!, c]));
  const lines: Line[] = [
    ...view.punches.map((p) => ({ at: p.at, punch: p, correction: onPunch.get(p.id) ?? null })),
    ...live.filter((c) => c.kind === 'add' && c.at).map((c) => ({ at: c.at!, punch: null, correction: c })),
  ];
  return lines.sort((a, b) => a.at.localeCompare(b.at));
}

export function DayPanel({ uid, day, title }: { uid: string; day: string; title: string }) {
  const { t } = useTranslation();
  const revision = useApp((s) => s.revision.timesheet);
  const [view, setView] = useState<DayView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [time, setTime] = useState('');
  const [type, setType] = useState<'A' | 'D' | 'P'>('D');
  const [comment, setComment] = useState('');
  // The punch whose correction is being written: ignored (it should not count) or kept (Festime removed it, it did happen).
  const [marking, setMarking] = useState<{ id: number; kind: 'ignore' | 'keep'; time: string } | null>(null);

  useEffect(() => {
    // Only the answer for the day now picked is shown (a slower one for the previous day is dropped).
    let current = true;
    setError(null);
    setMarking(null);
    call('timesheet/day', { uid, day })
      .then((v) => current && setView(v))
      .catch((e: unknown) => current && setError(describe(e)));
    return () => {
      current = false;
    };
  }, [uid, day, revision]);

  // A correction refused because it would change a closed month (its night, its weeks): that month, offered to reopen.
  const [closedMonth, setClosedMonth] = useState<string | null>(null);
  const [reopening, setReopening] = useState(false);
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    setClosedMonth(null);
    try {
      await fn();
      setComment('');
      setTime('');
      setMarking(null);
    } catch (err) {
      setError(describe(err));
      if (err instanceof CallError && err.error.code === 'store.closed-month') setClosedMonth(String(err.error.params.month));
    }
  };
  const shown = view && view.day === day && view.uid === uid ? view : null;
  const closed = shown?.closed ?? false;

  return (
    <section className="day-panel" aria-labelledby="day-panel-title">
      <h3 id="day-panel-title">{title}</h3>
      {shown && (
        <div className="day">
          {shown.figures && <p>{t('ui.month.dayFigures', { worked: msToHhmm(shown.figures.workedMs), pause: msToHhmm(shown.figures.pauseMs) })}</p>}
          {shown.figures?.anomalies.map((a, i) => (
            <p key={i} className="bad">
              {t(`ui.month.anomaly.${a.kind}`, a.removedOn ? { date: localDate(a.removedOn) } : {})}
              {/* A day to qualify is the whole day: no time. */}
              {isWholeDayAnomaly(a.kind) ? '' : ` (${a.at.slice(11, 16)})`}
            </p>
          ))}
          {shown.figures?.alerts.map((a, i) => (
            <p key={i} className="warn">
              {t(`ui.month.alert.${a.kind}`)}
            </p>
          ))}
          {shown.punches.length === 0 && shown.corrections.every((c) => c.kind !== 'add' || c.undoneAt !== null) ? (
            <p className="muted">{t('ui.employee.noPunch')}</p>
          ) : (
            <table className="grid day-punches" aria-label={t('ui.employee.punchesOf', { day: localDate(day) })}>
              <thead>
                <tr>
                  <th scope="col">{t('ui.month.time')}</th>
                  <th scope="col">{t('ui.month.type')}</th>
                  <th scope="col">{t('ui.punches.col.reason')}</th>
                  <th scope="col">{t('ui.punches.col.marks')}</th>
                  <th scope="col">{t('ui.employee.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {linesOf(shown).map((line) => (
                  <PunchLine
                    key={line.punch ? line.punch.id : -line.correction.id}
                    line={line}
                    closed={closed}
                    onMark={setMarking}
                    onUndo={(id) => void act(() => call('corrections/undo', { id }))}
                  />
                ))}
              </tbody>
            </table>
          )}
          {marking !== null && (
            <form
              className="form inline-form"
              aria-label={t(marking.kind === 'keep' ? 'ui.month.keep' : 'ui.month.ignore')}
              onSubmit={(e) => {
                e.preventDefault();
                void act(() => call(marking.kind === 'keep' ? 'corrections/keep' : 'corrections/ignore', { punchId: marking.id, comment }));
              }}
            >
              <p className="muted">{marking.kind === 'keep' ? t('ui.month.keepHint') : t('ui.month.ignoreTitle', { time: marking.time })}</p>
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
          {!closed && marking === null && (
            <form
              className="form"
              aria-label={t('ui.month.addPunch')}
              onSubmit={(e) => {
                e.preventDefault();
                void act(() => call('corrections/add', { uid, type, at: `${day}T${time}`, comment }));
              }}
            >
              <h4>{t('ui.month.addPunch')}</h4>
              <div className="row">
                <label>
                  {t('ui.month.time')}
                  <input type="time" value={time} onChange={(e) => setTime(e.target.value)} required />
                </label>
                <label>
                  {t('ui.month.type')}
                  <select value={type} onChange={(e) => setType(e.target.value as 'A' | 'D' | 'P')}>
                    <PunchTypeOptions />
                  </select>
                </label>
              </div>
              <label>
                {t('ui.month.comment')}
                <input value={comment} onChange={(e) => setComment(e.target.value)} required />
              </label>
              <button type="submit" className="primary">
                {t('ui.month.addPunch')}
              </button>
            </form>
          )}
          {closed && <p className="banner">{t('ui.month.closedNote')}</p>}
        </div>
      )}
      {shown && <DayAbsences uid={uid} day={day} closed={closed} />}
      <FormError message={error} />
      {closedMonth && (
        <button type="button" onClick={() => setReopening(true)}>
          {t('ui.month.reopenNamed', { month: monthName(closedMonth) })}
        </button>
      )}
      {reopening && closedMonth && (
        <ReopenDialog
          month={closedMonth}
          onClose={() => {
            setReopening(false);
            setClosedMonth(null);
          }}
        />
      )}
    </section>
  );
}

/** One line of the day: the punch, its tags (with the correction's comment, who and when) and what can be done with it. */
function PunchLine({
  line,
  closed,
  onMark,
  onUndo,
}: {
  line: Line;
  closed: boolean;
  onMark: (m: { id: number; kind: 'ignore' | 'keep'; time: string }) => void;
  onUndo: (correctionId: number) => void;
}) {
  const { t } = useTranslation();
  const { punch: p, correction: c } = line;
  const time = line.at.slice(11, 16);
  const type = p ? p.type : (c.type as 'A' | 'D' | 'P');
  const ignored = p !== null && c?.kind === 'ignore';
  const removed = p !== null && p.removedUpstream && c?.kind !== 'keep';
  const tag = !p
    ? { className: 'mark-added', text: t('ui.punches.added') }
    : c?.kind === 'ignore'
      ? { className: 'mark-ignored', text: t('ui.punches.ignored') }
      : c?.kind === 'keep'
        ? { className: 'mark-removed', text: t('ui.punches.kept') }
        : p.removedUpstream
          ? { className: 'mark-removed', text: t('ui.punches.removed') }
          : null;
  return (
    <tr className={`${!p ? 'added' : ''}${ignored || removed ? ' ignored struck' : ''}`}>
      <td>{p ? p.at.slice(11, 19) : line.at.slice(11, 19)}</td>
      <td>{t(`ui.punches.type.${type}`)}</td>
      <td>{p?.reason ?? ''}</td>
      <td>
        {tag && <span className={`mark ${tag.className}`}>{tag.text}</span>}
        {c && (
          <span className="correction-note">
            « {c.comment} » <small className="muted">{t('ui.employee.by', { who: c.createdBy, when: siteDateTime(c.createdAt) })}</small>
          </span>
        )}
      </td>
      <td className="row-actions">
        {!closed && c && (
          <button type="button" aria-label={t('ui.employee.undoTitle', { time })} onClick={() => onUndo(c.id)}>
            {t('ui.month.undo')}
          </button>
        )}
        {!closed && p && !c && p.removedUpstream && (
          <button type="button" aria-label={t('ui.month.keepTitle', { time })} onClick={() => onMark({ id: p.id, kind: 'keep', time })}>
            {t('ui.month.keep')}
          </button>
        )}
        {!closed && p && !c && !p.removedUpstream && (
          <button type="button" aria-label={t('ui.month.ignoreTitle', { time })} onClick={() => onMark({ id: p.id, kind: 'ignore', time })}>
            {t('ui.month.ignore')}
          </button>
        )}
      </td>
    </tr>
  );
}
