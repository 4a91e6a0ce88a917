// « À vérifier » on the demo: every open anomaly of this month and last month across staff, by date,
// with its count in the navigation; one fixed in place (a forgotten departure added) leaves the list
// at once and the count drops by one; the legal alerts listed apart, each name opening that person.
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { bridgeCall, expect, lastMonthIn, nav, openDemo, serialApp, shot, test, hoursAfter } from './fixtures';

const shared = serialApp();

/** "03/11/2026" → "2026-11-03". */
const iso = (shown: string) => shown.trim().split('/').reverse().join('-');
/** axe-core's serious and critical violations on the page as it is (rule id and how many nodes); legacy mode: serialApp's page is not from a context of its own. */
const axeSerious = async (page: Page) =>
  (await new AxeBuilder({ page }).setLegacyMode(true).analyze()).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} ×${v.nodes.length}`);

/** The anomaly rows (a fix's form row has no date cell of its own). */
const rowsOf = (table: Locator) => table.locator('tbody tr:not(.review-form-row)');

test('the anomalies by date with their count in the navigation; a missing departure added in place leaves the list', async () => {
  const { app, page } = shared;
  await page.setViewportSize({ width: 1366, height: 768 });
  await openDemo(page, app.url);

  // The count beside « À vérifier », said as its description (the button's name stays « À vérifier »).
  // The core's count once the demo's sync has settled (the navigation's may still show one read mid-sync).
  const count = page.getByTestId('review-count');
  const before = (await bridgeCall(app, 'review/list', {})).anomalies;
  expect(before).toBeGreaterThan(0);
  await expect(count).toHaveText(String(before));
  await expect(nav(page, 'À vérifier')).toHaveAccessibleDescription(`${before} anomalies à traiter`);

  await nav(page, 'À vérifier').click();
  await expect(page.getByRole('heading', { name: 'À vérifier', level: 2 })).toBeVisible();
  await expect(page.getByText(/^Mois vérifiés : .+ \(non clos\) et .+\.$/)).toBeVisible();
  const table = page.getByRole('table', { name: /^Anomalies/ });
  await expect(rowsOf(table)).toHaveCount(before);
  await expect(page.getByRole('heading', { name: `Anomalies ${before} anomalies à traiter` })).toBeVisible();

  // By date, then name.
  const keys = (
    await rowsOf(table).evaluateAll((rows: HTMLTableRowElement[]) => rows.map((r) => [r.cells[0]!.textContent ?? '', r.cells[2]!.textContent ?? '']))
  ).map(([date, name]) => [iso(date!), name!] as const);
  const sorted = [...keys].sort(([d1, n1], [d2, n2]) => d1.localeCompare(d2) || n1.localeCompare(n2, 'fr', { sensitivity: 'base' }));
  expect(keys).toEqual(sorted);
  await shot(page, '50-a-verifier');
  expect(await axeSerious(page)).toEqual([]);

  // A forgotten departure, added from its row.
  const row = rowsOf(table).filter({ hasText: 'départ manquant' }).first();
  const [date, arrival, name] = await row.evaluate((r: HTMLTableRowElement) => [0, 1, 2].map((i) => r.cells[i]!.textContent!.trim()));
  const same = rowsOf(table).filter({ hasText: 'départ manquant' }).filter({ hasText: date! }).filter({ hasText: name! }).filter({ hasText: arrival! });
  await expect(same).toHaveCount(1);
  await row.getByRole('button', { name: 'Ajouter le pointage…' }).click();
  const form = page.getByRole('form', { name: `Ajouter le pointage — ${name}, ${date}` });
  await expect(form.getByLabel('Type')).toHaveValue('D');
  // A day's work after the arrival (within the 16 h a shift may last; before the arrival: the next morning, as the form says).
  const leave = hoursAfter(arrival!.slice(0, 5), 9);
  await form.getByLabel('Heure').fill(leave);
  await expect(form.getByText(/^le lendemain/)).toHaveCount(arrival! > leave ? 1 : 0);
  await form.getByLabel('Commentaire (obligatoire)').fill('Oubli de badge signalé par le salarié');
  await shot(page, '51-a-verifier-correction');
  expect(await axeSerious(page)).toEqual([]);
  await form.getByRole('button', { name: 'Valider' }).click();

  await expect(page.getByText(`Corrigé : ${name}, ${date}.`)).toBeVisible();
  await expect(form).toBeHidden();
  await expect(same).toHaveCount(0);
  await expect(rowsOf(table)).toHaveCount(before - 1);
  await expect(count).toHaveText(String(before - 1));
  await expect(nav(page, 'À vérifier')).toHaveAccessibleDescription(`${before - 1} anomalies à traiter`);
});

test('the legal alerts apart, for information; a name opens that person’s page; at 1024 px the fixes stay on screen', async () => {
  const { page } = shared;
  const alerts = page.getByRole('table', { name: 'Alertes' });
  await expect(page.getByText('Pour information de la paie')).toBeVisible();
  await expect(rowsOf(alerts).first()).toBeVisible();
  // No correction offered for an alert: information only.
  await expect(alerts.getByRole('button', { name: /…$/ })).toHaveCount(0);

  // One month picked: its anomalies only; back to this month and the last.
  const lastMonth = await lastMonthIn(page);
  const picked = await bridgeCall(shared.app, 'review/list', { month: lastMonth });
  await page.getByLabel('Un mois').fill(lastMonth);
  await expect(page.getByText(/^Mois vérifiés : [^,]+ \(non clos\)\.$/)).toBeVisible();
  await expect(rowsOf(page.getByRole('table', { name: /^Anomalies/ }))).toHaveCount(picked.anomalies);
  await page.getByRole('button', { name: 'Mois en cours et précédent' }).click();
  await expect(page.getByText(/^Mois vérifiés : .+ et .+\.$/)).toBeVisible();

  await page.setViewportSize({ width: 1024, height: 640 });
  const first = rowsOf(page.getByRole('table', { name: /^Anomalies/ })).first();
  await expect(first.getByRole('button').last()).toBeInViewport();
  await shot(page, '52-a-verifier-1024');

  const link = first.getByRole('button', { name: /^Ouvrir la page de / });
  const who = (await link.innerText()).trim();
  await link.click();
  await expect(page.getByRole('heading', { name: 'À vérifier', level: 2 })).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'À vérifier', exact: true })).toBeVisible();
  expect(who.length).toBeGreaterThan(0);
});
