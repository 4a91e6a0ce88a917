// The cache commands as a user runs them: sync, purge, holders cancel, backup, restore.
import { mkdtempSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { DATABASE_FILE } from '../../main/core/store';
import { runCli } from '../helpers/cli';

let sim: Simulator;
let dataDir: string;
let base: string[];
const env = { FESTIME_PASSWORD: DEMO_PASSWORD };

beforeEach(async () => {
  sim = createSimulator();
  const url = await sim.listen();
  dataDir = mkdtempSync(join(tmpdir(), 'festime-cache-'));
  base = ['--server', url, '--login', 'demo', '--data-dir', dataDir];
});
afterEach(() => sim.close());

const sql = <T>(query: string): T[] => {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    return db.prepare(query).all() as T[];
  } finally {
    db.close();
  }
};

describe('sync', () => {
  it('a punch Festime removed: marked at the second sync without it, an anomaly of the month, kept with `corrections keep`', async () => {
    expect((await runCli([...base, 'sync'], { env })).code).toBe(0);
    // A departure of the last days (an incremental sync reads them again), the newest: never a Sunday's.
    const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    const victim = sim
      .punches('demo', day(2), day(0))
      .filter((p) => p.type === 'D')
      .at(-1)!;
    const month = victim.at.slice(0, 7);
    const anomalies = async () => {
      const r = await runCli([...base, 'export', '--month', month, '--format', 'json'], { env });
      return (JSON.parse(r.stdout) as { uid: string; anomalies: number }[]).find((h) => h.uid === victim.uid)!.anomalies;
    };
    const before = await anomalies();
    sim.removePunch('demo', victim.id);
    expect((await runCli([...base, 'sync'], { env })).stdout).toContain(', 0 retiré(s) chez Festime');
    expect((await runCli([...base, 'sync'], { env })).stdout).toContain(', 1 retiré(s) chez Festime');
    expect(await anomalies()).toBeGreaterThan(before);

    const kept = await runCli([...base, 'corrections', 'keep', '--id', String(victim.id), '--comment', 'Départ vu par le chef d’équipe'], { env });
    expect(kept).toMatchObject({ code: 0, stderr: expect.stringMatching(/^Correction n° \d+ enregistrée\.$/m) as unknown });
    expect(await anomalies()).toBe(before);
    const still = sim.punches('demo', day(10), day(0)).find((p) => p.id !== victim.id)!;
    const refused = await runCli([...base, 'corrections', 'keep', '--id', String(still.id), '--comment', 'x'], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`Le pointage n° ${still.id} est toujours chez Festime : il compte déjà, il n’y a rien à garder.`);
  }, 60_000);

  it('prints one summary line, then a second run adds nothing; a verified backup of the day is made', async () => {
    const first = await runCli([...base, 'sync'], { env });
    expect(first.code).toBe(0);
    expect(first.stdout.trim().split('\n')).toHaveLength(1);
    expect(first.stdout).toMatch(
      /^Synchronisation terminée : 90 jour\(s\) lus \(\d{4}-\d\d-\d\d → \d{4}-\d\d-\d\d\), (\d+) pointage\(s\) reçus, \1 nouveau\(x\), 0 retiré\(s\) chez Festime, en [\d.]+ s\.$/m,
    );
    expect(first.stderr).toContain('Lecture chez Festime');
    expect(readdirSync(join(dataDir, 'backups'))).toHaveLength(1);
    const second = await runCli([...base, '--lang', 'en', 'sync'], { env });
    expect(second.stdout).toMatch(/Sync done: 4 day\(s\) read .*, 0 new, 0 removed in Festime/);
  });

  it('sends queued holder changes first, in order', async () => {
    await sim.close();
    const queued = await runCli([...base, 'holders', 'add', '--uid', '777', '--nom', 'NOUVEAU', '--prenom', 'Élie'], {
      env: { ...env, FESTIME_RETRY_BASE_MS: '1' },
    });
    expect(queued.code).toBe(1);
    sim = createSimulator();
    await sim.listen(Number(new URL(base[1]!).port));
    const r = await runCli([...base, 'sync'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Changement n° 1 : NOUVEAU Élie créé(e) chez Festime avec le badge 777.');
    expect(r.stdout).not.toMatch(/^OK;/m);
    // The account's first sync also asks the terminals once where they are (their zone makes "today").
    expect(sim.requests.map((q) => q.fonction)).toEqual(['ajouter_utilisateur_dans_festime', 'global_get_infos_iot', 'pointage']);
  });
});

describe('purge', () => {
  it('refuses to cut into the last year, asks for --yes, then purges and audits', async () => {
    await runCli([...base, 'sync'], { env });
    // Dates from today (the simulator and the CLI read the same clock, real or faked by test:dates).
    const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    const young = await runCli([...base, 'purge', '--before', daysAgo(30), '--yes']);
    expect(young.code).toBe(2);
    expect(young.stderr).toContain('au moins un an');
    const noYes = await runCli([...base, 'purge', '--before', daysAgo(800)]);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toContain('--yes');
    // Make an old punch appear in the cache (as if kept from years ago), then purge by policy.
    const db = new Database(join(dataDir, DATABASE_FILE));
    db.prepare(
      `INSERT INTO punches SELECT account_id, 1, uid, name, type, reason_code, reason, '2020-03-02T08:00:00', terminal, access_point, client_id, client, grp, extra, first_seen, removed_at FROM punches LIMIT 1`,
    ).run();
    db.close();
    const before = sql<{ n: number }>('SELECT count(*) AS n FROM punches')[0]!.n;
    const ok = await runCli([...base, 'purge', '--yes']);
    expect(ok.code).toBe(0);
    // The policy's five years, counted back from the newest punch (today's, or yesterday's on a new year's first night).
    const year = Number(daysAgo(0).slice(0, 4));
    expect(ok.stdout).toMatch(new RegExp(`^1 pointage\\(s\\) datés avant le (${year - 5}|${year - 6})-\\d\\d-\\d\\d supprimés du cache\\.`));
    expect(sql<{ n: number }>('SELECT count(*) AS n FROM punches')[0]!.n).toBe(before - 1);
    expect(
      sql<{ action: string; details: string }>("SELECT action, details FROM audit_log WHERE action = 'punches.purge' ORDER BY rowid DESC")[0]!.details,
    ).toMatch(/"removed":1/);
  });
});

describe('holders cancel', () => {
  it('a queued change can be cancelled and is never sent', async () => {
    await sim.close();
    await runCli([...base, 'holders', 'add', '--uid', '777', '--nom', 'NOUVEAU', '--prenom', 'Élie'], { env: { ...env, FESTIME_RETRY_BASE_MS: '1' } });
    const list = JSON.parse((await runCli([...base, 'holders', 'list', '--format', 'json'])).stdout) as { uid: string; pendingId: number }[];
    const id = list.find((h) => h.uid === '777')!.pendingId;
    const c = await runCli([...base, 'holders', 'cancel', '--id', String(id)]);
    expect(c.code).toBe(0);
    expect(c.stderr).toContain(`Changement n° ${id} annulé`);
    sim = createSimulator();
    await sim.listen(Number(new URL(base[1]!).port));
    await runCli([...base, 'sync'], { env });
    expect(sim.requests.map((r) => r.fonction)).toEqual(['global_get_infos_iot', 'pointage']);
    expect(sim.account('demo').users.has('777')).toBe(false);
  });
});

describe('backup and restore', () => {
  it('a damaged database is reported clearly; restore brings back the last backup; sync --full refills', async () => {
    await runCli([...base, 'sync'], { env });
    const b = await runCli([...base, 'backup']);
    expect(b.code).toBe(0);
    expect(b.stdout).toContain('Sauvegarde vérifiée');
    const file = join(dataDir, DATABASE_FILE);
    const bytes = readFileSync(file);
    bytes.fill(0x41, 4096);
    writeFileSync(file, bytes);
    const broken = await runCli([...base, 'punches']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('est endommagée');
    expect(broken.stderr).toContain('festime-desk restore');
    // Replacing the database is confirmed: without --yes, the file that would be used is named and nothing is done.
    const asked = await runCli([...base, 'restore']);
    expect(asked.code).toBe(2);
    expect(asked.stderr).toContain('--yes');
    const r = await runCli([...base, 'restore', '--yes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Base restaurée');
    const again = await runCli([...base, 'punches', '--format', 'json']);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as unknown[]).length).toBeGreaterThan(1000);
    expect((await runCli([...base, 'sync', '--full'], { env })).code).toBe(0);
  });
});

describe('holders fix', () => {
  it('corrects a split the rule got wrong; later syncs keep the correction', async () => {
    await runCli([...base, 'sync'], { env });
    const r = await runCli([...base, 'holders', 'fix', '--uid', '100287409', '--nom', 'DE LA FONTAINE-ROY', '--prenom', 'François']);
    expect(r.code).toBe(0);
    await runCli([...base, 'sync', '--full'], { env });
    const list = JSON.parse((await runCli([...base, 'holders', 'list', '--format', 'json'])).stdout) as { uid: string; nom: string; prenom: string }[];
    expect(list.find((h) => h.uid === '100287409')).toMatchObject({ nom: 'DE LA FONTAINE-ROY', prenom: 'François' });
    // Reads only: each sync, the terminals' report (zone, offline terminals), then the punches.
    expect(sim.requests.map((q) => q.fonction)).toEqual(['global_get_infos_iot', 'pointage', 'global_get_infos_iot', 'pointage']);
    const unknown = await runCli([...base, 'holders', 'fix', '--uid', '404', '--nom', 'X', '--prenom', 'Y']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('introuvable');
  });
});
