// Terminaux as a site manager meets it: a skeleton while Festime answers; ONE control that empties
// every terminal (Festime's global_vider_iot empties them all), whose dialog lists each access point
// and waits for the word; then the panel that sends holders and reasons back; and, Festime gone,
// the last known state of each terminal with its date.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, nav, openDemo, shot, startApp, startSimulator, test } from './fixtures';

const ACCESS_POINTS = ['Entrée atelier - Melun', 'Accueil bureaux - Melun'];

/** No serious or critical accessibility fault on the page as it is. */
async function axeClean(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0]?.target}`)).toEqual([]);
}

/** "29/11" today at the site (the tests run in Paris time, the demo's terminals are in France). */
const todayInParis = () => new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit', timeZone: 'Europe/Paris' }).format(new Date());

test('one control empties all terminals, listing each; the word unlocks it; the holders and reasons go back', async ({ page, app }) => {
  await openDemo(page, app.url);
  // Festime slow to answer: the cards' shape shows, marked busy, until the report comes.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const terminalInfo = (url: URL) => decodeURIComponent(url.pathname) === '/api/terminals/info';
  await page.route(terminalInfo, async (route) => {
    await held;
    await route.continue();
  });
  await nav(page, 'Terminaux').click();
  const skeleton = page.getByRole('status', { name: 'Lecture de l’état des terminaux…' });
  await expect(skeleton).toBeVisible();
  await expect(skeleton).toHaveAttribute('aria-busy', 'true');
  await expect(skeleton.locator('.bar')).not.toHaveCount(0);
  await shot(page, 'terminaux-chargement');
  // Released: this read and the later ones go through.
  release();
  await expect(skeleton).toBeHidden();

  const cards = page.getByRole('article');
  await expect(cards).toHaveCount(2);
  for (const name of ACCESS_POINTS) await expect(page.getByRole('article', { name })).toContainText('25 (25 dans le registre)');
  // One emptying control, in the header, none on the cards.
  await expect(page.getByRole('button', { name: /vider/i })).toHaveCount(1);
  await expect(cards.getByRole('button')).toHaveCount(0);
  await axeClean(page);
  await shot(page, 'terminaux');

  await page.getByRole('button', { name: 'Vider tous les terminaux…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Vider tous les terminaux' });
  await expect(dialog).toContainText('TOUS les terminaux du compte');
  await expect(dialog.getByRole('list', { name: 'Points d’accès dont le terminal sera vidé (2) :' }).getByRole('listitem')).toHaveText([
    'Entrée atelier - Melun — terminal 8798',
    'Accueil bureaux - Melun — terminal 9112',
  ]);
  const go = dialog.getByRole('button', { name: 'Vider tous les terminaux' });
  const word = dialog.getByLabel('Tapez « VIDER » pour confirmer');
  await expect(go).toBeDisabled();
  for (const typed of ['Entrée atelier - Melun', 'VIDE', 'oui']) {
    await word.fill(typed);
    await expect(go).toBeDisabled();
  }
  await word.fill(' vider ');
  await expect(go).toBeEnabled();
  await axeClean(page);
  await shot(page, 'terminaux-vider');
  await go.click();
  await expect(dialog).toBeHidden();

  const emptiedReport = page.getByRole('region', { name: 'Vidage des terminaux : réponse de Festime' });
  await expect(emptiedReport.getByRole('listitem')).toHaveCount(2);
  await expect(emptiedReport).toContainText('OK');
  const panel = page.getByRole('region', { name: 'Les terminaux sont vides : personne ne peut badger.' });
  await expect(panel).toBeVisible();
  const refill = panel.getByRole('button', { name: 'Renvoyer les badgés et les motifs maintenant' });
  // The dialog closed on the next thing to do.
  await expect(refill).toBeFocused();
  for (const name of ACCESS_POINTS) await expect(page.getByRole('article', { name })).toContainText('0 (différent du registre (25))');
  await axeClean(page);
  await shot(page, 'terminaux-vides');

  await refill.click();
  await expect(page.getByRole('region', { name: 'Envoi des badgés : réponse de Festime' })).toContainText('OK');
  await expect(page.getByRole('region', { name: 'Envoi des motifs de pause : réponse de Festime' })).toContainText('OK');
  await expect(panel).toBeHidden();
  for (const name of ACCESS_POINTS) {
    const card = page.getByRole('article', { name });
    await expect(card).toContainText('25 (25 dans le registre)');
    await expect(card.getByRole('definition').last()).toHaveText('3');
  }
  await shot(page, 'terminaux-renvoyes');

  // The header's four actions and the cards hold at 1366×768, 1024×640 and 200 % zoom (640×360).
  for (const [width, height] of [
    [1366, 768],
    [1024, 640],
    [640, 360],
  ] as const) {
    await page.setViewportSize({ width, height });
    await expect(page.getByRole('button', { name: 'Vider tous les terminaux…' })).toBeInViewport();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${width}×${height}`).toBeLessThanOrEqual(1);
    await shot(page, `terminaux-${width}x${height}`);
  }
});

test('Festime gone: each terminal’s last known state with its date, and why it is not live', async ({ page }) => {
  const sim = await startSimulator();
  const app = await startApp();
  try {
    await page.goto(app.url);
    await page.getByLabel('Adresse du serveur').fill(sim.url);
    await page.getByLabel('Identifiant du compte').fill('demo');
    await page.getByLabel('Mot de passe').fill('Demo&Pass+45$ é');
    await page.getByRole('button', { name: 'Tester la connexion et enregistrer' }).click();
    await expect(page.getByText(/Synchronisation terminée : \d+ nouveaux pointages/)).toBeVisible({ timeout: 60_000 });
    await nav(page, 'Terminaux').click();
    await expect(page.getByRole('article', { name: ACCESS_POINTS[0] })).toContainText('ONLINE');
    await expect(page.getByText(/État connu au/)).toHaveCount(0);

    await sim.stop();
    await page.reload();
    await nav(page, 'Terminaux').click();
    const banner = page.getByRole('alert').filter({ hasText: 'Impossible de lire l’état des terminaux.' });
    await expect(banner).toContainText('Impossible de joindre le serveur Festime');
    const day = todayInParis();
    await expect(banner).toContainText(new RegExp(`Ci-dessous, leur dernier état connu, au ${day} à \\d\\d:\\d\\d\\.`));
    for (const name of ACCESS_POINTS) {
      const card = page.getByRole('article', { name });
      await expect(card).toContainText(new RegExp(`État connu au ${day} à \\d\\d:\\d\\d`));
      await expect(card).toContainText('ONLINE');
      await expect(card).toContainText(/N° de série\s*(8798|9112)/);
    }
    await expect(page.getByTestId('online-state')).toHaveText('Hors ligne');
    await axeClean(page);
    await shot(page, 'terminaux-hors-ligne');
  } finally {
    await sim.stop();
    await app.stop();
  }
});
