// The built-in demonstration: the Festime simulator on this computer, started on first use on
// the port the demo account was saved with (when it is free), and its public account.
import { join } from 'node:path';
import { createSimulator, type Simulator } from '../festime/simulator/server';
import { DEMO_LOGIN, DEMO_PASSWORD } from '../festime/simulator/state';
import { getSetting, listAccounts, moveAccountServer, type AccountRow } from '../store/accounts';
import type { AppContext } from './context';

export interface Demo {
  /** Starts the simulator (once) and returns its address. */
  start(): Promise<string>;
  isDemo(row: AccountRow): boolean;
  /** The demo account's row, when it was created. */
  account(): AccountRow | null;
  credentials(): { login: string; password: string };
  close(): Promise<void>;
}

export function createDemo(ctx: Pick<AppContext, 'db' | 'options'>): Demo {
  let sim: Simulator | null = null;
  const savedId = () => getSetting(ctx.db(), 'global', 'demo-account');
  const account = () => listAccounts(ctx.db()).find((a) => String(a.id) === savedId()) ?? null;
  return {
    account,
    isDemo: (row) => String(row.id) === savedId(),
    credentials: () => ({ login: DEMO_LOGIN, password: DEMO_PASSWORD }),
    async start() {
      if (sim) return sim.url;
      // On the app's clock (the one its syncs take "today" from).
      const started = createSimulator({ dataFile: join(ctx.options.dataDir, 'demo-festime.json'), now: ctx.options.now });
      const saved = account();
      const wanted = saved ? Number(new URL(saved.server).port) : (ctx.options.demoPort ?? 0);
      let url: string;
      try {
        url = await started.listen(wanted);
      } catch {
        url = await started.listen(0);
      }
      sim = started;
      // The port was taken: the demo account follows the simulator (its cache stays with it).
      if (saved && saved.server !== url) moveAccountServer(ctx.db(), saved.id, url);
      return url;
    },
    async close() {
      await sim?.close();
      sim = null;
    },
  };
}
