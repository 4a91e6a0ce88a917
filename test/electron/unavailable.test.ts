// A runtime worker that cannot start (a file missing from the installation, a crash while loading):
// the host's start fails, and what stands in for the runtime still answers the window — app/health
// with why and « reinstall », every other call with the same error, nothing left waiting.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
