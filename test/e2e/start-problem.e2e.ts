// When the data cannot be opened at start, the window says what happened and what to do, instead
// of loading forever: a damaged database restored from its newest backup in one click (the demo's
// punches back), and a database from a newer version refused untouched, with what to install.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { DATABASE_FILE } from '../../main/core/store';
import { bridgeCall, expect, nav, openDemo, shot, startApp, test, type AppHandle } from './fixtures';

test.use({ viewport: { width: 1366, height: 768 } });

const axeSerious = async (page: Page) =>
  (await new AxeBuilder({ page }).analyze()).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} ×${v.nodes.length}`);

/** The demo synced (which makes the day's backup), then the app stopped: its data folder, with one backup. */
async function demoStopped(page: Page): Promise<{ dataDir: string; backupDay: string }> {
  const app = await startApp();
  await openDemo(page, app.url);
  const [backup] = await bridgeCall(app, 'backup/list', {});
  await app.stop();
  return { dataDir: app.dataDir, backupDay: backup!.day };
}

const dayShown = (iso: string) => iso.split('-').reverse().join('/');
let again: AppHandle | null = null;
test.afterEach(async () => {
  await again?.stop();
  again = null;
});

test('a damaged database: what happened, then the newest backup restored in one click and the app opens on it', async ({ page }) => {
  const { dataDir, backupDay } = await demoStopped(page);
  const file = join(dataDir, DATABASE_FILE);
  // Damaged on disk (a crash mid-write, a failing disk): its first pages overwritten.
  const bytes = readFileSync(file);
  bytes.fill(0x5a, 0, 4096);
  writeFileSync(file, bytes);
  for (const extra of ['-wal', '-shm']) rmSync(`${file}${extra}`, { force: true });

  again = await startApp(dataDir);
  await page.goto(again.url);
  await expect(page.getByRole('heading', { level: 2, name: 'Festime Desk ne peut pas ouvrir vos données' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'La base de données est endommagée' })).toBeVisible();
  await expect(page.getByText(`Dossier de données : ${dataDir}`)).toBeVisible();
  // No command line in the window: the remedy is a button.
  await expect(page.locator('body')).not.toContainText('festime-desk restore');
  const restore = page.getByRole('button', { name: `Restaurer la sauvegarde du ${dayShown(backupDay)}` });
  await expect(restore).toBeVisible();
  await expect(page.getByRole('button', { name: 'Réessayer' })).toBeVisible();
  await shot(page, '70-demarrage-base-endommagee');
  expect(await axeSerious(page)).toEqual([]);

  // « Réessayer » on a file still damaged: the same screen, nothing else.
  await page.getByRole('button', { name: 'Réessayer' }).click();
  await expect(page.getByText(/^Vérifié de nouveau à \d\d:\d\d:\d\d : toujours le même problème\.$/)).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'La base de données est endommagée' })).toBeVisible();

  await restore.click();
  await expect(page.getByText(new RegExp(`^Sauvegarde du ${dayShown(backupDay)} restaurée\\. L’ancien fichier est gardé : .+\\.sqlite\\.$`))).toBeVisible();
  // The app itself, on the backup's data: the demo's punches.
  await expect(nav(page, 'Pointages')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^[1-9][\d\s ]* pointages$/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Liste des pointages' }).getByRole('row').nth(1)).toBeVisible();
  await shot(page, '71-demarrage-sauvegarde-restauree');
});

test('a database from a newer version: refused untouched, « install the newer version » first, an older backup only with its cost said', async ({ page }) => {
  const { dataDir, backupDay } = await demoStopped(page);
  const file = join(dataDir, DATABASE_FILE);
  const db = new Database(file);
  db.pragma('user_version = 99');
  db.close();
  const before = readFileSync(file);

  again = await startApp(dataDir);
  await page.goto(again.url);
  await expect(page.getByRole('heading', { level: 3, name: 'Ces données viennent d’une version plus récente' })).toBeVisible();
  await expect(
    page.getByText(/^Elles ont été écrites par une version plus récente de Festime Desk \(schéma 99 ; la version .+ installée ici connaît le schéma \d+\)/),
  ).toBeVisible();
  await expect(page.getByText(/^Installez la version de Festime Desk qui a écrit ces données/)).toBeVisible();
  await expect(
    page.getByText(
      `Ou restaurer la sauvegarde du ${dayShown(backupDay)}, faite par cette version : ce qui a été fait depuis avec la version plus récente sera perdu.`,
    ),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: `Restaurer la sauvegarde du ${dayShown(backupDay)} quand même` })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Réessayer' })).toHaveCount(0);
  await shot(page, '72-demarrage-version-plus-recente');
  expect(await axeSerious(page)).toEqual([]);
  expect(readFileSync(file).equals(before)).toBe(true);
});
