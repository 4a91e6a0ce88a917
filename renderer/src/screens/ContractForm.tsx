// The badge holder's dialog, "Contrat et paie": the contract in force on the day chosen ("à partir
// du"), saved as a new version from that day through 'employees/set' (past months keep theirs).
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CONTRACT_TYPES, DEFAULT_CONTRACT, WEEKDAYS, contractOn, type Contract, type EmployeeRow } from '../../../shared/employees';
import { call } from '../client';
import { describe } from '../i18n';
import { useApp } from '../store';
import { FormError } from '../FormError';

const todayLocal = () => new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 10);

export function ContractForm({ uid }: { uid: string }) {
  const { t } = useTranslation();
  const notify = useApp((s) => s.notify);
  const [versions, setVersions] = useState<Contract[]>([]);
  const [from, setFrom] = useState(todayLocal());
  const [draft, setDraft] = useState<Omit<Contract, 'uid' | 'from'>>(DEFAULT_CONTRACT);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = () =>
    void call('employees/list', {})
      .then((rows: EmployeeRow[]) => {
        const list = rows.find((r) => r.uid === uid)?.versions ?? [];
        setVersions(list);
        const inForce = contractOn(list, from) ?? list[0] ?? null;
        if (inForce) {
          const { uid: _u, from: _f, ...rest } = inForce;
          setDraft(rest);
        }
      })
      .catch((e: unknown) => setError(describe(e)));
  useEffect(load, [uid]);

  const set = <K extends keyof typeof draft>(k: K, v: (typeof draft)[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const { contract } = await call('employees/set', {
        uid,
        from,
        matricule: draft.matricule,
        type: draft.type,
        ...(draft.type === 'days' ? {} : { weeklyHours: draft.weeklyHours }),
        days: draft.days,
        nightWorker: draft.nightWorker,
        start: draft.start || null,
        end: draft.end || null,
      });
      notify('info', { key: 'ui.payroll.contractSaved', params: { from: contract.from } });
      load();
    } catch (err) {
      setError(describe(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form contract" aria-labelledby="contract-title" onSubmit={(e) => void save(e)}>
      <h3 id="contract-title">{t('ui.payroll.contractTitle')}</h3>
      <div className="row">
        <label>
          {t('ui.payroll.matricule')}
          <input value={draft.matricule} maxLength={40} onChange={(e) => set('matricule', e.target.value)} />
        </label>
        <label>
          {t('ui.payroll.type')}
          <select value={draft.type} onChange={(e) => set('type', e.target.value as Contract['type'])}>
            {CONTRACT_TYPES.map((k) => (
              <option key={k} value={k}>
                {t(`ui.payroll.types.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('ui.payroll.weeklyHours')}
          <input
            type="number"
            step="0.5"
            min={1}
            max={48}
            value={draft.weeklyHours}
            disabled={draft.type === 'days'}
            onChange={(e) => set('weeklyHours', Number(e.target.value))}
          />
        </label>
      </div>
      <fieldset className="row">
        <legend>{t('ui.payroll.days')}</legend>
        {WEEKDAYS.map((d) => (
          <label key={d} className="inline">
            <input
              type="checkbox"
              checked={draft.days.includes(d)}
              onChange={(e) => set('days', e.target.checked ? WEEKDAYS.filter((w) => w === d || draft.days.includes(w)) : draft.days.filter((w) => w !== d))}
            />
            {t(`ui.payroll.weekday.${d}`)}
          </label>
        ))}
      </fieldset>
      <div className="row">
        <label className="inline">
          <input type="checkbox" checked={draft.nightWorker} onChange={(e) => set('nightWorker', e.target.checked)} />
          {t('ui.payroll.nightWorker')}
        </label>
        <label>
          {t('ui.payroll.start')}
          <input type="date" value={draft.start ?? ''} onChange={(e) => set('start', e.target.value || null)} />
        </label>
        <label>
          {t('ui.payroll.end')}
          <input type="date" value={draft.end ?? ''} onChange={(e) => set('end', e.target.value || null)} />
        </label>
        <label>
          {t('ui.payroll.from')}
          <input type="date" value={from} required onChange={(e) => setFrom(e.target.value)} />
        </label>
      </div>
      {versions.length > 0 && <p className="muted">{t('ui.payroll.versions', { list: versions.map((v) => v.from).join(', ') })}</p>}
      <FormError message={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('ui.payroll.saveContract')}
        </button>
      </div>
    </form>
  );
}
