// Bundles the desktop app's main process and preload (esbuild); the renderer is built by Vite.
// Main: CommonJS, runtime dependencies loaded from node_modules (native ones are rebuilt for
// Electron by electron-builder). Preload: generated from the contract — the method and event
// names are read from shared/api.ts at build time and inlined, so the sandboxed preload is one
// small file with no schema library in it.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

// Code that runs as ESM under tsx and as these CJS bundles reads __filename here, import.meta.url there.
const common = { bundle: true, platform: 'node', target: 'node22', format: 'cjs', logLevel: 'warning', logOverride: { 'empty-import-meta': 'silent' } };

// The contract, evaluated once.
const scratch = mkdtempSync(join(tmpdir(), 'festime-contract-'));
const contractFile = join(scratch, 'api.mjs');
await build({ entryPoints: ['shared/api.ts'], outfile: contractFile, bundle: true, platform: 'node', format: 'esm', logLevel: 'warning' });
const { METHOD_NAMES, EVENT_NAMES, IPC_CHANNELS } = await import(pathToFileURL(contractFile).href);
rmSync(scratch, { recursive: true, force: true });

const contractNames = {
  name: 'contract-names',
  setup(b) {
    const api = resolve('shared/api.ts');
    b.onResolve({ filter: /shared\/api$/ }, (args) => (resolve(args.resolveDir, `${args.path}.ts`) === api ? { path: api, namespace: 'contract' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'contract' }, () => ({
      contents: `export const METHOD_NAMES = ${JSON.stringify(METHOD_NAMES)};\nexport const EVENT_NAMES = ${JSON.stringify(EVENT_NAMES)};\nexport const IPC_CHANNELS = ${JSON.stringify(IPC_CHANNELS)};\n`,
      loader: 'js',
    }));
  },
};

await Promise.all([
  build({ ...common, entryPoints: ['main/index.ts'], outfile: 'out/main/index.cjs', packages: 'external', sourcemap: 'linked' }),
  // The runtime's worker (SQLite, sync, timesheet, workbook), started by the main process.
  build({ ...common, entryPoints: ['main/worker/runtime-worker.ts'], outfile: 'out/main/runtime-worker.cjs', packages: 'external', sourcemap: 'linked' }),
  build({ ...common, entryPoints: ['preload/index.ts'], outfile: 'out/preload/index.cjs', external: ['electron'], plugins: [contractNames] }),
]);
console.log(`preload: ${METHOD_NAMES.length} methods, ${EVENT_NAMES.length} events`);
// The window's icon at run time (Linux and Windows; macOS takes the bundle's icns), rendered by build/icon.mjs.
copyFileSync(new URL('./icons/512x512.png', import.meta.url), 'out/main/icon.png');
