// Employee records and absences in the window: the demo's contracts (matricules in the Badgés
// list), a contract change from a day in the holder's dialog ("Contrat et paie"), the demo's
// absences of last month, and a CP absence added on the person's page and listed there; then last
// month's payroll figures in Export mensuel (contract, complementary hours, absences), the same as
// `festime-desk export --format json` gives for that data folder.
import type { Locator } from '@playwright/test';
import { HOLDER_FIGURE_KEYS } from '../../shared/timesheet';
import { runCli } from '../helpers/cli';
import { bridgeCall, expect, lastMonthIn, nav, openDemo, serialApp, shot, test } from './fixtures';

const shared = serialApp();

test('a contract set in the holder dialog, a CP absence added on the person’s page and listed', async () => {
  const { app, page } = shared;
  await openDemo(page, app.url);
  const { lastMonth, firstOfMonth } = await page.evaluate(() => {
    const d = new Date();
    const first = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-01`;
    d.setDate(1);
    d.setMonth(d.getMonth() - 1);
    return { lastMonth: `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`, firstOfMonth: first };
  });

  // The demo's matricules in the register.
  await nav(page, 'Badgés').click();
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

  // Last month, on MARTIN's page: a CP added on a day.
  await nav(page, 'Export mensuel').click();
  await page.getByLabel('Mois').fill(lastMonth);
  const table = page.getByRole('table', { name: 'Export mensuel' });
  await expect(table).toHaveAttribute('data-month', lastMonth);
  await table.getByRole('button', { name: 'Ouvrir la page de MARTIN Élodie', exact: true }).click();
  // MARTIN's page: the 15th selected in the calendar.
  const when = `${lastMonth}-15`;
  const longDay = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${when}T12:00:00Z`));
  await page
    .getByRole('table', { name: /^Calendrier de / })
    .getByRole('button', { name: new RegExp(`^${longDay} : `) })
    .click();
  const day = page.getByRole('region', { name: `Journée du ${longDay}` });
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
  await page.getByRole('button', { name: 'Retour : Export mensuel' }).click();
});

/** Exact milliseconds as the window writes a duration: whole minutes, seconds dropped ("2:05"). */
const hhmm = (ms: number) => {
  const minutes = Math.floor(Math.round(ms) / 60_000);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
};
/** Decimal hours as `export --format json` prints them: rounded to 0.01. */
const hours = (ms: number) => Math.round((ms / 3_600_000) * 100) / 100;

test('last month’s payroll figures in Export mensuel: contract, complementary hours and absences as the export gives them', async () => {
  const { app, page } = shared;
  const lastMonth = await lastMonthIn(page);
  // What the window is given (exact milliseconds), and what the export prints for the same data folder.
  const { holders } = await bridgeCall(app, 'timesheet/month', { month: lastMonth });
  const cli = await runCli(['--data-dir', app.dataDir, 'export', '--month', lastMonth, '--format', 'json'], { timeoutMs: 60_000 });
  expect(cli.code, cli.stderr).toBe(0);
  const exported = JSON.parse(cli.stdout) as Record<string, unknown>[];
  expect(exported.map((x) => x.uid)).toEqual(holders.map((h) => h.uid));
  holders.forEach((h, i) => expect(exported[i]).toEqual(Object.fromEntries(HOLDER_FIGURE_KEYS.map((k) => [k, h[k]]))));

  // A part-timer with complementary hours last month, and someone on paid leave (the demo's week of CP).
  const partTimer = holders.find((h) => h.contractType === 'part-time' && h.ms.complementary10 > 0);
  const onLeave = holders.find((h) => (h.absenceMs.CP ?? 0) > 0 && Object.keys(h.absenceMs).length === 1);
  expect(partTimer, 'a part-timer with complementary hours').toBeDefined();
  expect(onLeave, 'someone on paid leave').toBeDefined();
  const part = exported.find((x) => x.uid === partTimer!.uid)!;
  expect([part.complementary10, part.complementary25]).toEqual([hours(partTimer!.ms.complementary10), hours(partTimer!.ms.complementary25)]);
  expect(exported.find((x) => x.uid === onLeave!.uid)!.absences).toEqual({ CP: hours(onLeave!.ms.absenceTotal) });

  await page.setViewportSize({ width: 1366, height: 768 });
  await nav(page, 'Export mensuel').click();
  await page.getByLabel('Mois').fill(lastMonth);
  const table = page.getByRole('table', { name: 'Export mensuel' });
  await expect(table).toHaveAttribute('data-month', lastMonth);
  // Headings as read (a heading on two lines is one text; « +25 % » never split before its « % »).
  const headings = (await table.locator('thead th').allInnerTexts()).map((x) => x.replace(/\s+/g, ' ').trim());
  for (const heading of ['Matricule', 'Contrat', 'HC +10 %', 'HC +25 %', 'Absences', 'Férié chômé', '1er mai']) expect(headings).toContain(heading);
  const cell = (row: Locator, heading: string) => row.locator('th, td').nth(headings.indexOf(heading));
  // A holder's row, by the button that opens their page (the name alone may be part of another).
  const rowOf = (h: { nom: string; prenom: string }) =>
    table.getByRole('row').filter({ has: page.getByRole('button', { name: `Ouvrir la page de ${h.nom} ${h.prenom}`, exact: true }) });

  // Every row's matricule and contract, as the export has them: « TP 28 h », « TC 39 h », « Forfait jours ».
  const label = (x: Record<string, unknown>) =>
    x.contractType === 'days' ? 'Forfait jours' : `${x.contractType === 'part-time' ? 'TP' : 'TC'} ${String(x.contractHours).replace('.', ',')} h`;
  expect(new Set(exported.map((x) => x.contractType))).toEqual(new Set(['part-time', 'full-time', 'days']));
  for (const x of exported) {
    const row = rowOf(holders.find((h) => h.uid === x.uid)!);
    await expect(cell(row, 'Matricule')).toHaveText(String(x.matricule));
    await expect(cell(row, 'Contrat')).toHaveText(label(x));
  }

  const p = rowOf(partTimer!);
  await expect(cell(p, 'HC +10 %')).toHaveText(hhmm(partTimer!.ms.complementary10));
  await expect(cell(p, 'HC +25 %')).toHaveText(hhmm(partTimer!.ms.complementary25));
  const leave = rowOf(onLeave!);
  await expect(cell(leave, 'Absences')).toHaveText(`CP ${hhmm(onLeave!.ms.absenceTotal)}`);
  await expect(cell(leave, 'Absences')).toHaveAttribute('title', `CP ${hhmm(onLeave!.absenceMs.CP!)}`);

  // The totals row: the new columns too, summed in exact milliseconds.
  const totals = table.locator('tfoot tr');
  const sum = (k: 'complementary10' | 'complementary25' | 'absenceTotal' | 'holidayOff' | 'mayFirstWorked') => hhmm(holders.reduce((s, h) => s + h.ms[k], 0));
  await expect(cell(totals, 'HC +10 %')).toHaveText(sum('complementary10'));
  await expect(cell(totals, 'HC +25 %')).toHaveText(sum('complementary25'));
  await expect(cell(totals, 'Absences')).toHaveText(new RegExp(`(^|\\s)${sum('absenceTotal')}$`));
  // … and by code (the demo's CP, MAL and FOR of last month), each summed over the holders.
  const codes = [...new Set(holders.flatMap((h) => Object.keys(h.absenceMs)))];
  expect(codes.length).toBeGreaterThan(1);
  for (const code of codes) await expect(cell(totals, 'Absences')).toContainText(`${code} ${hhmm(holders.reduce((s, h) => s + (h.absenceMs[code] ?? 0), 0))}`);
  await expect(cell(totals, 'Férié chômé')).toHaveText(sum('holidayOff'));
  await expect(cell(totals, '1er mai')).toHaveText(sum('mayFirstWorked'));
  // The notices of the test before (they go by themselves) would cover the table's corner.
  await expect(page.locator('.notices').getByRole('status')).toHaveCount(0);
  await shot(page, '32-export-mensuel-paie');

  // At 1366 px the table scrolls sideways inside its frame: the last columns come into view, the
  // names stay where they were while the other columns move under them.
  const top = table.locator('tbody tr').first();
  const x = async (where: Locator) => (await where.boundingBox())!.x;
  const [nameAt, badgeAt] = [await x(top.getByRole('rowheader')), await x(cell(top, 'Badge'))];
  const alertsAt = await x(cell(top, 'Alertes'));
  await expect(cell(top, '1er mai')).not.toBeInViewport();
  await table.locator('xpath=..').evaluate((wrap) => (wrap.scrollLeft = wrap.scrollWidth));
  await expect(cell(top, '1er mai')).toBeInViewport({ ratio: 0.95 });
  // The name and what needs looking at (anomalies, alerts) stay where they were.
  await expect(top.getByRole('rowheader')).toBeInViewport({ ratio: 0.95 });
  await expect(cell(top, 'Alertes')).toBeInViewport({ ratio: 0.95 });
  expect(await x(top.getByRole('rowheader'))).toBe(nameAt);
  expect(await x(cell(top, 'Alertes'))).toBe(alertsAt);
  expect(await x(cell(top, 'Badge'))).toBeLessThan(badgeAt);
  await shot(page, '33-export-mensuel-defile');
  await totals.scrollIntoViewIfNeeded();
  await shot(page, '34-export-mensuel-totaux');
});
