// Paramètres, « Codes de paie »: the code the payroll-variables file gives each item and absence code
// (its label, its default, an input), and the file's encoding. Part of the settings form: saved with
// the rest; a code refused is said by its field.
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../shared/api';
import { EVP_ENCODINGS, PAYROLL_CODE_MAX, payrollCodeOf, payrollKeys, payrollLabel, type EvpEncoding } from '../../../shared/payroll-export';

export interface PayrollCodesDraft {
  /** By key: the code typed (the code in use to start with; empty: the default). */
  codes: Record<string, string>;
  encoding: EvpEncoding;
}

/** The draft from saved settings: every key with the code in use. */
export function payrollDraft(settings: Settings): PayrollCodesDraft {
  const { payroll } = settings;
  return {
    codes: Object.fromEntries(payrollKeys(payroll.absenceCodes).map((k) => [k, payrollCodeOf(payroll.payrollCodes, k)])),
    encoding: payroll.evpEncoding,
  };
}

/**
 * What settings/set is sent: the keys whose code changes from the one saved (an empty field, or the
 * default typed, goes back to the default), so that a refusal names the key changed.
 */
export function payrollChange(draft: PayrollCodesDraft, saved: Settings): Record<string, string> {
  const change: Record<string, string> = {};
  for (const [key, typed] of Object.entries(draft.codes)) {
    const code = typed.trim();
    const fallback = payrollCodeOf({}, key);
    if ((code === '' ? fallback : code) !== payrollCodeOf(saved.payroll.payrollCodes, key)) change[key] = code === fallback ? '' : code;
  }
  return change;
}

export function PayrollCodes({
  settings,
  draft,
  issues,
  onChange,
}: {
  settings: Settings;
  draft: PayrollCodesDraft;
  /** By key, the message to show beside its field. */
  issues: Record<string, string>;
  onChange: (draft: PayrollCodesDraft) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const { absenceCodes } = settings.payroll;
  const rates = { first: settings.rules.firstTierRate, second: settings.rules.secondTierRate };
  const keys = payrollKeys(absenceCodes);
  return (
    <fieldset className="payroll-codes" aria-describedby="payroll-codes-hint">
      <legend>{t('ui.payroll.payrollCodesTitle')}</legend>
      <p id="payroll-codes-hint" className="hint">
        {t('ui.payroll.payrollCodesHint')}
      </p>
      <label>
        {t('ui.payroll.encoding')}
        <select value={draft.encoding} onChange={(e) => onChange({ ...draft, encoding: e.target.value as EvpEncoding })}>
          {EVP_ENCODINGS.map((e) => (
            <option key={e} value={e}>
              {t(`evpEncoding.${e}`)}
            </option>
          ))}
        </select>
      </label>
      <table className="grid" aria-label={t('ui.payroll.payrollCodesTitle')}>
        <thead>
          <tr>
            <th scope="col">{t('ui.payroll.item')}</th>
            <th scope="col">{t('ui.payroll.defaultCode')}</th>
            <th scope="col">{t('ui.payroll.payrollCode')}</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => {
            const label = payrollLabel(t, key, absenceCodes, lang, rates);
            const fallback = payrollCodeOf({}, key);
            const issue = issues[key];
            return (
              <tr key={key} className={issue ? 'has-anomaly' : undefined}>
                <th scope="row">
                  {label} <span className="hint">({key})</span>
                </th>
                <td className="muted">{fallback}</td>
                <td>
                  <input
                    value={draft.codes[key] ?? ''}
                    placeholder={fallback}
                    maxLength={PAYROLL_CODE_MAX + 10}
                    size={12}
                    aria-label={t('ui.payroll.codeFor', { label })}
                    aria-invalid={issue ? true : undefined}
                    aria-describedby={issue ? `payroll-code-${key}-issue` : undefined}
                    onChange={(e) => onChange({ ...draft, codes: { ...draft.codes, [key]: e.target.value } })}
                  />
                  {issue && (
                    <span id={`payroll-code-${key}-issue`} className="error field-issue">
                      {issue}
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </fieldset>
  );
}
