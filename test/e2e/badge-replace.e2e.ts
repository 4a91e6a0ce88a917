// A lost badge in the window: the holder dialog's badge number is read-only and looks it, « Remplacer
// le badge… » refuses a wrong number (naming the field), then links the new number to the same
// person: the dialog and the list show the new number with the old one noted, the contract follows,
// and last month in Export mensuel still shows that person once, with the same hours.
import { bridgeCall, expect, lastMonthIn, nav, openDemo, serialApp, shot, test } from './fixtures';

const shared = serialApp();
const OLD = '100200300';
const NEW = '555000111';

test('the badge number is locked; a replaced badge keeps the person whole', async () => {
  const { app, page } = shared;
  await openDemo(page, app.url);
  const lastMonth = await lastMonthIn(page);
  const before = (await bridgeCall(app, 'timesheet/month', { month: lastMonth })).holders.find((h) => h.uid === OLD)!;
  expect(before.worked).toBeGreaterThan(0);
  const punchesBefore = (await bridgeCall(app, 'punches/query', { uid: OLD, limit: 1 })).total!;
  const other = (await bridgeCall(app, 'holders/list', {})).find((h) => h.uid !== OLD)!;

  await nav(page, 'Badgés').click();
  await page.getByRole('button', { name: 'Modifier Élodie MARTIN' }).click();
  const dialog = page.getByRole('dialog', { name: `Modifier le badgé ${OLD}` });
  const uid = dialog.getByLabel('UID (badge)');
  await expect(uid).toHaveValue(OLD);
  await expect(uid).toHaveAttribute('readonly', '');
  await expect(uid).toHaveAttribute('aria-readonly', 'true');
  await expect(uid).toHaveAccessibleDescription('Le numéro de badge ne se modifie pas : utilisez « Remplacer le badge ».');
  // It looks locked: greyed, no text cursor; typing changes nothing.
  await expect(uid).toHaveCSS('cursor', 'default');
  await expect(uid).toHaveCSS('background-color', 'rgb(236, 238, 242)');
  await uid.click();
  await page.keyboard.type('9');
  await expect(uid).toHaveValue(OLD);
  await shot(page, '40-badge-verrouille');
  await page.setViewportSize({ width: 1024, height: 640 });
  await expect(dialog.getByRole('button', { name: 'Remplacer le badge…' })).toBeInViewport();
  await shot(page, '40-badge-verrouille-1024');
  await page.setViewportSize({ width: 1280, height: 720 });

  await dialog.getByRole('button', { name: 'Remplacer le badge…' }).click();
  const replace = page.getByRole('dialog', { name: `Remplacer le badge ${OLD}` });
  const field = replace.getByLabel('Nouveau numéro de badge');
  await expect(field).toBeFocused();
  // Refused in the window, the field named: the same number, another person's badge, none.
  await replace.getByRole('button', { name: 'Remplacer le badge' }).click();
  await expect(replace.getByRole('alert')).toHaveText('Le champ « Nouveau numéro de badge » est obligatoire.');
  await field.fill(OLD);
  await replace.getByRole('button', { name: 'Remplacer le badge' }).click();
  await expect(replace.getByRole('alert')).toHaveText(`Le champ « Nouveau numéro de badge » : ${OLD} est le numéro actuel ; tapez celui du nouveau badge.`);
  await field.fill(other.uid);
  await replace.getByRole('button', { name: 'Remplacer le badge' }).click();
  await expect(replace.getByRole('alert')).toHaveText(
    `Le champ « Nouveau numéro de badge » : le badge ${other.uid} a déjà servi (${other.prenom} ${other.nom}) ; tapez le numéro d’un badge neuf.`,
  );
  await shot(page, '41-remplacer-le-badge-refuse');

  await field.fill(NEW);
  await replace.getByRole('button', { name: 'Remplacer le badge' }).click();
  await expect(page.getByText(`Badge ${OLD} remplacé par ${NEW}.`)).toBeVisible();
  // The same person's dialog, under the new number, the old one noted; the contract followed.
  const renewed = page.getByRole('dialog', { name: `Modifier le badgé ${NEW}` });
  await expect(renewed.getByLabel('UID (badge)')).toHaveValue(NEW);
  await expect(renewed.getByText(`remplace le badge ${OLD}`)).toBeVisible();
  await expect(renewed.getByRole('form', { name: 'Contrat et paie' }).getByLabel('Matricule')).toHaveValue('M0001');
  await shot(page, '42-badge-remplace');
  await renewed.getByRole('button', { name: 'Annuler' }).click();

  // The list: the person once, the new number with the old one noted.
  const rows = page.getByRole('row').filter({ hasText: 'Élodie' });
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText(NEW);
  await expect(rows).toContainText(`remplace le badge ${OLD}`);
  // At Festime: the new badge created and the old one deleted, both accepted, to push to the terminals.
  const pending = await bridgeCall(app, 'holders/pending', {});
  expect(pending.queued).toEqual([]);
  expect(pending.toPush).toBe(2);

  // Last month: one row for the person, under the new badge, the same hours.
  await nav(page, 'Export mensuel').click();
  await page.getByLabel('Mois').fill(lastMonth);
  const table = page.getByRole('table', { name: 'Export mensuel' });
  await expect(table).toHaveAttribute('data-month', lastMonth);
  const person = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'MARTIN Élodie' }) });
  await expect(person).toHaveCount(1);
  await expect(person).toContainText(NEW);
  await expect(table.getByRole('cell', { name: OLD, exact: true })).toHaveCount(0);
  await person.scrollIntoViewIfNeeded();
  await shot(page, '43-mois-badge-remplace');
  const after = (await bridgeCall(app, 'timesheet/month', { month: lastMonth })).holders.filter((h) => h.nom === 'MARTIN' && h.prenom === 'Élodie');
  expect(after.map((h) => [h.uid, h.worked, h.daysWorked, h.matricule])).toEqual([[NEW, before.worked, before.daysWorked, before.matricule]]);
  // Pointages filtered on the person: the old badge's punches are theirs.
  expect((await bridgeCall(app, 'punches/query', { uid: NEW, limit: 1 })).total).toBe(punchesBefore);
});
