// The Pointages filters on the cache (schema 9): a search finds exactly the punches a LIKE over
// every row finds — by name, badge number, reason or access point, for a person seen under two
// names, with nothing found — from punches cached before the migration and after it, and after a
// purge; the page of an access point is read from its index, in order.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ParsedPunch } from '../../main/core/festime/punch-parser';
import { ensureAccount } from '../../main/core/store/accounts';
import { openDatabase } from '../../main/core/store';
import { MIGRATIONS } from '../../main/core/store/migrations';
import { countPunches, punchWriter, purgeBefore, queryPunches, type PunchFilter } from '../../main/core/store/punches';

const tmp = () => mkdtempSync(join(tmpdir(), 'festime-search-'));

const PEOPLE = [
  { uid: '1001', name: 'MARTIN Léa' },
  { uid: '1002', name: 'MARTINEZ Hugo' },
  { uid: '1003', name: 'DUPONT Anne' },
  { uid: '2001', name: 'BERNARD Paul' },
  { uid: '1_04', name: 'PETIT 100% Zoé' },
];

function punches(from: number, count: number): ParsedPunch[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    const p = PEOPLE[n % PEOPLE.length]!;
    const type = (['A', 'P', 'A', 'D'] as const)[n % 4]!;
    return {
      id: n,
      uid: p.uid,
      // Married in March: the same badge under another name from then on.
      name: p.uid === '1003' && n % 60 >= 30 ? 'LEROY Anne' : p.name,
      type,
      reasonCode: type === 'P' ? '2' : '0',
      reason: type === 'P' ? 'Pause déjeuner' : '',
      at: `2026-0${1 + (n % 4)}-${String(1 + (n % 28)).padStart(2, '0')}T${String(7 + (n % 11)).padStart(2, '0')}:00:00`,
      terminal: '8798',
      accessPoint: n % 5 === 0 ? 'Accueil bureaux - Melun' : 'Entrée atelier - Melun',
      clientId: '7',
      client: 'ESPACE DE MELUN',
      group: '',
      extra: null,
    };
  });
}

/** The same filter's rows read the slow way: a LIKE over every punch. */
function scanned(db: Database, accountId: number, text: string, order: 'ASC' | 'DESC', extra = ''): number[] {
  const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .prepare(
      `SELECT id FROM punches NOT INDEXED WHERE account_id = ? ${extra} AND (name LIKE ? ESCAPE '\\' OR uid LIKE ? ESCAPE '\\' OR reason LIKE ? ESCAPE '\\' OR access_point LIKE ? ESCAPE '\\') ORDER BY at ${order}, id ${order}`,
    )
    .pluck()
    .all(accountId, like, like, like, like) as number[];
}

describe('searching the cached punches', () => {
  it('finds what a LIKE over every punch finds, for punches cached before schema 9 and after', () => {
    const file = join(tmp(), 'search.sqlite');
    const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, 7) });
    const accountId = ensureAccount(old, 'https://x.test', 'a').id;
    punchWriter(old, accountId).insert(punches(1, 400), '2026-05-01T00:00:00Z');
    old.close();
    const db = openDatabase(file);
    punchWriter(db, accountId).insert(punches(401, 200), '2026-05-02T00:00:00Z');
    // Another account's punches are never found.
    const other = ensureAccount(db, 'https://y.test', 'b').id;
    punchWriter(db, other).insert(punches(1, 50), '2026-05-02T00:00:00Z');

    const texts = ['MARTIN', 'martinez', 'LEROY', 'Anne', '1002', '100', '1_0', '100%', 'déjeuner', 'Accueil', 'Melun', 'nobody', 'o'];
    for (const text of texts)
      for (const order of ['asc', 'desc'] as const) {
        const want = scanned(db, accountId, text, order === 'asc' ? 'ASC' : 'DESC');
        const got = queryPunches(db, accountId, { text }, { limit: 1000, order }).map((p) => p.id);
        expect(got, `${text} ${order}`).toEqual(want);
        expect(countPunches(db, accountId, { text }), text).toBe(want.length);
      }
    // What the cases cover: a name found under one of a person's two names only, a reason, nothing.
    expect(scanned(db, accountId, 'LEROY', 'ASC').length).toBeGreaterThan(0);
    expect(scanned(db, accountId, 'LEROY', 'ASC').length).toBeLessThan(countPunches(db, accountId, { uid: '1003' }));
    expect(countPunches(db, accountId, { text: 'déjeuner' })).toBe(150);
    expect(countPunches(db, accountId, { text: 'nobody' })).toBe(0);

    // With the other filters and a page further on.
    const filters: PunchFilter[] = [
      { text: 'MARTIN', type: 'A' },
      { text: 'Anne', from: '2026-02-01', to: '2026-03-15' },
      { text: 'déjeuner', accessPoint: 'Accueil bureaux - Melun' },
      { text: '1001', uid: '1001' },
      { text: '1001', uid: '1002' },
    ];
    for (const f of filters) {
      const extra = [
        f.type ? `AND type = '${f.type}'` : '',
        f.from ? `AND at >= '${f.from}' AND at < '${f.to}T99'` : '',
        f.accessPoint ? `AND access_point = '${f.accessPoint}'` : '',
        f.uid ? `AND uid = '${f.uid}'` : '',
      ].join(' ');
      const want = scanned(db, accountId, f.text!, 'DESC', extra);
      expect(
        queryPunches(db, accountId, f, { limit: 5, offset: 3, order: 'desc' }).map((p) => p.id),
        JSON.stringify(f),
      ).toEqual(want.slice(3, 8));
      expect(countPunches(db, accountId, f), JSON.stringify(f)).toBe(want.length);
    }
    expect(countPunches(db, accountId, { text: '1001', uid: '1002' })).toBe(0);

    // Purged punches are no longer found nor counted.
    expect(purgeBefore(db, accountId, '2026-03-01')).toBeGreaterThan(0);
    for (const text of texts) {
      const want = scanned(db, accountId, text, 'DESC');
      expect(
        queryPunches(db, accountId, { text }, { limit: 1000, order: 'desc' }).map((p) => p.id),
        `${text} after the purge`,
      ).toEqual(want);
      expect(countPunches(db, accountId, { text }), `${text} after the purge`).toBe(want.length);
      expect(countPunches(db, accountId, { text, type: 'P' }), `${text}, P, after the purge`).toBe(
        scanned(db, accountId, text, 'DESC', "AND type = 'P'").length,
      );
    }
    // A person's counts (with a type, an access point) come from the same counts: equal to the rows.
    const rows = (extra: string, ...params: unknown[]) =>
      db
        .prepare(`SELECT count(*) FROM punches NOT INDEXED WHERE account_id = ? ${extra}`)
        .pluck()
        .get(accountId, ...params) as number;
    for (const { uid } of PEOPLE) {
      expect(countPunches(db, accountId, { uid })).toBe(rows('AND uid = ?', uid));
      expect(countPunches(db, accountId, { uid, type: 'P', accessPoint: 'Accueil bureaux - Melun' })).toBe(
        rows("AND uid = ? AND type = 'P' AND access_point = 'Accueil bureaux - Melun'", uid),
      );
    }
    expect(countPunches(db, accountId, { uid: '1003' })).toBeGreaterThan(0);
    db.close();
  });

  it('an access point’s page is read from its index, in time order, not by walking every punch', () => {
    const db = openDatabase(join(tmp(), 'plan.sqlite'));
    const accountId = ensureAccount(db, 'https://x.test', 'a').id;
    punchWriter(db, accountId).insert(punches(1, 300), '2026-05-01T00:00:00Z');
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT * FROM punches WHERE account_id = ? AND access_point = ? ORDER BY at DESC, id DESC LIMIT 200')
      .all(accountId, 'Accueil bureaux - Melun') as { detail: string }[];
    expect(plan.map((p) => p.detail).join('; ')).toMatch(/^SEARCH punches USING INDEX punches_by_access_point \(account_id=\? AND access_point=\?\)$/);
    const page = queryPunches(db, accountId, { accessPoint: 'Accueil bureaux - Melun' }, { limit: 200, order: 'desc' });
    expect(page).toHaveLength(60);
    expect(page.every((p) => p.accessPoint === 'Accueil bureaux - Melun')).toBe(true);
    expect(page.map((p) => p.at)).toEqual([...page.map((p) => p.at)].sort().reverse());
    db.close();
  });
});
