// The badge-holder outbox: every create / edit / delete is written here (synchronous = FULL)
// before it is sent, then sent in order. Its outcome is kept: OK, KO with Festime's text, or
// unknown when the answer never came — the next attempt settles it. Accepted changes stay
// "to push" until global_transfert_to_iot_utilisateurs answers OK everywhere.
import type { Database } from 'better-sqlite3';
import type { HolderInput } from '../../../shared/festime';
import { checkHolder } from '../../../shared/validation';
import { FestimeDeskError, FestimeRefusedError, NotFoundError, ValidationError } from '../errors';
import type { FestimeClient } from '../festime/client';
import { audit } from '../store/accounts';
import { durably } from '../store/database';
import { applyAccepted } from './register';

export type HolderOp = 'add' | 'edit' | 'delete';
export type OutboxState = 'queued' | 'ok' | 'ko' | 'unknown' | 'cancelled';

export interface OutboxEntry {
  id: number;
  op: HolderOp;
  uid: string;
  nom: string;
  prenom: string;
  state: OutboxState;
  festimeText: string | null;
  errorCode: string | null;
  attempts: number;
  createdAt: string;
  createdBy: string;
  settledAt: string | null;
  pushedAt: string | null;
}

const COLUMNS = `id, op, uid, nom, prenom, state, festime_text AS festimeText, error_code AS errorCode, attempts,
  created_at AS createdAt, created_by AS createdBy, settled_at AS settledAt, pushed_at AS pushedAt`;

export function getEntry(db: Database, accountId: number, id: number): OutboxEntry | null {
  return (db.prepare(`SELECT ${COLUMNS} FROM outbox WHERE account_id = ? AND id = ?`).get(accountId, id) as OutboxEntry | undefined) ?? null;
}

/**
 * Validates, then records the change before anything is sent. The same change already waiting
 * (a double click, "Enregistrer" pressed again offline) is that entry, not a second one.
 */
export function enqueue(db: Database, accountId: number, op: HolderOp, input: HolderInput, actor: string, now = new Date()): OutboxEntry {
  const checked = checkHolder(input);
  if (!checked.ok) throw new ValidationError(checked.issues);
  return durably(db, () => record(db, accountId, op, checked.value, actor, now));
}

/** Records a checked change inside the caller's transaction (a badge replacement records two at once). */
export function record(db: Database, accountId: number, op: HolderOp, holder: HolderInput, actor: string, now: Date): OutboxEntry {
  const { nom, prenom, uid } = holder;
  const waiting = db
    .prepare(
      `SELECT ${COLUMNS} FROM outbox WHERE account_id = ? AND op = ? AND uid = ? AND nom = ? AND prenom = ? AND state IN ('queued', 'unknown') ORDER BY id LIMIT 1`,
    )
    .get(accountId, op, uid, nom, prenom) as OutboxEntry | undefined;
  if (waiting) return waiting;
  const id = Number(
    db
      .prepare(`INSERT INTO outbox (account_id, op, uid, nom, prenom, state, created_at, created_by) VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)`)
      .run(accountId, op, uid, nom, prenom, now.toISOString(), actor).lastInsertRowid,
  );
  audit(db, accountId, actor, `holder.${op}.queued`, { outbox: id, uid, nom, prenom }, now);
  return getEntry(db, accountId, id)!;
}

/** Cancels a change never sent (one that may have reached Festime is settled by the next send, not cancelled). */
export function cancel(db: Database, accountId: number, id: number, actor: string, now = new Date()): OutboxEntry {
  return durably(db, () => {
    const changed = db
      .prepare(`UPDATE outbox SET state = 'cancelled', settled_at = ? WHERE account_id = ? AND id = ? AND state = 'queued' AND attempts = 0`)
      .run(now.toISOString(), accountId, id).changes;
    if (changed === 0) throw new NotFoundError('outbox', id);
    audit(db, accountId, actor, 'holder.cancelled', { outbox: id }, now);
    return getEntry(db, accountId, id)!;
  });
}

export function pendingEntries(db: Database, accountId: number): OutboxEntry[] {
  return db.prepare(`SELECT ${COLUMNS} FROM outbox WHERE account_id = ? AND state IN ('queued', 'unknown') ORDER BY id`).all(accountId) as OutboxEntry[];
}

/** Accepted changes the terminals do not have yet. */
export function toPushCount(db: Database, accountId: number): number {
  return db.prepare(`SELECT count(*) FROM outbox WHERE account_id = ? AND state = 'ok' AND pushed_at IS NULL`).pluck().get(accountId) as number;
}

export function markPushed(db: Database, accountId: number, now = new Date()): number {
  return durably(
    db,
    () => db.prepare(`UPDATE outbox SET pushed_at = ? WHERE account_id = ? AND state = 'ok' AND pushed_at IS NULL`).run(now.toISOString(), accountId).changes,
  );
}

export interface SendResult {
  entry: OutboxEntry;
  /** Festime's answer when there was one. */
  error: FestimeDeskError | null;
}

/** Festime's KO when the badge number is not one of its holders. */
const UNKNOWN_UID = /inconnu|n.existe pas|introuvable/i;

/**
 * One sender at a time for an account, across processes (the window's sync, a scheduled
 * `festime-desk sync`, a second click): a claim in the database, taken over when its process is
 * gone or it is older than ten minutes. Returns the release, or null when another sender holds it.
 */
function claimSender(db: Database, accountId: number): (() => void) | null {
  const scope = `account:${accountId}`;
  const token = `${process.pid}:${Math.random().toString(36).slice(2)}`;
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  };
  const taken = durably(db, () => {
    const held = db.prepare(`SELECT value FROM settings WHERE scope = ? AND key = 'outbox-sender'`).pluck().get(scope) as string | undefined;
    if (held) {
      const [pid, , at] = held.split(':');
      if (alive(Number(pid)) && Date.now() - Number(at) < 10 * 60_000) return false;
    }
    db.prepare(`INSERT INTO settings (scope, key, value) VALUES (?, 'outbox-sender', ?) ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value`).run(
      scope,
      `${token}:${Date.now()}`,
    );
    return true;
  });
  if (!taken) return null;
  return () => durably(db, () => db.prepare(`DELETE FROM settings WHERE scope = ? AND key = 'outbox-sender' AND value LIKE ?`).run(scope, `${token}:%`));
}

/**
 * Whether a change that may already have reached Festime did (killed or timed out after sending):
 * asked by modifying that badge number with the same names, which changes nothing. 'applied' for a
 * create that exists or a delete that is gone; 'not-applied' otherwise; the send then goes ahead.
 */
async function probe(entry: OutboxEntry, client: FestimeClient, options: { signal?: AbortSignal }): Promise<'applied' | 'not-applied'> {
  const holder = { nom: entry.nom, prenom: entry.prenom, uid: entry.uid };
  try {
    await client.editHolder(holder, options);
    return entry.op === 'add' ? 'applied' : 'not-applied';
  } catch (error) {
    if (error instanceof FestimeRefusedError && UNKNOWN_UID.test(`${error.festimeText} ${error.festimeRemark}`))
      return entry.op === 'delete' ? 'applied' : 'not-applied';
    throw error;
  }
}

/**
 * Sends the queued and unknown changes in order. Stops at the first one whose fate stays open
 * (Festime unreachable, or no answer): the rest wait, in order, for the next attempt. A change
 * that may have reached Festime already is asked about first, never sent twice and then called
 * refused. Another sender at work: nothing is sent here (its results come with its own run).
 */
export async function sendPending(
  db: Database,
  accountId: number,
  client: FestimeClient,
  options: { signal?: AbortSignal; now?: () => Date } = {},
): Promise<SendResult[]> {
  const release = claimSender(db, accountId);
  if (!release) return [];
  try {
    return await sendClaimed(db, accountId, client, options);
  } finally {
    release();
  }
}

async function sendClaimed(db: Database, accountId: number, client: FestimeClient, options: { signal?: AbortSignal; now?: () => Date }): Promise<SendResult[]> {
  const now = () => (options.now?.() ?? new Date()).toISOString();
  const results: SendResult[] = [];
  for (const entry of pendingEntries(db, accountId)) {
    // A replaced badge is deleted only once its successor exists: Festime refused the new badge (or
    // it was cancelled), the old one stays, or the person could no longer badge at all.
    if (entry.op === 'delete' && successorRefused(db, accountId, entry.uid)) {
      durably(db, () => {
        db.prepare(`UPDATE outbox SET state = 'cancelled', error_code = 'holders.successor-refused', settled_at = ? WHERE id = ?`).run(now(), entry.id);
        audit(db, accountId, entry.createdBy, 'holder.delete.held', { outbox: entry.id, uid: entry.uid, reason: 'successor-refused' }, new Date(now()));
      });
      results.push({ entry: getEntry(db, accountId, entry.id)!, error: null });
      continue;
    }
    const holder = { nom: entry.nom, prenom: entry.prenom, uid: entry.uid };
    // Sent before without an answer recorded (unknown, or the process died after sending); an edit resent changes nothing.
    const maybeApplied = (entry.state === 'unknown' || entry.attempts > 0) && entry.op !== 'edit';
    durably(db, () => db.prepare('UPDATE outbox SET attempts = attempts + 1 WHERE id = ?').run(entry.id));
    try {
      if (maybeApplied && (await probe(entry, client, options)) === 'applied') {
        settle(db, accountId, entry, 'ok', entry.festimeText, null, now());
        results.push({ entry: getEntry(db, accountId, entry.id)!, error: null });
        continue;
      }
      const result = await (entry.op === 'add'
        ? client.addHolder(holder, options)
        : entry.op === 'edit'
          ? client.editHolder(holder, options)
          : client.deleteHolder(holder, options));
      settle(db, accountId, entry, 'ok', [result.text, result.remark].filter(Boolean).join(' — '), null, now());
      results.push({ entry: getEntry(db, accountId, entry.id)!, error: null });
    } catch (error) {
      // "UID existe déjà" on a create now means another person holds that badge: a real refusal.
      if (error instanceof FestimeRefusedError) {
        const text = [error.festimeText, error.festimeRemark].filter(Boolean).join(' — ');
        settle(db, accountId, entry, 'ko', text, error.code, now());
        results.push({ entry: getEntry(db, accountId, entry.id)!, error });
        continue;
      }
      if (error instanceof FestimeDeskError && error.outcomeUnknown) {
        durably(db, () => db.prepare(`UPDATE outbox SET state = 'unknown', error_code = ? WHERE id = ?`).run(error.code, entry.id));
        results.push({ entry: getEntry(db, accountId, entry.id)!, error });
        break;
      }
      if (error instanceof ValidationError) {
        settle(db, accountId, entry, 'ko', null, error.code, now());
        results.push({ entry: getEntry(db, accountId, entry.id)!, error });
        continue;
      }
      // Not sent (unreachable, refused address, cancelled before sending): stays queued, in order,
      // and is counted as never sent (it can still be cancelled).
      if (error instanceof FestimeDeskError) {
        durably(db, () => db.prepare('UPDATE outbox SET attempts = attempts - 1, error_code = ? WHERE id = ?').run(error.code, entry.id));
        results.push({ entry: getEntry(db, accountId, entry.id)!, error });
        break;
      }
      throw error;
    }
  }
  return results;
}

/** Whether `uid` was replaced by a badge whose creation Festime refused or the user cancelled (the last one asked). */
function successorRefused(db: Database, accountId: number, uid: string): boolean {
  const state = db
    .prepare(
      `SELECT o.state FROM badge_replacements r JOIN outbox o ON o.account_id = r.account_id AND o.uid = r.new_uid AND o.op = 'add'
       WHERE r.account_id = ? AND r.old_uid = ? ORDER BY o.id DESC LIMIT 1`,
    )
    .pluck()
    .get(accountId, uid) as string | undefined;
  return state === 'ko' || state === 'cancelled';
}

function settle(db: Database, accountId: number, entry: OutboxEntry, state: 'ok' | 'ko', text: string | null, errorCode: string | null, now: string): void {
  durably(db, () => {
    db.prepare('UPDATE outbox SET state = ?, festime_text = ?, error_code = ?, settled_at = ? WHERE id = ?').run(state, text, errorCode, now, entry.id);
    if (state === 'ok') applyAccepted(db, accountId, entry.op, entry.uid, entry.nom, entry.prenom, now);
    audit(db, accountId, entry.createdBy, `holder.${entry.op}.${state}`, { outbox: entry.id, uid: entry.uid, festime: text }, new Date(now));
  });
}
