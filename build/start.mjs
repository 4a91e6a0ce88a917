// `npm start`: the Electron app when its binary is installed; otherwise one line saying so, and
// the browser bridge instead (the same app in Chromium), with its URL.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));
const pathFile = join(electronDir, 'path.txt');
const binary = existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;
const args = process.argv.slice(2);

if (binary && existsSync(binary)) {
  spawn(binary, ['.', ...args], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('Electron binary not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD): starting the browser bridge instead.');
  spawn(process.execPath, ['--import', 'tsx', 'main/bridge/start.ts', ...args], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0));
}
