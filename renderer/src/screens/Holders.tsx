// Badgés: the register, create / edit / delete through Festime (the outbox keeps every change),
// the changes to push to the terminals, and the changes still queued (cancellable). A lost badge is
// replaced from the holder's dialog: the badge number itself is never edited.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HolderRow, MethodInput, OutboxView } from '../../../shared/api';
import { fieldIssues, holderInputSchema } from '../../../shared/validation';
import { call, CallError } from '../client';
import { Dialog } from '../Dialog';
import { describe, errorText } from '../i18n';
import { localDateTime } from '../format';
import { useApp } from '../store';
import { TransferOutcome } from './Terminals';
import { ContractForm } from './ContractForm';
import { PersonLink } from '../PersonLink';
import type { TransferReport } from '../../../shared/festime';
import { FormError } from '../FormError';

type Editing = { mode: 'add' | 'edit' | 'delete'; holder: { uid: string; nom: string; prenom: string; replaces?: string[] } };

export function HoldersScreen() {
  const { t } = useTranslation();
  const revision = useApp((s) => s.revision.holders);
  const notify = useApp((s) => s.notify);
  const [holders, setHolders] = useState<HolderRow[] | null>(null);
  const [pending, setPending] = useState<{ queued: OutboxView[]; toCheck: OutboxView[]; toPush: number }>({ queued: [], toCheck: [], toPush: 0 });
  const [editing, setEditing] = useState<Editing | null>(null);
  const [search, setSearch] = useState('');
  const [pushing, setPushing] = useState(false);
  const [report, setReport] = useState<TransferReport | null>(null);
  // Each holder's payroll number (the contract in force today), beside the register.
  const [matricules, setMatricules] = useState<Map<string, string>>(new Map());

  useEffect(() => {
    void call('holders/list', {})
      .then(setHolders)
      .catch((e: unknown) => notify('error', { error: e }));
    void call('holders/pending', {})
      .then(setPending)
      .catch(() => undefined);
    void call('employees/list', {})
      .then((rows) => setMatricules(new Map(rows.map((r) => [r.uid, r.current?.matricule ?? '']))))
      .catch(() => undefined);
  }, [revision, notify]);

  // A name clicked elsewhere (a payroll number missing for the variables file): that holder's dialog, opened once.
  const focus = useApp((s) => s.focusHolder);
  const holderOpened = useApp((s) => s.holderOpened);
  useEffect(() => {
    if (focus === null || holders === null) return;
    // A replaced badge's number (from an old punch) opens its person, under the current badge.
    const holder = holders.find((h) => h.uid === focus || h.replaces.includes(focus));
    if (holder) setEditing({ mode: 'edit', holder });
    holderOpened();
  }, [focus, holders, holderOpened]);

  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (holders ?? []).filter((h) => !q || `${h.uid} ${h.nom} ${h.prenom} ${h.replaces.join(' ')}`.toLowerCase().includes(q));
  }, [holders, search]);

  const push = async () => {
    setPushing(true);
    try {
      const r = await call('terminals/push-users', {});
      setReport(r);
      notify('info', { key: r.accessPoints.every((ap) => ap.status === 'OK') ? 'ui.holders.pushed' : 'ui.holders.pushPartial' });
    } catch (error) {
      notify('error', { error });
    } finally {
      setPushing(false);
    }
  };

  return (
    <section aria-labelledby="holders-title">
      <div className="screen-head">
        <h2 id="holders-title">{t('ui.holders.title')}</h2>
        <span className="muted">{t('ui.holders.count', { count: holders?.length ?? 0 })}</span>
        <span className="spacer" />
        <label className="inline">
          {t('ui.holders.search')}
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <button type="button" className="primary" onClick={() => setEditing({ mode: 'add', holder: { uid: '', nom: '', prenom: '' } })}>
          {t('ui.holders.add')}
        </button>
      </div>
      {pending.toPush > 0 && (
        <div className="banner" role="region" aria-label={t('ui.holders.toPush', { count: pending.toPush })}>
          <strong>{t('ui.holders.toPush', { count: pending.toPush })}</strong>
          <button type="button" className="primary" disabled={pushing} onClick={() => void push()}>
            {t('ui.holders.push')}
          </button>
        </div>
      )}
      {report && <TransferOutcome report={report} onClose={() => setReport(null)} />}
      {pending.toCheck.length > 0 && <ToCheck entries={pending.toCheck} />}
      {pending.queued.length > 0 && (
        <section className="card" aria-labelledby="queued-title">
          <h3 id="queued-title">{t('ui.holders.queuedTitle')}</h3>
          <ul className="queued">
            {pending.queued.map((q) => (
              <li key={q.id}>
                <span>
                  {t(`ui.holders.op.${q.op}`)} — {q.nom} {q.prenom} ({q.uid}) — {t(`ui.holders.state.${q.state === 'unknown' ? 'unknown' : 'queued'}`)}
                </span>
                <button type="button" onClick={() => void call('holders/cancel', { id: q.id }).catch((e: unknown) => notify('error', { error: e }))}>
                  {t('ui.holders.cancelChange')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="table-wrap">
        <table className="grid holders-table" aria-labelledby="holders-title">
          <thead>
            <tr>
              {(['uid', 'nom', 'prenom', 'matricule', 'lastSeen', 'source', 'state', 'actions'] as const).map((c) => (
                <th key={c} scope="col">
                  {t(`ui.holders.col.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((h) => (
              <tr key={h.uid}>
                <td>
                  {h.uid}
                  {h.replaces.length > 0 && <span className="replaces">{t('ui.holders.replaces', { uids: h.replaces.join(', ') })}</span>}
                </td>
                <td>
                  <PersonLink uid={h.uid} name={h.nom} fullName={`${h.nom} ${h.prenom}`} />
                </td>
                <td>{h.prenom}</td>
                <td>{matricules.get(h.uid) ?? ''}</td>
                <td>{h.lastSeenAt ? localDateTime(h.lastSeenAt) : t('ui.holders.never')}</td>
                <td>{t(`ui.holders.source.${h.source}`)}</td>
                <td>
                  <span className={`state state-${h.pending}`}>
                    {h.pendingOp === 'delete' && h.pending !== 'none' ? `${t('ui.holders.op.delete')} : ` : ''}
                    {t(`ui.holders.state.${h.pending}`)}
                  </span>
                </td>
                <td className="actions-cell">
                  <div className="row-actions">
                    <button type="button" aria-label={`${t('ui.holders.edit')} ${h.prenom} ${h.nom}`} onClick={() => setEditing({ mode: 'edit', holder: h })}>
                      {t('ui.holders.edit')}
                    </button>
                    <button
                      type="button"
                      aria-label={`${t('ui.holders.delete')} ${h.prenom} ${h.nom}`}
                      onClick={() => setEditing({ mode: 'delete', holder: h })}
                    >
                      {t('ui.holders.delete')}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing && (
        <HolderDialog
          // A new badge is a new dialog state (its fields, its contract form): keyed by the number.
          key={editing.holder.uid}
          editing={{
            ...editing,
            holder: { ...editing.holder, replaces: holders?.find((h) => h.uid === editing.holder.uid)?.replaces ?? editing.holder.replaces },
          }}
          onClose={() => setEditing(null)}
          onReplaced={(holder) => setEditing({ mode: 'edit', holder })}
        />
      )}
    </section>
  );
}

function HolderDialog({ editing, onClose, onReplaced }: { editing: Editing; onClose: () => void; onReplaced: (holder: Editing['holder']) => void }) {
  const { t } = useTranslation();
  const notify = useApp((s) => s.notify);
  const [values, setValues] = useState(editing.holder);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [answer, setAnswer] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [replacing, setReplacing] = useState(false);
  const title =
    editing.mode === 'add'
      ? t('ui.holders.dialogAdd')
      : editing.mode === 'edit'
        ? t('ui.holders.dialogEdit', { uid: editing.holder.uid })
        : t('ui.holders.dialogDelete');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // The same rules as the core and the CLI, checked before anything is sent.
    const parsed = holderInputSchema.safeParse(values);
    if (!parsed.success) {
      setIssues(
        Object.fromEntries(fieldIssues(parsed.error).map((i) => [i.field, t(`errors.validation.${i.rule}`, { ...i.params, field: t(`field.${i.field}`) })])),
      );
      return;
    }
    setIssues({});
    setBusy(true);
    try {
      const method = editing.mode === 'add' ? 'holders/create' : editing.mode === 'edit' ? 'holders/edit' : 'holders/delete';
      const result = await call(method, parsed.data);
      if (result.state === 'ok') {
        notify('info', { key: 'ui.holders.accepted', params: { text: result.festimeText ?? '' } });
        onClose();
      } else if (result.state === 'ko')
        setAnswer({ ok: false, text: result.error ? errorText(result.error) : t('ui.holders.festimeSaid', { text: result.festimeText ?? '' }) });
      else if (result.state === 'queued') {
        // Kept, in order: not an error. It goes out with the next sync (or with the sender already at work).
        notify('info', { key: 'ui.holders.queuedOffline' });
        onClose();
      } else setAnswer({ ok: false, text: result.error ? errorText(result.error) : t('ui.holders.queuedOffline') });
    } catch (error) {
      setAnswer({ ok: false, text: describe(error) });
    } finally {
      setBusy(false);
    }
  };

  const field = (name: 'uid' | 'nom' | 'prenom', locked: boolean) => {
    // Read by a screen reader after the label: the lock's reason, then the problem if any.
    const described = [locked ? `${name}-locked` : '', issues[name] ? `${name}-issue` : ''].filter(Boolean).join(' ');
    return (
      <div className={locked ? 'field locked' : 'field'}>
        <label>
          {t(`field.${name}`)}
          <input
            value={values[name]}
            readOnly={locked}
            aria-readonly={locked || undefined}
            aria-invalid={issues[name] ? true : undefined}
            aria-describedby={described || undefined}
            onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
          />
        </label>
        {locked && (
          <span id={`${name}-locked`} className="lock-hint">
            <svg aria-hidden="true" className="lock-icon" width="12" height="12" viewBox="0 0 16 16">
              <path fill="currentColor" fillRule="evenodd" d="M4 7V5a4 4 0 0 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 0 0-4 0v2z" />
            </svg>
            {t('ui.holders.uidLocked')}
          </span>
        )}
        {locked && (editing.holder.replaces?.length ?? 0) > 0 && (
          <span className="replaces">{t('ui.holders.replaces', { uids: editing.holder.replaces!.join(', ') })}</span>
        )}
        {issues[name] && (
          <span id={`${name}-issue`} className="error">
            {issues[name]}
          </span>
        )}
      </div>
    );
  };

  if (replacing)
    return (
      <Dialog title={t('ui.holders.replaceTitle', { uid: editing.holder.uid })} onClose={() => setReplacing(false)}>
        <ReplaceForm holder={editing.holder} onCancel={() => setReplacing(false)} onReplaced={onReplaced} />
      </Dialog>
    );

  return (
    <Dialog title={title} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} className="form">
        {editing.mode === 'delete' ? (
          <p>{t('ui.holders.deleteConfirm', editing.holder)}</p>
        ) : (
          <>
            {field('uid', editing.mode === 'edit')}
            {editing.mode === 'edit' && (
              <div>
                <button type="button" onClick={() => setReplacing(true)}>
                  {t('ui.holders.replace')}
                </button>
              </div>
            )}
            {field('nom', false)}
            {field('prenom', false)}
          </>
        )}
        <FormError message={answer?.text ?? null} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            {t('ui.common.cancel')}
          </button>
          <button type="submit" className={editing.mode === 'delete' ? 'danger' : 'primary'} disabled={busy}>
            {editing.mode === 'delete' ? t('ui.holders.delete') : t('ui.common.save')}
          </button>
        </div>
      </form>
      {editing.mode === 'edit' && <ContractForm uid={editing.holder.uid} />}
    </Dialog>
  );
}

/** « Remplacer le badge… »: the new number, checked as any badge number, then both changes sent (or queued). */
function ReplaceForm({ holder, onCancel, onReplaced }: { holder: Editing['holder']; onCancel: () => void; onReplaced: (holder: Editing['holder']) => void }) {
  const { t } = useTranslation();
  const notify = useApp((s) => s.notify);
  const [newUid, setNewUid] = useState('');
  const [issue, setIssue] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldText = (rule: string, params: Record<string, string | number>) => t(`errors.validation.${rule}`, { ...params, field: t('field.newUid') });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // The same rules as the core (a badge number like any other, not the current one); the core also refuses one already used.
    const parsed = holderInputSchema.shape.uid.safeParse(newUid);
    if (!parsed.success) {
      const first = fieldIssues(parsed.error)[0]!;
      setIssue(fieldText(first.rule, first.params));
      return;
    }
    if (parsed.data === holder.uid) {
      setIssue(fieldText('sameBadge', { uid: holder.uid }));
      return;
    }
    setIssue(null);
    setBusy(true);
    try {
      const result = await call('holders/replace', { uid: holder.uid, newUid: parsed.data });
      const refused = [result.add, result.remove].find((r) => r.state === 'ko');
      const replaced = { key: 'ui.holders.replaced', params: { uid: holder.uid, newUid: parsed.data } };
      // The link is made whatever Festime answered: the person is under the new badge from now on.
      if (refused)
        notify(
          'error',
          refused.error ? { error: new CallError(refused.error) } : { key: 'ui.holders.festimeSaid', params: { text: refused.festimeText ?? '' } },
        );
      else if (result.add.state === 'ok' && result.remove.state === 'ok') notify('info', replaced);
      else notify('info', [replaced, { key: 'ui.holders.queuedOffline' }]);
      onReplaced({ uid: parsed.data, nom: holder.nom, prenom: holder.prenom, replaces: [holder.uid, ...(holder.replaces ?? [])] });
    } catch (error) {
      setIssue(describe(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="form">
      <p>{t('ui.holders.replaceIntro', holder)}</p>
      <div className="field">
        <label>
          {t('field.newUid')}
          <input
            value={newUid}
            autoFocus
            inputMode="numeric"
            aria-invalid={issue ? true : undefined}
            aria-describedby={issue ? 'newUid-issue' : undefined}
            onChange={(e) => setNewUid(e.target.value)}
          />
        </label>
        {issue && (
          <span id="newUid-issue" className="error" role="alert">
            {issue}
          </span>
        )}
      </div>
      <div className="actions">
        <button type="button" onClick={onCancel}>
          {t('ui.common.cancel')}
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {t('ui.holders.replaceGo')}
        </button>
      </div>
    </form>
  );
}

/**
 * Badges « à vérifier »: a create whose answer was lost, and Festime has the number under another
 * name. Nothing is sent for them until the manager chooses: keep Festime's person (our change
 * dropped), or give this person another badge (created in its place).
 */
function ToCheck({ entries }: { entries: OutboxView[] }) {
  const { t } = useTranslation();
  const notify = useApp((s) => s.notify);
  const [other, setOther] = useState<{ uid: string; value: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const resolve = async (input: MethodInput<'holders/resolve'>) => {
    setError(null);
    try {
      await call('holders/resolve', input);
      setOther(null);
      notify('info', { key: 'ui.holders.resolved', params: { uid: input.uid } });
    } catch (err) {
      setError(describe(err));
    }
  };
  return (
    <section className="card" aria-labelledby="to-check-title">
      <h3 id="to-check-title">{t('ui.holders.toCheckTitle')}</h3>
      <p className="muted">{t('ui.holders.toCheckHint')}</p>
      <ul className="queued">
        {entries.map((q) => (
          <li key={q.id}>
            <span>
              {q.nom} {q.prenom} ({q.uid})
            </span>
            <button type="button" onClick={() => void resolve({ uid: q.uid, choice: 'keep-festime' })}>
              {t('ui.holders.keepFestime')}
            </button>
            <button type="button" onClick={() => setOther({ uid: q.uid, value: '' })}>
              {t('ui.holders.otherBadge')}
            </button>
            {other?.uid === q.uid && (
              <form
                className="inline-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  void resolve({ uid: q.uid, choice: 'new-uid', newUid: other.value.trim() });
                }}
              >
                <label>
                  {t('ui.holders.newBadge', { nom: q.nom, prenom: q.prenom })}
                  <input value={other.value} onChange={(e) => setOther({ uid: q.uid, value: e.target.value })} required />
                </label>
                <button type="submit" className="primary">
                  {t('ui.common.confirm')}
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <FormError message={error} />
    </section>
  );
}
