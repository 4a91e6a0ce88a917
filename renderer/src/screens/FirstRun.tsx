// First run (and "Ajouter un compte…"): connect a Festime account, or try the built-in demo.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_SERVER } from '../../../shared/festime';
import { call } from '../client';
import { describe, errorText } from '../i18n';
import { useApp } from '../store';
import { FormError } from '../FormError';

export function FirstRun() {
  const { t } = useTranslation();
  const { load, notify, setConnecting, info, runSync } = useApp();
  const [server, setServer] = useState(DEFAULT_SERVER);
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Accounts are kept but their keychain cannot be read: said before anything is typed again.
  const keychainError = info?.accounts.find((a) => a.keychainError)?.keychainError ?? null;

  const done = async () => {
    setConnecting(false);
    await load();
    void runSync();
  };
  const connect = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const account = await call('accounts/connect', { server, login, password, label: label || undefined });
      setPassword('');
      notify('info', { key: 'ui.firstRun.connected', params: { login: account.login } });
      await done();
    } catch (err) {
      setError(describe(err));
    } finally {
      setBusy(false);
    }
  };
  const demo = async () => {
    setBusy(true);
    setError(null);
    try {
      await call('accounts/demo', {});
      await done();
    } catch (err) {
      setError(describe(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="first-run">
      <h1>{t('ui.firstRun.title')}</h1>
      <p>{t('ui.firstRun.intro')}</p>
      {keychainError && (
        <p className="error" role="alert">
          {t('ui.firstRun.keychainError', { message: errorText(keychainError) })}
        </p>
      )}
      <form onSubmit={(e) => void connect(e)} className="card form" aria-labelledby="connect-title">
        <h2 id="connect-title">{t('ui.firstRun.connect')}</h2>
        <label>
          {t('ui.firstRun.server')}
          <input value={server} onChange={(e) => setServer(e.target.value)} required />
        </label>
        <label>
          {t('ui.firstRun.login')}
          <input value={login} onChange={(e) => setLogin(e.target.value)} required autoComplete="username" />
        </label>
        <label>
          {t('ui.firstRun.password')}
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="current-password" />
        </label>
        <label>
          {t('ui.firstRun.label')}
          <input value={label} onChange={(e) => setLabel(e.target.value)} />
        </label>
        <p className="hint">{t('ui.firstRun.passwordNote')}</p>
        <FormError message={error} />
        <div className="actions">
          {info && info.accounts.length > 0 && (
            <button type="button" onClick={() => setConnecting(false)}>
              {t('ui.common.cancel')}
            </button>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('ui.firstRun.testing') : t('ui.firstRun.test')}
          </button>
        </div>
      </form>
      <p className="or">{t('ui.firstRun.or')}</p>
      <div className="card">
        <button type="button" onClick={() => void demo()} disabled={busy}>
          {t('ui.firstRun.demo')}
        </button>
        <p className="hint">{t('ui.firstRun.demoNote')}</p>
      </div>
    </main>
  );
}
