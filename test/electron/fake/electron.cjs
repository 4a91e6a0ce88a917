// A stand-in for the `electron` module, for the main entry's start and quit paths (test/electron/start.test.ts).
// It says what the app does to it as lines `@@ {json}` on stdout; FAKE_SCENARIO picks what goes wrong.
const { EventEmitter } = require('node:events');
const { mkdirSync } = require('node:fs');
const { join } = require('node:path');

const scenario = new Set((process.env.FAKE_SCENARIO ?? '').split(',').filter(Boolean));
const say = (what, detail = {}) => process.stdout.write(`@@ ${JSON.stringify({ what, ...detail })}\n`);
const handlers = new Map();
let ready = false;

const app = new EventEmitter();
Object.assign(app, {
  isPackaged: false,
  requestSingleInstanceLock: () => (say('single-instance-lock'), true),
  whenReady: () => (say('when-ready'), Promise.resolve().then(() => (ready = true))),
  isReady: () => ready,
  getPath: (name) => {
    const dir = join(process.env.FAKE_USER_DATA, name === 'userData' ? '' : name);
    mkdirSync(dir, { recursive: true });
    return dir;
  },
  getVersion: () => '9.9.9-test',
  getLocale: () => 'fr-FR',
  setAppUserModelId: (id) => say('app-user-model-id', { id }),
  dock: undefined,
  quit() {
    say('quit');
    let prevented = false;
    app.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) app.exit(0);
  },
  exit(code = 0) {
    say('exit', { code });
    process.stdout.write('', () => process.exit(code));
  },
});

let windows = 0;
class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    if (scenario.has('window-throws')) throw new Error('GPU process could not start');
    windows++;
    say('window', { count: windows, icon: options.icon ?? null });
    this.destroyed = false;
    this.webContents = {
      send: (channel, event, payload) => say('sent', { channel, event, payload }),
      isDestroyed: () => this.destroyed,
    };
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return false;
  }
  // Never painted here ('ready-to-show' does not come): the app must show it itself once loaded.
  isVisible() {
    return Boolean(this.visible);
  }
  show() {
    this.visible = true;
    say('shown');
  }
  once(name, listener) {
    return super.once(name, listener);
  }
  async loadURL(url) {
    say('load', { url });
    if (scenario.has('load-fails')) throw new Error("ERR_FILE_NOT_FOUND (-6) loading 'app://festime/index.html'");
    // The page: its first call, as the renderer makes it.
    setTimeout(() => void this.renderer(), 10);
  }
  async renderer() {
    const invoke = (method, input = {}) => handlers.get('festime:call')({ senderFrame: { url: 'app://festime/index.html', parent: null } }, method, input);
    say('health', { outcome: await invoke('app/health') });
    if (scenario.has('reject-after-load')) {
      void Promise.reject(new Error('a promise nobody awaited: GET https://festime.example.test/ws/pointage?login=site&password=Secr3t-42 failed'));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // The user closes the window.
    this.destroyed = true;
    say('closed');
    this.emit('closed');
    app.emit('window-all-closed');
  }
}

const session = {
  webRequest: { onHeadersReceived() {} },
  setPermissionRequestHandler() {},
  setPermissionCheckHandler() {},
  closeAllConnections: async () => undefined,
};

module.exports = {
  app,
  BrowserWindow,
  dialog: {
    showErrorBox: (title, content) => say('error-box', { title, content }),
    showSaveDialog: async () => ({ canceled: true }),
  },
  ipcMain: { handle: (channel, handler) => handlers.set(channel, handler) },
  Menu: { setApplicationMenu() {}, buildFromTemplate: (template) => template },
  protocol: { registerSchemesAsPrivileged() {}, handle() {} },
  session: { defaultSession: session, fromPartition: () => session },
  net: { request: () => new EventEmitter() },
};
