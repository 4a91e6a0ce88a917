// Accounts (server + login + label; never the password), settings and the audit log.
import type { Database } from 'better-sqlite3';
import { normalizeServer } from '../festime/server-address';
import { durably } from './database';

export interface AccountRow {
  id: number;
  server: string;
  login: string;
  label: string;
}

export function findAccount(db: Database, server: string, login: string): AccountRow | null {
  return (
    (db.prepare('SELECT id, server, login, label FROM accounts WHERE server = ? AND login = ?').get(normalizeServer(server), login) as
      AccountRow | undefined) ?? null
  );
}

export function ensureAccount(db: Database, server: string, login: string, label = '', now = new Date()): AccountRow {
  const normalized = normalizeServer(server);
  // Looked up first: a known account is a read only (a reading command on a read-only folder).
  const known = findAccount(db, normalized, login);
  if (known) return known;
  db.prepare('INSERT INTO accounts (server, login, label, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (server, login) DO NOTHING').run(
    normalized,
    login,
    label,
    now.toISOString(),
  );
  return findAccount(db, normalized, login)!;
}

/** The demo account follows its simulator when the port it was saved with is taken. */
export function moveAccountServer(db: Database, id: number, server: string): void {
  db.prepare('UPDATE accounts SET server = ? WHERE id = ?').run(server, id);
}

export function listAccounts(db: Database): AccountRow[] {
  return db.prepare('SELECT id, server, login, label FROM accounts ORDER BY id').all() as AccountRow[];
}

export function getSetting(db: Database, scope: string, key: string): string | null {
  return (db.prepare('SELECT value FROM settings WHERE scope = ? AND key = ?').pluck().get(scope, key) as string | undefined) ?? null;
}

export function setSetting(db: Database, scope: string, key: string, value: string): void {
  durably(db, () => putSetting(db, scope, key, value));
}

/** The same, inside a transaction the caller holds (several settings saved at once). */
export function putSetting(db: Database, scope: string, key: string, value: string): void {
  db.prepare('INSERT INTO settings (scope, key, value) VALUES (?, ?, ?) ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value').run(scope, key, value);
}

export const accountScope = (accountId: number) => `account:${accountId}`;

/** Records a user action. `details` must never hold a secret. */
export function audit(db: Database, accountId: number | null, actor: string, action: string, details: Record<string, unknown> = {}, now = new Date()): void {
  db.prepare('INSERT INTO audit_log (account_id, at, actor, action, details) VALUES (?, ?, ?, ?, ?)').run(
    accountId,
    now.toISOString(),
    actor,
    action,
    JSON.stringify(details),
  );
}
