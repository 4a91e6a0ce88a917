// The runtime host on the window's thread: a worker that never comes up, or goes away, or is
// closed twice, never leaves the app hanging (no window, no quit) or a call unanswered.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startRuntimeHost, type RuntimeHostOptions } from '../../main/worker/runtime-host';

function hostWith(workerSource: string): Promise<Awaited<ReturnType<typeof startRuntimeHost>>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'festime-host-'));
  const entry = join(dataDir, 'worker.mjs');
  writeFileSync(entry, workerSource);
  const options: RuntimeHostOptions = {
    entry: { source: entry },
    dataDir,
    version: 'test',
    lang: 'fr',
    actor: 'test',
    emit: () => undefined,
    deliver: async () => ({ savedTo: null, download: null }),
  };
  return startRuntimeHost(options);
}

describe('the runtime host', () => {
  it('a worker that exits before it is ready makes the start fail, not hang', async () => {
    await expect(hostWith(`process.exit(0);\n`)).rejects.toThrow(/^worker exit 0$/);
  });

  it('a call waiting when the worker dies is answered with an error; closing twice is one close', async () => {
    const host = await hostWith(
      `import { parentPort } from 'node:worker_threads';\n` +
        `parentPort.postMessage({ t: 'ready', lang: 'fr' });\n` +
        `parentPort.on('message', (m) => { if (m.t === 'call') process.exit(3); });\n`,
    );
    const outcome = await host.dispatch('app/info', {}, { trusted: true });
    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('Le moteur de données de Festime Desk s’est arrêté pendant cette opération') },
    });
    // Gone: a later call is refused at once.
    expect(await host.dispatch('app/info', {}, { trusted: true })).toMatchObject({ ok: false, error: { code: 'internal' } });
    await Promise.all([host.close(), host.close()]);
  });

  it('a worker that does not finish closing is stopped', async () => {
    // Ignores "close" and keeps a timer alive: without the host's deadline, quit would wait forever.
    const host = await hostWith(
      `import { parentPort } from 'node:worker_threads';\nparentPort.postMessage({ t: 'ready', lang: 'fr' });\nsetInterval(() => undefined, 1000);\n`,
    );
    const t0 = Date.now();
    await host.close();
    expect(Date.now() - t0).toBeLessThan(15_000);
  }, 20_000);
});
