// Shown instead of the app when the data cannot be opened at start (app/health): what happened, in
// the user's words, and what can be done from here — restore a backup, try again — or outside
// (install the newer version, reinstall). The app itself opens again once the data does.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppHealth } from '../../../shared/api';
import { describe, errorText } from '../i18n';
import { call } from '../client';
import { localDate } from '../format';
import { FormError } from '../FormError';
import { useApp } from '../store';

type Problem = NonNullable<AppHealth['problem']>;

function Explanation({ health, problem }: { health: AppHealth; problem: Problem }) {
  const { t } = useTranslation();
  const { code, params } = problem.error;
  if (code === 'store.damaged')
    return (
      <>
        <h3>{t('ui.start.damaged.title')}</h3>
        <p>{t('ui.start.damaged.body', { file: params.file, detail: params.detail })}</p>
      </>
    );
  if (code === 'store.future')
    return (
      <>
        <h3>{t('ui.start.future.title')}</h3>
        <p>{t('ui.start.future.body', { found: params.found, known: params.known, version: health.version })}</p>
      </>
    );
  return (
    <>
      <h3>{t(code === 'app.native-module' || code === 'app.start' ? 'ui.start.install.title' : 'ui.start.other.title')}</h3>
      <p>{errorText(problem.error)}</p>
    </>
  );
}

export function StartProblem({ health }: { health: AppHealth }) {
  const { t, i18n } = useTranslation();
  const load = useApp((s) => s.load);
  const notify = useApp((s) => s.notify);
  const [busy, setBusy] = useState<'restore' | 'retry' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const problem = health.problem!;
  const day = problem.newestBackup ? localDate(problem.newestBackup) : '';
  const attempt = async (what: 'restore' | 'retry', work: () => Promise<void>) => {
    setBusy(what);
    setFailure(null);
    try {
      await work();
    } catch (error) {
      setFailure(describe(error));
    } finally {
      setBusy(null);
    }
  };
  const restore = () =>
    attempt('restore', async () => {
      const b = await call('backup/restore', {});
      notify('info', { key: 'ui.start.restored', params: { day: localDate(b.day), kept: b.kept ?? '' } });
      await load();
    });
  // Tried again and still failing: said with the time, so that the click visibly did something.
  const [checkedAt, setCheckedAt] = useState<string | null>(null);
  const retry = () =>
    attempt('retry', async () => {
      await load();
      setCheckedAt(new Date().toLocaleTimeString(i18n.language === 'en' ? 'en-GB' : 'fr-FR'));
    });
  const has = (r: Problem['remedies'][number]) => problem.remedies.includes(r);
  const future = problem.error.code === 'store.future';

  return (
    <main className="start-problem" aria-labelledby="start-problem-title">
      <div className="card start-problem-card">
        <h2 id="start-problem-title">{t('ui.start.heading')}</h2>
        <Explanation health={health} problem={problem} />
        {has('update') && <p className="start-remedy">{t('ui.start.remedy.update')}</p>}
        {has('reinstall') && <p className="start-remedy">{t('ui.start.remedy.reinstall')}</p>}
        {has('restore') && future && <p>{t('ui.start.remedy.restoreOlder', { day })}</p>}
        <div className="actions">
          {has('restore') && (
            <button type="button" className={future ? 'danger' : 'primary'} disabled={busy !== null} onClick={() => void restore()}>
              {t(future ? 'ui.start.remedy.restoreOlderButton' : 'ui.start.remedy.restore', { day })}
            </button>
          )}
          {has('retry') && (
            <button type="button" className={has('restore') ? undefined : 'primary'} disabled={busy !== null} onClick={() => void retry()}>
              {t('ui.start.remedy.retry')}
            </button>
          )}
        </div>
        {busy === 'restore' && <p role="status">{t('ui.start.restoring')}</p>}
        {checkedAt && busy === null && <p role="status">{t('ui.start.stillFailing', { time: checkedAt })}</p>}
        <FormError message={failure} />
        <ul className="start-where">
          <li>{t('ui.start.where', { dataDir: health.dataDir })}</li>
          <li>{t('ui.start.logs', { logDir: health.logDir })}</li>
          <li>{t('ui.start.version', { version: health.version })}</li>
        </ul>
      </div>
    </main>
  );
}
