// The app behind the browser bridge, in a child process with its own data folder, and a
// stand-alone Festime simulator (the CLI's demo-server) that a test can stop to go offline.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import type { MethodInput, MethodName, MethodResult, Outcome } from '../../shared/api';

export const SCREENSHOTS = join(process.cwd(), 'test', 'e2e', 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

/** Starts a child and waits for the first stdout line matching `pattern`. */
function startAndWait(
  command: string,
  args: string[],
  pattern: RegExp,
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no "${pattern}" from ${args.join(' ')}:\n${out}\n${err}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited ${code}:\n${out}\n${err}`));
    });
  });
}

export interface AppHandle {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.removeAllListeners('exit');
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

export async function startApp(dataDir = mkdtempSync(join(tmpdir(), 'festime-e2e-'))): Promise<AppHandle> {
  const { child, match } = await startAndWait(
    process.execPath,
    ['--import', 'tsx', 'main/bridge/start.ts', '--data-dir', dataDir, '--demo-port', '0', '--no-auto-sync'],
    /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/,
  );
  return { url: match[1]!, dataDir, stop: () => stopChild(child) };
}

export async function startSimulator(): Promise<{ url: string; stop(): Promise<void> }> {
  const { child, match } = await startAndWait(process.execPath, ['out/cli/festime-desk.cjs', 'demo-server', '--port', '0'], /(http:\/\/127\.0\.0\.1:\d+)/, {
    LANG: 'fr_FR.UTF-8',
  });
  return { url: match[1]!, stop: () => stopChild(child) };
}

/** A call to the app's dispatch as the window makes it, over the bridge (with the token of the app's URL). */
export async function bridgeCall<M extends MethodName>(app: AppHandle, method: M, input: MethodInput<M>): Promise<MethodResult<M>> {
  const url = new URL(app.url);
  const token = /token=([\w-]+)/.exec(url.hash)?.[1] ?? '';
  const res = await fetch(`${url.origin}/api/${encodeURIComponent(method)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-festime-token': token },
    body: JSON.stringify(input),
  });
  const outcome = (await res.json()) as Outcome<MethodResult<M>>;
  if (!outcome.ok) throw new Error(`${method}: ${outcome.error.message}`);
  return outcome.value;
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/**
 * Under `npm run test:dates` the suite's clock is faked by libfaketime, which Chromium does not
 * survive (its frames stall): the browser keeps the real clock and its pages get the suite's date
 * from Playwright's clock instead, flowing from there.
 */
export async function alignClock(context: BrowserContext): Promise<BrowserContext> {
  if (process.env.FAKETIME) await context.clock.install({ time: Date.now() });
  return context;
}

export const test = base.extend<{ app: AppHandle }>({
  context: async ({ context }, use) => {
    await use(await alignClock(context));
  },
  // Playwright's fixture signature: no other fixture needed.
  // eslint-disable-next-line no-empty-pattern
  app: async ({}, use) => {
    const app = await startApp();
    await use(app);
    await app.stop();
  },
});

/**
 * One app and one page for all the tests of a file, run in order (each test goes on from where the
 * previous one left the app): the app started and the page opened before the first test, both
 * closed after the last. Call it at the top of the file; read `app` and `page` inside the tests.
 */
export function serialApp(): { readonly app: AppHandle; readonly page: Page } {
  test.describe.configure({ mode: 'serial' });
  let app: AppHandle | undefined;
  let page: Page | undefined;
  test.beforeAll(async ({ browser }) => {
    app = await startApp();
    // A page of its own context (axe-core's checks need one), with the config's locale, zone and viewport.
    page = await (await alignClock(await browser.newContext())).newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
  });
  test.afterAll(async () => {
    await page?.context().close();
    await app?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('serialApp: the app is started in beforeAll, read it inside a test');
    return value;
  };
  return {
    get app() {
      return started(app);
    },
    get page() {
      return started(page);
    },
  };
}

/** A section of the window, by its name in the navigation. */
export const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true });

/** The demo as a new user starts it: « Essayer avec des données de démonstration », then its first sync done. */
export async function openDemo(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Essayer avec des données de démonstration' }).click();
  await expect(page.getByText(/Synchronisation terminée : \d+ nouveaux pointages/)).toBeVisible({ timeout: 60_000 });
}

/** The month before the browser's current one ("YYYY-MM"): the demo's last whole month. */
export const lastMonthIn = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const d = new Date();
    d.setDate(1);
    d.setMonth(d.getMonth() - 1);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
  });

/** "07:10" plus 9 hours: "16:10" (past midnight it wraps: the next morning). A forgotten departure a day's work after its arrival. */
export const hoursAfter = (time: string, hours: number): string => {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return `${String((h + hours) % 24).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
};

export { expect };
