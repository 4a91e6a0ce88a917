// A site manager's first day with the demo: first run, a sync with its progress, filtering punches,
// badge holders created / edited / deleted and pushed, a Festime KO, a terminal emptied, a payroll
// correction, the monthly workbook downloaded and read back by LibreOffice. Screens are photographed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sheetsAsShown } from '../helpers/libreoffice';
import { expect, lastMonthIn, nav, serialApp, shot, test, hoursAfter } from './fixtures';

const shared = serialApp();

const count = async () => Number((await shared.page.getByTestId('punch-count').innerText()).replace(/\D/g, ''));

test('first run: the demo, then a first sync whose progress is shown', async () => {
  const { app, page } = shared;
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'Bienvenue dans Festime Desk' })).toBeVisible();
  await expect(page.getByLabel('Adresse du serveur')).toHaveValue('https://festime.mytiming.fr');
  await shot(page, '01-premier-lancement');
  // Record every progress text the status bar shows, however brief.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { progressSeen: string[] }).progressSeen = seen;
    new MutationObserver(() => {
      const text = document.querySelector('.status-progress [role="status"]')?.textContent;
      if (text && seen[seen.length - 1] !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByRole('button', { name: 'Essayer avec des données de démonstration' }).click();
  await expect(page.getByRole('heading', { name: 'Pointages' })).toBeVisible();
  await expect(page.getByText(/Synchronisation terminée : \d+ nouveaux pointages/)).toBeVisible({ timeout: 60_000 });
  const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
  expect(seen.some((s) => s.startsWith('Lecture des pointages chez Festime'))).toBe(true);
  expect(seen.some((s) => /^Enregistrement : \d+ \/ \d+$/.test(s))).toBe(true);
  await expect(page.getByTestId('last-sync')).toHaveText('Dernière synchronisation réussie : à l’instant');
  await expect(page.getByTestId('online-state')).toHaveText('En ligne');
  expect(await count()).toBeGreaterThan(3000);
  // The newest punch first: from the last days (yesterday's on a new year's first night).
  const recent = [0, 1, 2, 3].map((n) => new Date(Date.now() - n * 86_400_000).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' }));
  expect(recent).toContain((await page.getByRole('row').nth(1).innerText()).slice(0, 10));
});

test('filtering punches by person, type and text; the counts and rows follow', async () => {
  const { page } = shared;
  const all = await count();
  const person = page.getByRole('combobox', { name: 'Personne', exact: true });
  const option = (await person.locator('option').nth(1).textContent()) ?? '';
  await person.selectOption({ index: 1 });
  await expect.poll(count).toBeLessThan(all);
  const forPerson = await count();
  expect(forPerson).toBeGreaterThan(20);
  const name = option.replace(/ \(\d+\)$/, '');
  await page.getByRole('combobox', { name: 'Type', exact: true }).selectOption({ label: 'Départ' });
  await expect.poll(count).toBeLessThan(forPerson);
  const rows = page.getByRole('table', { name: 'Liste des pointages' }).getByRole('row');
  await expect(rows.nth(1)).toContainText(name);
  for (let i = 1; i <= 5; i++) await expect(rows.nth(i)).toContainText('Départ');
  await shot(page, '02-pointages-filtres');
  await page.getByRole('button', { name: 'Effacer les filtres' }).click();
  await expect.poll(count).toBe(all);
  await page.getByRole('searchbox', { name: 'Recherche' }).fill('déjeuner');
  await expect.poll(count).toBeLessThan(all);
  await expect(rows.nth(1)).toContainText('Déjeuner');
  await expect(rows.nth(1)).toContainText('Pause');
  await page.getByRole('button', { name: 'Effacer les filtres' }).click();
  await expect(page.getByRole('heading', { name: 'Présents maintenant' })).toBeVisible();
  await expect(page.getByRole('img', { name: /Nombre de personnes présentes pour chaque heure/ })).toBeVisible();
  await shot(page, '03-pointages');
});

test('a badge holder created, refused when the badge exists (Festime’s KO), edited, deleted, pushed to the terminals', async () => {
  const { page } = shared;
  await nav(page, 'Badgés').click();
  await expect(page.getByRole('heading', { name: 'Badgés', exact: true })).toBeVisible();
  await shot(page, '04-badges');

  await page.getByRole('button', { name: 'Ajouter un badgé' }).click();
  let dialog = page.getByRole('dialog', { name: 'Ajouter un badgé' });
  await dialog.getByLabel('UID (badge)').fill('858745632');
  await dialog.getByLabel('Nom', { exact: true }).fill('DUPONT');
  await dialog.getByLabel('Prénom').fill('Mario;');
  await dialog.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(dialog.getByText('Le champ « Prénom » contient un caractère interdit (« ; »).')).toBeVisible();
  await dialog.getByLabel('Prénom').fill('Mario');
  await dialog.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(page.getByText('Festime a accepté : Utilisateur ajouté dans Festime — DUPONT / Mario / 858745632')).toBeVisible();
  await expect(dialog).toBeHidden();
  const row = page.getByRole('row', { name: /858745632/ });
  await expect(row).toContainText('à envoyer aux terminaux');

  // The same badge again: Festime says no, in its own words, readable in the dialog.
  await page.getByRole('button', { name: 'Ajouter un badgé' }).click();
  dialog = page.getByRole('dialog', { name: 'Ajouter un badgé' });
  await dialog.getByLabel('UID (badge)').fill('858745632');
  await dialog.getByLabel('Nom', { exact: true }).fill('DUPONT');
  await dialog.getByLabel('Prénom').fill('Mario');
  await dialog.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(dialog.getByRole('alert')).toHaveText(/^Festime a refusé la demande : .*858745632/);
  await shot(page, '05-badge-refuse');
  await dialog.getByRole('button', { name: 'Annuler' }).click();

  await page.getByRole('button', { name: 'Modifier Mario DUPONT' }).click();
  dialog = page.getByRole('dialog', { name: 'Modifier le badgé 858745632' });
  await dialog.getByLabel('Prénom').fill('Mario Sylva');
  await dialog.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('row', { name: /858745632/ })).toContainText('Mario Sylva');

  const banner = page.getByRole('region', { name: /changements? à envoyer aux terminaux/ });
  await expect(banner).toBeVisible();
  await banner.getByRole('button', { name: 'Envoyer aux terminaux' }).click();
  await expect(page.getByText('Badgés envoyés aux terminaux.')).toBeVisible();
  await expect(banner).toBeHidden();
  await expect(page.getByRole('row', { name: /858745632/ })).toContainText('à jour');

  await page.getByRole('button', { name: 'Supprimer Mario Sylva DUPONT' }).click();
  dialog = page.getByRole('dialog', { name: 'Supprimer le badgé' });
  await expect(dialog).toContainText('Supprimer Mario Sylva DUPONT (badge 858745632) de Festime ?');
  await dialog.getByRole('button', { name: 'Supprimer' }).click();
  // Deleted at Festime, still listed until the terminals are updated.
  await expect(page.getByRole('row', { name: /858745632/ })).toContainText('Suppression : à envoyer aux terminaux');
  await banner.getByRole('button', { name: 'Envoyer aux terminaux' }).click();
  await expect(page.getByRole('row', { name: /858745632/ })).toHaveCount(0);
});

test('emptying the terminals needs the word typed', async () => {
  const { page } = shared;
  await nav(page, 'Terminaux').click();
  const card = page.getByRole('article', { name: 'Entrée atelier - Melun' });
  await expect(card).toContainText('ONLINE');
  await shot(page, '06-terminaux');
  await page.getByRole('button', { name: 'Vider tous les terminaux…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Vider tous les terminaux' });
  const go = dialog.getByRole('button', { name: 'Vider tous les terminaux' });
  await expect(go).toBeDisabled();
  await dialog.getByLabel('Tapez « VIDER » pour confirmer').fill('Entrée atelier - Melun');
  await expect(go).toBeDisabled();
  await dialog.getByLabel('Tapez « VIDER » pour confirmer').fill('VIDER');
  await go.click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('region', { name: 'Vidage des terminaux : réponse de Festime' })).toContainText('OK');
  await expect(card.getByText(/^0 /)).toBeVisible();
  await page.getByRole('button', { name: 'Envoyer les badgés', exact: true }).click();
  await expect(card.getByText(/^25 /)).toBeVisible();
});

test('a correction in the month, then the workbook downloaded and read back by LibreOffice', async () => {
  const { app, page } = shared;
  await nav(page, 'Export mensuel').click();
  const lastMonth = await lastMonthIn(page);
  await page.getByLabel('Mois').fill(lastMonth);
  const table = page.getByRole('table', { name: 'Export mensuel' });
  await expect(table).toHaveAttribute('data-month', lastMonth);
  await expect(table.getByRole('row')).toHaveCount(25 + 2);
  await shot(page, '07-export-mensuel');

  // A holder whose day to check is a forgotten departure: their page, that day, the departure added with a comment.
  const before = await table.locator('tfoot tr').innerText();
  const flagged = table.locator('tr.has-anomaly');
  const calendar = page.getByRole('table', { name: /^Calendrier de / });
  const panel = page.getByRole('region', { name: /^Journée du / });
  let holderName = '';
  let found = false;
  for (let i = 0; i < (await flagged.count()) && !found; i++) {
    holderName = (await flagged.nth(i).getByRole('rowheader').innerText()).trim();
    await flagged
      .nth(i)
      .getByRole('button', { name: `Ouvrir la page de ${holderName}` })
      .click();
    await expect(page.getByRole('heading', { level: 2, name: holderName })).toBeVisible();
    const days = calendar.getByRole('button', { name: /anomalie/ });
    for (let d = 0; d < (await days.count()) && !found; d++) {
      await days.nth(d).click();
      await expect(panel.getByRole('heading', { name: 'Ajouter un pointage' })).toBeVisible();
      found = await panel.getByText(/^départ manquant/).isVisible();
    }
    if (!found) await page.getByRole('button', { name: 'Retour : Export mensuel' }).click();
  }
  await expect(panel.getByText(/^départ manquant/)).toBeVisible();
  await shot(page, '08-journee');
  const form = panel.getByRole('form', { name: 'Ajouter un pointage' });
  // A day's work after the arrival the anomaly names (within the 16 h a shift may last).
  const arrival = /\((\d\d:\d\d)\)/.exec(await panel.getByText(/^départ manquant/).innerText())![1]!;
  await form.getByLabel('Heure').fill(hoursAfter(arrival, 9));
  await form.getByLabel('Type').selectOption({ label: 'Départ' });
  await form.getByLabel('Commentaire (obligatoire)').fill('Oubli de badge signalé par le salarié');
  await form.getByRole('button', { name: 'Ajouter un pointage' }).click();
  await expect(panel.getByRole('row').filter({ hasText: 'ajouté (correction)' })).toContainText('« Oubli de badge signalé par le salarié »');
  await expect(panel.getByText(/^départ manquant/)).toBeHidden();
  // Back to the month it came from.
  await page.getByRole('button', { name: 'Retour : Export mensuel' }).click();
  await expect(table).toHaveAttribute('data-month', lastMonth);
  // The preview is computed again with the correction: the month's totals grow.
  await expect.poll(() => table.locator('tfoot tr').innerText()).not.toBe(before);

  const preview = (await table.locator('tfoot tr').innerText())
    .split('\t')
    .map((s) => s.trim())
    .filter(Boolean);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporter vers Excel' }).click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^Festime_.+_${lastMonth}\\.xlsx$`));
  const file = join(app.dataDir, download.suggestedFilename());
  await download.saveAs(file);
  await expect(page.getByText(`Classeur ${download.suggestedFilename()} téléchargé.`)).toBeVisible();
  const sheets = sheetsAsShown(file);
  const summary = sheets['Synthèse']!;
  const totals = summary.find((r) => r[0] === 'Total')!;
  expect(totals).toBeDefined();
  // The totals the app shows (days, then worked, pause, overtime, night, Sunday, holiday and the
  // complementary hours at +10 % and +25 % in h:mm) are the workbook's SUM totals as LibreOffice
  // computes and shows them: its nine h:mm totals, in the same order.
  const workbookDurations = totals.filter((c) => /^\d+:\d\d$/.test(c));
  expect(workbookDurations).toHaveLength(9);
  // The preview's totals row: « Totaux », the anomalies and alerts (beside the name), then the figures.
  expect(preview.slice(3, 13)).toEqual([totals.find((c) => /^\d+$/.test(c)), ...workbookDurations]);
  expect(summary.map((r) => r.join(' ')).join('\n')).toContain(holderName.split(' ')[0]!);
  expect(sheets['Corrections']!.map((r) => r.join(' ')).join('\n')).toContain('Oubli de badge signalé par le salarié');
  expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');

  // Exported, the month can be closed; a correction is then refused.
  await page.getByRole('button', { name: 'Clore le mois' }).click();
  // Confirmed, the month's anomalies still open counted (month-close.e2e.ts covers the dialog).
  await page
    .getByRole('dialog', { name: /^Clore / })
    .getByRole('button', { name: /^Clore (quand même|le mois)$/ })
    .click();
  await expect(page.getByText('Mois clos', { exact: true })).toBeVisible();
  await shot(page, '09-mois-clos');
});

test('settings: language switch to English and back', async () => {
  const { page } = shared;
  await nav(page, 'Paramètres').click();
  await expect(page.getByRole('heading', { name: 'Paramètres' })).toBeVisible();
  // The demo's terminals say "France": the site's zone follows them until another is chosen.
  await expect(page.getByLabel('Fuseau horaire du site')).toHaveValue('auto');
  await expect(page.getByLabel('Fuseau horaire du site').locator('option:checked')).toHaveText('Comme ses terminaux (France métropolitaine)');
  // Where a support person finds the log.
  await expect(page.getByTestId('log-dir')).toContainText('logs');
  await shot(page, '10-parametres');
  await page.getByLabel('Langue').selectOption('en');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Punches', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByText(/Backup made: .*festime-desk-\d{4}-\d\d-\d\d-\d{6}(-\d+)?\.sqlite/)).toBeVisible();
  await shot(page, '11-settings-en');
  await page.getByLabel('Language').selectOption('fr');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(nav(page, 'Pointages')).toBeVisible();
});
