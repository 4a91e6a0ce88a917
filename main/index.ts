// The Electron main process: one window (single instance), the French menu, the app:// protocol,
// the IPC door in front of the same runtime as the browser bridge. No logic of its own.
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session } from 'electron';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { langFromLocale, translate } from '../shared/i18n';
import { FileWriteError } from './core/errors';
import { osUser } from './core/paths';
import { startRuntimeHost, type RuntimeHost } from './worker/runtime-host';
import { registerIpc, sendEvent } from './electron/ipc';
import { menuTemplate } from './electron/menu';
import { APP_CSP, APP_ORIGIN, APP_SCHEME, appResponse } from './electron/protocol';
import { denyAllPermissions, lockNavigation, secureWebPreferences } from './electron/security';
import { electronTransport } from './electron/transport';

// Standard and secure like https; fetch and CORS support so that Vite's module scripts
// (`<script type="module" crossorigin>`) load from app:// itself. The page still reaches no network:
// its CSP says connect-src 'none'.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }]);

let window: BrowserWindow | null = null;
let runtime: RuntimeHost | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('web-contents-created', (_event, contents) => lockNavigation(contents));
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    // Closed once, in order (a sync cancelled, the database closed), then quit for good.
    if (!runtime) return;
    event.preventDefault();
    const closing = runtime;
    runtime = null;
    void closing.close().finally(() => app.quit());
  });
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  const rendererDir = join(__dirname, '..', 'renderer');
  protocol.handle(APP_SCHEME, (request) => appResponse(request.url, rendererDir));
  denyAllPermissions(session.defaultSession);
  // The CSP travels with every app:// answer already; set it again on the way in, whatever serves the page.
  session.defaultSession.webRequest.onHeadersReceived({ urls: [`${APP_ORIGIN}/*`] }, (details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [APP_CSP] } }),
  );
  const writes = session.fromPartition('festime-writes', { cache: false });
  denyAllPermissions(writes);

  // SQLite, the sync, the timesheet and the workbook run in a worker: this thread only relays.
  runtime = await startRuntimeHost({
    entry: { bundle: join(__dirname, 'runtime-worker.cjs') },
    dataDir: app.getPath('userData'),
    version: app.getVersion(),
    transport: electronTransport(net, session.defaultSession, writes),
    emit: (event, payload) => {
      sendEvent(window?.webContents ?? null, event, payload);
      // The menu follows the language chosen in Paramètres.
      if (event === 'data/changed' && (payload as { what?: string }).what === 'settings' && runtime)
        Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(runtime.lang(), process.platform)));
    },
    lang: langFromLocale(app.getLocale()),
    actor: osUser(),
    deliver: async (fileName, bytes) => {
      const lang = runtime!.lang();
      const chosen = await dialog.showSaveDialog(window!, {
        title: translate(lang, 'menu.saveWorkbook'),
        defaultPath: join(app.getPath('documents'), fileName),
        filters: [{ name: translate(lang, 'menu.excel'), extensions: ['xlsx'] }],
      });
      if (chosen.canceled || !chosen.filePath) return { savedTo: null, download: null };
      // Written beside, then renamed: never a half-written workbook under the chosen name.
      const tmp = `${chosen.filePath}.${process.pid}.tmp`;
      // Written without blocking this thread (the window's): a large workbook takes a while.
      try {
        await writeFile(tmp, bytes);
        await rename(tmp, chosen.filePath);
      } catch (error) {
        await rm(tmp, { force: true });
        throw new FileWriteError(chosen.filePath, (error as NodeJS.ErrnoException).code ?? 'error');
      }
      return { savedTo: chosen.filePath, download: null };
    },
  });
  registerIpc(ipcMain, runtime.dispatch);
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(runtime.lang(), process.platform)));

  window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    title: 'Festime Desk',
    show: false,
    // The settings that matter are repeated as literals so that static checkers (electronegativity) see them.
    webPreferences: {
      ...secureWebPreferences(join(__dirname, '..', 'preload', 'index.cjs')),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window?.show());
  window.on('closed', () => (window = null));
  await window.loadURL(`${APP_ORIGIN}/index.html`);
}
