// End-to-end tests: the real renderer in Debian's Chromium (never a downloaded browser), through
// the browser bridge, against the Festime simulator. French locale, Paris time, 1280×720.
import { defineConfig } from '@playwright/test';
import { DEFAULT_SITE_ZONE } from '../../shared/time';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--lang=fr-FR',
];

export default defineConfig({
  testDir: '.',
  testMatch: '*.e2e.ts',
  outputDir: '../../.tmp/e2e-results',
  globalSetup: './global-setup.ts',
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: '../../.tmp/playwright.json' }]],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.FESTIME_CHROMIUM ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      // libfaketime (npm run test:dates) stalls Chromium: the pages get the date from Playwright's clock (fixtures.ts).
      env: Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'LD_PRELOAD' && !name.startsWith('FAKETIME'))),
    },
    viewport: { width: 1280, height: 720 },
    locale: 'fr-FR',
    timezoneId: DEFAULT_SITE_ZONE,
    acceptDownloads: true,
    trace: 'off',
    actionTimeout: 10_000,
  },
});
