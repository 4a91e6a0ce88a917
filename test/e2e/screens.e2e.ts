// Every screen of the window on the demo, at the two sizes a site's PCs have (1366×768 and 1024×640):
// axe-core finds no serious or critical accessibility violation, nothing of the screen is pushed out
// of the window sideways, and a fresh screenshot of each is kept in test/e2e/screenshots.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, lastMonthIn, nav, openDemo, serialApp, shot, test } from './fixtures';

const ctx = serialApp();

/** The serious and critical violations axe finds on the page as it is, one line each (empty: none). */
async function axeProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(' | ')}`,
    );
}

/** Whether the page scrolls sideways (a screen wider than the window). */
const overflowsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);

const SCREENS = [
  { name: 'Pointages', heading: 'Pointages', file: 'pointages' },
  { name: 'À vérifier', heading: 'À vérifier', file: 'a-verifier' },
  { name: 'Présents', heading: 'Présents', file: 'presents' },
  { name: 'Badgés', heading: 'Badgés', file: 'badges' },
  { name: 'Terminaux', heading: 'Terminaux', file: 'terminaux' },
  { name: 'Export mensuel', heading: 'Export mensuel', file: 'export-mensuel' },
  { name: 'Paramètres', heading: 'Paramètres', file: 'parametres' },
] as const;

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1024, height: 640 },
] as const;

test('the demo opens', async () => {
  await openDemo(ctx.page, ctx.app.url);
});

for (const size of SIZES)
  test(`every screen at ${size.width}×${size.height}: no serious accessibility violation, nothing pushed out sideways`, async () => {
    const { page } = ctx;
    await page.setViewportSize(size);
    const problems: string[] = [];
    let n = 1;
    for (const s of SCREENS) {
      await nav(page, s.name).click();
      await expect(page.getByRole('heading', { name: s.heading, level: 2, exact: true })).toBeVisible();
      // Whatever the screen loads first is in (no skeleton left).
      await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
      for (const p of await axeProblems(page)) problems.push(`${s.name}: ${p}`);
      if (await overflowsSideways(page)) problems.push(`${s.name}: wider than the window`);
      await shot(page, `ecran-${size.width}-${String(n++).padStart(2, '0')}-${s.file}`);
    }
    // The employee page, from a name of last month's table.
    await nav(page, 'Export mensuel').click();
    await page.getByLabel('Mois').fill(await lastMonthIn(page));
    await page
      .getByRole('button', { name: /^Ouvrir la page de / })
      .first()
      .click();
    await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    for (const p of await axeProblems(page)) problems.push(`Salarié: ${p}`);
    if (await overflowsSideways(page)) problems.push('Salarié: wider than the window');
    await shot(page, `ecran-${size.width}-${String(n++).padStart(2, '0')}-salarie`);
    // A dialog: a badge holder's.
    await nav(page, 'Badgés').click();
    await page
      .getByRole('button', { name: /^Modifier / })
      .first()
      .click();
    await expect(page.getByRole('dialog')).toBeVisible();
    for (const p of await axeProblems(page)) problems.push(`Badgés (fenêtre): ${p}`);
    await shot(page, `ecran-${size.width}-${String(n++).padStart(2, '0')}-badge-fenetre`);
    await page.keyboard.press('Escape');
    expect(problems).toEqual([]);
  });
