// The window: first run until an account is chosen; then the status bar, the sections and the screen.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { on } from './client';
import { FirstRun } from './screens/FirstRun';
import { HoldersScreen } from './screens/Holders';
import { EmployeeScreen } from './screens/Employee';
import { MonthScreen } from './screens/Month';
import { PunchesScreen } from './screens/Punches';
import { ReviewScreen } from './screens/Review';
import { RollCallScreen } from './screens/RollCall';
import { SettingsScreen } from './screens/Settings';
import { TerminalsScreen } from './screens/Terminals';
import { StatusBar } from './StatusBar';
import { noticeText, useApp, type Screen } from './store';

/** The sections of the navigation; the employee page is reached from a name. */
const SCREENS: Screen[] = ['punches', 'review', 'rollcall', 'holders', 'terminals', 'month', 'settings'];

export function App() {
  const { t } = useTranslation();
  const { info, screen, go, connecting, notices, dismiss, load, notify, changed, reviewCount } = useApp();

  useEffect(() => {
    load().catch((error: unknown) => notify('error', { error }));
    const offs = [on('sync/progress', (p) => useApp.setState({ progress: p.phase === 'done' ? null : p })), on('data/changed', (d) => changed(d.what))];
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
            <button key={s} type="button" className="tab" aria-current={screen === s ? 'page' : undefined} onClick={() => go(s)}>
              {t(`ui.nav.${s}`)}
              {s === 'review' && reviewCount !== null && reviewCount > 0 && (
                <span className="tab-count" data-testid="review-count">
                  {reviewCount}
                </span>
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
