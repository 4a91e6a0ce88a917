// Bundles the CLI (and the core it shares with the app) into one CommonJS file for `bin`.
// Native and large runtime dependencies stay external and load from node_modules.
import { build } from 'esbuild';

await build({
  entryPoints: ['main/cli/index.ts'],
  outfile: 'out/cli/festime-desk.cjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: 'linked',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
  // Code that runs as ESM under tsx and as this CJS bundle reads __filename here, import.meta.url there.
  logOverride: { 'empty-import-meta': 'silent' },
});
