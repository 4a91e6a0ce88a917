// Employee records and absences in the window: the demo's contracts (matricules in the Badgés
// list), a contract change from a day in the holder's dialog ("Contrat et paie"), the demo's
// absences of last month, and a CP absence added in the day dialog and listed there.
import { expect, serialApp, shot, test } from './fixtures';

const shared = serialApp();

const nav = (name: string) => shared.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true });

test('a contract set in the holder dialog, a CP absence added in the day dialog and listed', async () => {
  const { app, page } = shared;
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Essayer avec des données de démonstration' }).click();
  await expect(page.getByText(/Synchronisation terminée : \d+ nouveaux pointages/)).toBeVisible({ timeout: 60_000 });
  const { lastMonth, firstOfMonth } = await page.evaluate(() => {
    const d = new Date();
    const first = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-01`;
    d.setDate(1);
    d.setMonth(d.getMonth() - 1);
    return { lastMonth: `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`, firstOfMonth: first };
  });

  // The demo's matricules in the register.
  await nav('Badgés').click();
  const martin = page.getByRole('row').filter({ hasText: 'MARTIN' });
  await expect(martin).toContainText('M0001');
  await martin.getByRole('button', { name: 'Modifier Élodie MARTIN' }).click();
  const dialog = page.getByRole('dialog');
  const contract = dialog.getByRole('form', { name: 'Contrat et paie' });
  await expect(contract.getByLabel('Matricule')).toHaveValue('M0001');
  await contract.getByLabel('Type de contrat').selectOption('part-time');
  await contract.getByLabel('Heures hebdomadaires').fill('28');
  await contract.getByLabel('Mer', { exact: true }).uncheck();
  await contract.getByLabel('À partir du').fill(firstOfMonth);
  await contract.getByRole('button', { name: 'Enregistrer le contrat' }).click();
  await expect(page.getByText(`Contrat enregistré à partir du ${firstOfMonth}.`)).toBeVisible();
  await expect(contract.getByText(/Versions : \d{4}-\d{2}-\d{2}, /)).toBeVisible();
  await shot(page, '30-contrat-et-paie');
  // A part-time contract of 36 h is refused, the field named.
  await contract.getByLabel('Heures hebdomadaires').fill('36');
  await contract.getByRole('button', { name: 'Enregistrer le contrat' }).click();
  await expect(contract.getByRole('alert')).toContainText('« Heures hebdomadaires » d’un temps partiel doit être inférieur à 35 heures');
  await dialog.getByRole('button', { name: 'Annuler' }).click();

  // Last month, in the day dialog: the demo's week of paid leave, then a CP added for MARTIN.
  await nav('Export mensuel').click();
  await page.getByLabel('Mois').fill(lastMonth);
  const table = page.getByRole('table', { name: 'Export mensuel' });
  await expect(table).toHaveAttribute('data-month', lastMonth);
  await table
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: 'MARTIN Élodie' }) })
    .getByRole('button')
    .click();
  const day = page.getByRole('dialog', { name: /^MARTIN Élodie/ });
  const when = `${lastMonth}-15`;
  await day.getByLabel('Jour', { exact: true }).fill(when);
  await expect(day.getByText('Aucune absence ce jour.')).toBeVisible();
  const form = day.getByRole('form', { name: 'Absence' });
  await form.getByLabel('Code').selectOption('CP');
  await form.getByLabel('Commentaire').fill('Congé posé par téléphone');
  await form.getByRole('button', { name: 'Ajouter l’absence' }).click();
  await expect(day.getByText('CP — Congés payés', { exact: false }).first()).toBeVisible();
  await expect(day.getByText('« Congé posé par téléphone »', { exact: false })).toBeVisible();
  await day.getByRole('heading', { name: 'Absences du jour' }).scrollIntoViewIfNeeded();
  await shot(page, '31-absence-cp');
  // The same day again is refused, said plainly.
  await form.getByLabel('Code').selectOption('MAL');
  await form.getByLabel('Commentaire').fill('Malade');
  await form.getByRole('button', { name: 'Ajouter l’absence' }).click();
  await expect(day.getByRole('alert')).toContainText('ce badgé a déjà une absence CP');
  // Removed: listed struck out, the remove button gone.
  await day.getByRole('button', { name: 'Retirer' }).click();
  await expect(day.getByRole('button', { name: 'Retirer' })).toHaveCount(0);
  await day.getByRole('button', { name: 'Fermer' }).click();
});
