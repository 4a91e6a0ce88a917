// Paramètres, "Codes d'absence": the list offered when absences are entered (code, French and
// English labels, counted as work or not). A code in use cannot be removed: the core says so.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AbsenceCode } from '../../../shared/employees';
import { call } from '../client';
import { useApp } from '../store';

export function AbsenceCodes() {
  const { t } = useTranslation();
  const { settings, notify } = useApp();
  const [codes, setCodes] = useState<AbsenceCode[]>(settings?.payroll.absenceCodes ?? []);
  useEffect(() => setCodes(settings?.payroll.absenceCodes ?? []), [settings]);
  if (!settings) return null;

  const edit = (i: number, change: Partial<AbsenceCode>) => setCodes((list) => list.map((c, j) => (j === i ? { ...c, ...change } : c)));
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await call('settings/set', { payroll: { absenceCodes: codes } });
      notify('info', { key: 'ui.payroll.codesSaved' });
    } catch (error) {
      notify('error', { error });
    }
  };
  return (
    <form className="card form" aria-labelledby="codes-title" onSubmit={(e) => void save(e)}>
      <h3 id="codes-title">{t('ui.payroll.codesTitle')}</h3>
      <p className="muted">{t('ui.payroll.codesHint')}</p>
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">{t('ui.payroll.code')}</th>
            <th scope="col">{t('ui.payroll.labelFr')}</th>
            <th scope="col">{t('ui.payroll.labelEn')}</th>
            <th scope="col">{t('ui.payroll.countsAsWork')}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {codes.map((c, i) => (
            <tr key={i}>
              <td>
                <input
                  value={c.code}
                  maxLength={10}
                  size={6}
                  required
                  aria-label={t('ui.payroll.code')}
                  onChange={(e) => edit(i, { code: e.target.value.toUpperCase() })}
                />
              </td>
              <td>
                <input value={c.fr} maxLength={60} required aria-label={t('ui.payroll.labelFr')} onChange={(e) => edit(i, { fr: e.target.value })} />
              </td>
              <td>
                <input value={c.en} maxLength={60} required aria-label={t('ui.payroll.labelEn')} onChange={(e) => edit(i, { en: e.target.value })} />
              </td>
              <td>
                <input
                  type="checkbox"
                  checked={c.countsAsWork}
                  aria-label={t('ui.payroll.countsAsWork')}
                  onChange={(e) => edit(i, { countsAsWork: e.target.checked })}
                />
              </td>
              <td>
                <button type="button" onClick={() => setCodes((list) => list.filter((_, j) => j !== i))}>
                  {t('ui.payroll.removeCode', { code: c.code })}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" onClick={() => setCodes((list) => [...list, { code: '', fr: '', en: '', countsAsWork: false }])}>
          {t('ui.payroll.addCode')}
        </button>
        <button type="submit" className="primary">
          {t('ui.payroll.saveCodes')}
        </button>
      </div>
    </form>
  );
}
