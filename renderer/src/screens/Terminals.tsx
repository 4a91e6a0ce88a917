// Terminaux: one card per access point (global_get_infos_iot), compared with the register; push
// badge holders and pause reasons. Festime empties every terminal of the account at once: one
// "Vider tous les terminaux…" in the header, whose dialog lists them and asks for a word typed,
// then a panel to send the holders and reasons back. Offline, the last report known, with its date.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EMPTY_WORDS, isEmptyWord, type LastKnownTerminals } from '../../../shared/api';
import type { TerminalInfo, TerminalInfoReport, TransferReport } from '../../../shared/festime';
import { call, CallError } from '../client';
import { Dialog } from '../Dialog';
import { describe } from '../i18n';
import { localAge, localDateTime, siteDateTime, siteToday } from '../format';
import { useApp } from '../store';
import { FormError } from '../FormError';

export function TransferOutcome({ report, title, onClose }: { report: TransferReport; title?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const heading = title ?? t('ui.terminals.reportTitle');
  return (
    <section className="card report" aria-label={heading}>
      <h3>{heading}</h3>
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

/** An instant as "29/11" and "14:05" at the site (the year added when it is not this one). */
function dayAndTime(iso: string): { day: string; time: string } {
  const at = siteDateTime(iso); // "29/11/2026 14:05"
  const sameYear = at.slice(6, 10) === siteToday().slice(0, 4);
  return { day: sameYear ? at.slice(0, 5) : at.slice(0, 10), time: at.slice(11, 16) };
}

interface Outcome {
  key: string;
  title: string;
  report: TransferReport;
}

export function TerminalsScreen() {
  const { t } = useTranslation();
  const notify = useApp((s) => s.notify);
  const setOnline = useApp((s) => s.setOnline);
  const [info, setInfo] = useState<TerminalInfoReport | null>(null);
  // Shown when Festime cannot be read: the last report known, and why the live one failed.
  const [known, setKnown] = useState<LastKnownTerminals | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [registered, setRegistered] = useState(0);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [emptying, setEmptying] = useState(false);
  const [emptied, setEmptied] = useState(false);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    setLoading(true);
    try {
      setInfo(await call('terminals/info', {}));
      setFailure(null);
      setKnown(null);
      setOnline(true);
    } catch (error) {
      if (error instanceof CallError && error.error.code.startsWith('network.')) setOnline(false);
      setInfo(null);
      setFailure(describe(error));
      setKnown((await call('terminals/last-known', {}).catch(() => null))?.known ?? null);
    }
    const holders = await call('holders/list', {}).catch(() => []);
    setRegistered(holders.length);
    setLoading(false);
  }, [setOnline]);
  useEffect(() => void refresh(), [refresh]);

  const show = (key: string, title: string, report: TransferReport) => setOutcomes((list) => [...list.filter((o) => o.key !== key), { key, title, report }]);

  const run = async (method: 'terminals/push-users' | 'terminals/push-reasons') => {
    setBusy(true);
    try {
      show(method, t('ui.terminals.reportTitle'), await call(method, {}));
      await refresh();
    } catch (error) {
      notify('error', { error });
    } finally {
      setBusy(false);
    }
  };

  const shown = info ?? known?.report ?? null;
  const staleAt = info ? null : known ? dayAndTime(known.readAt) : null;

  return (
    <section aria-labelledby="terminals-title" className="terminals-screen">
      <div className="screen-head">
        <h2 id="terminals-title">{t('ui.terminals.title')}</h2>
        <span className="spacer" />
        <button type="button" disabled={loading} onClick={() => void refresh()}>
          {t('ui.terminals.refresh')}
        </button>
        <button type="button" disabled={busy} onClick={() => void run('terminals/push-users')}>
          {t('ui.terminals.pushUsers')}
        </button>
        <button type="button" disabled={busy} onClick={() => void run('terminals/push-reasons')}>
          {t('ui.terminals.pushReasons')}
        </button>
        <button type="button" className="danger" disabled={busy || !shown || shown.accessPoints.length === 0} onClick={() => setEmptying(true)}>
          {t('ui.terminals.emptyAll')}
        </button>
      </div>
      {failure && (
        <div className="terminals-offline" role="alert">
          <p>
            <strong>{t('ui.terminals.offline')}</strong> {failure}
          </p>
          <p>{staleAt ? t('ui.terminals.offlineKnown', staleAt) : t('ui.terminals.neverKnown')}</p>
        </div>
      )}
      {emptied && (
        <RefillPanel
          onOutcome={show}
          onDone={() => {
            setEmptied(false);
            // Done with: the emptying's answer gives way to the sending's.
            setOutcomes((list) => list.filter((o) => o.key !== 'terminals/empty'));
            void refresh();
          }}
        />
      )}
      {outcomes.map((o) => (
        <TransferOutcome key={o.key} title={o.title} report={o.report} onClose={() => setOutcomes((list) => list.filter((x) => x !== o))} />
      ))}
      {loading && !shown ? (
        <Skeleton label={t('ui.terminals.loading')} />
      ) : (
        <>
          {shown && shown.accessPoints.length === 0 && <p>{t('ui.terminals.none')}</p>}
          <div className={`cards${staleAt ? ' stale' : ''}`} aria-busy={loading}>
            {shown?.accessPoints.map((ap) => (
              <TerminalCard key={ap.index} ap={ap} registered={registered} knownAt={staleAt ? t('ui.terminals.knownAt', staleAt) : null} />
            ))}
          </div>
        </>
      )}
      {emptying && shown && (
        <EmptyDialog
          accessPoints={shown.accessPoints}
          knownAt={staleAt}
          onClose={() => setEmptying(false)}
          onDone={(r) => {
            setEmptying(false);
            show('terminals/empty', t('ui.terminals.emptyReport'), r);
            // Nothing was emptied when every terminal refused: then nothing to send back either.
            if (r.accessPoints.some((ap) => ap.status !== 'KO')) setEmptied(true);
            void refresh();
          }}
        />
      )}
    </section>
  );
}

function TerminalCard({ ap, registered, knownAt }: { ap: TerminalInfo; registered: number; knownAt: string | null }) {
  const { t } = useTranslation();
  return (
    <article className="card terminal" aria-labelledby={`ap-${ap.index}`}>
      <h3 id={`ap-${ap.index}`}>{ap.accessPoint}</h3>
      {knownAt && <p className="known-at">{knownAt}</p>}
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
    </article>
  );
}

/** Two cards of grey bars while the terminals' state is read (Festime can take a few seconds). */
function Skeleton({ label }: { label: string }) {
  return (
    <div className="cards" aria-busy="true" aria-label={label} role="status">
      <span className="sr-only">{label}</span>
      {[0, 1].map((i) => (
        <div key={i} className="card terminal skeleton" aria-hidden="true">
          <span className="bar title" />
          {[0, 1, 2, 3, 4, 5].map((j) => (
            <span key={j} className="bar" />
          ))}
        </div>
      ))}
    </div>
  );
}

/** After emptying: nobody can badge until the holders and the reasons are on the terminals again. */
function RefillPanel({ onOutcome, onDone }: { onOutcome: (key: string, title: string, r: TransferReport) => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  // The dialog just closed: the next thing to do is here.
  useEffect(() => button.current?.focus(), []);
  const refill = async () => {
    setBusy(true);
    setError(null);
    try {
      const users = await call('terminals/push-users', {});
      onOutcome('terminals/push-users', t('ui.terminals.refillUsers'), users);
      const reasons = await call('terminals/push-reasons', {});
      onOutcome('terminals/push-reasons', t('ui.terminals.refillReasons'), reasons);
      if ([...users.accessPoints, ...reasons.accessPoints].every((ap) => ap.status === 'OK')) onDone();
      else setError(t('ui.terminals.refillPartly'));
    } catch (err) {
      setError(describe(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="refill" aria-labelledby="refill-title">
      <h3 id="refill-title">{t('ui.terminals.emptiedTitle')}</h3>
      <p>{t('ui.terminals.emptiedText')}</p>
      <button ref={button} type="button" className="primary" disabled={busy} onClick={() => void refill()}>
        {busy ? t('ui.terminals.refilling') : t('ui.terminals.refill')}
      </button>
      <FormError message={error} />
    </section>
  );
}

function EmptyDialog({
  accessPoints,
  knownAt,
  onClose,
  onDone,
}: {
  accessPoints: TerminalInfo[];
  knownAt: { day: string; time: string } | null;
  onClose: () => void;
  onDone: (r: TransferReport) => void;
}) {
  const { t, i18n } = useTranslation();
  const word = i18n.language === 'en' ? EMPTY_WORDS.en : EMPTY_WORDS.fr;
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
        <p className="empty-warning">{t('ui.terminals.emptyWarning')}</p>
        <div>
          <p id="empty-list">{t('ui.terminals.emptyList', { count: accessPoints.length })}</p>
          <ul aria-labelledby="empty-list" className="empty-list">
            {accessPoints.map((ap) => (
              <li key={ap.index}>
                <strong>{ap.accessPoint || `#${ap.index}`}</strong>
                {ap.serial && <span className="muted"> — {t('ui.terminals.emptyItemSerial', { serial: ap.serial })}</span>}
              </li>
            ))}
          </ul>
          {knownAt && <p className="hint">{t('ui.terminals.emptyListKnown', knownAt)}</p>}
        </div>
        <label>
          {t('ui.terminals.emptyField', { word })}
          <input value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} />
        </label>
        <FormError message={error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            {t('ui.common.cancel')}
          </button>
          <button type="submit" className="danger" disabled={busy || !isEmptyWord(typed)}>
            {t('ui.terminals.emptyGo')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
