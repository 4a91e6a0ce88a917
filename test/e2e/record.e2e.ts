// The record a site manager relies on, as a user sees it at 1366×768: backups made and one restored
// from Paramètres (a confirmation that says what happens, usable with the keyboard, Cancel and
// Escape harmless, the change made since the backup gone afterwards), and the month screen saying
// how current its figures are — « Données jusqu’au … », and a terminal gone offline named with its
// day after a sync, in French and in English.
import type { Locator, Page } from '@playwright/test';
import { createSimulator } from '../../main/core/festime/simulator/server';
import { DEMO_LOGIN, DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { DEFAULT_SITE_ZONE, wallClockAt } from '../../shared/time';
import { expect, nav, openDemo, shot, test } from './fixtures';

test.use({ viewport: { width: 1366, height: 768 } });

/** "2026-11-30T01:26:41" at the site (the demo's terminals are in Paris). */
const siteNow = () => wallClockAt(new Date(), DEFAULT_SITE_ZONE).slice(0, 19);
/** "30/11/2026 01:26" as the app writes a site time. */
const shown = (wall: string) => `${wall.slice(8, 10)}/${wall.slice(5, 7)}/${wall.slice(0, 4)} ${wall.slice(11, 16)}`;
/** The error notices (role alert); the info ones are role status. */
const errorNotices = (page: Page) => page.locator('.notices [role="alert"]');

/** Whether the keyboard focus is inside the element. */
const focusInside = (where: Locator) => where.evaluate((el) => el.contains(document.activeElement) && document.activeElement !== el);
/** Whether the keyboard focus is on a control outside the element (not merely the page itself). */
const focusOutside = (where: Locator) =>
  where.evaluate((el) => {
    const active = document.activeElement;
    return active !== null && active !== document.body && !el.contains(active);
  });

test('a backup restored from Paramètres: a clear warning, Cancel and Escape harmless, the change made since gone', async ({ page, app }) => {
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await openDemo(page, app.url);

  // The month before any change: its totals, and the first holder's day without correction.
  await nav(page, 'Export mensuel').click();
  const table = page.getByRole('table', { name: 'Export mensuel' });
  await expect(table.locator('tbody tr').first()).toBeVisible();
  const totalsBefore = await table.locator('tfoot tr').innerText();
  const first = table.locator('tbody tr').first().getByRole('rowheader');
  const holder = (await first.innerText()).trim();
  // The holder's page, on the month's first day to check: that day, its punches and corrections in place.
  const openDay = async () => {
    await first.getByRole('button', { name: `Ouvrir la page de ${holder}` }).click();
    await expect(page.getByRole('heading', { level: 2, name: holder })).toBeVisible();
    const panel = page.getByRole('region', { name: /^Journée du / });
    await expect(panel.getByRole('heading', { name: 'Ajouter un pointage' })).toBeVisible();
    return panel;
  };
  const back = () => page.getByRole('button', { name: 'Retour : Export mensuel' }).click();
  let day = await openDay();
  await expect(day.getByText('ajouté (correction)')).toHaveCount(0);
  await back();

  // First backup, before the change.
  await nav(page, 'Paramètres').click();
  const data = page.getByRole('region', { name: 'Données' });
  const listed = data.getByRole('list').getByRole('listitem');
  // The first good sync of the day made the day's backup.
  await expect(listed).toHaveCount(1);
  const already = 1;
  const backupNow = async () => {
    await data.getByRole('button', { name: 'Sauvegarder maintenant' }).click();
    const notice = page.getByRole('status').filter({ hasText: /^Sauvegarde faite : / });
    await expect(notice).toBeVisible();
    const file = /festime-desk-(\d{4}-\d\d-\d\d)-(\d\d)(\d\d)(\d\d)(?:-\d+)?\.sqlite/.exec(await notice.innerText());
    expect(file).not.toBeNull();
    await notice.getByRole('button', { name: 'Fermer' }).click();
    return `${file![1]} ${file![2]}:${file![3]}:${file![4]}`;
  };
  const before = await backupNow();
  await expect(listed).toHaveCount(already + 1);
  await expect(listed.first()).toContainText(before);

  // The change: a payroll correction on that holder's day.
  await nav(page, 'Export mensuel').click();
  day = await openDay();
  const form = day.getByRole('form', { name: 'Ajouter un pointage' });
  await form.getByLabel('Heure').fill('23:30');
  await form.getByLabel('Type').selectOption({ label: 'Départ' });
  await form.getByLabel('Commentaire (obligatoire)').fill('Correction faite après la sauvegarde');
  await form.getByRole('button', { name: 'Ajouter un pointage' }).click();
  await expect(day.getByRole('row').filter({ hasText: 'ajouté (correction)' })).toContainText('« Correction faite après la sauvegarde »');
  await back();
  await expect(day).toBeHidden();

  // A second backup, a second later at least (backups are named to the second): both listed, newest first.
  await page.waitForTimeout(1100);
  await nav(page, 'Paramètres').click();
  const after = await backupNow();
  expect(after > before).toBe(true);
  await expect(listed).toHaveCount(already + 2);
  await expect(listed.nth(0)).toContainText(after);
  await expect(listed.nth(1)).toContainText(before);
  await shot(page, '20-sauvegardes');

  const openRestore = async () => {
    await data.getByRole('button', { name: 'Restaurer une sauvegarde…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Restaurer une sauvegarde…' });
    await expect(dialog).toBeVisible();
    return dialog;
  };
  let dialog = await openRestore();
  // What happens, said before it happens: the current data replaced, and kept aside.
  await expect(dialog).toContainText('Remplacer la base actuelle par la sauvegarde choisie ?');
  await expect(dialog).toContainText('La base actuelle est gardée à côté, renommée.');
  const choice = dialog.getByRole('group', { name: 'Sauvegarde à restaurer' });
  await expect(choice.getByRole('radio')).toHaveCount(already + 2);
  await expect(choice.getByRole('radio', { name: after })).toBeChecked();
  // The keyboard is in the dialog, and nothing behind it can be reached: Tab goes round its
  // controls (the radios, Annuler, Confirmer), leaving the page only for the browser's own stop.
  expect(await focusInside(dialog)).toBe(true);
  let inside = 0;
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    expect(await focusOutside(dialog), `Tab ${i + 1}`).toBe(false);
    if (await focusInside(dialog)) inside++;
  }
  expect(inside).toBeGreaterThanOrEqual(4);
  await choice.getByRole('radio', { name: before }).check();
  await shot(page, '21-restaurer-confirmation');
  // Escape: nothing restored.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  // Cancel: nothing restored either.
  dialog = await openRestore();
  await dialog.getByRole('group', { name: 'Sauvegarde à restaurer' }).getByRole('radio', { name: before }).check();
  await dialog.getByRole('button', { name: 'Annuler' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(/restaurée ; l’ancienne base est gardée sous/)).toHaveCount(0);
  await nav(page, 'Export mensuel').click();
  day = await openDay();
  await expect(day.getByText('« Correction faite après la sauvegarde »')).toBeVisible();
  await back();

  // Confirmed: the backup made before the change is back.
  await nav(page, 'Paramètres').click();
  dialog = await openRestore();
  await dialog.getByRole('group', { name: 'Sauvegarde à restaurer' }).getByRole('radio', { name: before }).check();
  await dialog.getByRole('button', { name: 'Confirmer' }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page.getByRole('status').filter({
      hasText: new RegExp(`^Sauvegarde du ${before} restaurée ; l’ancienne base est gardée sous .*festime-desk\\.before-restore-\\d{8}-\\d{6}\\.sqlite`),
    }),
  ).toBeVisible();
  await shot(page, '22-restauree');
  await expect(errorNotices(page)).toHaveCount(0);
  // The screen stays usable: the backups still listed, the data reloaded.
  await expect(page.getByRole('heading', { name: 'Paramètres' })).toBeVisible();
  await expect(listed).toHaveCount(already + 2);
  await nav(page, 'Export mensuel').click();
  await expect.poll(() => table.locator('tfoot tr').innerText()).toBe(totalsBefore);
  day = await openDay();
  await expect(day.getByText('ajouté (correction)')).toHaveCount(0);
  await expect(day.getByText('« Correction faite après la sauvegarde »')).toHaveCount(0);
  await back();
  // And a sync afterwards works, as the warning advised.
  await nav(page, 'Pointages').click();
  await expect(page.getByTestId('punch-count')).toHaveText(/^\d[\d\s\u202f]* pointages$/);
  expect(Number((await page.getByTestId('punch-count').innerText()).replace(/\D/g, ''))).toBeGreaterThan(3000);
  await page.getByRole('button', { name: 'Synchroniser', exact: true }).click();
  await expect(page.getByText(/Synchronisation terminée : \d+ nouveaux pointages/)).toBeVisible({ timeout: 60_000 });
  await expect(errorNotices(page)).toHaveCount(0);
});

test('the month says how current it is: « Données jusqu’au », then a terminal offline since a day, in French and English', async ({ page, app }) => {
  page.on('pageerror', (error) => console.error('page error:', error.message));
  // A Festime of its own, in this process, whose terminals the test switches off.
  const sim = createSimulator();
  await sim.listen(0);
  try {
    await page.goto(app.url);
    await page.getByLabel('Adresse du serveur').fill(sim.url);
    await page.getByLabel('Identifiant du compte').fill(DEMO_LOGIN);
    await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
    const firstSync = siteNow();
    await page.getByRole('button', { name: 'Tester la connexion et enregistrer' }).click();
    await expect(page.getByText(/Synchronisation terminée : \d+ nouveaux pointages/)).toBeVisible({ timeout: 60_000 });
    const firstSynced = siteNow();

    await nav(page, 'Export mensuel').click();
    const table = page.getByRole('table', { name: 'Export mensuel' });
    await expect(table).toHaveAttribute('data-month', firstSync.slice(0, 7));
    const until = page.getByText(/^Données jusqu’au /);
    await expect(until).toHaveText(new RegExp(`^Données jusqu’au (${shown(firstSync)}|${shown(firstSynced)})$`));
    await expect(page.getByRole('alert').filter({ hasText: 'hors ligne' })).toHaveCount(0);
    await shot(page, '23-mois-donnees-jusqua');

    // The workshop's entrance stops talking to Festime now; a sync, the month screen left open.
    const since = siteNow();
    sim.setTerminal(DEMO_LOGIN, 'Entrée atelier - Melun', { online: false, lastScanAt: since });
    // The first sync's notice gone first (it goes by itself), so that the next one is this sync's.
    await expect(page.getByRole('status').filter({ hasText: /^Synchronisation terminée/ })).toHaveCount(0);
    const secondSync = siteNow();
    await page.getByRole('button', { name: 'Synchroniser', exact: true }).click();
    await expect(page.getByText(/Synchronisation terminée : \d+ nouveaux pointages/)).toBeVisible({ timeout: 60_000 });
    const secondSynced = siteNow();
    const dayShown = `${since.slice(8, 10)}/${since.slice(5, 7)}`;
    const warning = page.getByRole('alert').filter({ hasText: 'hors ligne' });
    await expect(warning).toHaveText(`Le terminal Entrée atelier - Melun est hors ligne depuis le ${dayShown} : des pointages peuvent manquer`);
    // The line follows the new sync (without leaving the screen).
    await expect(until).toHaveText(new RegExp(`^Données jusqu’au (${shown(secondSync)}|${shown(secondSynced)})$`));
    await shot(page, '24-mois-terminal-hors-ligne');

    // In English.
    await nav(page, 'Paramètres').click();
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await nav(page, 'Monthly export').click();
    await expect(page.getByText(/^Data up to /)).toHaveText(/^Data up to \d\d\/\d\d\/\d{4} \d\d:\d\d$/);
    await expect(page.getByRole('alert').filter({ hasText: 'offline' })).toHaveText(
      `The terminal Entrée atelier - Melun has been offline since ${dayShown}: punches may be missing`,
    );
    await shot(page, '25-month-offline-en');
  } finally {
    await sim.close();
  }
});
