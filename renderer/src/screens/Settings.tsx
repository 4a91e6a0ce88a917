// Paramètres: sync interval, retention, timesheet rules, payroll codes, language, data folder, backup and restore.
import { SITE_ZONES } from '../../../shared/time';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupView, Settings } from '../../../shared/api';
import { call } from '../client';
import { Dialog } from '../Dialog';
import { AbsenceCodes } from './AbsenceCodes';
import { PayrollCodes, payrollChange, payrollDraft, type PayrollCodesDraft } from './PayrollCodes';
import { nextPayrollCodes, payrollKeys, payrollLabel } from '../../../shared/payroll-export';
import type { FieldIssue } from '../../../shared/validation';
import { CallError } from '../client';
import { errorText } from '../i18n';
import { useApp } from '../store';

/** "2026-11-29 14:25:01" from a backup's name (to the second); the day alone for an old one-a-day name. */
function backupTime(b: Pick<BackupView, 'file' | 'day'>): string {
  const m = /(\d{4}-\d{2}-\d{2})-(\d{2})(\d{2})(\d{2})(?:-\d+)?\.sqlite$/.exec(b.file);
  return m ? `${m[1]} ${m[2]}:${m[3]}:${m[4]}` : b.day;
}

export function SettingsScreen() {
  const { t, i18n } = useTranslation();
  const { settings, info, notify } = useApp();
  const [draft, setDraft] = useState<Settings | null>(settings);
  const [codes, setCodes] = useState<PayrollCodesDraft | null>(settings && payrollDraft(settings));
  // By payroll key: why its code is refused, shown beside its field.
  const [codeIssues, setCodeIssues] = useState<Record<string, string>>({});
  const [backups, setBackups] = useState<BackupView[]>([]);
  // The backup chosen in the restore dialog (its file); null while the dialog is closed.
  const [restoring, setRestoring] = useState<string | null>(null);
  useEffect(() => {
    setDraft(settings);
    setCodes(settings && payrollDraft(settings));
  }, [settings]);
  useEffect(
    () =>
      void call('backup/list', {})
        .then(setBackups)
        .catch(() => undefined),
    [],
  );
  if (!draft || !info || !codes) return null;

  const rules = draft.rules;
  const setRule = <K extends keyof Settings['rules']>(k: K, v: Settings['rules'][K]) => setDraft({ ...draft, rules: { ...rules, [k]: v } });
  const save = async (e: FormEvent) => {
    e.preventDefault();
    // The payroll codes checked as the core checks them (shared/payroll-export.ts), each issue by its field.
    const change = payrollChange(codes, draft);
    const { issues } = nextPayrollCodes(draft.payroll.payrollCodes, change, payrollKeys(draft.payroll.absenceCodes));
    // The items named by their labels here (the command line names them by key).
    const rates = { first: draft.rules.firstTierRate, second: draft.rules.secondTierRate };
    const lang = i18n.language === 'en' ? 'en' : 'fr';
    const named = (key: string | number | undefined) =>
      typeof key === 'string' ? t('ui.payroll.quoted', { label: payrollLabel(t, key, draft.payroll.absenceCodes, lang, rates) }) : key;
    const say = (i: FieldIssue) =>
      t(`errors.validation.${i.rule}`, {
        ...i.params,
        field: t('field.payrollCodes'),
        key: named(i.params.key),
        first: named(i.params.first),
        second: named(i.params.second),
      });
    setCodeIssues(Object.fromEntries(issues.map((i) => [String(i.params.key), say(i)])));
    if (issues.length > 0) {
      document.getElementById(`payroll-code-${String(issues[0]!.params.key)}-issue`)?.scrollIntoView({ block: 'center' });
      return;
    }
    try {
      const { weeklyBaseHours, firstTierHours, firstTierRate, secondTierRate, nightStart, nightEnd, roundingMinutes, alsaceMoselle } = rules;
      await call('settings/set', {
        syncIntervalMinutes: draft.syncIntervalMinutes,
        retentionYears: draft.retentionYears,
        language: draft.language,
        timeZone: draft.timeZone,
        rules: { weeklyBaseHours, firstTierHours, firstTierRate, secondTierRate, nightStart, nightEnd, roundingMinutes, alsaceMoselle },
        payroll: { payrollCodes: change, evpEncoding: codes.encoding },
      });
      notify('info', { key: 'ui.settings.saved' });
    } catch (error) {
      // A code the core refused (the absence codes changed meanwhile, say): by its field too.
      const key = error instanceof CallError && error.error.params.field === 'payrollCodes' ? error.error.params.key : undefined;
      if (typeof key === 'string') setCodeIssues({ [key]: errorText((error as CallError).error) });
      notify('error', { error });
    }
  };
  const backup = async () => {
    try {
      const b = await call('backup/now', {});
      notify('info', { key: 'ui.settings.backupDone', params: { file: b.file } });
      setBackups(await call('backup/list', {}));
    } catch (error) {
      notify('error', { error });
    }
  };
  const restore = async (from: string) => {
    setRestoring(null);
    try {
      const b = await call('backup/restore', { from });
      notify('info', { key: 'ui.settings.restored', params: { when: backupTime(b), kept: b.kept ?? '' } });
      await useApp.getState().load();
    } catch (error) {
      notify('error', { error });
    }
  };
  const num = (value: number, onChange: (n: number) => void, min: number, max: number, label: string) => (
    <label>
      {label}
      <input type="number" value={value} min={min} max={max} required onChange={(e) => onChange(Number(e.target.value))} />
    </label>
  );

  return (
    <section aria-labelledby="settings-title" className="settings">
      <h2 id="settings-title">{t('ui.settings.title')}</h2>
      <form className="form card" onSubmit={(e) => void save(e)}>
        <fieldset>
          <legend>{t('ui.settings.sync')}</legend>
          {num(draft.syncIntervalMinutes, (n) => setDraft({ ...draft, syncIntervalMinutes: n }), 5, 1440, t('ui.settings.interval'))}
          {num(draft.retentionYears, (n) => setDraft({ ...draft, retentionYears: n }), 1, 50, t('ui.settings.retention'))}
          <label>
            {t('ui.settings.language')}
            <select value={draft.language} onChange={(e) => setDraft({ ...draft, language: e.target.value as 'fr' | 'en' })}>
              <option value="fr">Français</option>
              <option value="en">English</option>
            </select>
          </label>
          <label className="wide">
            {t('ui.settings.zone')}
            <select value={draft.timeZone} onChange={(e) => setDraft({ ...draft, timeZone: e.target.value })}>
              <option value="auto">{t('ui.settings.zoneAuto', { zone: t(`ui.zones.${draft.siteZone}`, { defaultValue: draft.siteZone }) })}</option>
              {[...new Set([...SITE_ZONES, draft.timeZone])]
                .filter((z) => z !== 'auto')
                .map((z) => (
                  <option key={z} value={z}>
                    {t(`ui.zones.${z}`, { defaultValue: z })}
                  </option>
                ))}
            </select>
          </label>
        </fieldset>
        <fieldset>
          <legend>{t('ui.settings.rules')}</legend>
          {num(rules.weeklyBaseHours, (n) => setRule('weeklyBaseHours', n), 1, 60, t('ui.settings.weeklyBase'))}
          {num(rules.firstTierHours, (n) => setRule('firstTierHours', n), 0, 40, t('ui.settings.firstTier'))}
          {num(rules.firstTierRate, (n) => setRule('firstTierRate', n), 0, 200, t('ui.settings.firstRate'))}
          {num(rules.secondTierRate, (n) => setRule('secondTierRate', n), 0, 200, t('ui.settings.secondRate'))}
          <label>
            {t('ui.settings.nightStart')}
            <input type="time" value={rules.nightStart} required onChange={(e) => setRule('nightStart', e.target.value)} />
          </label>
          <label>
            {t('ui.settings.nightEnd')}
            <input type="time" value={rules.nightEnd} required onChange={(e) => setRule('nightEnd', e.target.value)} />
          </label>
          <label>
            {t('ui.settings.rounding')}
            <select value={rules.roundingMinutes} onChange={(e) => setRule('roundingMinutes', Number(e.target.value) as 0 | 5 | 10 | 15)}>
              <option value={0}>{t('ui.settings.noRounding')}</option>
              {[5, 10, 15].map((m) => (
                <option key={m} value={m}>
                  {t('ui.settings.roundTo', { count: m })}
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={rules.alsaceMoselle} onChange={(e) => setRule('alsaceMoselle', e.target.checked)} />
            {t('ui.settings.alsace')}
          </label>
        </fieldset>
        <PayrollCodes settings={draft} draft={codes} issues={codeIssues} onChange={setCodes} />
        <div className="actions">
          <button type="submit" className="primary">
            {t('ui.common.save')}
          </button>
        </div>
      </form>
      <AbsenceCodes />
      <section className="card" aria-labelledby="data-title">
        <h3 id="data-title">{t('ui.settings.data')}</h3>
        <p className="data-dir">{t('ui.settings.dataDir', { dir: info.dataDir })}</p>
        <p className="data-dir" data-testid="log-dir">
          {t('ui.settings.logDir', { dir: info.logDir })}
        </p>
        <p className="hint">{t('ui.settings.logNote')}</p>
        <div className="actions">
          <button type="button" onClick={() => void backup()}>
            {t('ui.settings.backupNow')}
          </button>
          <button type="button" className="danger" disabled={backups.length === 0} onClick={() => setRestoring(backups[0]!.file)}>
            {t('ui.settings.restore')}
          </button>
        </div>
        <h4>{t('ui.settings.backups')}</h4>
        {backups.length === 0 ? (
          <p className="muted">{t('ui.settings.noBackups')}</p>
        ) : (
          <ul>
            {backups.map((b) => (
              <li key={b.file}>
                {backupTime(b)} —{' '}
                {t('ui.settings.size', { n: (b.bytes / 1024 / 1024).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: 1 }) })}
              </li>
            ))}
          </ul>
        )}
        <p className="muted">{t('ui.settings.version', { version: info.version })}</p>
      </section>
      {restoring !== null && (
        <Dialog title={t('ui.settings.restore')} onClose={() => setRestoring(null)}>
          <p>{t('ui.settings.restoreConfirm')}</p>
          <fieldset className="backup-choice">
            <legend>{t('ui.settings.restoreWhich')}</legend>
            {backups.map((b) => (
              <label key={b.file} className="check">
                <input type="radio" name="backup" checked={restoring === b.file} onChange={() => setRestoring(b.file)} />
                {backupTime(b)}
              </label>
            ))}
          </fieldset>
          <div className="actions">
            <button type="button" onClick={() => setRestoring(null)}>
              {t('ui.common.cancel')}
            </button>
            <button type="button" className="danger" onClick={() => void restore(restoring)}>
              {t('ui.common.confirm')}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
