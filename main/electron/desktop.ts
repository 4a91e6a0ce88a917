// The window: one (single instance), the French menu, the app:// protocol, the IPC door in front of
// the runtime's worker. The window opens first and the data after it: a database that cannot be
// opened, or a worker that cannot start, is a value the window shows with its remedy (app/health).
// What fails before any window can show anything gets a native error box, then the app quits.
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session } from 'electron';
import { existsSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { langFromLocale, translate, type Lang } from '../../shared/i18n';
import { FileWriteError } from '../core/errors';
import { logDirOf, openFileLogger, problemDetail } from '../core/log';
import { osUser } from '../core/paths';
import { startRuntimeHost, type RuntimeHost } from '../worker/runtime-host';
import { unavailableRuntime } from '../worker/unavailable';
import { registerIpc, sendEvent } from './ipc';
import { menuTemplate } from './menu';
import { APP_CSP, APP_ORIGIN, APP_SCHEME, appResponse } from './protocol';
import { denyAllPermissions, lockNavigation, secureWebPreferences } from './security';
import { electronTransport } from './transport';

/** The installers' appId: Windows groups the taskbar's windows and notifications under it. */
export const APP_ID = 'fr.festime-desk.app';

export function runDesktop(): void {
  // Standard and secure like https; fetch and CORS support so that Vite's module scripts
  // (`<script type="module" crossorigin>`) load from app:// itself. The page still reaches no
  // network: its CSP says connect-src 'none'.
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }]);
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  const dataDir = app.getPath('userData');
  // This thread's lines (a failed start, an unhandled rejection, the worker lost) in `main.<day>.log`.
  const log = openFileLogger(dataDir, { name: 'main', door: 'app' });
  let window: BrowserWindow | null = null;
  let runtime: RuntimeHost | null = null;
  /** The runtime being started, then started (it never fails: a worker that cannot start gives a stand-in). */
  let starting: Promise<RuntimeHost> | null = null;
  let quitting = false;
  let lang: Lang = 'fr';
  const currentLang = (): Lang => runtime?.lang() ?? lang;

  // Never silent: a failure no call waits for is logged, then said in the window (or in a box).
  const problem = (kind: string, error: unknown) => {
    log.error(kind, error);
    const params = { detail: problemDetail(error) };
    if (window && !window.isDestroyed()) sendEvent(window.webContents, 'app/problem', { key: 'errors.app.problem', params });
    else if (app.isReady()) dialog.showErrorBox(translate(currentLang(), 'errors.app.startTitle'), translate(currentLang(), 'errors.app.problem', params));
  };
  process.on('unhandledRejection', (reason) => problem('main.unhandled-rejection', reason));
  process.on('uncaughtException', (error) => problem('main.uncaught-exception', error));

  /** Before the window could show anything: a box that says so, then the app quits (no process left without a window). */
  const fatal = (error: unknown) => {
    log.error('start.failed', error);
    dialog.showErrorBox(
      translate(currentLang(), 'errors.app.startTitle'),
      translate(currentLang(), 'errors.app.window', { detail: problemDetail(error), logDir: logDirOf(dataDir) }),
    );
    quitting = true;
    void Promise.resolve(starting?.then((host) => host.close()))
      .catch(() => undefined)
      .finally(() => void log.close().finally(() => app.exit(1)));
  };

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    if (!window.isVisible()) window.show();
    window.focus();
  });
  app.on('web-contents-created', (_event, contents) => lockNavigation(contents));
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    // Closed once, in order (a sync cancelled, the database closed) — or, still starting, once it
    // has started — then quit for good.
    if (quitting || !starting) return;
    event.preventDefault();
    quitting = true;
    void starting
      .then((host) => host.close())
      .catch((error: unknown) => log.error('quit.close-failed', error))
      .finally(() => void log.close().finally(() => app.quit()));
  });

  void app
    .whenReady()
    .then(async () => {
      lang = langFromLocale(app.getLocale());
      await start();
    })
    .catch(fatal);

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
    const setMenu = () => Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(currentLang(), process.platform)));
    setMenu();

    // SQLite, the sync, the timesheet and the workbook run in a worker: this thread only relays.
    // It starts while the window opens; the window's calls wait for it. A worker that cannot start
    // leaves a runtime that says why (app/health) instead of no window at all.
    const version = app.getVersion();
    const ready = (starting = startRuntimeHost({
      entry: { bundle: join(__dirname, 'runtime-worker.cjs') },
      dataDir,
      version,
      log,
      transport: electronTransport(net, session.defaultSession, writes),
      emit: (event, payload) => {
        sendEvent(window?.webContents ?? null, event, payload);
        // The menu follows the language chosen in Paramètres.
        if (event === 'data/changed' && (payload as { what?: string }).what === 'settings') setMenu();
      },
      lang,
      actor: osUser(),
      deliver: async (fileName, bytes) => {
        const chosen = await dialog.showSaveDialog(window!, {
          title: translate(currentLang(), 'menu.saveWorkbook'),
          defaultPath: join(app.getPath('documents'), fileName),
          filters: [{ name: translate(currentLang(), 'menu.excel'), extensions: ['xlsx'] }],
        });
        if (chosen.canceled || !chosen.filePath) return { savedTo: null, download: null };
        // Written beside, then renamed: never a half-written workbook under the chosen name;
        // written without blocking this thread (the window's): a large workbook takes a while.
        const tmp = `${chosen.filePath}.${process.pid}.tmp`;
        try {
          await writeFile(tmp, bytes);
          await rename(tmp, chosen.filePath);
        } catch (error) {
          await rm(tmp, { force: true });
          throw new FileWriteError(chosen.filePath, (error as NodeJS.ErrnoException).code ?? 'error');
        }
        return { savedTo: chosen.filePath, download: null };
      },
    }).then(
      (host) => (runtime = host),
      (error: unknown) => {
        log.error('start.worker-failed', error);
        return (runtime = unavailableRuntime(error, { lang, version, dataDir }));
      },
    ));
    void ready.then(setMenu);
    registerIpc(ipcMain, async (method, input, context) => (await ready).dispatch(method, input, context));

    const icon = join(__dirname, 'icon.png');
    window = new BrowserWindow({
      width: 1280,
      height: 800,
      minWidth: 800,
      minHeight: 560,
      title: 'Festime Desk',
      show: false,
      // Linux takes the window's icon from here (Windows and macOS from the installed app's).
      ...(process.platform === 'linux' && existsSync(icon) ? { icon } : {}),
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
    // A page that does not load is a window that shows nothing: said in a box, then the app quits.
    await window.loadURL(`${APP_ORIGIN}/index.html`);
    // Loaded, it is shown even if it never painted (a page that failed to render): never a window no one sees.
    if (window && !window.isDestroyed() && !window.isVisible()) window.show();
  }
}
