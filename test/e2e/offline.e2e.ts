// A real account on a Festime server that goes away: connect (the test of the connection is real),
// sync, then the server stops — the punches stay browsable from the cache, and the failed sync
// says in plain French what happened and what to do. Also: keyboard use and 200 % zoom.
import { expect, shot, startApp, startSimulator, test } from './fixtures';

test('connect an account, then keep browsing punches offline', async ({ page }) => {
  const sim = await startSimulator();
  const app = await startApp();
  try {
    await page.goto(app.url);
    await page.getByLabel('Adresse du serveur').fill(sim.url);
    await page.getByLabel('Identifiant du compte').fill('demo');
    // A wrong password first: Festime's refusal, readable, and nothing saved.
    await page.getByLabel('Mot de passe').fill('pas le bon');
    await page.getByRole('button', { name: 'Tester la connexion et enregistrer' }).click();
    await expect(page.getByRole('alert')).toHaveText(/^Festime a refusé la demande : /);
    await expect(page.getByRole('alert')).not.toContainText('pas le bon');
    await page.getByLabel('Mot de passe').fill('Demo&Pass+45$ é');
    await page.getByLabel('Nom du site (facultatif)').fill('Atelier de Melun');
    await page.getByRole('button', { name: 'Tester la connexion et enregistrer' }).click();
    await expect(page.getByText(/Synchronisation terminée : \d+ nouveaux pointages/)).toBeVisible({ timeout: 60_000 });
    const total = Number((await page.getByTestId('punch-count').innerText()).replace(/\D/g, ''));
    expect(total).toBeGreaterThan(3000);
    // The page never saw the password: not in its storage, not in its document.
    expect(
      await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }) + document.documentElement.outerHTML),
    ).not.toContain('Demo&Pass');

    await sim.stop();
    await page.reload();
    await expect(page.getByTestId('punch-count')).toHaveText(`${total.toLocaleString('fr-FR')} pointages`);
    await page.getByRole('combobox', { name: 'Type', exact: true }).selectOption({ label: 'Arrivée' });
    await expect.poll(async () => Number((await page.getByTestId('punch-count').innerText()).replace(/\D/g, ''))).toBeLessThan(total);
    await page.getByRole('button', { name: 'Synchroniser', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Impossible de joindre le serveur Festime' }).first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('online-state')).toHaveText('Hors ligne');
    // The server stopped: the connection is refused, which says to check the address, not to wait.
    await expect(page.locator('.status-error')).toContainText('connexion refusée, rien n’écoute à cette adresse. Vérifiez l’adresse du serveur et son port');
    await shot(page, '12-hors-ligne');
  } finally {
    await sim.stop();
    await app.stop();
  }
});

test('keyboard reachable with a visible focus, and readable at 200 % zoom', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Essayer avec des données de démonstration' }).click();
  await expect(page.getByText(/Synchronisation terminée/)).toBeVisible({ timeout: 60_000 });
  // Tab from the top reaches the sections, each with a visible focus ring.
  await page.keyboard.press('Tab');
  const focused = page.locator(':focus');
  await expect(focused).toHaveText('Pointages');
  expect(await focused.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
  await page.keyboard.press('Tab');
  // « À vérifier » may carry its count.
  await expect(focused).toHaveText(/^À vérifier/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'À vérifier', exact: true })).toBeVisible();

  // 200 %: the same window seen through a viewport half as wide and high.
  await page.setViewportSize({ width: 640, height: 360 });
  for (const section of ['Pointages', 'À vérifier', 'Présents', 'Badgés', 'Terminaux', 'Export mensuel', 'Paramètres']) {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: section, exact: true }).click();
    await expect(page.getByRole('heading', { name: section, level: 2 }).first()).toBeVisible();
    // Nothing wider than the window except inside the scrollable tables.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, section).toBeLessThanOrEqual(1);
  }
  await shot(page, '13-zoom-200');
});
