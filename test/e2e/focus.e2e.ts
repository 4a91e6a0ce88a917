// Keyboard users: a dialog opened from a button and closed (Escape, or its own Annuler) gives the
// focus back to that button, so that the next Tab goes on from the row it came from — in Badgés
// (a holder's dialog from its row) and in Paramètres (restoring a backup).
import { expect, nav, openDemo, serialApp, test } from './fixtures';

const shared = serialApp();

test('Badgés: a holder dialog opened with Enter and closed with Escape gives the focus back to its row button', async () => {
  const { app, page } = shared;
  await openDemo(page, app.url);
  await nav(page, 'Badgés').click();
  const rows = page.getByRole('table').getByRole('row');
  const row = rows.nth(5);
  const edit = row.getByRole('button', { name: /^Modifier / });
  await edit.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  // The focus went into the dialog (its first field), away from the row.
  await expect(edit).not.toBeFocused();
  await expect(dialog.locator(':focus')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(edit).toBeFocused();

  // The same from the row's other button, closed with the dialog's own « Annuler » from the keyboard.
  const remove = row.getByRole('button', { name: /^Supprimer / });
  await remove.focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Annuler' }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(remove).toBeFocused();
  // And Tab goes on from there: to the next row's first control (its name, opening the person's page), not to the top of the page.
  await page.keyboard.press('Tab');
  await expect(rows.nth(6).getByRole('button', { name: /^Ouvrir la page de / })).toBeFocused();
});

test('Paramètres: the restore confirmation closed with Escape gives the focus back to « Restaurer une sauvegarde… »', async () => {
  const { page } = shared;
  await nav(page, 'Paramètres').click();
  await page.getByRole('button', { name: 'Sauvegarder maintenant' }).click();
  const restore = page.getByRole('button', { name: 'Restaurer une sauvegarde…' });
  await expect(restore).toBeEnabled();
  await restore.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Restaurer une sauvegarde…' });
  await expect(dialog).toBeVisible();
  await expect(restore).not.toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(restore).toBeFocused();
});
