// Account, online/offline, last good sync and its age, progress, "Synchroniser" and cancel, the last error.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { clockWarning } from '../../shared/clock-skew';
import { call } from './client';
import { errorText } from './i18n';
import { age, localDate, monthName, siteDateTime, siteToday } from './format';
import { useApp } from './store';

/** The causes of a failed backup the status bar names in a word or two. */
const BACKUP_REASONS: Partial<Record<string, string>> = { 'store.disk-full': 'diskFull', 'store.read-only': 'readOnly', 'store.busy': 'busy' };

export function StatusBar() {
  const { t } = useTranslation();
  const { info, sync, progress, online, runSync, notify, setConnecting, load } = useApp();
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 30_000);
    return () => clearInterval(timer);
  }, []);
  if (!info) return null;
  const account = info.accounts.find((a) => a.id === info.currentAccountId);
  const running = progress !== null || sync?.running === true;
  // A keychain that fails is said as such (not as "no password"); the sync's own record of it would say it twice.
  const keychainError = account?.keychainError ?? null;
  const lastError =
    sync?.lastRun?.error && sync.lastRun.error.code !== 'cancelled' && !(keychainError && sync.lastRun.error.code.startsWith('secrets.'))
      ? sync.lastRun.error
      : null;

  const failedAt = (iso: string | null, message: string) => {
    if (!iso) return t('ui.status.lastErrorUndated', { message });
    const at = siteDateTime(iso); // "27/11/2026 14:05"
    return at.slice(0, 10) === localDate(siteToday())
      ? t('ui.status.lastError', { time: at.slice(11), message })
      : t('ui.status.lastErrorDay', { day: at.slice(0, 10), time: at.slice(11), message });
  };

  const clock = clockWarning(sync?.clockSkewMinutes ?? null);
  // The day's backup a sync could not make, in a few words; its whole message (what to do) on hover.
  const backupError = sync?.backupError ?? null;
  const backupReason = backupError ? (BACKUP_REASONS[backupError.code] ?? 'other') : null;

  // The first progress event, sent before the engine knows its window, has no days yet.
  const progressText = !progress
    ? ''
    : progress.phase === 'fetch'
      ? progress.from && progress.to
        ? t('ui.status.progressFetch', { from: localDate(progress.from), to: localDate(progress.to) })
        : t('ui.status.progressFetchStart')
      : progress.phase === 'store'
        ? t('ui.status.progressStore', { done: progress.done, total: progress.total })
        : t('ui.status.progressReconcile');

  const switchTo = async (value: string) => {
    if (value === 'new') return setConnecting(true);
    try {
      await call('accounts/select', { id: Number(value) });
      await load();
    } catch (error) {
      notify('error', { error });
    }
  };

  return (
    <footer className="status" aria-label={t('ui.status.account')}>
      <label className="status-account">
        <span className="sr-only">{t('ui.status.switchAccount')}</span>
        <select value={String(info.currentAccountId)} onChange={(e) => void switchTo(e.target.value)} aria-label={t('ui.status.switchAccount')}>
          {info.accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label || a.login} — {new URL(a.server).host}
            </option>
          ))}
          <option value="new">{t('ui.status.addAccount')}</option>
        </select>
      </label>
      <span className={`pill ${online === false ? 'pill-off' : online ? 'pill-on' : ''}`} data-testid="online-state">
        {online === false ? t('ui.status.offline') : online ? t('ui.status.online') : t('ui.status.unknown')}
      </span>
      {/* The last sync that worked, always: a failure since is said beside it, with its own time. */}
      <span className="status-last" data-testid="last-sync">
        {sync?.lastSuccessAt ? t('ui.status.lastSync', { when: age(sync.lastSuccessAt) }) : t('ui.status.never')}
      </span>
      {running && (
        <span className="status-progress">
          <progress aria-label={t('ui.status.progressLabel')} value={progress?.total ? progress.done : undefined} max={progress?.total || undefined} />
          <span role="status">{progressText}</span>
        </span>
      )}
      {keychainError && (
        <span className="status-error" role="alert" title={errorText(keychainError)} data-testid="keychain-error">
          {t('ui.status.keychainError')}
        </span>
      )}
      {clock && (
        <span className="status-error" role="alert" data-testid="clock-skew">
          {t(clock.ahead ? 'ui.status.clockAhead' : 'ui.status.clockBehind', {
            amount: t(`ui.status.clockUnit.${clock.amount.unit}`, { count: clock.amount.count }),
          })}
        </span>
      )}
      {!running &&
        (sync?.closedMonths ?? []).map((c) => (
          <span className="status-note" role="status" key={c.month} data-testid="closed-month-changed">
            {t('ui.status.closedMonthChanged', { count: c.punches, month: monthName(c.month), into: monthName(c.into) })}
          </span>
        ))}
      {backupError && backupReason && (
        <span className="status-error" role="alert" title={errorText(backupError)} data-testid="backup-failure">
          {t('ui.status.backupFailed', { reason: t(`ui.status.backupReason.${backupReason}`) })}
        </span>
      )}
      {lastError && !running && (
        <span className="status-error" role="alert" data-testid="last-failure">
          {failedAt(sync?.lastRun?.finishedAt ?? null, errorText(lastError))}
        </span>
      )}
      <span className="spacer" />
      {account && (
        <span className="status-who">
          {account.login}
          {account.demo ? ` (${t('ui.status.demo')})` : ''}
        </span>
      )}
      {running ? (
        <button type="button" onClick={() => void call('sync/cancel', {})}>
          {t('ui.status.cancelSync')}
        </button>
      ) : (
        <button type="button" className="primary" onClick={() => void runSync()}>
          {t('ui.status.sync')}
        </button>
      )}
    </footer>
  );
}
