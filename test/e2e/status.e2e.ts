// The status bar tells the truth after a failed sync: the last SUCCESSFUL sync and the failure, each
// with its own time; the refused connection (the server stopped) says to check the address rather
// than to wait; the error toast sits above the status bar, never over it, and it and every other
// notice follow a change of language. Offline, « Imprimer » on « Présents » still prints, saying the data may be old.
import { expect, nav, shot, startApp, startSimulator, test } from './fixtures';

test('after a failed sync: the last success and the failure apart, a toast above the bar that follows the language', async ({ page }) => {
  const sim = await startSimulator();
  const app = await startApp();
  try {
    await page.setViewportSize({ width: 1024, height: 640 });
    await page.goto(app.url);
    await page.getByLabel('Adresse du serveur').fill(sim.url);
    await page.getByLabel('Identifiant du compte').fill('demo');
    await page.getByLabel('Mot de passe').fill('Demo&Pass+45$ é');
    await page.getByRole('button', { name: 'Tester la connexion et enregistrer' }).click();
    await expect(page.getByText(/Synchronisation terminée : \d+ nouveaux pointages/)).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('last-sync')).toHaveText('Dernière synchronisation réussie : à l’instant');
    await expect(page.getByTestId('last-failure')).toHaveCount(0);

    await sim.stop();
    await page.getByRole('button', { name: 'Synchroniser', exact: true }).click();
    const failure = page.getByTestId('last-failure');
    await expect(failure).toBeVisible({ timeout: 30_000 });
    // The success stays said as a success; the failure has its own time.
    await expect(page.getByTestId('last-sync')).toHaveText(/^Dernière synchronisation réussie : (à l’instant|il y a \d+ min)$/);
    await expect(failure).toHaveText(/^Échec à \d\d:\d\d : Impossible de joindre le serveur Festime \(127\.0\.0\.1:\d+\) : connexion refusée/);
    await expect(failure).not.toContainText('dans un moment');

    // The toast: above the status bar, not over it.
    const toast = page.locator('.notice-error').first();
    await expect(toast).toContainText('connexion refusée');
    const bar = (await page.locator('footer.status').boundingBox())!;
    const box = (await toast.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(bar.y);
    await shot(page, '42-echec-de-synchronisation');

    // Offline, the roll call prints all the same, and says its data may be old.
    await nav(page, 'Présents').click();
    await page.evaluate(() => {
      window.print = () => undefined;
    });
    await page.getByRole('button', { name: 'Imprimer', exact: true }).click();
    await expect(page.getByText(/^Synchronisation impossible : la liste vient des données de \d\d:\d\d ; elle peut être ancienne\.$/)).toBeVisible({
      timeout: 30_000,
    });
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByText(/elle peut être ancienne/)).toBeVisible();
    await expect(page.getByTestId('rollcall-print-head')).toContainText(/Données de \d\d:\d\d/);
    await page.emulateMedia({ media: 'screen' });

    // English chosen in Paramètres: the toast already shown is now in English.
    await nav(page, 'Paramètres').click();
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).first().click();
    await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings', exact: true })).toBeVisible();
    // The notice of the save itself, given while the window was still in French, reads in English too.
    await expect(page.locator('.notice-info').filter({ hasText: 'Settings saved.' })).toBeVisible();
    await expect(page.getByText('Paramètres enregistrés.')).toHaveCount(0);
    await expect(toast).toContainText('Cannot reach the Festime server');
    await expect(toast).toContainText('connection refused');
    await expect(failure).toHaveText(/^Failed at \d\d:\d\d: Cannot reach the Festime server/);
    await expect(page.getByTestId('last-sync')).toHaveText(/^Last successful sync: /);
  } finally {
    await sim.stop();
    await app.stop();
  }
});
