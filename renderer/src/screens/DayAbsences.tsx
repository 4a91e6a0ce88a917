// The day dialog's "Absence" part: the holder's absences on that day (removable while the month is
// open) and a form to add one (code from the account's list, whole or half day, to a day, a comment).
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AbsenceCode, AbsenceRow } from '../../../shared/employees';
import { call } from '../client';
import { describe } from '../i18n';
import { useApp } from '../store';
import { FormError } from '../FormError';

export function DayAbsences({ uid, day, closed }: { uid: string; day: string; closed: boolean }) {
  const { t, i18n } = useTranslation();
  const revision = useApp((s) => s.revision.timesheet);
  const codes: AbsenceCode[] = useApp((s) => s.settings?.payroll.absenceCodes) ?? [];
  const [absences, setAbsences] = useState<AbsenceRow[]>([]);
  const [code, setCode] = useState('CP');
  const [half, setHalf] = useState<'' | 'am' | 'pm'>('');
  const [to, setTo] = useState('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    call('absences/list', { month: day.slice(0, 7), uid })
      .then((rows) => current && setAbsences(rows.filter((a) => a.from <= day && day <= a.to)))
      .catch((e: unknown) => current && setError(describe(e)));
    return () => {
      current = false;
    };
  }, [uid, day, revision]);

  const labelOf = (c: string) => {
    const found = codes.find((x) => x.code === c);
    return found ? `${c} — ${i18n.language === 'en' ? found.en : found.fr}` : c;
  };
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      setComment('');
      setTo('');
      setHalf('');
    } catch (err) {
      setError(describe(err));
    }
  };
  const add = (e: FormEvent) => {
    e.preventDefault();
    void act(() => call('absences/add', { uid, from: day, code, comment, ...(to && to !== day ? { to } : {}), ...(half ? { half } : {}) }));
  };

  return (
    <div className="absences" aria-labelledby="absences-title">
      <h3 id="absences-title">{t('ui.payroll.absences')}</h3>
      {absences.length === 0 ? (
        <p className="muted">{t('ui.payroll.noAbsence')}</p>
      ) : (
        <ul>
          {absences.map((a) => (
            <li key={a.id} className={a.removedAt ? 'undone' : ''}>
              {labelOf(a.code)} {a.half ? `(${t(`ui.payroll.halves.${a.half}`)})` : ''} — {a.from === a.to ? a.from : `${a.from} → ${a.to}`} — « {a.comment} »{' '}
              {!a.removedAt && !closed && (
                <button type="button" onClick={() => void act(() => call('absences/remove', { id: a.id }))}>
                  {t('ui.payroll.removeAbsence')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {!closed && (
        <form className="form" aria-label={t('ui.payroll.absenceTitle')} onSubmit={add}>
          <h3>{t('ui.payroll.absenceTitle')}</h3>
          <div className="row">
            <label>
              {t('ui.payroll.code')}
              <select value={code} onChange={(e) => setCode(e.target.value)}>
                {codes.map((c) => (
                  <option key={c.code} value={c.code}>
                    {labelOf(c.code)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('ui.payroll.half')}
              <select value={half} onChange={(e) => setHalf(e.target.value as '' | 'am' | 'pm')}>
                <option value="">{t('ui.payroll.wholeDay')}</option>
                <option value="am">{t('ui.payroll.halves.am')}</option>
                <option value="pm">{t('ui.payroll.halves.pm')}</option>
              </select>
            </label>
            <label>
              {t('ui.payroll.to')}
              <input type="date" value={to} min={day} disabled={half !== ''} onChange={(e) => setTo(e.target.value)} />
            </label>
          </div>
          <label>
            {t('ui.payroll.comment')}
            <input value={comment} onChange={(e) => setComment(e.target.value)} required />
          </label>
          <button type="submit" className="primary">
            {t('ui.payroll.addAbsence')}
          </button>
        </form>
      )}
      <FormError message={error} />
    </div>
  );
}
