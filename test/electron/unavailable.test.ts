// A runtime worker that cannot start (a file missing from the installation, a crash while loading):
// the host's start fails, and what stands in for the runtime still answers the window — app/health
// with why and « reinstall », every other call with the same error, nothing left waiting.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { NativeModuleError, nativeDetail } from '../../main/core/errors';
import { createKeytarStore } from '../../main/core/secrets';
import { startRuntimeHost } from '../../main/worker/runtime-host';
import { unavailableRuntime } from '../../main/worker/unavailable';

const options = (dataDir: string, bundle: string) => ({
  entry: { bundle },
  dataDir,
  version: '9.9.9',
  lang: 'fr' as const,
  actor: 'test',
  autoSync: false,
  emit: () => undefined,
  deliver: async () => ({ savedTo: null, download: null }),
});

describe('a runtime worker that cannot start', () => {
  it('its start fails (not a wait forever), and the stand-in says why with « reinstall »', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'festime-unavailable-'));
    const bundle = join(dataDir, 'runtime-worker.cjs');
    writeFileSync(bundle, "throw new Error('Cannot find module \\'exceljs\\'');\n");
    const error = await startRuntimeHost(options(dataDir, bundle)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);

    const runtime = unavailableRuntime(error, { lang: 'fr', version: '9.9.9', dataDir });
    const health = await runtime.dispatch('app/health', {}, { trusted: true });
    expect(health).toMatchObject({
      ok: true,
      value: { version: '9.9.9', dataDir, problem: { error: { code: 'app.start' }, remedies: ['reinstall'], newestBackup: null } },
    });
    const message = (health as { value: { problem: { error: { message: string } } } }).value.problem.error.message;
    expect(message).toBe(
      "Festime Desk n’a pas pu démarrer son moteur de données (Cannot find module 'exceljs'). Vos données n’ont pas été touchées. Réinstallez Festime Desk ; si cela se reproduit, envoyez le dossier des journaux au support.",
    );
    expect(await runtime.dispatch('punches/query', {}, { trusted: true })).toMatchObject({ ok: false, error: { code: 'app.start' } });
  });

  it('a native module refused by the loader is named, without the folders it lies in', () => {
    const failure = Object.assign(
      new Error('/opt/Festime Desk/resources/app.asar.unpacked/node_modules/keytar/build/Release/keytar.node: invalid ELF header'),
      {
        code: 'ERR_DLOPEN_FAILED',
      },
    );
    const runtime = unavailableRuntime(failure, { lang: 'en', version: '1', dataDir: '/d' });
    return expect(runtime.dispatch('app/health', {}, { trusted: true })).resolves.toMatchObject({
      ok: true,
      value: { problem: { error: { code: 'app.native-module', params: { module: 'keytar' } }, remedies: ['reinstall'] } },
    });
  });
});

describe('a runtime worker that stops once running', () => {
  it('is said in the window (app/problem), and every later call answers at once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'festime-stopped-'));
    const bundle = join(dataDir, 'runtime-worker.cjs');
    // Ready, then gone (a native crash, an exception nothing caught).
    writeFileSync(
      bundle,
      "const { parentPort } = require('node:worker_threads');\nparentPort.postMessage({ t: 'ready', lang: 'fr' });\nsetTimeout(() => process.exit(3), 50);\n",
    );
    const events: unknown[] = [];
    const host = await startRuntimeHost({ ...options(dataDir, bundle), emit: (event, payload) => events.push({ event, payload }) });
    await vi.waitFor(() => expect(events).toHaveLength(1), { timeout: 10_000 });
    expect(events).toEqual([{ event: 'app/problem', payload: { key: 'errors.app.stopped', params: { code: 3 } } }]);
    expect(await host.dispatch('punches/query', {}, { trusted: true })).toMatchObject({ ok: false, error: { code: 'internal' } });
    await host.close();
  });
});

describe('a native module that does not load, in words a user can act on', () => {
  it('Node’s several lines in one, the Windows folder (a user’s name with a space) left out', () => {
    const error = new Error(
      "The module '\\\\?\\C:\\Users\\Jean Dupont\\AppData\\Local\\Programs\\Festime Desk\\resources\\app.asar.unpacked\\node_modules\\better-sqlite3\\build\\Release\\better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115.",
    );
    expect(nativeDetail(error)).toBe("The module '…/better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115.");
  });

  it('keytar built for another version: « reinstall », not a keychain to unlock', async () => {
    const store = createKeytarStore(async () => {
      throw Object.assign(new Error('/opt/Festime Desk/resources/app.asar.unpacked/node_modules/keytar/build/Release/keytar.node: invalid ELF header'), {
        code: 'ERR_DLOPEN_FAILED',
      });
    });
    const error = await store.get('https://festime.example.test', 'site').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NativeModuleError);
    expect((error as NativeModuleError).localized('fr')).toMatch(
      /^Le module keytar de Festime Desk ne se charge pas \(…\/keytar\.node: invalid ELF header\) : .+Réinstallez Festime Desk/,
    );
  });
});
