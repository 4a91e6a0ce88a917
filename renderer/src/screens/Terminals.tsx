// Terminaux: one card per access point (global_get_infos_iot), compared with the register; push
// badge holders and pause reasons; "Vider" behind a confirmation that asks for the access point's name.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TerminalInfoReport, TransferReport } from '../../../shared/festime';
import { call } from '../client';
import { Dialog } from '../Dialog';
import { describe } from '../i18n';
import { localAge, localDateTime } from '../format';
import { useApp } from '../store';

export function TransferOutcome({ report, onClose }: { report: TransferReport; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="card report" aria-label={t('ui.terminals.reportTitle')}>
      <h3>{t('ui.terminals.reportTitle')}</h3>
      <ul>
        {report.accessPoints.map((ap) => (
          <li key={ap.index} className={ap.status === 'OK' ? 'ok' : 'ko'}>
            <strong>{ap.accessPoint || `#${ap.index}`}</strong> — {ap.status} {ap.message}
            {ap.count !== null ? ` (${ap.count})` : ''}
            {!ap.parsed && <pre>{ap.raw}</pre>}
          </li>
        ))}
      </ul>
      <button type="button" onClick={onClose}>
        {t('ui.common.close')}
      </button>
    </section>
  );
}

export function TerminalsScreen() {
  const { t } = useTranslation();
  const notify = useApp((s) => s.notify);
  const setOnline = useApp((s) => s.setOnline);
  const [info, setInfo] = useState<TerminalInfoReport | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [registered, setRegistered] = useState(0);
  const [report, setReport] = useState<TransferReport | null>(null);
  const [emptying, setEmptying] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    setFailure(null);
    try {
      setInfo(await call('terminals/info', {}));
      setOnline(true);
    } catch (error) {
      setInfo(null);
      setFailure(describe(error));
    }
    const holders = await call('holders/list', {}).catch(() => []);
    setRegistered(holders.length);
  }, [setOnline]);
  useEffect(() => void refresh(), [refresh]);

  const run = async (method: 'terminals/push-users' | 'terminals/push-reasons') => {
    setBusy(true);
    try {
      setReport(await call(method, {}));
      await refresh();
    } catch (error) {
      notify('error', describe(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="terminals-title">
      <div className="screen-head">
        <h2 id="terminals-title">{t('ui.terminals.title')}</h2>
        <span className="spacer" />
        <button type="button" onClick={() => void refresh()}>
          {t('ui.terminals.refresh')}
        </button>
        <button type="button" disabled={busy} onClick={() => void run('terminals/push-users')}>
          {t('ui.terminals.pushUsers')}
        </button>
        <button type="button" disabled={busy} onClick={() => void run('terminals/push-reasons')}>
          {t('ui.terminals.pushReasons')}
        </button>
      </div>
      {failure && (
        <p className="error" role="alert">
          {t('ui.terminals.offline')} {failure}
        </p>
      )}
      {report && <TransferOutcome report={report} onClose={() => setReport(null)} />}
      {info && info.accessPoints.length === 0 && <p>{t('ui.terminals.none')}</p>}
      <div className="cards">
        {info?.accessPoints.map((ap) => (
          <article key={ap.index} className="card terminal" aria-labelledby={`ap-${ap.index}`}>
            <h3 id={`ap-${ap.index}`}>{ap.accessPoint}</h3>
            {ap.parsed ? (
              <dl>
                <dt>{t('ui.terminals.status')}</dt>
                <dd>
                  <span className={`pill ${ap.status === 'ONLINE' ? 'pill-on' : 'pill-off'}`}>{ap.status}</span>
                </dd>
                <dt>{t('ui.terminals.serial')}</dt>
                <dd>{ap.serial}</dd>
                <dt>{t('ui.terminals.timeZone')}</dt>
                <dd>{ap.timeZone}</dd>
                <dt>{t('ui.terminals.ip')}</dt>
                <dd>{ap.ip}</dd>
                <dt>{t('ui.terminals.lastScan')}</dt>
                <dd>{ap.lastScan ? `${localDateTime(ap.lastScan)} (${localAge(ap.lastScan)})` : '—'}</dd>
                <dt>{t('ui.terminals.users')}</dt>
                <dd>
                  {ap.usersLoaded ?? '—'}{' '}
                  <span className={ap.usersLoaded !== registered ? 'warn' : 'muted'}>
                    ({ap.usersLoaded !== registered ? t('ui.terminals.mismatch', { count: registered }) : t('ui.terminals.register', { count: registered })})
                  </span>
                </dd>
                <dt>{t('ui.terminals.reasons')}</dt>
                <dd>{ap.reasonsLoaded ?? '—'}</dd>
              </dl>
            ) : (
              <>
                <p>{t('ui.terminals.unreadable')}</p>
                <pre>{ap.raw}</pre>
              </>
            )}
            {ap.readAt && <p className="muted">{t('ui.terminals.readAt', { when: localDateTime(ap.readAt) })}</p>}
            <button type="button" className="danger" aria-label={`${t('ui.terminals.empty')} ${ap.accessPoint}`} onClick={() => setEmptying(ap.accessPoint)}>
              {t('ui.terminals.empty')}
            </button>
          </article>
        ))}
      </div>
      {emptying !== null && (
        <EmptyDialog
          name={emptying}
          onClose={() => setEmptying(null)}
          onDone={(r) => {
            setEmptying(null);
            setReport(r);
            void refresh();
          }}
        />
      )}
    </section>
  );
}

function EmptyDialog({ name, onClose, onDone }: { name: string; onClose: () => void; onDone: (r: TransferReport) => void }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      onDone(await call('terminals/empty', { confirm: typed }));
    } catch (err) {
      setError(describe(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={t('ui.terminals.emptyTitle')} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} className="form">
        <p>{t('ui.terminals.emptyWarning', { name })}</p>
        <label>
          {t('ui.terminals.emptyField')}
          <input value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={onClose}>
            {t('ui.common.cancel')}
          </button>
          <button type="submit" className="danger" disabled={busy || typed.trim() !== name}>
            {t('ui.terminals.emptyGo')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
