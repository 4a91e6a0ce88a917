// `punches` over a cache larger than one page and than SQLite's 32,766 parameters a statement:
// 50,000 punches written straight into a real SQLite file, printed by the CLI as a child process,
// as JSON and as CSV — every punch once, in time order, and the output parseable whole. And an
// unexpected failure of the command said with what failed, its cause and where the log is.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PUNCH_KEYS } from '../../shared/festime';
import { ensureAccount, setSetting } from '../../main/core/store/accounts';
import { openStore } from '../../main/core/store';
import { runCli } from '../helpers/cli';

vi.setConfig({ testTimeout: 60_000 });

const COUNT = 50_000;
let dataDir: string;
/** The punches' ids in time order (then id), as the CLI must print them. */
let expectedIds: number[];

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'festime-punches-large-'));
  const store = openStore(dataDir);
  try {
    const db = store.db;
    const account = ensureAccount(db, 'https://festime.example.fr', 'grand-site', 'Grand site', new Date('2026-01-01T00:00:00Z'));
    setSetting(db, 'global', 'current-account', String(account.id));
    const insert =
      db.prepare(`INSERT INTO punches (account_id, id, uid, name, type, reason_code, reason, at, terminal, access_point, client_id, client, grp, extra, first_seen)
      VALUES (?, ?, ?, ?, ?, '', '', ?, 'T1', 'Atelier', '1', 'Site', '', NULL, '2026-06-01T00:00:00.000Z')`);
    db.transaction(() => {
      for (let i = 0; i < COUNT; i++) {
        // 200 people, four punches a day each, over 62 days; ids not in time order (a late upload has a later id).
        const person = i % 200;
        const slot = Math.floor(i / 200);
        const day = new Date(Date.UTC(2026, 3, 1) + Math.floor(slot / 4) * 86_400_000).toISOString().slice(0, 10);
        const minute = 6 * 60 + (slot % 4) * 150 + (person % 60);
        const at = `${day}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00`;
        insert.run(account.id, (i * 7919) % 1_000_003, String(100_000 + person), `NOM${person} Prénom`, ['A', 'D', 'A', 'D'][slot % 4], at);
      }
    })();
    expectedIds = db.prepare('SELECT id FROM punches WHERE account_id = ? ORDER BY at, id').pluck().all(account.id) as number[];
  } finally {
    store.close();
  }
  expect(expectedIds).toHaveLength(COUNT);
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('punches over 50,000 cached punches', () => {
  it('as JSON: one array, every punch once, in time order, with its documented keys', async () => {
    const r = await runCli(['--data-dir', dataDir, 'punches', '--format', 'json'], { timeoutMs: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows.map((p) => p.id)).toEqual(expectedIds);
    expect(Object.keys(rows[0]!)).toEqual([...PUNCH_KEYS, 'removedUpstream']);
    expect(rows[COUNT - 1]).toMatchObject({ name: expect.stringMatching(/^NOM\d+ Prénom$/), removedUpstream: false });
    // The layout of an array printed at once: two spaces a level, a final line break.
    expect(r.stdout.startsWith('[\n  {\n    "id": ')).toBe(true);
    expect(r.stdout.endsWith('\n  }\n]\n')).toBe(true);
  });

  it('as CSV: one header, then every punch once, in time order', async () => {
    const r = await runCli(['--data-dir', dataDir, 'punches', '--format', 'csv'], { timeoutMs: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe([...PUNCH_KEYS, 'removedUpstream'].join(','));
    expect(lines.filter((l) => l.startsWith('id,'))).toHaveLength(1);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((p) => Number(p.id))).toEqual(expectedIds);
    expect(r.stdout.endsWith('false\n')).toBe(true);
  });

  it('a filter on one person still reads them whole (250 punches), and an empty filter prints an empty array', async () => {
    const one = await runCli(['--data-dir', dataDir, 'punches', '--uid', '100007', '--format', 'json']);
    expect(one.code, one.stderr).toBe(0);
    expect((JSON.parse(one.stdout) as { uid: string }[]).every((p) => p.uid === '100007')).toBe(true);
    expect(JSON.parse(one.stdout)).toHaveLength(COUNT / 200);
    const none = await runCli(['--data-dir', dataDir, 'punches', '--from', '2030-01-01', '--format', 'json']);
    expect(none).toMatchObject({ code: 0, stdout: '[]\n' });
  });
});

describe('an unexpected failure', () => {
  it('names the command, the first line of its cause and the log’s folder — not « Erreur inattendue : SqliteError »', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'festime-unexpected-'));
    try {
      const store = openStore(dir);
      try {
        const account = ensureAccount(store.db, 'https://festime.example.fr', 'site', 'Site');
        setSetting(store.db, 'global', 'current-account', String(account.id));
        // A fault no one foresaw: a table the count reads is gone.
        store.db.exec('DROP TABLE punch_counts');
      } finally {
        store.close();
      }
      const r = await runCli(['--data-dir', dir, 'punches']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `festime-desk: « festime-desk punches » n’a pas abouti : erreur inattendue (SqliteError: no such table: punch_counts). Le détail est écrit dans le journal, ${join(dir, 'logs')} ; réessayez, et si cela se reproduit, envoyez ce dossier au support.\n`,
      );
      const en = await runCli(['--lang', 'en', '--data-dir', dir, 'punches']);
      expect(en.stderr).toContain('“festime-desk punches” did not complete: unexpected error (SqliteError: no such table: punch_counts).');
      expect(en.stderr).toContain(`The details are written to the log, ${join(dir, 'logs')}`);
      // And it is: the method and the error's name there.
      const log = readdirSync(join(dir, 'logs'))
        .map((f) => readFileSync(join(dir, 'logs', f), 'utf8'))
        .join('');
      expect(log).toContain('"event":"dispatch.internal"');
      expect(log).toContain('"method":"punches/query"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
