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

/** Validates, then records the change before anything is sent. */
export function enqueue(db: Database, accountId: number, op: HolderOp, input: HolderInput, actor: string, now = new Date()): OutboxEntry {
  const checked = checkHolder(input);
  if (!checked.ok) throw new ValidationError(checked.issues);
  const { nom, prenom, uid } = checked.value;
  return durably(db, () => {
    const id = Number(
      db
        .prepare(`INSERT INTO outbox (account_id, op, uid, nom, prenom, state, created_at, created_by) VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)`)
        .run(accountId, op, uid, nom, prenom, now.toISOString(), actor).lastInsertRowid,
    );
    audit(db, accountId, actor, `holder.${op}.queued`, { outbox: id, uid, nom, prenom }, now);
    return getEntry(db, accountId, id)!;
  });
}

/** Cancels a change not sent yet. */
export function cancel(db: Database, accountId: number, id: number, actor: string, now = new Date()): OutboxEntry {
  return durably(db, () => {
    const changed = db
      .prepare(`UPDATE outbox SET state = 'cancelled', settled_at = ? WHERE account_id = ? AND id = ? AND state = 'queued'`)
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

/** Did a KO on a re-sent change say it had in fact been applied the first time? */
function settledByKo(op: HolderOp, text: string): boolean {
  if (op === 'add') return /existe d[ée]j[àa]/i.test(text);
  if (op === 'delete') return /inconnu|n.existe pas|introuvable/i.test(text);
  return false;
}

/**
 * Sends the queued and unknown changes in order. Stops at the first one whose fate stays open
 * (Festime unreachable, or no answer): the rest wait, in order, for the next attempt.
 */
export async function sendPending(
  db: Database,
  accountId: number,
  client: FestimeClient,
  options: { signal?: AbortSignal; now?: () => Date } = {},
): Promise<SendResult[]> {
  const now = () => (options.now?.() ?? new Date()).toISOString();
  const results: SendResult[] = [];
  for (const entry of pendingEntries(db, accountId)) {
    const holder = { nom: entry.nom, prenom: entry.prenom, uid: entry.uid };
    const resend = entry.state === 'unknown';
    durably(db, () => db.prepare('UPDATE outbox SET attempts = attempts + 1 WHERE id = ?').run(entry.id));
    try {
      const result = await (entry.op === 'add'
        ? client.addHolder(holder, options)
        : entry.op === 'edit'
          ? client.editHolder(holder, options)
          : client.deleteHolder(holder, options));
      settle(db, accountId, entry, 'ok', [result.text, result.remark].filter(Boolean).join(' — '), null, now());
      results.push({ entry: getEntry(db, accountId, entry.id)!, error: null });
    } catch (error) {
      if (error instanceof FestimeRefusedError) {
        const text = [error.festimeText, error.festimeRemark].filter(Boolean).join(' — ');
        const done = resend && settledByKo(entry.op, text);
        settle(db, accountId, entry, done ? 'ok' : 'ko', text, done ? null : error.code, now());
        results.push({ entry: getEntry(db, accountId, entry.id)!, error: done ? null : error });
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
      // Not sent (unreachable, refused address, cancelled before sending): stays queued, in order.
      if (error instanceof FestimeDeskError) {
        durably(db, () => db.prepare('UPDATE outbox SET error_code = ? WHERE id = ?').run(error.code, entry.id));
        results.push({ entry: getEntry(db, accountId, entry.id)!, error });
        break;
      }
      throw error;
    }
  }
  return results;
}

function settle(db: Database, accountId: number, entry: OutboxEntry, state: 'ok' | 'ko', text: string | null, errorCode: string | null, now: string): void {
  durably(db, () => {
    db.prepare('UPDATE outbox SET state = ?, festime_text = ?, error_code = ?, settled_at = ? WHERE id = ?').run(state, text, errorCode, now, entry.id);
    if (state === 'ok') applyAccepted(db, accountId, entry.op, entry.uid, entry.nom, entry.prenom, now);
    audit(db, accountId, entry.createdBy, `holder.${entry.op}.${state}`, { outbox: entry.id, uid: entry.uid, festime: text }, new Date(now));
  });
}
