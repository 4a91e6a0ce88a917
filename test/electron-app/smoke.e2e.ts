// The app in Electron itself, as a user meets it: it starts with an empty data folder, the demo runs
// its first sync, every screen opens from the navigation, and a month is exported to a workbook
// through the native save dialog (stubbed to answer a file of the test's). Runs the packaged app when
// FESTIME_APP_EXE names its executable, else the app built from these sources (npm run build) through
// node_modules' Electron binary (after "npm run rebuild:electron"). Skipped, saying why, where there is
// no binary (ELECTRON_SKIP_BINARY_DOWNLOAD) — never counted as passed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { lastMonthIn, nav } from '../e2e/fixtures';

/** What to start: the packaged app, or Electron's binary with the project folder (package.json main: out/main/index.cjs). */
function target(): { executablePath: string; args: string[] } | { missing: string } {
  const packaged = process.env.FESTIME_APP_EXE;
  // Named but absent fails at launch rather than skipping: a release must not pass untested.
  if (packaged) return { executablePath: resolve(packaged), args: [] };
  // Read the way electron's own index.js does, without loading it (it throws, or downloads, when the binary is absent).
  const pathFile = join('node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return { missing: `no Electron binary here: ${pathFile} missing (installed with ELECTRON_SKIP_BINARY_DOWNLOAD)` };
  const binary = join('node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { missing: `no Electron binary here: ${binary} missing` };
  // npm install builds better-sqlite3 and keytar for Node; Electron loads them only once rebuilt for it,
  // which @electron/rebuild marks (and which the vitest suites cannot run with).
  const marker = join('node_modules', 'better-sqlite3', 'build', 'Release', '.forge-meta');
  if (!existsSync(marker) || !readFileSync(marker, 'utf8').startsWith(`${process.platform}--${process.arch}--`))
    return {
      missing:
        'better-sqlite3 and keytar are built for Node, not Electron: "npm run rebuild:electron" first (then "npm run rebuild:node"), or FESTIME_APP_EXE=<a packaged app>',
    };
  // The project folder rather than out/main/index.cjs itself: Electron then reads package.json (main, name, version) as packaged.
  return { executablePath: binary, args: ['.'] };
}

const app = target();
const SCREENS = ['Pointages', 'À vérifier', 'Présents', 'Badgés', 'Terminaux', 'Export mensuel', 'Paramètres'];

test.describe.configure({ mode: 'serial' });
const skipped = 'missing' in app ? app.missing : '';
test.skip(Boolean(skipped), skipped);

let electronApp: ElectronApplication;
let page: Page;
let dataDir: string;

test.beforeAll(async () => {
  if ('missing' in app) return;
  if (!process.env.FESTIME_APP_EXE)
    execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
  dataDir = mkdtempSync(join(tmpdir(), 'festime-electron-'));
  electronApp = await electron.launch({
    executablePath: app.executablePath,
    // Chromium's --user-data-dir sets Electron's userData: the app's data folder, empty.
    args: [...app.args, `--user-data-dir=${join(dataDir, 'user-data')}`, '--lang=fr-FR'],
    env: { ...process.env, LANG: 'fr_FR.UTF-8', TZ: 'Europe/Paris' },
    timeout: 60_000,
  });
  electronApp.process().stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  page = await electronApp.firstWindow();
  page.on('pageerror', (error) => console.error('page error:', error.message));
});

test.afterAll(async () => {
  await electronApp?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('the window opens on the first screen; the demo runs its first sync', async () => {
  await expect(page.getByRole('heading', { name: 'Bienvenue dans Festime Desk' })).toBeVisible({ timeout: 30_000 });
  const userData = await electronApp.evaluate(({ app: a }) => a.getPath('userData'));
  expect(realpathSync(userData)).toBe(realpathSync(join(dataDir, 'user-data')));
  await page.getByRole('button', { name: 'Essayer avec des données de démonstration' }).click();
  await expect(page.getByText(/Synchronisation terminée : \d+ nouveaux pointages/)).toBeVisible({ timeout: 60_000 });
});

test('every screen opens from the navigation', async () => {
  for (const name of SCREENS) {
    await nav(page, name).click();
    await expect(page.getByRole('heading', { name, level: 2, exact: true })).toBeVisible();
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  }
});

test('a month exported to a workbook through the save dialog', async () => {
  const file = join(dataDir, 'mois.xlsx');
  // The native dialog cannot be clicked: it answers the test's file.
  await electronApp.evaluate(({ dialog }, path) => {
    dialog.showSaveDialog = (async () => ({ canceled: false, filePath: path })) as typeof dialog.showSaveDialog;
  }, file);
  await nav(page, 'Export mensuel').click();
  const month = await lastMonthIn(page);
  await page.getByLabel('Mois').fill(month);
  await expect(page.getByRole('table', { name: 'Export mensuel' })).toHaveAttribute('data-month', month);
  await page
    .getByRole('region', { name: 'Pour la paie' })
    .getByRole('button', { name: /^Exporter vers Excel/ })
    .click();
  await expect(page.getByText(`Classeur ${file} enregistré.`)).toBeVisible({ timeout: 60_000 });
  // An .xlsx is a zip: PK\3\4, and big enough to hold the month.
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  expect(bytes.length).toBeGreaterThan(5000);
});
