// « Présents » on the demo: the evacuation roll call over the full width — who is on site (since
// their arrival), who left, who was expected and has not badged (one made certain: a new holder
// whose contract has every day of the week) — and its printout, made after a sync, stamped with
// the time of its data.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { bridgeCall, expect, nav, openDemo, serialApp, shot, test } from './fixtures';

const shared = serialApp();
const ALL_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

test('the three groups, with the expected-but-absent people, each name opening their page', async () => {
  const { app, page } = shared;
  await page.setViewportSize({ width: 1366, height: 768 });
  await openDemo(page, app.url);
  // Expected today for certain: a contract for every day of the week, and no punch.
  await bridgeCall(app, 'holders/create', { uid: '990001', nom: 'ATTENDU', prenom: 'Basile' });
  await bridgeCall(app, 'employees/set', { uid: '990001', days: [...ALL_DAYS] });
  // And one with the same contract but a day of paid leave today: not expected.
  await bridgeCall(app, 'holders/create', { uid: '990002', nom: 'ENCONGÉ', prenom: 'Lise' });
  await bridgeCall(app, 'employees/set', { uid: '990002', days: [...ALL_DAYS] });
  const today = await page.evaluate(() => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' }));
  await bridgeCall(app, 'absences/add', { uid: '990002', from: today, code: 'CP', comment: 'congés' });

  // Pointages keeps a short count and the way to the roll call.
  await expect(page.getByRole('heading', { name: 'Présents maintenant' })).toBeVisible();
  await page.getByRole('button', { name: 'Voir l’appel' }).click();
  await expect(page.getByRole('heading', { name: 'Présents', level: 2 })).toBeVisible();
  await expect(nav(page, 'Présents')).toHaveAttribute('aria-current', 'page');

  const group = (name: RegExp) => page.getByRole('region', { name });
  const onSite = group(/^Sur site/);
  const left = group(/^Partis/);
  const expected = group(/^Attendus, pas encore badgés/);
  await expect(expected.getByRole('button', { name: /ATTENDU Basile/ })).toBeVisible();
  await expect(expected.getByText('selon le contrat').first()).toBeVisible();
  await expect(expected).not.toContainText('ENCONGÉ');
  // Each group says how many it lists, and lists that many names, each with a box to tick.
  for (const g of [onSite, left, expected]) {
    const heading = await g.getByRole('heading', { level: 3 }).innerText();
    const n = Number(/\((\d+) personnes?\)/.exec(heading)?.[1] ?? 'NaN');
    await expect(g.getByRole('checkbox')).toHaveCount(n);
  }
  // Those on site show the time of their arrival and its access point; nobody is both on site and expected.
  const first = onSite.getByRole('listitem').first();
  if ((await onSite.getByRole('listitem').count()) > 0) await expect(first).toContainText(/arrivée à \d\d:\d\d · \S/);
  const names = async (g: typeof onSite) => g.getByRole('button').allInnerTexts();
  const here = new Set(await names(onSite));
  for (const name of await names(expected)) expect(here.has(name)).toBe(false);
  await expect(page.getByText(/sans contrat saisi, celles qui ont badgé au moins 2 fois ce jour de la semaine/)).toBeVisible();

  // Full width: the expected group's names sit in several columns side by side.
  const boxes = await expected.getByRole('listitem').evaluateAll((items) => items.map((li) => Math.round(li.getBoundingClientRect().left)));
  if (boxes.length >= 6) expect(new Set(boxes).size).toBeGreaterThan(1);
  await shot(page, '40-presents');
  // Usable with a screen reader: no serious or critical axe-core violation.
  // (axe-core evaluated by hand: AxeBuilder wants a page of its own context, this file shares one, and the CSP forbids a script tag.)
  await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => {
    const { violations } = await (
      window as unknown as { axe: { run(el: string): Promise<{ violations: { id: string; impact: string; help: string }[] }> } }
    ).axe.run('main');
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
  });
  expect(violations).toEqual([]);
  // At 1024 × 640 the names still sit in columns, none cut off the window.
  await page.setViewportSize({ width: 1024, height: 640 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(1);
  await shot(page, '40-presents-1024');
  await page.setViewportSize({ width: 1366, height: 768 });

  await expected.getByRole('checkbox', { name: 'Vu à l’appel : ATTENDU Basile' }).check();
  await expect(expected.getByRole('checkbox', { name: 'Vu à l’appel : ATTENDU Basile' })).toBeChecked();
  await expected.getByRole('button', { name: /ATTENDU Basile/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: /Salarié|ATTENDU/ }).first()).toBeVisible();
});

test('« Imprimer » syncs first, then prints the list with the time of its data, not of the printing', async () => {
  const { page } = shared;
  await nav(page, 'Présents').click();
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => void ((window as unknown as { printed: number }).printed += 1);
  });
  await page.getByRole('button', { name: 'Imprimer', exact: true }).click();
  await expect(page.getByText(/Synchronisation terminée : \d+ nouveaux pointages/).last()).toBeVisible({ timeout: 60_000 });
  await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

  const status = await bridgeCall(shared.app, 'sync/status', {});
  const syncedAt = new Date(status.lastSuccessAt!).toLocaleTimeString('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });
  await expect(page.getByTestId('rollcall-data')).toContainText(`Données de ${syncedAt}`);

  await page.emulateMedia({ media: 'print' });
  const head = page.getByTestId('rollcall-print-head');
  await expect(head).toBeVisible();
  await expect(head).toContainText(/^Appel du \d\d\/\d\d\/\d{4} — /);
  await expect(head).toContainText(`Données de ${syncedAt}`);
  // Only the list: no navigation, no status bar, no buttons.
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Imprimer', exact: true })).toBeHidden();
  await expect(page.getByTestId('last-sync')).toBeHidden();
  await expect(page.getByRole('region', { name: /^Attendus, pas encore badgés/ })).toContainText('ATTENDU Basile');
  await shot(page, '41-presents-impression');
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  await page.emulateMedia({ media: 'screen' });
});
