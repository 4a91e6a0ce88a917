// A person's page on the demo, reached from a name in Export mensuel: the month as a calendar (each
// day a button named with what it holds), a day with a forgotten departure selected, the departure
// added with a comment and shown in place « ajouté (correction) », the day's anomaly gone; then
// Pointages filtered on that person lists the added punch, tagged, and its name opens the page again.
import { bridgeCall, expect, lastMonthIn, nav, openDemo, serialApp, shot, test } from './fixtures';

const shared = serialApp();

/** "mardi 3 novembre", as the page names a day. */
const longDay = (day: string) =>
  new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));

test('from a name in Export mensuel to the person’s month; a missing departure added in place; the punch in Pointages, tagged', async () => {
  const { app, page } = shared;
  await page.setViewportSize({ width: 1366, height: 768 });
  await openDemo(page, app.url);
  const lastMonth = await lastMonthIn(page);

  // A holder with a forgotten departure last month, and that day (found as the window would show it).
  const { holders } = await bridgeCall(app, 'timesheet/month', { month: lastMonth });
  let found: { name: string; uid: string; day: string; at: string } | null = null;
  for (const h of holders.filter((x) => x.anomalies > 0)) {
    for (const day of h.issueDays) {
      const view = await bridgeCall(app, 'timesheet/day', { uid: h.uid, day });
      const missing = view.figures?.anomalies.find((a) => a.kind === 'missing-departure');
      if (missing && missing.at.slice(11, 16) < '12:00' && view.figures!.anomalies.length === 1)
        found = { name: `${h.nom} ${h.prenom}`, uid: h.uid, day, at: missing.at };
      if (found) break;
    }
    if (found) break;
  }
  expect(found, 'a day with one anomaly, a departure missing after a morning arrival').not.toBeNull();
  const { name, uid, day } = found!;

  await nav(page, 'Export mensuel').click();
  await page.getByLabel('Mois').fill(lastMonth);
  const table = page.getByRole('table', { name: 'Export mensuel' });
  await expect(table).toHaveAttribute('data-month', lastMonth);
  await table.getByRole('button', { name: `Ouvrir la page de ${name}`, exact: true }).click();

  // The page: who, the contract, the month as a calendar of whole weeks with their totals.
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
  await expect(page.getByText(`Badge ${uid}`)).toBeVisible();
  await expect(page.getByLabel('Mois', { exact: true })).toHaveValue(lastMonth);
  const calendar = page.getByRole('table', { name: /^Calendrier de / });
  await expect(calendar).toBeVisible();
  const weeks = calendar.locator('tbody tr');
  expect(await weeks.count()).toBeGreaterThanOrEqual(4);
  await expect(weeks.first().locator('td.week-total')).toContainText(/HS \+25\u00a0%|HC \+10\u00a0%|comptée en/);
  await expect(page.getByRole('region', { name: /^Totaux de / })).toContainText('Travaillé');

  // The day with the forgotten departure: selected by its button, named with its anomaly.
  const dayButton = calendar.getByRole('button', { name: new RegExp(`^${longDay(day)} : .*1 anomalie`) });
  await dayButton.click();
  await expect(dayButton).toHaveAttribute('aria-pressed', 'true');
  const panel = page.getByRole('region', { name: `Journée du ${longDay(day)}` });
  await expect(panel.getByText(/^départ manquant/)).toBeVisible();
  await shot(page, '50-salarie-mois');

  const form = panel.getByRole('form', { name: 'Ajouter un pointage' });
  await form.getByLabel('Heure').fill('17:45');
  await form.getByLabel('Type').selectOption({ label: 'Départ' });
  await form.getByLabel('Commentaire (obligatoire)').fill('Oubli de badge signalé par le salarié');
  await form.getByRole('button', { name: 'Ajouter un pointage' }).click();

  // In place, in its time order: the last line of the day, tagged, with its comment; the anomaly gone.
  const lines = panel.getByRole('table', { name: /^Pointages du / }).locator('tbody tr');
  await expect(lines.last()).toContainText('ajouté (correction)');
  await expect(lines.last()).toContainText('17:45:00');
  await expect(lines.last()).toContainText('« Oubli de badge signalé par le salarié »');
  await expect(panel.getByText(/^départ manquant/)).toBeHidden();
  // The calendar follows: the day no longer counts an anomaly, it counts a correction.
  await expect(calendar.getByRole('button', { name: new RegExp(`^${longDay(day)} : .*1 correction`) })).toBeVisible();
  await expect(calendar.getByRole('button', { name: new RegExp(`^${longDay(day)} : `) })).not.toHaveAttribute('aria-label', /anomalie/);
  await shot(page, '51-salarie-correction');

  // Pointages, that person on that day: the added punch is listed, tagged, with its comment.
  await nav(page, 'Pointages').click();
  const filters = page.getByRole('search', { name: 'Filtres' });
  await filters.getByLabel('Personne').selectOption(uid);
  await filters.getByLabel('Du', { exact: true }).fill(day);
  await filters.getByLabel('Au', { exact: true }).fill(day);
  const added = page.getByRole('row').filter({ hasText: 'ajouté (correction)' });
  await expect(added).toHaveCount(1);
  await expect(added).toContainText(`${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)} 17:45:00`);
  await expect(added).toContainText('« Oubli de badge signalé par le salarié »');
  await shot(page, '52-pointages-correction');

  // Its name opens the page again, on that day; « Retour » goes back to Pointages.
  await added.getByRole('button', { name: `Ouvrir la page de ${name}` }).click();
  await expect(page.getByRole('region', { name: `Journée du ${longDay(day)}` })).toBeVisible();
  await page.getByRole('button', { name: 'Retour : Pointages' }).click();
  await expect(page.getByRole('heading', { name: 'Pointages' })).toBeVisible();
});

test('at 1024×640 the page holds: the calendar and the day below it, the keyboard reaching a day', async () => {
  const { page } = shared;
  await page.setViewportSize({ width: 1024, height: 640 });
  await nav(page, 'Export mensuel').click();
  const table = page.getByRole('table', { name: 'Export mensuel' });
  await table
    .getByRole('button', { name: /^Ouvrir la page de / })
    .first()
    .click();
  const calendar = page.getByRole('table', { name: /^Calendrier de / });
  await expect(calendar).toBeVisible();
  // The calendar fits the window's width (no sideways scroll of the page).
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  // A day chosen with the keyboard: focused, Enter selects it.
  const first = calendar.getByRole('button', { name: / : / }).first();
  await first.focus();
  await page.keyboard.press('Enter');
  await expect(first).toHaveAttribute('aria-pressed', 'true');
  await shot(page, '53-salarie-1024');
});
