// The month's three outputs for payroll side by side in Export mensuel, each saying what it is for:
// the workbook, the payroll-variables file (refused while someone lacks a payroll number: the
// names listed, each opening that holder's « Contrat et paie »), the statements to sign.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { bridgeCall, expect, lastMonthIn, nav, openDemo, serialApp, shot, test } from './fixtures';

const shared = serialApp();

/** Clicks a button that makes a file and keeps the download in the data folder: its name and bytes. */
async function downloaded(page: Page, dataDir: string, button: string): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: button, exact: true }).click()]);
  const file = join(dataDir, download.suggestedFilename());
  await download.saveAs(file);
  return { name: download.suggestedFilename(), bytes: readFileSync(file) };
}

test('the three outputs under the month; a missing payroll number listed, its name opening the holder; then the file and the statements', async () => {
  const { app, page } = shared;
  await page.setViewportSize({ width: 1366, height: 768 });
  await openDemo(page, app.url);
  const lastMonth = await lastMonthIn(page);

  await nav(page, 'Export mensuel').click();
  await page.getByLabel('Mois').fill(lastMonth);
  await expect(page.getByRole('table', { name: 'Export mensuel' })).toHaveAttribute('data-month', lastMonth);
  const outputs = page.getByRole('region', { name: 'Pour la paie' });
  // Each button says what it makes.
  await expect(outputs.getByRole('button', { name: 'Exporter vers Excel' })).toHaveAccessibleDescription(/classeur du mois/);
  await expect(outputs.getByRole('button', { name: 'Variables de paie' })).toHaveAccessibleDescription(/logiciel de paie/);
  await expect(outputs.getByRole('button', { name: 'Relevés à signer' })).toHaveAccessibleDescription(/à signer par le salarié et l’employeur/);
  await shot(page, '42-sorties-paie');

  // MARTIN's payroll number removed: the variables file is refused, MARTIN named.
  const martin = (await bridgeCall(app, 'employees/list', {})).find((e) => e.nom === 'MARTIN')!;
  await bridgeCall(app, 'employees/set', { uid: martin.uid, matricule: '', from: martin.versions[0]!.from });
  await outputs.getByRole('button', { name: 'Variables de paie' }).click();
  const alert = outputs.getByRole('alert');
  await expect(alert).toContainText('Variables de paie non écrites : 1 salarié n’a pas de matricule.');
  await shot(page, '43-matricule-manquant');
  await alert.getByRole('button', { name: 'MARTIN Élodie' }).click();
  // Badgés, MARTIN's dialog open at « Contrat et paie »: the number set there.
  const contract = page.getByRole('dialog').getByRole('form', { name: 'Contrat et paie' });
  await expect(contract.getByLabel('Matricule')).toHaveValue('');
  await contract.getByLabel('Matricule').fill('M0001');
  await contract.getByLabel('À partir du').fill(martin.versions[0]!.from);
  await contract.getByRole('button', { name: 'Enregistrer le contrat' }).click();
  await expect(page.getByText(`Contrat enregistré à partir du ${martin.versions[0]!.from}.`)).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: 'Annuler' }).click();

  await nav(page, 'Export mensuel').click();
  await page.getByLabel('Mois').fill(lastMonth);
  await expect(page.getByRole('table', { name: 'Export mensuel' })).toHaveAttribute('data-month', lastMonth);
  const evp = await downloaded(page, app.dataDir, 'Variables de paie');
  expect(evp.name).toMatch(new RegExp(`^Festime_.+_${lastMonth}_variables-paie\\.csv$`));
  const text = evp.bytes.toString('utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text.slice(1).split(/\r?\n/)[0]).toBe('matricule;nom;prenom;code;libelle;quantite;unite;debut;fin');
  expect(text).toMatch(/\nM0001;MARTIN;Élodie;HN;/);
  await expect(page.getByText(`Variables de paie ${evp.name} téléchargées.`)).toBeVisible();

  const pdf = await downloaded(page, app.dataDir, 'Relevés à signer');
  expect(pdf.name).toMatch(new RegExp(`^Festime_.+_${lastMonth}_releves\\.pdf$`));
  expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  await expect(page.getByText(`Relevés ${pdf.name} téléchargés.`)).toBeVisible();
});

test('at 1024 px the three outputs stack, each still with what it is for', async () => {
  const { page } = shared;
  await page.setViewportSize({ width: 1024, height: 640 });
  const outputs = page.getByRole('region', { name: 'Pour la paie' });
  for (const name of ['Exporter vers Excel', 'Variables de paie', 'Relevés à signer']) await expect(outputs.getByRole('button', { name })).toBeInViewport();
  await shot(page, '44-sorties-paie-1024');
});
