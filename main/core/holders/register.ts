// The badge-holder register: Festime cannot list its holders, so this is the site's list, fed by
// the changes made from Festime Desk and by every (uid, name) pair seen in punches.
import type { Database } from 'better-sqlite3';
import { audit } from '../store/accounts';
import { durably } from '../store/database';
import { currentBadges } from './badges';
import { splitFestimeName } from './names';

/** 'conflict': à vérifier — a create asked again that Festime refuses, the badge being held by a name not known as ours. */
export type PendingState = 'none' | 'queued' | 'unknown' | 'conflict' | 'refused' | 'to-push';

export interface Holder {
  uid: string;
  nom: string;
  prenom: string;
  source: 'app' | 'punches';
  nameSeen: string | null;
  lastSeenAt: string | null;
  namesFixed: boolean;
  deleted: boolean;
  pending: PendingState;
  /** The outbox entry behind `pending`, when there is one. */
  pendingId: number | null;
  pendingOp: 'add' | 'edit' | 'delete' | null;
  /** The badges this one replaced (a lost card), the latest first; listed under this one, not as holders of their own. */
  replaces: string[];
}

/** Records the holders seen in a batch of punches (call inside the batch's transaction). */
export function recordSeen(db: Database, accountId: number, seen: ReadonlyMap<string, { name: string; at: string }>, now: string): void {
  const upsert = db.prepare(`INSERT INTO holders (account_id, uid, nom, prenom, source, name_seen, last_seen_at, updated_at)
    VALUES (@account, @uid, @nom, @prenom, 'punches', @name, @at, @now)
    ON CONFLICT (account_id, uid) DO UPDATE SET
      name_seen = CASE WHEN holders.last_seen_at IS NULL OR excluded.last_seen_at >= holders.last_seen_at THEN excluded.name_seen ELSE holders.name_seen END,
      nom = CASE WHEN holders.names_fixed = 0 AND (holders.last_seen_at IS NULL OR excluded.last_seen_at >= holders.last_seen_at) THEN excluded.nom ELSE holders.nom END,
      prenom = CASE WHEN holders.names_fixed = 0 AND (holders.last_seen_at IS NULL OR excluded.last_seen_at >= holders.last_seen_at) THEN excluded.prenom ELSE holders.prenom END,
      last_seen_at = max(coalesce(holders.last_seen_at, ''), excluded.last_seen_at),
      updated_at = excluded.updated_at`);
  for (const [uid, { name, at }] of seen) {
    const { nom, prenom } = splitFestimeName(name);
    upsert.run({ account: accountId, uid, nom, prenom, name, at, now });
  }
}

/** The user fixes how a name was split; later punches no longer overwrite it. */
export function fixNames(db: Database, accountId: number, uid: string, nom: string, prenom: string, actor: string, now = new Date()): boolean {
  return durably(db, () => {
    const changed =
      db
        .prepare('UPDATE holders SET nom = ?, prenom = ?, names_fixed = 1, updated_at = ? WHERE account_id = ? AND uid = ?')
        .run(nom, prenom, now.toISOString(), accountId, uid).changes > 0;
    if (changed) audit(db, accountId, actor, 'holder.fix-names', { uid, nom, prenom }, now);
    return changed;
  });
}

/** Applies a change Festime accepted. */
export function applyAccepted(db: Database, accountId: number, op: 'add' | 'edit' | 'delete', uid: string, nom: string, prenom: string, now: string): void {
  if (op === 'delete') {
    db.prepare('UPDATE holders SET deleted_at = ?, updated_at = ? WHERE account_id = ? AND uid = ?').run(now, now, accountId, uid);
    return;
  }
  db.prepare(
    `INSERT INTO holders (account_id, uid, nom, prenom, source, names_fixed, updated_at) VALUES (?, ?, ?, ?, 'app', 1, ?)
    ON CONFLICT (account_id, uid) DO UPDATE SET nom = excluded.nom, prenom = excluded.prenom, names_fixed = 1, deleted_at = NULL, updated_at = excluded.updated_at`,
  ).run(accountId, uid, nom, prenom, now);
}

interface PendingRow {
  id: number;
  uid: string;
  op: 'add' | 'edit' | 'delete';
  nom: string;
  prenom: string;
  state: 'queued' | 'unknown' | 'conflict' | 'ko' | 'ok';
}

/**
 * The register with each holder's pending state, sorted by nom then prénom; queued creations
 * included. A replaced badge is listed only with `includeDeleted` (its person is under the new badge).
 */
export function listHolders(db: Database, accountId: number, options: { includeDeleted?: boolean } = {}): Holder[] {
  const current = currentBadges(db, accountId);
  const replaces = new Map<string, string[]>();
  for (const [old, now] of current) replaces.set(now, [old, ...(replaces.get(now) ?? [])]);
  const rows = db
    .prepare(
      `SELECT uid, nom, prenom, source, name_seen AS nameSeen, last_seen_at AS lastSeenAt, names_fixed AS namesFixed, deleted_at AS deletedAt
    FROM holders WHERE account_id = ?`,
    )
    .all(accountId) as (Omit<Holder, 'namesFixed' | 'deleted' | 'pending' | 'pendingId' | 'pendingOp'> & { namesFixed: number; deletedAt: string | null })[];
  // The latest entry per uid that still matters: not cancelled, and not an accepted one already pushed.
  const pending = db
    .prepare(
      `SELECT id, uid, op, nom, prenom, state FROM outbox o
    WHERE account_id = ? AND state IN ('queued', 'unknown', 'conflict', 'ko', 'ok') AND NOT (state = 'ok' AND pushed_at IS NOT NULL)
      AND id = (SELECT max(id) FROM outbox WHERE account_id = o.account_id AND uid = o.uid AND state != 'cancelled')`,
    )
    .all(accountId) as PendingRow[];
  const byUid = new Map(pending.map((p) => [p.uid, p]));
  const stateOf = (p: PendingRow | undefined): PendingState => (!p ? 'none' : p.state === 'ko' ? 'refused' : p.state === 'ok' ? 'to-push' : p.state);
  const out: Holder[] = rows
    .filter((r) => options.includeDeleted || ((r.deletedAt === null || byUid.get(r.uid)?.op === 'delete') && !current.has(r.uid)))
    .map((r) => {
      const p = byUid.get(r.uid);
      return {
        uid: r.uid,
        nom: r.nom,
        prenom: r.prenom,
        source: r.source,
        nameSeen: r.nameSeen,
        lastSeenAt: r.lastSeenAt,
        namesFixed: r.namesFixed === 1,
        deleted: r.deletedAt !== null,
        pending: stateOf(p),
        pendingId: p?.id ?? null,
        pendingOp: p?.op ?? null,
        replaces: replaces.get(r.uid) ?? [],
      };
    });
  const known = new Set(rows.map((r) => r.uid));
  for (const p of pending) {
    if (known.has(p.uid) || p.op !== 'add') continue;
    out.push({
      uid: p.uid,
      nom: p.nom,
      prenom: p.prenom,
      source: 'app',
      nameSeen: null,
      lastSeenAt: null,
      namesFixed: true,
      deleted: false,
      pending: stateOf(p),
      pendingId: p.id,
      pendingOp: p.op,
      replaces: [],
    });
  }
  const collator = new Intl.Collator('fr', { sensitivity: 'base' });
  return out.sort((a, b) => collator.compare(a.nom, b.nom) || collator.compare(a.prenom, b.prenom) || a.uid.localeCompare(b.uid));
}
