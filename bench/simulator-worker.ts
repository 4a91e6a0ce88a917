// The simulator in a worker thread: for the sync benchmark it plays the remote server on the
// other core, so the time of generating its answer is not charged to the client being measured.
import { parentPort, workerData, Worker } from 'node:worker_threads';
import { createSimulator } from '../main/core/festime/simulator/server';
import type { AccountSeed } from '../main/core/festime/simulator/state';

interface Start {
  seed: AccountSeed;
  now: number;
}

if (parentPort && workerData) {
  const { seed, now } = workerData as Start;
  const sim = createSimulator({ accounts: [seed], now: () => new Date(now) });
  const url = await sim.listen(0);
  parentPort.postMessage(url);
  parentPort.on('message', () => void sim.close().then(() => process.exit(0)));
}

export async function startSimulatorWorker(seed: AccountSeed, now: Date): Promise<{ url: string; close(): Promise<void> }> {
  // The worker loads this TypeScript file through tsx's API, like the benchmark itself.
  const entry = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(entry, { eval: true, workerData: { seed, now: now.getTime() } satisfies Start });
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      }),
  };
}
