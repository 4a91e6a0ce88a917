// The real window: Playwright's _electron drives the app in Electron itself (the built app through the
// Electron binary of node_modules, or the packaged app named by FESTIME_APP_EXE). Where the binary is
// not installed (ELECTRON_SKIP_BINARY_DOWNLOAD, as on the development machines) every test reports
// itself skipped, with the reason. `npm run test:electron`; on Linux without a display, under xvfb-run.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.e2e.ts',
  outputDir: '../../.tmp/electron-app-results',
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: '../../.tmp/electron-app.json' }]],
  use: { trace: 'retain-on-failure', actionTimeout: 15_000 },
});
