// Closing a month in Export mensuel, guarded: the current month cannot be closed (the button disabled,
// saying from when it can be); last month asks for its workbook first, with « Exporter maintenant »
// and no command line in the window; once exported, the confirmation counts what is unresolved; then
// the month is closed (and « À vérifier » no longer counts it).
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { bridgeCall, expect, lastMonthIn, nav, openDemo, serialApp, shot, test } from './fixtures';

const shared = serialApp();

test('the current month cannot be closed: the button is disabled and says from when', async () => {
  const { app, page } = shared;
  await page.setViewportSize({ width: 1366, height: 768 });
  await openDemo(page, app.url);
  await nav(page, 'Export mensuel').click();
  const next = await page.evaluate(() => {
    const d = new Date();
    d.setDate(1);
    d.setMonth(d.getMonth() + 1);
    return `01/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;
  });
  const close = page.getByRole('button', { name: 'Clore le mois' });
  await expect(close).toBeDisabled();
  await expect(close).toHaveAccessibleDescription(`Le mois n’est pas terminé : il pourra être clos à partir du ${next}.`);
  await expect(page.getByText(`il pourra être clos à partir du ${next}`)).toBeVisible();
  await shot(page, '53-mois-en-cours-non-clos');
});

test('last month: export first (« Exporter maintenant », no command line), then the unresolved anomalies counted, then closed', async () => {
  const { app, page } = shared;
  const lastMonth = await lastMonthIn(page);
  await page.getByLabel('Mois').fill(lastMonth);
  const table = page.getByRole('table', { name: 'Export mensuel' });
  await expect(table).toHaveAttribute('data-month', lastMonth);
  const close = page.getByRole('button', { name: 'Clore le mois' });
  await expect(close).toBeEnabled();
  await close.click();

  const dialog = page.getByRole('dialog', { name: /^Clore / });
  await expect(dialog.getByText('Exportez d’abord le classeur de ce mois')).toBeVisible();
  // The window's own words: no command line anywhere on screen.
  await expect(page.getByText(/festime-desk|--month/)).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: /^Clore/ })).toHaveCount(0);
  await shot(page, '54-clore-exporter-dabord');

  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Exporter maintenant' }).click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^Festime_.+_${lastMonth}\\.xlsx$`));
  await expect(page.getByText(`Classeur ${download.suggestedFilename()} téléchargé.`)).toBeVisible();

  // The count is the month's: the table's total of anomalies (beside the name), and « À vérifier »'s for that month.
  const total = Number((await table.locator('tfoot td').first().innerText()).trim());
  expect(total).toBeGreaterThan(0);
  expect((await bridgeCall(app, 'review/list', { month: lastMonth })).anomalies).toBe(total);
  await expect(dialog.getByText(`${total} anomalies non traitées — clore quand même ?`)).toBeVisible();
  await expect(page.getByText(/festime-desk|--month/)).toHaveCount(0);
  await shot(page, '55-clore-quand-meme');

  await dialog.getByRole('button', { name: 'Clore quand même' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Mois clos', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Rouvrir le mois…' })).toBeVisible();
  // Closed: « À vérifier » covers this month only, its count with it.
  const open = await bridgeCall(app, 'review/list', {});
  expect(open.months.map((m) => m.month)).not.toContain(lastMonth);
  // None left (the first night of a month has nothing to check yet): no count shown.
  if (open.anomalies === 0) await expect(page.getByTestId('review-count')).toHaveCount(0);
  else await expect(page.getByTestId('review-count')).toHaveText(String(open.anomalies));
});

test('closed, last month stays as paid: a punch Festime brings later is said in the status bar as a regularisation of this month', async () => {
  const { app, page } = shared;
  const lastMonth = await lastMonthIn(page);
  const before = await bridgeCall(app, 'timesheet/month', { month: lastMonth });
  // A day of last month that Festime uploads late: in the cache as a sync stores it, after the closing.
  const db = new Database(join(app.dataDir, 'festime-desk.sqlite'));
  const someone = db
    .prepare(`SELECT * FROM punches WHERE at >= ? AND at < ? AND type = 'A' ORDER BY at LIMIT 1`)
    .get(`${lastMonth}-01`, `${lastMonth}-32`) as Record<string, unknown>;
  const day = `${lastMonth}-28`;
  const seen = new Date().toISOString();
  const insert = db.prepare(
    `INSERT INTO punches (account_id, id, uid, name, type, reason_code, reason, at, terminal, access_point, client_id, client, grp, extra, first_seen)
     VALUES (@account_id, @id, @uid, @name, @type, @reason_code, @reason, @at, @terminal, @access_point, @client_id, @client, @grp, @extra, @first_seen)`,
  );
  insert.run({ ...someone, id: 990_000_001, type: 'A', at: `${day}T05:00:00`, first_seen: seen });
  insert.run({ ...someone, id: 990_000_002, type: 'D', at: `${day}T05:30:00`, first_seen: seen });
  db.close();

  await page.getByRole('button', { name: 'Synchroniser', exact: true }).click();
  const [y, m] = lastMonth.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  const name = (month: string) =>
    new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T12:00:00Z`));
  await expect(page.getByTestId('closed-month-changed')).toHaveText(
    `Festime a changé 2 pointage(s) de ${name(lastMonth)} (mois clos) : reporté(s) en régularisation sur ${name(next)}.`,
  );
  await shot(page, '56-mois-clos-regularisation');
  // Last month's figures are those it was closed with; this month carries the half hour.
  expect((await bridgeCall(app, 'timesheet/month', { month: lastMonth })).holders).toEqual(before.holders);
  const carried = (await bridgeCall(app, 'timesheet/month', { month: next })).holders.find((h) => h.uid === someone.uid)!;
  expect(carried.regularisations).toContainEqual({ month: lastMonth, key: 'worked', quantity: 0.5 });
});
