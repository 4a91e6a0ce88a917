// `npm run start:web`: the app's handler table behind the browser bridge, serving the built
// renderer. Also what `npm start` falls back to where the Electron binary is missing, and what the
// end-to-end tests drive in Chromium. Prints one line with the URL (token in its fragment).
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { langFromLocale } from '../../shared/i18n';
import { defaultDataDir, osUser } from '../core/paths';
import { startRuntimeHost } from '../worker/runtime-host';
import { unavailableRuntime } from '../worker/unavailable';
import { startBridge, type Bridge } from './server';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string', default: '0' },
    'demo-port': { type: 'string', default: '8765' },
    'static-dir': { type: 'string' },
    'no-auto-sync': { type: 'boolean', default: false },
  },
});

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = resolve(values['data-dir'] ?? process.env.FESTIME_DATA_DIR ?? defaultDataDir());
const staticDir = resolve(values['static-dir'] ?? join(here, '..', '..', 'out', 'renderer'));
let bridge: Bridge | null = null;

// The runtime in a worker, as in the desktop app: this thread only serves HTTP and relays. A worker
// that cannot start leaves a runtime that says why (app/health), as in the desktop app.
const version = process.env.npm_package_version ?? '0.0.0';
const lang = langFromLocale(process.env.LC_ALL ?? process.env.LC_MESSAGES ?? process.env.LANG);
const runtime = await startRuntimeHost({
  entry: { source: join(here, '..', 'worker', 'runtime-worker.ts') },
  dataDir,
  version,
  emit: (event, payload) => bridge?.emit(event, payload),
  lang,
  actor: osUser(),
  demoPort: Number(values['demo-port']),
  autoSync: !values['no-auto-sync'],
  deliver: async (fileName, bytes) => ({ savedTo: null, download: bridge!.offer(fileName, bytes) }),
}).catch((error: unknown) => {
  console.error('runtime worker failed to start:', error instanceof Error ? error.message : error);
  return unavailableRuntime(error, { lang, version, dataDir });
});
bridge = await startBridge({ dispatch: runtime.dispatch, lang: runtime.lang, staticDir, port: Number(values.port) });
console.log(`Festime Desk (navigateur / browser): ${bridge.url}`);
console.log(`data: ${dataDir}`);

const stop = async () => {
  await bridge?.close();
  await runtime.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
