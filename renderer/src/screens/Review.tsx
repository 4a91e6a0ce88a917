// « À vérifier »: every open anomaly across staff (this month, and last month while it is open), by
// date then name, each with the correction that fixes it right here; then the legal alerts, for
// payroll's information. A fixed anomaly leaves the list at once, and the navigation's count with it.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewItem, ReviewList } from '../../../shared/api';
import type { AbsenceCode } from '../../../shared/employees';
import { addDays } from '../../../shared/time';
import { isWholeDayAnomaly, type AnomalyKind } from '../../../shared/timesheet';
import { call } from '../client';
import { describe } from '../i18n';
import { decimal, localDate, monthName } from '../format';
import { PersonLink } from '../PersonLink';
import { useApp } from '../store';
import { FormError } from '../FormError';
import { PunchTypeOptions } from '../PunchTypeOptions';

type Fix = 'add' | 'ignore' | 'ignoreDuplicate' | 'keep' | 'accept' | 'qualify' | 'removeAbsence' | 'ignorePunches' | 'secondReading' | 'firstReading';

/** The corrections each anomaly offers, the first being the usual one; and the type of punch to add. */
const FIXES: Record<AnomalyKind, { fixes: Fix[]; type?: 'A' | 'D' | 'P' }> = {
  'missing-departure': { fixes: ['add'], type: 'D' },
  'departure-without-arrival': { fixes: ['add', 'ignore'], type: 'A' },
  'pause-without-arrival': { fixes: ['add', 'ignore'], type: 'A' },
  'double-arrival': { fixes: ['add', 'ignore'], type: 'D' },
  'double-pause': { fixes: ['add', 'ignore'], type: 'A' },
  'duplicate-badge': { fixes: ['ignoreDuplicate'] },
  'removed-upstream': { fixes: ['keep', 'accept'] },
  'absence-to-qualify': { fixes: ['qualify'] },
  'absence-with-punches': { fixes: ['removeAbsence', 'ignorePunches'] },
  'ambiguous-time': { fixes: ['secondReading', 'firstReading'] },
  'nonexistent-time': { fixes: ['firstReading', 'ignore'] },
  // The first reading counts: when it is the wrong one, the punch is ignored (and the right one added).
  'conflicting-record': { fixes: ['ignore', 'add'] },
};

export function ReviewScreen() {
  const { t } = useTranslation();
  const revision = useApp((s) => s.revision.timesheet + s.revision.punches + s.revision.holders);
  const lastRun = useApp((s) => s.sync?.lastRun?.finishedAt ?? null);
  const notify = useApp((s) => s.notify);
  const setReviewCount = useApp((s) => s.setReviewCount);
  const [list, setList] = useState<ReviewList | null>(null);
  // A month picked (any, closed ones too); null: the months payroll is working on, whose count the navigation shows.
  const [picked, setPicked] = useState<string | null>(null);

  const load = useCallback(() => {
    let current = true;
    call('review/list', picked === null ? {} : { month: picked })
      .then((l) => {
        if (!current) return;
        setList(l);
        if (picked === null) setReviewCount(l.anomalies);
      })
      .catch((e: unknown) => notify('error', { error: e }));
    return () => {
      current = false;
    };
  }, [notify, setReviewCount, picked]);
  useEffect(load, [load, revision, lastRun]);

  const anomalies = list?.items.filter((i) => i.severity === 'anomaly') ?? [];
  const alerts = list?.items.filter((i) => i.severity === 'alert') ?? [];
  const months = list?.months.map((m) => (m.closed ? monthName(m.month) : t('ui.review.notClosed', { month: monthName(m.month) }))).join(t('ui.review.and'));

  return (
    <section aria-labelledby="review-title" className="review">
      <div className="screen-head">
        <h2 id="review-title">{t('ui.review.title')}</h2>
        <label className="inline">
          {t('ui.review.pick')}
          <input type="month" value={picked ?? ''} onChange={(e) => setPicked(e.target.value || null)} />
        </label>
        {picked !== null && (
          <button type="button" onClick={() => setPicked(null)}>
            {t('ui.review.current')}
          </button>
        )}
      </div>
      {list === null ? (
        <p className="muted">{t('ui.review.loading')}</p>
      ) : (
        <>
          <p className="muted">{t('ui.review.covers', { months })}</p>
          <section aria-labelledby="review-anomalies">
            <h3 id="review-anomalies" tabIndex={-1}>
              {t('ui.review.anomalies')} <span className="review-count">{t('ui.review.anomalyCount', { count: anomalies.length })}</span>
            </h3>
            {anomalies.length === 0 ? (
              <p>{t('ui.review.none')}</p>
            ) : (
              <div className="table-wrap">
                <table className="grid review-table" aria-labelledby="review-anomalies">
                  <thead>
                    <tr>
                      <th scope="col">{t('ui.review.col.date')}</th>
                      <th scope="col">{t('ui.review.col.time')}</th>
                      <th scope="col">{t('ui.review.col.person')}</th>
                      <th scope="col">{t('ui.review.col.problem')}</th>
                      <th scope="col">{t('ui.review.col.action')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {anomalies.map((item) => (
                      <AnomalyRow
                        key={`${item.uid}|${item.at}|${item.kind}|${item.punchIds.join(',')}`}
                        item={item}
                        closed={list.months.find((m) => m.month === item.month)?.closed ?? false}
                        onFixed={load}
                      />
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section aria-labelledby="review-alerts">
            <h3 id="review-alerts">{t('ui.review.alerts')}</h3>
            <p className="muted">{t('ui.review.alertsHint')}</p>
            {alerts.length === 0 ? (
              <p>{t('ui.review.noAlerts')}</p>
            ) : (
              <div className="table-wrap">
                <table className="grid review-table" aria-labelledby="review-alerts">
                  <thead>
                    <tr>
                      <th scope="col">{t('ui.review.col.date')}</th>
                      <th scope="col">{t('ui.review.col.person')}</th>
                      <th scope="col">{t('ui.review.col.problem')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {alerts.map((a) => (
                      <tr key={`${a.uid}|${a.day}|${a.kind}`}>
                        <td className="nowrap">{localDate(a.day)}</td>
                        <td className="person">
                          <PersonLink uid={a.uid} name={a.name} day={a.day} />
                        </td>
                        <td className="warn">
                          {t(`ui.month.alert.${a.kind as 'day-over-10h'}`)}
                          {a.hours !== undefined && ` (${t('ui.review.hours', { hours: decimal(Math.round(a.hours * 100) / 100) })})`}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </section>
  );
}

/** One anomaly: where and what, the buttons of its corrections, and the form of the one chosen below it. */
function AnomalyRow({ item, closed, onFixed }: { item: ReviewItem; closed: boolean; onFixed: () => void }) {
  const { t } = useTranslation();
  const notify = useApp((s) => s.notify);
  const [fix, setFix] = useState<Fix | null>(null);
  const kind = item.kind as AnomalyKind;
  const { fixes } = FIXES[kind];
  const problem = t(`ui.month.anomaly.${kind}`, item.removedOn ? { date: localDate(item.removedOn) } : {});

  const done = () => {
    notify('info', { key: 'ui.review.done', params: { name: item.name, date: localDate(item.day) } });
    // The next row's place, or the heading: focus stays in the list the row left.
    document.getElementById('review-anomalies')?.focus();
    onFixed();
  };
  const removeAbsences = async () => {
    try {
      for (const id of item.absenceIds ?? []) await call('absences/remove', { id });
      done();
    } catch (error) {
      notify('error', { error });
    }
  };

  return (
    <>
      <tr className={fix ? 'review-open' : undefined}>
        <td className="nowrap">{localDate(item.day)}</td>
        <td className="nowrap">{isWholeDayAnomaly(kind) ? '' : item.at.slice(11, 16)}</td>
        <td className="person">
          <PersonLink uid={item.uid} name={item.name} day={item.day} />
        </td>
        <td className="bad">{problem}</td>
        <td>
          <div className="review-actions">
            {/* A closed month is read only: reopened (Export mensuel) before it is corrected. */}
            {fixes
              .filter((f) => !closed && (f !== 'ignoreDuplicate' || (item.punchIds[1] ?? 0) > 0))
              .map((f) => (
                <button
                  key={f}
                  type="button"
                  aria-expanded={f === 'removeAbsence' ? undefined : fix === f}
                  onClick={() => (f === 'removeAbsence' ? void removeAbsences() : setFix(fix === f ? null : f))}
                >
                  {t(`ui.review.action.${f}`)}
                </button>
              ))}
          </div>
        </td>
      </tr>
      {fix && fix !== 'removeAbsence' && (
        <tr className="review-form-row">
          <td colSpan={5}>
            <FixForm item={item} fix={fix} onCancel={() => setFix(null)} onDone={done} />
          </td>
        </tr>
      )}
    </>
  );
}

/** The form of one correction: what it needs (time and type, an absence code, a comment), then Valider. */
function FixForm({ item, fix, onCancel, onDone }: { item: ReviewItem; fix: Exclude<Fix, 'removeAbsence'>; onCancel: () => void; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const codes: AbsenceCode[] = useApp((s) => s.settings?.payroll.absenceCodes) ?? [];
  const kind = item.kind as AnomalyKind;
  const [time, setTime] = useState('');
  const [type, setType] = useState<'A' | 'D' | 'P'>(FIXES[kind].type ?? 'D');
  const [code, setCode] = useState(codes[0]?.code ?? 'CP');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A departure before the arrival it closes is the next morning's (a night shift).
  const nextDay = fix === 'add' && kind === 'missing-departure' && time !== '' && time < item.at.slice(11, 16);
  const day = nextDay ? addDays(item.day, 1) : item.day;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const first = item.punchIds[0] ?? 0;
      switch (fix) {
        case 'add':
          await call('corrections/add', { uid: item.uid, type, at: `${day}T${time}`, comment });
          break;
        case 'ignore':
        case 'accept':
          await call('corrections/ignore', { punchId: first, comment });
          break;
        case 'ignoreDuplicate':
          await call('corrections/ignore', { punchId: item.punchIds[1] ?? 0, comment });
          break;
        case 'keep':
          await call('corrections/keep', { punchId: first, comment });
          break;
        case 'secondReading':
        case 'firstReading':
          await call('corrections/reading', { punchId: first, occurrence: fix === 'secondReading' ? 2 : 1, comment });
          break;
        case 'qualify':
          await call('absences/add', { uid: item.uid, from: item.day, code, comment });
          break;
        case 'ignorePunches':
          // Raw punches are ignored; a punch added by a correction (negative id) has that correction undone.
          for (const id of item.punchIds) await (id > 0 ? call('corrections/ignore', { punchId: id, comment }) : call('corrections/undo', { id: -id }));
          break;
      }
      onDone();
    } catch (err) {
      setError(describe(err));
      setBusy(false);
    }
  };

  const label = t('ui.review.formTitle', { action: t(`ui.review.action.${fix}`).replace(/…$/, ''), name: item.name, date: localDate(item.day) });
  const labelOf = (c: AbsenceCode) => `${c.code} — ${i18n.language === 'en' ? c.en : c.fr}`;
  return (
    <form className="form review-form" aria-label={label} onSubmit={(e) => void submit(e)}>
      {fix === 'keep' && <p className="muted">{t('ui.month.keepHint')}</p>}
      {fix === 'accept' && <p className="muted">{t('ui.review.acceptHint')}</p>}
      {(fix === 'secondReading' || fix === 'firstReading') && <p className="muted">{t(`ui.review.${fix}Hint`)}</p>}
      {(fix === 'ignore' || fix === 'ignoreDuplicate' || fix === 'ignorePunches') && <p className="muted">{t('ui.review.ignoreHint')}</p>}
      <div className="row">
        {fix === 'add' && (
          <>
            <label>
              {t('ui.review.time')}
              <input type="time" value={time} onChange={(e) => setTime(e.target.value)} required autoFocus />
            </label>
            <label>
              {t('ui.review.type')}
              <select value={type} onChange={(e) => setType(e.target.value as 'A' | 'D' | 'P')}>
                <PunchTypeOptions />
              </select>
            </label>
            {nextDay && <p className="muted review-next-day">{t('ui.review.nextDay', { date: localDate(day) })}</p>}
          </>
        )}
        {fix === 'qualify' && (
          <label>
            {t('ui.review.code')}
            <select value={code} onChange={(e) => setCode(e.target.value)} autoFocus>
              {codes.map((c) => (
                <option key={c.code} value={c.code}>
                  {labelOf(c)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="review-comment">
          {t('ui.review.comment')}
          <input value={comment} onChange={(e) => setComment(e.target.value)} required maxLength={500} autoFocus={fix !== 'add' && fix !== 'qualify'} />
        </label>
      </div>
      <FormError message={error} />
      <div className="actions">
        <button type="button" onClick={onCancel}>
          {t('ui.common.cancel')}
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {t('ui.review.confirm')}
        </button>
      </div>
    </form>
  );
}
