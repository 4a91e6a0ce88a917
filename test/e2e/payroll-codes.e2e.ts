// Paramètres, « Codes de paie »: every item and absence code with its label, its default and its
// code; a code changed and the encoding chosen, saved with the rest of the form and kept (after a
// reload, and in the variables file the command line then writes from the same data folder); a code
// refused by its field, nothing saved; the part in English.
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { bridgeCall, expect, serialApp, shot, test } from './fixtures';

const shared = serialApp();

const nav = (name: string) => shared.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true });
const part = () => shared.page.getByRole('group', { name: 'Codes de paie' });
const codeOf = (label: string) => part().getByLabel(`Code de paie : ${label}`, { exact: true });

test('a code and the encoding changed, saved with the form, kept; the variables file follows', async () => {
  const { app, page } = shared;
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Essayer avec des données de démonstration' }).click();
  await expect(page.getByText(/Synchronisation terminée : \d+ nouveaux pointages/)).toBeVisible({ timeout: 60_000 });
  await nav('Paramètres').click();

  // Every item and absence code: its label, its default, the code in use.
  const rows = part().getByRole('table', { name: 'Codes de paie' }).getByRole('row');
  await expect(rows).toHaveCount(1 + 10 + 9);
  await expect(rows.filter({ hasText: 'Heures supplémentaires à 25 %' })).toContainText('HS25');
  await expect(rows.filter({ hasText: 'Congés payés' })).toContainText('CP');
  await expect(codeOf('Heures normales')).toHaveValue('HN');
  await expect(codeOf('Heures supplémentaires à 25 %')).toHaveValue('HS25');
  await expect(part().getByLabel('Encodage du fichier de variables de paie')).toHaveValue('utf8-bom');

  await codeOf('Heures supplémentaires à 25 %').fill('HS125');
  await codeOf('Congés payés').fill('CONGES');
  await part().getByLabel('Encodage du fichier de variables de paie').selectOption({ label: 'Windows-1252 (anciens logiciels de paie)' });
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(page.getByText('Paramètres enregistrés.')).toBeVisible();

  // Kept: the window opened again shows them, the core has them.
  await page.reload();
  await nav('Paramètres').click();
  await expect(codeOf('Heures supplémentaires à 25 %')).toHaveValue('HS125');
  await expect(codeOf('Congés payés')).toHaveValue('CONGES');
  await expect(codeOf('Heures supplémentaires à 50 %')).toHaveValue('HS50');
  await expect(part().getByLabel('Encodage du fichier de variables de paie')).toHaveValue('windows-1252');
  const saved = await bridgeCall(app, 'settings/get', {});
  expect(saved.payroll).toMatchObject({ payrollCodes: { overtime25: 'HS125', CP: 'CONGES' }, evpEncoding: 'windows-1252' });

  // The variables file of last month, written from the same data folder: the demo's week of CP under CONGES, in windows-1252.
  const lastMonth = await page.evaluate(() => {
    const d = new Date();
    d.setDate(1);
    d.setMonth(d.getMonth() - 1);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
  });
  const file = join(app.dataDir, 'variables.csv');
  const cli = await runCli(['--data-dir', app.dataDir, 'export', '--month', lastMonth, '--format', 'evp', '--out', file], { timeoutMs: 60_000 });
  expect(cli.code, cli.stderr).toBe(0);
  const bytes = readFileSync(file);
  expect(bytes[0]).not.toBe(0xef); // no BOM in windows-1252
  const lines = parse(iconv.decode(bytes, 'windows-1252'), { delimiter: ';' }) as string[][];
  const codes = new Set(lines.slice(1).map((l) => l[3]));
  expect(codes.has('CONGES')).toBe(true);
  expect(codes.has('CP')).toBe(false);
  expect(codes.has('HS25')).toBe(false);
  expect(lines.find((l) => l[3] === 'CONGES')![4]).toBe('Congés payés');
});

test('a code refused by its field, nothing saved', async () => {
  const { app, page } = shared;
  await codeOf('Heures de nuit').fill('H NUIT');
  await codeOf('Heures du dimanche').fill('hs125');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  const night = codeOf('Heures de nuit');
  await expect(night).toHaveAttribute('aria-invalid', 'true');
  await expect(part().locator(`#${await night.getAttribute('aria-describedby')}`)).toHaveText(
    'Le champ « Codes de paie » : le code « H NUIT » donné à « Heures de nuit » n’est pas accepté (1 à 20 lettres sans accent, chiffres, « _ », « - » ou « . », en commençant par une lettre ou un chiffre).',
  );
  const sunday = codeOf('Heures du dimanche');
  await expect(sunday).toHaveAttribute('aria-invalid', 'true');
  await expect(part().locator(`#${await sunday.getAttribute('aria-describedby')}`)).toHaveText(
    'Le champ « Codes de paie » : le code de paie hs125 serait celui de « Heures supplémentaires à 25 % » et de « Heures du dimanche ».',
  );
  await expect(codeOf('Heures normales')).not.toHaveAttribute('aria-invalid', 'true');
  await night.scrollIntoViewIfNeeded();
  await shot(page, '40-codes-de-paie');
  const saved = await bridgeCall(app, 'settings/get', {});
  expect(saved.payroll.payrollCodes).toEqual({ overtime25: 'HS125', CP: 'CONGES' });

  // Corrected (an empty field takes the default back), saved: the marks go.
  await night.fill('');
  await sunday.fill('DIM');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(page.getByText('Paramètres enregistrés.')).toBeVisible();
  await expect(codeOf('Heures de nuit')).toHaveValue('HNUIT');
  await expect(codeOf('Heures de nuit')).not.toHaveAttribute('aria-invalid', 'true');
  expect((await bridgeCall(app, 'settings/get', {})).payroll.payrollCodes).toEqual({ overtime25: 'HS125', sunday: 'DIM', CP: 'CONGES' });
});

test('in English: the part, its labels and its refusals', async () => {
  const { page } = shared;
  await page.getByLabel('Langue').selectOption('en');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  const english = page.getByRole('group', { name: 'Payroll codes' });
  await expect(english).toBeVisible();
  await expect(english.getByLabel('Payroll code: Overtime at 25%', { exact: true })).toHaveValue('HS125');
  await expect(english.getByLabel('Payroll code: Paid leave', { exact: true })).toHaveValue('CONGES');
  await expect(english.getByLabel('Payroll-variables file encoding')).toHaveValue('windows-1252');
  await english.getByLabel('Payroll code: Night hours', { exact: true }).fill('DIM');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(english.getByText('The “Payroll codes” field: payroll code DIM would belong to both “Sunday hours” and “Night hours”.')).toBeVisible();
  await english.getByLabel('Payroll code: Night hours', { exact: true }).fill('HNUIT');
  await page.getByLabel('Language').selectOption('fr');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(part()).toBeVisible();
});
