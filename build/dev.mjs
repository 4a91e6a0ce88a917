// `npm run dev`: the renderer with hot reload (Vite's dev server) in front of the app's handlers
// (the browser bridge, restarted by hand when main/ changes). Vite forwards /api and /events to
// the bridge, presenting them as coming from the bridge's own origin, which is all the bridge accepts.
import { spawn } from 'node:child_process';
import { createServer } from 'vite';

const args = process.argv.slice(2);
const bridge = spawn(process.execPath, ['--import', 'tsx', 'main/bridge/start.ts', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  let out = '';
  bridge.stdout.on('data', (chunk) => {
    out += chunk.toString();
    const m = /(http:\/\/127\.0\.0\.1:\d+)\/#token=([\w-]+)/.exec(out);
    if (m) resolve({ origin: m[1], token: m[2] });
  });
  bridge.on('exit', (code) => reject(new Error(`the bridge stopped (${code})`)));
});
const sameOrigin = (proxy) => proxy.on('proxyReq', (req) => req.setHeader('origin', url.origin));
const server = await createServer({
  configFile: 'renderer/vite.config.ts',
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: url.origin, changeOrigin: true, configure: sameOrigin },
      '/events': { target: url.origin, changeOrigin: true, configure: sameOrigin },
      '/download': { target: url.origin, changeOrigin: true, configure: sameOrigin },
    },
  },
});
await server.listen();
console.log(`Festime Desk (development, hot reload): ${server.resolvedUrls.local[0]}#token=${url.token}`);
const stop = async () => {
  await server.close();
  bridge.kill('SIGTERM');
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
