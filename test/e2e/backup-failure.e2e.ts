// The day's backup on a full disk, said in the status bar (not only in the log), and tried again by
// the next sync. The data folder lives on a small tmpfs (we run as root in the container, as CI does).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, startApp, startSimulator, test } from './fixtures';

test('a backup the full disk refuses: « Sauvegarde du jour impossible : disque plein », gone once the next sync makes it', async ({ page }) => {
  const disk = mkdtempSync(join(tmpdir(), 'festime-e2e-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=32M', 'tmpfs', disk]);
  const dataDir = join(disk, 'data');
  mkdirSync(dataDir);
  const sim = await startSimulator();
  const app = await startApp(dataDir);
  const backups = () => (existsSync(join(dataDir, 'backups')) ? readdirSync(join(dataDir, 'backups')).filter((f) => f.endsWith('.sqlite')) : []);
  try {
    await page.goto(app.url);
    await page.getByLabel('Adresse du serveur').fill(sim.url);
    await page.getByLabel('Identifiant du compte').fill('demo');
    await page.getByLabel('Mot de passe').fill('Demo&Pass+45$ é');
    await page.getByRole('button', { name: 'Tester la connexion et enregistrer' }).click();
    await expect(page.getByText(/Synchronisation terminée : \d+ nouveaux pointages/)).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('backup-failure')).toHaveCount(0);
    expect(backups()).toHaveLength(1);

    // The day's backup due again, and the disk full but for the sync's own few writes.
    rmSync(join(dataDir, 'backups'), { recursive: true });
    const free = Number(execFileSync('df', ['--output=avail', '-B1', disk], { encoding: 'utf8' }).split('\n')[1]!.trim());
    writeFileSync(join(disk, 'filler'), Buffer.alloc(Math.max(0, free - 512 * 1024)));
    await page.getByRole('button', { name: 'Synchroniser', exact: true }).click();
    const failure = page.getByTestId('backup-failure');
    await expect(failure).toHaveText('Sauvegarde du jour impossible : disque plein', { timeout: 30_000 });
    // What to do, on hover.
    await expect(failure).toHaveAttribute('title', /^Le disque est plein .*Libérez de la place/);
    // The punches themselves were synced: no sync failure beside it.
    await expect(page.getByTestId('last-failure')).toHaveCount(0);
    expect(backups()).toEqual([]);

    // Space freed: the next sync makes the backup, and the bar no longer says it failed.
    rmSync(join(disk, 'filler'));
    await page.getByRole('button', { name: 'Synchroniser', exact: true }).click();
    await expect(failure).toHaveCount(0, { timeout: 30_000 });
    expect(backups()).toHaveLength(1);
  } finally {
    await sim.stop();
    await app.stop();
    try {
      execFileSync('umount', [disk]);
    } catch {
      execFileSync('umount', ['-l', disk]);
    }
    rmSync(disk, { recursive: true, force: true });
  }
});
