// A punch Festime removed, as payroll meets it in the window: the month counts it as an anomaly
// « supprimé chez Festime le … », the person's page shows that day's punch struck out with « Garder… »,
// and keeping it (with a comment) puts the hours back. The removal itself (two answers in a row without it) is
// proven against the simulator in test/sync/removals.test.ts; here the cache is marked directly,
// as that sync leaves it.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, lastMonthIn, nav, openDemo, serialApp, shot, test } from './fixtures';

const shared = serialApp();

const monthAfter = (month: string): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

test('a punch removed at Festime is an anomaly of the month, and one correction keeps it', async () => {
  const { app, page } = shared;
  await openDemo(page, app.url);
  const lastMonth = await lastMonthIn(page);

  const db = new Database(join(app.dataDir, 'festime-desk.sqlite'));
  const victim = db
    .prepare(
      `SELECT p.id, p.uid, p.at, h.nom || ' ' || h.prenom AS name FROM punches p JOIN holders h ON h.account_id = p.account_id AND h.uid = p.uid
       WHERE p.type = 'D' AND p.at >= ? AND p.at < ? ORDER BY p.at LIMIT 1`,
    )
    // The first departure from the 15th on: the 15th itself may be a Sunday or a holiday, with none.
    .get(`${lastMonth}-15`, `${lastMonth}-29`) as { id: number; uid: string; at: string; name: string };
  const day = victim.at.slice(0, 10);
  const time = victim.at.slice(11, 16);
  const thisMonth = monthAfter(lastMonth);
  // Removed the next morning (as the sync after it leaves the cache), never a day still to come.
  const removedDay = new Date(Date.parse(`${day}T09:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const removedOn = removedDay.split('-').reverse().join('/');

  await nav(page, 'Export mensuel').click();
  const month = page.getByLabel('Mois');
  await month.fill(lastMonth);
  const table = page.getByRole('table', { name: 'Export mensuel' });
  await expect(table).toHaveAttribute('data-month', lastMonth);
  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: victim.name }) });
  const figures = async () => (await row.innerText()).split('\t').map((c) => c.trim());
  const before = await figures();

  // That person's departure, marked removed upstream the next day (as the
  // second sync without it leaves the cache); the month is shown again.
  db.prepare('UPDATE punches SET removed_at = ? WHERE id = ?').run(`${removedDay}T09:00:00.000Z`, victim.id);
  db.close();
  await month.fill(thisMonth);
  await expect(table).toHaveAttribute('data-month', thisMonth);
  await month.fill(lastMonth);
  await expect(table).toHaveAttribute('data-month', lastMonth);
  const removed = await figures();
  // The anomalies: the column beside the name.
  expect(Number(removed[1])).toBeGreaterThan(Number(before[1]));
  await row.getByRole('button', { name: `Ouvrir la page de ${victim.name}` }).click();
  // The person's page: the day it happened is a day to check in the calendar; selected, it says what Festime removed.
  const longDay = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));
  const calendar = page.getByRole('table', { name: /^Calendrier de / });
  await calendar.getByRole('button', { name: new RegExp(`^${longDay} : .*anomalie`) }).click();
  const panel = page.getByRole('region', { name: `Journée du ${longDay}` });
  await expect(panel.getByText(`supprimé chez Festime le ${removedOn} (${time})`)).toBeVisible();
  const punchRow = panel.getByRole('row').filter({ hasText: `${time}:` });
  await expect(punchRow).toContainText('supprimé chez Festime');
  await shot(page, '20-supprime-chez-festime');

  await punchRow.getByRole('button', { name: `Garder le pointage de ${time}, supprimé chez Festime` }).click();
  const form = panel.getByRole('form', { name: 'Garder…' });
  await expect(form.getByText('Festime n’a plus ce pointage : il ne compte plus.', { exact: false })).toBeVisible();
  await form.getByLabel('Commentaire (obligatoire)').fill('Départ confirmé par le chef d’équipe');
  await form.getByRole('button', { name: 'Confirmer' }).click();
  await expect(panel.getByText(`supprimé chez Festime le ${removedOn}`)).toBeHidden();
  // The correction in place: the punch kept, with its comment.
  await expect(punchRow).toContainText('supprimé chez Festime, gardé (correction)');
  await expect(punchRow).toContainText('« Départ confirmé par le chef d’équipe »');
  await shot(page, '21-pointage-garde');
  await page.getByRole('button', { name: 'Retour : Export mensuel' }).click();
  await expect(table).toHaveAttribute('data-month', lastMonth);
  // The month's row is back to what it was before the removal: hours and anomalies.
  await expect.poll(figures).toEqual(before);
});
