// The SQLite file: migrations from an empty file (and each earlier version), a file from the
// future refused untouched, a damaged file reported, backups verified and restored.
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DatabaseDamagedError, DatabaseFromFutureError, RetentionError, toAppError } from '../../main/core/errors';
import { splitFestimeName } from '../../main/core/holders/names';
import { backupNow, listBackups, restoreNewestBackup, verifyDatabaseFile, verifyDatabaseFileInWorker, MAX_BACKUPS } from '../../main/core/store/backups';
import { ensureAccount } from '../../main/core/store/accounts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../main/core/store/migrations';
import { countPunches, punchWriter, purgeBefore, queryPunches } from '../../main/core/store/punches';
import { DATABASE_FILE, openDatabase, openStore } from '../../main/core/store';
import type { ParsedPunch } from '../../main/core/festime/punch-parser';

const tmp = () => mkdtempSync(join(tmpdir(), 'festime-store-'));

const TABLES = [
  'absences',
  'accounts',
  'audit_log',
  'badge_replacements',
  'closed_month_changes',
  'closed_months',
  'contracts',
  'corrections',
  'holders',
  'outbox',
  'punch_conflicts',
  'punch_counts',
  'punch_texts',
  'punches',
  'regularisations',
  'removal_candidates',
  'settings',
  'sync_runs',
  'terminal_status',
];

function punch(id: number, at: string, uid = '70', name = 'ADONIS Alain'): ParsedPunch {
  return {
    id,
    uid,
    name,
    type: 'A',
    reasonCode: '0',
    reason: '',
    at,
    terminal: '8798',
    accessPoint: 'Accès porte Sud - Melun',
    clientId: '7',
    client: 'ESPACE DE MELUN',
    group: '',
    extra: null,
  };
}

describe('migrations', () => {
  it('an empty file becomes the current schema, in WAL with foreign keys', () => {
    const db = openDatabase(join(tmp(), 'new.sqlite'));
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
    expect(tables).toEqual(TABLES);
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'accounts'").pluck().get()).not.toMatch(/password/i);
    db.close();
  });

  it('every earlier version is brought up step by step, keeping its data', () => {
    for (let version = 0; version < SCHEMA_VERSION; version++) {
      const file = join(tmp(), `v${version}.sqlite`);
      const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, version) });
      expect(old.pragma('user_version', { simple: true })).toBe(version);
      if (version >= 1) old.prepare("INSERT INTO accounts (server, login, label, created_at) VALUES ('https://x.test', 'keep', '', '2026-01-01')").run();
      old.close();
      const db = openDatabase(file);
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      if (version >= 1) expect(db.prepare('SELECT login FROM accounts').pluck().all()).toEqual(['keep']);
      db.close();
    }
  });

  it('schema 6 keeps every correction, its number included, and accepts a kept punch', () => {
    const file = join(tmp(), 'v5.sqlite');
    const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, 5) });
    const account = ensureAccount(old, 'https://x.test', 'paie').id;
    old
      .prepare(
        `INSERT INTO corrections (id, account_id, kind, uid, type, at, comment, created_by, created_at) VALUES (41, ?, 'add', '70', 'D', '2026-11-05T17:00:00', 'oubli', 'paie', '2026-11-06')`,
      )
      .run(account);
    expect(() =>
      old
        .prepare(`INSERT INTO corrections (account_id, kind, uid, comment, created_by, created_at) VALUES (?, 'keep', '70', 'x', 'paie', '2026-11-06')`)
        .run(account),
    ).toThrow(/CHECK/);
    old.close();
    const db = openDatabase(file);
    expect(db.prepare('SELECT id, kind, comment FROM corrections').all()).toEqual([{ id: 41, kind: 'add', comment: 'oubli' }]);
    db.prepare(
      `INSERT INTO corrections (account_id, kind, uid, punch_id, comment, created_by, created_at) VALUES (?, 'keep', '70', 9, 'x', 'paie', '2026-11-06')`,
    ).run(account);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'corrections'").pluck().all()).toEqual(['corrections_by_time']);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('counts by day, type and access point follow inserts and purges, from punches cached before schema 3 too', () => {
    const file = join(tmp(), 'counts.sqlite');
    const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, 2) });
    const accountId = ensureAccount(old, 'https://x.test', 'c').id;
    const mixed = (id: number, at: string, type: 'A' | 'D' | 'P', accessPoint: string): ParsedPunch => ({
      ...punch(id, at, String(id % 7)),
      type,
      accessPoint,
    });
    punchWriter(old, accountId).insert(
      Array.from({ length: 300 }, (_, i) =>
        mixed(i + 1, `2026-0${1 + (i % 3)}-1${i % 10}T08:00:00`, (['A', 'D', 'P'] as const)[i % 3]!, i % 4 ? 'Nord' : 'Sud'),
      ),
      '2026-04-01T00:00:00Z',
    );
    old.close();
    const db = openDatabase(file);
    const writer = punchWriter(db, accountId);
    writer.insert(
      Array.from({ length: 60 }, (_, i) => mixed(1000 + i, `2026-03-2${i % 10}T17:00:00`, i % 2 ? 'D' : 'A', 'Ouest')),
      '2026-04-02T00:00:00Z',
    );
    writer.insert([mixed(1, '2026-01-10T08:00:00', 'A', 'Sud')], '2026-04-03T00:00:00Z'); // already there: not counted twice
    purgeBefore(db, accountId, '2026-02-01');
    // The per-day sums equal a count of the rows, for every kind of filter they serve.
    const scan = (sql: string, ...params: unknown[]) =>
      db
        .prepare(`SELECT count(*) FROM punches WHERE account_id = ? ${sql}`)
        .pluck()
        .get(accountId, ...params) as number;
    expect(countPunches(db, accountId)).toBe(scan(''));
    expect(countPunches(db, accountId)).toBe(300 - 100 + 60);
    expect(countPunches(db, accountId, { type: 'D' })).toBe(scan("AND type = 'D'"));
    expect(countPunches(db, accountId, { accessPoint: 'Sud', type: 'P' })).toBe(scan("AND access_point = 'Sud' AND type = 'P'"));
    expect(countPunches(db, accountId, { from: '2026-03-01', to: '2026-03-25' })).toBe(scan("AND at >= '2026-03-01' AND at < '2026-03-26'"));
    expect(countPunches(db, accountId, { from: '2026-03-01', to: '2026-03-25' })).toBeGreaterThan(0);
    db.close();
  });

  it('opening twice changes nothing', () => {
    const file = join(tmp(), 'twice.sqlite');
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('a database written by a newer version is refused and left untouched', () => {
    const file = join(tmp(), 'future.sqlite');
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.exec('CREATE TABLE from_the_future (x INTEGER)');
    raw.close();
    const before = readFileSync(file);
    const error = (() => {
      try {
        openDatabase(file);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(DatabaseFromFutureError);
    expect((error as DatabaseFromFutureError).localized('fr')).toMatch(/version plus récente de Festime Desk/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('a file that is not a database is reported as damaged', () => {
    const file = join(tmp(), 'garbage.sqlite');
    writeFileSync(file, Buffer.alloc(8192, 0x5a));
    expect(() => openDatabase(file)).toThrow(DatabaseDamagedError);
  });
});

describe('punches in the cache', () => {
  it('inserting the same punch twice keeps one; accounts never see each other’s punches', () => {
    const store = openStore(tmp());
    const a = ensureAccount(store.db, 'https://a.test', 'a');
    const b = ensureAccount(store.db, 'https://b.test', 'b');
    const wa = punchWriter(store.db, a.id);
    expect(wa.insert([punch(1, '2026-11-02T08:00:00'), punch(2, '2026-11-02T12:00:00')], 'now')).toEqual({ added: 2, restored: 0 });
    expect(wa.insert([punch(1, '2026-11-02T08:00:00')], 'now')).toEqual({ added: 0, restored: 0 });
    punchWriter(store.db, b.id).insert([punch(1, '2026-11-03T08:00:00', '99', 'AUTRE Site')], 'now');
    expect(countPunches(store.db, a.id)).toBe(2);
    expect(queryPunches(store.db, b.id, {}, { limit: 10 }).map((p) => p.name)).toEqual(['AUTRE Site']);
    store.close();
  });

  it('filters by day range, person and type; pages', () => {
    const store = openStore(tmp());
    const a = ensureAccount(store.db, 'https://a.test', 'a');
    punchWriter(store.db, a.id).insert(
      Array.from({ length: 30 }, (_, i) => punch(i + 1, `2026-11-${String(1 + (i % 10)).padStart(2, '0')}T0${i % 3}:00:00`, i % 2 ? '70' : '71')),
      'now',
    );
    expect(countPunches(store.db, a.id, { from: '2026-11-03', to: '2026-11-04' })).toBe(6);
    expect(countPunches(store.db, a.id, { uid: '70' })).toBe(15);
    const page1 = queryPunches(store.db, a.id, {}, { limit: 7 });
    const page2 = queryPunches(store.db, a.id, {}, { limit: 7, offset: 7 });
    expect(page1.length + page2.length).toBe(14);
    expect(page1.at(-1)!.at <= page2[0]!.at).toBe(true);
    store.close();
  });

  it('purge removes what is older than the date, and only that', () => {
    const store = openStore(tmp());
    const a = ensureAccount(store.db, 'https://a.test', 'a');
    punchWriter(store.db, a.id).insert([punch(1, '2020-12-31T23:59:59'), punch(2, '2021-01-01T00:00:00')], 'now');
    expect(purgeBefore(store.db, a.id, '2021-01-01')).toBe(1);
    expect(queryPunches(store.db, a.id, {}, { limit: 5 }).map((p) => p.id)).toEqual([2]);
    store.close();
    expect(new RetentionError('2026-06-01', '2025-11-27').localized('fr')).toMatch(/au moins un an/);
  });
});

describe('backups', () => {
  it('a backup is a verified, self-contained copy; several a day, none replaced, the ten newest kept', async () => {
    const dir = tmp();
    const store = openStore(dir);
    const a = ensureAccount(store.db, 'https://a.test', 'a');
    punchWriter(store.db, a.id).insert([punch(1, '2026-11-02T08:00:00')], 'now');
    // An old-style one-a-day name, from an earlier version: still listed (and the oldest here).
    await backupNow(store.db, dir, '2026-09-30');
    renameSync(listBackups(dir)[0]!.file, join(dir, 'backups', 'festime-desk-2026-09-30.sqlite'));
    expect(listBackups(dir).map((b) => b.day)).toEqual(['2026-09-30']);
    for (let d = 1; d <= 7; d++) await backupNow(store.db, dir, `2026-10-${String(d).padStart(2, '0')}`, '090000');
    const same = [await backupNow(store.db, dir, '2026-10-12', '090000'), await backupNow(store.db, dir, '2026-10-12', '090000')];
    expect(same[0]!.file).not.toBe(same[1]!.file);
    expect(listBackups(dir)).toHaveLength(MAX_BACKUPS);
    expect(listBackups(dir).at(-1)!.file).toContain('festime-desk-2026-09-30.sqlite');
    const last = await backupNow(store.db, dir, '2026-10-12', '173005');
    const backups = listBackups(dir);
    expect(backups).toHaveLength(MAX_BACKUPS);
    expect(backups[0]!.file).toBe(last.file);
    expect(backups.filter((b) => b.day === '2026-10-12')).toHaveLength(3);
    expect(backups.some((b) => b.day === '2026-09-30')).toBe(false);
    expect(readdirSync(join(dir, 'backups')).every((f) => f.endsWith('.sqlite'))).toBe(true);
    const copy = new Database(backups[0]!.file, { readonly: true });
    expect(copy.prepare('SELECT count(*) FROM punches').pluck().get()).toBe(1);
    copy.close();
    store.close();
  });

  it('a backup is checked in a worker thread, with the same verdicts as on this thread', async () => {
    const dir = tmp();
    const good = join(dir, 'good.sqlite');
    openDatabase(good).close();
    const garbage = join(dir, 'garbage.sqlite');
    writeFileSync(garbage, Buffer.alloc(8192, 0x5a));
    expect(await verifyDatabaseFileInWorker(good)).toBe('ok');
    expect(await verifyDatabaseFileInWorker(garbage)).toBe(verifyDatabaseFile(garbage));
    expect(await verifyDatabaseFileInWorker(garbage)).not.toBe('ok');
  });

  it('a damaged database is reported, then restored from the newest good backup', async () => {
    const dir = tmp();
    const store = openStore(dir);
    const a = ensureAccount(store.db, 'https://a.test', 'a');
    punchWriter(store.db, a.id).insert([punch(1, '2026-11-02T08:00:00'), punch(2, '2026-11-02T17:00:00')], 'now');
    await backupNow(store.db, dir, '2026-11-02');
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    store.close();
    // Damage the file behind SQLite's back: overwrite pages after the header.
    const file = join(dir, DATABASE_FILE);
    const bytes = readFileSync(file);
    bytes.fill(0x41, 4096, bytes.length);
    writeFileSync(file, bytes);
    expect(() => openStore(dir)).toThrow(DatabaseDamagedError);

    // A big file is not checked whole at open: the damage shows when SQLite reads a damaged page
    // (here the schema, at open, or the punches, at the first query), as the same error.
    const read = (() => {
      try {
        const big = openDatabase(file, { checkLimitBytes: 0, readonly: true });
        try {
          big.prepare('SELECT count(*) FROM punches').get();
        } finally {
          big.close();
        }
        return null;
      } catch (e) {
        return toAppError(e, 'fr');
      }
    })();
    expect(read).toMatchObject({ code: 'store.damaged' });
    // The same when the damaged page is met later, by any query (SQLite's own error codes).
    for (const code of ['SQLITE_CORRUPT', 'SQLITE_CORRUPT_INDEX', 'SQLITE_NOTADB']) {
      expect(toAppError(Object.assign(new Error('database disk image is malformed'), { code }), 'fr')).toMatchObject({ code: 'store.damaged' });
    }
    expect(read!.message).toMatch(/^La base de données .* est endommagée/);

    const used = restoreNewestBackup(dir, file, 'test');
    expect(used.day).toBe('2026-11-02');
    expect(existsSync(join(dir, 'festime-desk.before-restore-test.sqlite'))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('.restoring-') || f.includes('.tmp'))).toEqual([]);
    const again = openStore(dir);
    expect(countPunches(again.db, a.id)).toBe(2);
    again.close();
  });
});

describe('names Festime shows as "NOM Prénom"', () => {
  it.each([
    ['DUPONT Mario', 'DUPONT', 'Mario'],
    ['DE LA FONTAINE François', 'DE LA FONTAINE', 'François'],
    ['LE GOFF Loïc', 'LE GOFF', 'Loïc'],
    ['D’ARTOIS Jean-Noël', 'D’ARTOIS', 'Jean-Noël'],
    ['de VILLIERS Anne-Sophie', 'de VILLIERS', 'Anne-Sophie'],
    ['NGUYEN Thi Mai', 'NGUYEN', 'Thi Mai'],
    ['MARTIN-DURAND Marie Hélène', 'MARTIN-DURAND', 'Marie Hélène'],
    ['DUPONT MARIO', 'DUPONT', 'MARIO'],
    ['de la Tour Anaïs', 'de la Tour', 'Anaïs'],
    ['Cher', 'Cher', ''],
  ])('%s', (full, nom, prenom) => {
    expect(splitFestimeName(full)).toEqual({ nom, prenom });
  });
});
