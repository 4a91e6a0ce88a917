// Replacing a lost badge: the person keeps their name, contract, absences and history under a new
// badge number. At Festime the new badge is created and the old one deleted, through the outbox
// (the new one first: the person is never left without a badge if the deletion goes out alone).
// The person's employee records are re-keyed to the new badge in the same transaction; punches and
// corrections stay as recorded (under the badge that made them) and are read under the person's
// current badge (badges.ts), for every month: a closed month's figures do not change, only the
// badge number its row is listed under.
import type { Database } from 'better-sqlite3';
import { checkHolder, holderInputSchema, fieldIssues, type FieldIssue } from '../../../shared/validation';
import { NotFoundError, ValidationError } from '../errors';
import { audit } from '../store/accounts';
import { durably } from '../store/database';
import { record, type OutboxEntry } from './outbox';

const refuse = (field: string, rule: FieldIssue['rule'], params: FieldIssue['params'] = {}): never => {
  throw new ValidationError([{ field, rule, params }]);
};

/** Who already holds (or held) `uid` in this account, named for the refusal; null when it never served. */
function holderOf(db: Database, accountId: number, uid: string): string | null {
  const holder = db.prepare('SELECT nom, prenom FROM holders WHERE account_id = ? AND uid = ?').get(accountId, uid) as
    { nom: string; prenom: string } | undefined;
  if (holder) return `${holder.prenom} ${holder.nom}`.trim() || uid;
  const queued = db
    .prepare("SELECT nom, prenom FROM outbox WHERE account_id = ? AND uid = ? AND op = 'add' AND state != 'cancelled' ORDER BY id DESC LIMIT 1")
    .get(accountId, uid) as { nom: string; prenom: string } | undefined;
  if (queued) return `${queued.prenom} ${queued.nom}`.trim() || uid;
  const seen = db.prepare('SELECT name FROM punches INDEXED BY punches_by_holder WHERE account_id = ? AND uid = ? LIMIT 1').pluck().get(accountId, uid) as
    string | undefined;
  return seen ?? null;
}

/** A new badge number for the person on `uid`: valid, not that one, and one that never served (a holder, a queued creation, a punch). */
export function checkNewBadge(db: Database, accountId: number, uid: string, newUid: string): string {
  const parsed = holderInputSchema.shape.uid.safeParse(newUid);
  if (!parsed.success) throw new ValidationError(fieldIssues(parsed.error).map((i) => ({ ...i, field: 'newUid' })));
  const next = parsed.data;
  if (next === uid) refuse('newUid', 'sameBadge', { uid });
  const holding = holderOf(db, accountId, next);
  if (holding !== null) refuse('newUid', 'badgeInUse', { uid: next, name: holding });
  return next;
}

export interface ReplaceResult {
  add: OutboxEntry;
  remove: OutboxEntry;
}

/**
 * Links `newUid` to the person holding `uid` and queues the two changes for Festime (create the new
 * badge, delete the old one); nothing is sent here. Refused: a new number invalid, the same as the
 * old, or one that ever served (a holder, a queued creation, a punch); an old badge unknown, deleted
 * or already replaced.
 */
export function replaceBadge(db: Database, accountId: number, uid: string, newUid: string, actor: string, now = new Date()): ReplaceResult {
  const next = checkNewBadge(db, accountId, uid, newUid);
  return durably(db, () => {
    const successor = db.prepare('SELECT new_uid FROM badge_replacements WHERE account_id = ? AND old_uid = ?').pluck().get(accountId, uid) as
      string | undefined;
    if (successor !== undefined) refuse('uid', 'badgeReplaced', { uid, newUid: successor });
    const old = db.prepare('SELECT nom, prenom FROM holders WHERE account_id = ? AND uid = ? AND deleted_at IS NULL').get(accountId, uid) as
      { nom: string; prenom: string } | undefined;
    if (!old) throw new NotFoundError('holder', uid);
    const checked = checkHolder({ nom: old.nom, prenom: old.prenom, uid: next });
    if (!checked.ok) throw new ValidationError(checked.issues);
    const at = now.toISOString();
    db.prepare('INSERT INTO badge_replacements (account_id, old_uid, new_uid, replaced_at, replaced_by) VALUES (?, ?, ?, ?, ?)').run(
      accountId,
      uid,
      next,
      at,
      actor,
    );
    // The person's records follow the person: the contract (and its payroll number) and the absences.
    db.prepare('UPDATE contracts SET uid = ? WHERE account_id = ? AND uid = ?').run(next, accountId, uid);
    db.prepare('UPDATE absences SET uid = ? WHERE account_id = ? AND uid = ?').run(next, accountId, uid);
    // In the register at once, under the same name: the person is listed (and their contract editable) before Festime answers.
    db.prepare("INSERT INTO holders (account_id, uid, nom, prenom, source, names_fixed, updated_at) VALUES (?, ?, ?, ?, 'app', 1, ?)").run(
      accountId,
      next,
      old.nom,
      old.prenom,
      at,
    );
    const add = record(db, accountId, 'add', checked.value, actor, now);
    const remove = record(db, accountId, 'delete', { nom: old.nom, prenom: old.prenom, uid }, actor, now);
    audit(db, accountId, actor, 'holder.replace', { uid, newUid: next, add: add.id, delete: remove.id }, now);
    return { add, remove };
  });
}
