// The window's thread while the heavy work runs: a 180,000-punch sync and then a 500-holder
// month exported to .xlsx, through the real dispatch path. Measured: the main thread's longest
// event-loop block (what a person feels as a frozen window), with the runtime in its worker
// (as the desktop app and the browser bridge run it) against the same work on the main thread.
// Target: ≤ 50 ms in the worker. Needs a Secret Service (the account's password is in the
// keychain, as in the app): run through `npm run bench`, which provides one.
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MethodName, Outcome } from '../shared/api';
import { generatedSite, type SiteProfile } from '../main/core/festime/simulator/demo-site';
import type { AccountSeed } from '../main/core/festime/simulator/state';
import { createNodeTransport } from '../main/core/festime/transport';
import { createKeytarStore } from '../main/core/secrets';
import type { CallContext } from '../main/ipc/dispatcher';
import { createRuntime } from '../main/runtime';
import { noopLogger } from '../main/core/log';
import { startRuntimeHost } from '../main/worker/runtime-host';
import { verdict } from './measure';
import { startSimulatorWorker } from './simulator-worker';

const PEOPLE = 500;
const LOGIN = 'bench-main-thread';
const PASSWORD = 'Bench#Main 2026';
const TARGET_MS = 50;
const trusted: CallContext = { trusted: true };

type Dispatch = (method: MethodName, input: unknown, context: CallContext) => Promise<Outcome<unknown>>;

function site(): SiteProfile {
  const s = generatedSite(PEOPLE);
  return { ...s, people: s.people.map((p) => ({ ...p, daysOff: [], coffeeBreak: false, night: false, hours: Math.max(7, p.hours) })) };
}

/** The previous whole month: every one of its days is in the 90-day window. */
function lastMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

async function call(dispatch: Dispatch, method: MethodName, input: unknown): Promise<unknown> {
  const outcome = await dispatch(method, input, trusted);
  if (!outcome.ok) throw new Error(`${method}: ${outcome.error.message}`);
  return outcome.value;
}

interface Figures {
  blockMs: number;
  syncBlockMs: number;
  exportBlockMs: number;
  syncMs: number;
  exportMs: number;
  punches: number;
}

/**
 * This thread's longest block: a timer due every 2 ms notes how late each tick comes; the
 * largest lateness is the longest time nothing else could run (a click, a repaint).
 */
function watchLoop(): { longest(): number; reset(): void; stop(): void } {
  const every = 2;
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - every);
    last = now;
  }, every);
  return {
    longest: () => Math.max(worst, performance.now() - last - every),
    reset: () => {
      worst = 0;
      last = performance.now();
    },
    stop: () => clearInterval(timer),
  };
}

/** Sync then export through `dispatch`, watching this thread's event loop the whole time. */
async function measure(dispatch: Dispatch, url: string, month: string): Promise<Figures> {
  await call(dispatch, 'accounts/connect', { server: url, login: LOGIN, password: PASSWORD });
  const loop = watchLoop();
  let t0 = performance.now();
  const synced = (await call(dispatch, 'sync/run', { full: true })) as { added: number };
  const syncMs = performance.now() - t0;
  const syncBlockMs = loop.longest();
  loop.reset();
  t0 = performance.now();
  await call(dispatch, 'timesheet/export', { month });
  const exportMs = performance.now() - t0;
  const exportBlockMs = loop.longest();
  loop.stop();
  return { blockMs: Math.max(syncBlockMs, exportBlockMs), syncBlockMs, exportBlockMs, syncMs, exportMs, punches: synced.added };
}

const options = (dataDir: string, out: string) => ({
  dataDir,
  version: 'bench',
  actor: 'bench',
  autoSync: false,
  lang: 'fr' as const,
  emit: () => undefined,
  deliver: async (fileName: string, bytes: Buffer) => {
    await writeFile(join(out, fileName), bytes);
    return { savedTo: join(out, fileName), download: null };
  },
});

async function main(): Promise<void> {
  const now = new Date();
  const month = lastMonth(now);
  const seed: AccountSeed = { login: LOGIN, password: PASSWORD, label: 'Bench 500', site: site() };
  const remote = await startSimulatorWorker(seed, now);
  const scratch = mkdtempSync(join(tmpdir(), 'festime-bench-main-'));
  console.log(`\n# The window's thread — ${PEOPLE} holders: a 90-day sync, then ${month} exported to .xlsx, through dispatch`);
  try {
    // Baseline: the same runtime on this thread (what the app did before the worker).
    const transport = createNodeTransport();
    const inline = createRuntime({
      ...options(join(scratch, 'inline'), scratch),
      lang: () => 'fr',
      credentials: createKeytarStore(),
      transport,
      logger: noopLogger,
    });
    const base = await measure(inline.dispatch, remote.url, month);
    await inline.close();
    await transport.close();

    const host = await startRuntimeHost({
      ...options(join(scratch, 'worker'), scratch),
      entry: { source: fileURLToPath(new URL('../main/worker/runtime-worker.ts', import.meta.url)) },
    });
    const moved = await measure(host.dispatch, remote.url, month);
    await host.close();

    const line = (label: string, f: Figures) =>
      console.log(
        `${label.padEnd(34)} longest block ${f.blockMs.toFixed(0).padStart(5)} ms   (sync: ${f.syncBlockMs.toFixed(0)} ms of ${(f.syncMs / 1000).toFixed(1)} s, ${f.punches.toLocaleString('en')} punches; export: ${f.exportBlockMs.toFixed(0)} ms of ${(f.exportMs / 1000).toFixed(1)} s)`,
      );
    line('runtime in its worker', moved);
    line('baseline: runtime on this thread', base);
    const ok = moved.blockMs <= TARGET_MS;
    console.log(
      `longest main-thread block ${moved.blockMs.toFixed(0)} ms vs ${base.blockMs.toFixed(0)} ms on the main thread   target ≤ ${TARGET_MS} ms: ${verdict(ok)}`,
    );
  } finally {
    await remote.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
