// The badge-holder outbox: every create / edit / delete is written here (synchronous = FULL)
// before it is sent, then sent in order. Its outcome is kept: OK, KO with Festime's text, or
// unknown when the answer never came — the next attempt settles it by asking the same thing again
// (never by a different write: a modify sent to find out would rename whoever holds that badge).
// A create asked again that Festime refuses because the badge exists is ours only when the punches
// Festime returned for that badge carry our name; otherwise it is « à vérifier » ('conflict') and
// nothing more goes out for that badge until the manager chooses (resolveConflict). Accepted changes
// stay "to push" until global_transfert_to_iot_utilisateurs answers OK everywhere.
import type { Database } from 'better-sqlite3';
import type { HolderInput } from '../../../shared/festime';
import { checkHolder } from '../../../shared/validation';
import { FestimeDeskError, FestimeRefusedError, NotFoundError, ValidationError } from '../errors';
import type { FestimeClient } from '../festime/client';
import { audit } from '../store/accounts';
import { durably } from '../store/database';
import { checkNewBadge } from './replace';
import { applyAccepted } from './register';
import { splitFestimeName } from './names';

export type HolderOp = 'add' | 'edit' | 'delete';
export type OutboxState = 'queued' | 'ok' | 'ko' | 'unknown' | 'conflict' | 'cancelled';

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

/** Festime's KO when a create's badge number is already one of its holders. */
const UID_EXISTS = /existe d[ée]j[àa]/i;

const sameName = (a: string, b: string) => {
  const norm = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleUpperCase('fr');
  return norm(a) === norm(b);
};

/** Whether the latest punch Festime returned for `uid` (in the cache) carries this entry's name: the badge is this person's. */
function punchesNameIt(db: Database, accountId: number, entry: OutboxEntry): boolean {
  const name = db
    .prepare('SELECT name FROM punches INDEXED BY punches_by_holder WHERE account_id = ? AND uid = ? ORDER BY at DESC, id DESC LIMIT 1')
    .pluck()
    .get(accountId, entry.uid) as string | undefined;
  return name !== undefined && sameName(name, `${entry.nom} ${entry.prenom}`);
}

/** Badge numbers waiting for the manager's choice: nothing more is sent for them. */
export function conflictEntries(db: Database, accountId: number): OutboxEntry[] {
  return db.prepare(`SELECT ${COLUMNS} FROM outbox WHERE account_id = ? AND state = 'conflict' ORDER BY id`).all(accountId) as OutboxEntry[];
}

/**
 * Sends the queued and unknown changes in order. Stops at the first one whose fate stays open
 * (Festime unreachable, or no answer): the rest wait, in order, for the next attempt. A change
 * that may have reached Festime already is asked again, the same change: a create refused because
 * the badge exists is ours if the punches say so, else « à vérifier »; a delete refused because the
 * badge is unknown was done. Another sender at work: nothing is sent here (its results come with its own run).
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
  const done = (entry: OutboxEntry, error: FestimeDeskError | null = null) => results.push({ entry: getEntry(db, accountId, entry.id)!, error });
  // A badge à vérifier whose punches now carry our name (read since): ours after all. Nothing sent to know it.
  const held = new Set<string>();
  for (const entry of conflictEntries(db, accountId)) {
    if (punchesNameIt(db, accountId, entry)) {
      settle(db, accountId, entry, 'ok', entry.festimeText, null, now());
      done(entry);
    } else held.add(entry.uid);
  }
  for (const entry of pendingEntries(db, accountId)) {
    // Behind a badge à vérifier: waits for the manager's choice (the other badges go on).
    if (held.has(entry.uid)) continue;
    // A replaced badge is deleted only once its successor exists: Festime refused the new badge (or
    // it was cancelled), the old one stays, or the person could no longer badge at all.
    const successor = entry.op === 'delete' ? successorState(db, accountId, entry.uid) : undefined;
    if (successor === 'ko' || successor === 'cancelled') {
      durably(db, () => {
        db.prepare(`UPDATE outbox SET state = 'cancelled', error_code = 'holders.successor-refused', settled_at = ? WHERE id = ?`).run(now(), entry.id);
        audit(db, accountId, entry.createdBy, 'holder.delete.held', { outbox: entry.id, uid: entry.uid, reason: 'successor-refused' }, new Date(now()));
      });
      done(entry);
      continue;
    }
    if (successor === 'conflict') continue;
    const holder = { nom: entry.nom, prenom: entry.prenom, uid: entry.uid };
    // Sent before without an answer recorded (unknown, or the process died after sending).
    const maybeApplied = entry.state === 'unknown' || entry.attempts > 0;
    durably(db, () => db.prepare('UPDATE outbox SET attempts = attempts + 1 WHERE id = ?').run(entry.id));
    try {
      // The same change again, whatever its first fate: never another write to find out.
      const result = await (entry.op === 'add'
        ? client.addHolder(holder, options)
        : entry.op === 'edit'
          ? client.editHolder(holder, options)
          : client.deleteHolder(holder, options));
      settle(db, accountId, entry, 'ok', [result.text, result.remark].filter(Boolean).join(' — '), null, now());
      done(entry);
    } catch (error) {
      if (error instanceof FestimeRefusedError) {
        const text = [error.festimeText, error.festimeRemark].filter(Boolean).join(' — ');
        const said = `${error.festimeText} ${error.festimeRemark}`;
        if (maybeApplied && entry.op === 'add' && UID_EXISTS.test(said)) {
          // Our lost create, or another person's badge: the punches' name tells, else the manager.
          if (punchesNameIt(db, accountId, entry)) settle(db, accountId, entry, 'ok', text, null, now());
          else {
            toCheck(db, accountId, entry, text, now());
            held.add(entry.uid);
          }
          done(entry);
          continue;
        }
        // A delete asked again that Festime no longer knows: the first one went through.
        if (maybeApplied && entry.op === 'delete' && UNKNOWN_UID.test(said)) {
          settle(db, accountId, entry, 'ok', text, null, now());
          done(entry);
          continue;
        }
        settle(db, accountId, entry, 'ko', text, error.code, now());
        done(entry, error);
        continue;
      }
      if (error instanceof FestimeDeskError && error.outcomeUnknown) {
        durably(db, () => db.prepare(`UPDATE outbox SET state = 'unknown', error_code = ? WHERE id = ?`).run(error.code, entry.id));
        done(entry, error);
        break;
      }
      if (error instanceof ValidationError) {
        settle(db, accountId, entry, 'ko', null, error.code, now());
        done(entry, error);
        continue;
      }
      // Not sent (unreachable, refused address, cancelled before sending): stays queued, in order,
      // and is counted as never sent (it can still be cancelled).
      if (error instanceof FestimeDeskError) {
        durably(db, () => db.prepare('UPDATE outbox SET attempts = attempts - 1, error_code = ? WHERE id = ?').run(error.code, entry.id));
        done(entry, error);
        break;
      }
      throw error;
    }
  }
  return results;
}

/** The state of the creation of the badge that replaced `uid` (the last one asked), if it was replaced. */
function successorState(db: Database, accountId: number, uid: string): OutboxState | undefined {
  return db
    .prepare(
      `SELECT o.state FROM badge_replacements r JOIN outbox o ON o.account_id = r.account_id AND o.uid = r.new_uid AND o.op = 'add'
       WHERE r.account_id = ? AND r.old_uid = ? ORDER BY o.id DESC LIMIT 1`,
    )
    .pluck()
    .get(accountId, uid) as OutboxState | undefined;
}

function settle(db: Database, accountId: number, entry: OutboxEntry, state: 'ok' | 'ko', text: string | null, errorCode: string | null, now: string): void {
  durably(db, () => {
    db.prepare('UPDATE outbox SET state = ?, festime_text = ?, error_code = ?, settled_at = ? WHERE id = ?').run(state, text, errorCode, now, entry.id);
    if (state === 'ok') applyAccepted(db, accountId, entry.op, entry.uid, entry.nom, entry.prenom, now);
    audit(db, accountId, entry.createdBy, `holder.${entry.op}.${state}`, { outbox: entry.id, uid: entry.uid, festime: text }, new Date(now));
  });
}

/** A create Festime refuses, asked again, because the badge exists under a name that is not (known to be) ours. */
function toCheck(db: Database, accountId: number, entry: OutboxEntry, text: string, now: string): void {
  durably(db, () => {
    db.prepare(`UPDATE outbox SET state = 'conflict', festime_text = ?, error_code = 'holders.uid-taken' WHERE id = ?`).run(text, entry.id);
    audit(db, accountId, entry.createdBy, 'holder.add.conflict', { outbox: entry.id, uid: entry.uid, festime: text }, new Date(now));
  });
}

export type ConflictChoice = { keepFestime: true } | { newUid: string };

export interface Resolved {
  /** The entry à vérifier, now closed. */
  closed: OutboxEntry;
  /** With a new badge: its creation, recorded (not sent). */
  created: OutboxEntry | null;
}

/**
 * The manager's choice for a badge à vérifier. Keep Festime's holder: our change and those queued
 * after it for that badge are dropped, and the register takes the name Festime's punches give (when
 * known). Another badge for this person: the same change, and those queued after it, are recorded
 * again under the new number (in their order), and a badge replacement follows the person.
 */
export function resolveConflict(db: Database, accountId: number, uid: string, choice: ConflictChoice, actor: string, now = new Date()): Resolved {
  const at = now.toISOString();
  const newUid = 'newUid' in choice ? checkNewBadge(db, accountId, uid, choice.newUid) : null;
  return durably(db, () => {
    const entry = db
      .prepare(`SELECT ${COLUMNS} FROM outbox WHERE account_id = ? AND uid = ? AND state = 'conflict' ORDER BY id LIMIT 1`)
      .get(accountId, uid) as OutboxEntry | undefined;
    if (!entry) throw new NotFoundError('conflict', uid);
    const after = db
      .prepare(`SELECT ${COLUMNS} FROM outbox WHERE account_id = ? AND uid = ? AND state IN ('queued', 'unknown') AND id > ? ORDER BY id`)
      .all(accountId, uid, entry.id) as OutboxEntry[];
    const close = db.prepare(`UPDATE outbox SET state = 'cancelled', error_code = ?, settled_at = ? WHERE id = ?`);
    const reason = newUid === null ? 'holders.kept-festime' : 'holders.new-uid';
    for (const e of [entry, ...after]) close.run(reason, at, e.id);
    let created: OutboxEntry | null = null;
    if (newUid === null) {
      const seen = db
        .prepare('SELECT name FROM punches INDEXED BY punches_by_holder WHERE account_id = ? AND uid = ? ORDER BY at DESC, id DESC LIMIT 1')
        .pluck()
        .get(accountId, uid) as string | undefined;
      if (seen !== undefined) {
        const { nom, prenom } = splitFestimeName(seen);
        db.prepare('UPDATE holders SET nom = ?, prenom = ?, names_fixed = 0, updated_at = ? WHERE account_id = ? AND uid = ?').run(
          nom,
          prenom,
          at,
          accountId,
          uid,
        );
      }
    } else {
      created = record(db, accountId, 'add', { nom: entry.nom, prenom: entry.prenom, uid: newUid }, actor, now);
      for (const e of after) record(db, accountId, e.op, { nom: e.nom, prenom: e.prenom, uid: newUid }, actor, now);
      // A lost card's successor: the person's link, records and register line follow to the new number.
      const replaced = db.prepare('UPDATE badge_replacements SET new_uid = ? WHERE account_id = ? AND new_uid = ?').run(newUid, accountId, uid).changes > 0;
      if (replaced) {
        db.prepare('UPDATE contracts SET uid = ? WHERE account_id = ? AND uid = ?').run(newUid, accountId, uid);
        db.prepare('UPDATE absences SET uid = ? WHERE account_id = ? AND uid = ?').run(newUid, accountId, uid);
        db.prepare("UPDATE holders SET uid = ? WHERE account_id = ? AND uid = ? AND source = 'app' AND last_seen_at IS NULL").run(newUid, accountId, uid);
      }
    }
    audit(db, accountId, actor, 'holder.conflict.resolved', { outbox: entry.id, uid, choice: newUid === null ? 'keep-festime' : 'new-uid', newUid }, now);
    return { closed: getEntry(db, accountId, entry.id)!, created };
  });
}
