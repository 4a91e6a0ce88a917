// A person's badges: a lost card replaced by a new badge number is linked to the same person
// (schema 8), so that their history stays whole. Every reader that groups by person (the month,
// a person's punches) resolves a badge number through these links.
import type { Database } from 'better-sqlite3';

export interface Replacement {
  oldUid: string;
  newUid: string;
  replacedAt: string;
  replacedBy: string;
}

export function replacements(db: Database, accountId: number): Replacement[] {
  return db
    .prepare(
      'SELECT old_uid AS oldUid, new_uid AS newUid, replaced_at AS replacedAt, replaced_by AS replacedBy FROM badge_replacements WHERE account_id = ? ORDER BY replaced_at, rowid',
    )
    .all(accountId) as Replacement[];
}

/** Each replaced badge → the person's current badge (the end of its chain). Empty when no badge was ever replaced. */
export function currentBadges(db: Database, accountId: number): Map<string, string> {
  const next = new Map(replacements(db, accountId).map((r) => [r.oldUid, r.newUid]));
  const out = new Map<string, string>();
  for (const old of next.keys()) {
    let uid = old;
    // A badge is replaced once and a new badge replaces one: the chain cannot loop, the bound is a guard.
    for (let i = 0; i <= next.size && next.has(uid); i++) uid = next.get(uid)!;
    out.set(old, uid);
  }
  return out;
}

/** Every badge of the person who holds (or held) `uid`: the replaced ones, oldest first, then the current one. */
export function badgeChain(db: Database, accountId: number, uid: string): string[] {
  const current = currentBadges(db, accountId);
  if (current.size === 0) return [uid];
  const now = current.get(uid) ?? uid;
  return [...[...current].filter(([, c]) => c === now).map(([old]) => old), now];
}
