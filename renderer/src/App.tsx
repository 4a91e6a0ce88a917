// The window: first run until an account is chosen; then the status bar, the sections and the screen.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { call, on } from './client';
import { FirstRun } from './screens/FirstRun';
import { HoldersScreen } from './screens/Holders';
import { EmployeeScreen } from './screens/Employee';
import { MonthScreen } from './screens/Month';
import { PunchesScreen } from './screens/Punches';
import { ReviewScreen } from './screens/Review';
import { RollCallScreen } from './screens/RollCall';
import { SettingsScreen } from './screens/Settings';
import { TerminalsScreen } from './screens/Terminals';
import { StartProblem } from './screens/StartProblem';
import { StatusBar } from './StatusBar';
import { noticeText, useApp, type Screen } from './store';

/** The sections of the navigation; the employee page is reached from a name. */
const SCREENS: Screen[] = ['punches', 'review', 'rollcall', 'holders', 'terminals', 'month', 'settings'];

export function App() {
  const { t } = useTranslation();
  const { info, health, screen, go, connecting, notices, dismiss, load, notify, changed, reviewCount, setReviewCount } = useApp();
  // The navigation's count of anomalies to check: at start, and again when the data change (« À vérifier » keeps it itself while shown).
  const account = info?.currentAccountId ?? null;
  const dataRevision = useApp((s) => s.revision.timesheet + s.revision.punches + s.revision.holders);
  const lastRun = useApp((s) => s.sync?.lastRun?.finishedAt ?? null);
  useEffect(() => {
    if (account === null || useApp.getState().screen === 'review') return;
    let current = true;
    call('review/list', {})
      .then((l) => current && setReviewCount(l.anomalies))
      .catch(() => current && setReviewCount(null));
    return () => {
      current = false;
    };
  }, [account, dataRevision, lastRun, setReviewCount]);

  useEffect(() => {
    load().catch((error: unknown) => notify('error', { error }));
    const offs = [
      on('sync/progress', (p) => useApp.setState({ progress: p.phase === 'done' ? null : p })),
      on('data/changed', (d) => changed(d.what)),
      // A failure no call waited for (logged by the app): said, never silent.
      on('app/problem', (p) => notify('error', { key: p.key, params: p.params })),
    ];
    return () => offs.forEach((off) => off());
  }, [load, notify, changed]);

  // Written at render time from a key or an error: a notice follows a change of language.
  const Notices = (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
          <span>{noticeText(n.message)}</span>
          <button type="button" className="link" onClick={() => dismiss(n.id)} aria-label={t('ui.common.close')}>
            ×
          </button>
        </div>
      ))}
    </div>
  );

  if (health)
    return (
      <>
        <StartProblem health={health} />
        {Notices}
      </>
    );
  if (!info)
    return (
      <main className="loading">
        {t('ui.common.loading')}
        {Notices}
      </main>
    );
  if (info.currentAccountId === null || connecting)
    return (
      <>
        <FirstRun />
        {Notices}
      </>
    );

  return (
    <div className="app">
      <header className="top">
        <h1 className="brand">{t('ui.appName')}</h1>
        <nav aria-label={t('ui.nav.label')} className="tabs">
          {SCREENS.map((s) => (
            <button
              key={s}
              type="button"
              className="tab"
              aria-current={screen === s ? 'page' : undefined}
              // The count is the button's description, not its name: « À vérifier » stays its name.
              aria-describedby={s === 'review' && reviewCount ? 'review-count-text' : undefined}
              onClick={() => go(s)}
            >
              {t(`ui.nav.${s}`)}
              {s === 'review' && reviewCount !== null && reviewCount > 0 && (
                <>
                  <span className="tab-count" data-testid="review-count" aria-hidden="true">
                    {reviewCount}
                  </span>
                  <span id="review-count-text" hidden>
                    {t('ui.review.anomalyCount', { count: reviewCount })}
                  </span>
                </>
              )}
            </button>
          ))}
        </nav>
      </header>
      {/* Keyed by account: switching account starts every screen afresh (filters, pages, dialogs). */}
      <main className="screen" key={info.currentAccountId}>
        {screen === 'punches' && <PunchesScreen />}
        {screen === 'review' && <ReviewScreen />}
        {screen === 'rollcall' && <RollCallScreen />}
        {screen === 'employee' && <EmployeeScreen />}
        {screen === 'holders' && <HoldersScreen />}
        {screen === 'terminals' && <TerminalsScreen />}
        {screen === 'month' && <MonthScreen />}
        {screen === 'settings' && <SettingsScreen />}
      </main>
      {/* The notices sit just above the status bar, whatever its height: they never cover it. */}
      <div className="app-foot">
        {Notices}
        <StatusBar />
      </div>
    </div>
  );
}
