// The preload: one object, window.festime, built from the contract's method and event names.
// It forwards calls to the main process and push events to the page; nothing else of Node or
// Electron reaches the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_NAMES, IPC_CHANNELS, METHOD_NAMES, type FestimeBridge } from '../shared/api';

const { call: CALL_CHANNEL, event: EVENT_CHANNEL } = IPC_CHANNELS;
const methods = new Set<string>(METHOD_NAMES);
const events = new Set<string>(EVENT_NAMES);

// The names are checked again at run time: the page could call with anything.
const festime = {
  invoke(method: string, input: unknown) {
    if (!methods.has(method))
      return Promise.resolve({
        ok: false,
        error: {
          code: 'ipc.unknown-method',
          key: 'errors.ipc.unknownMethod',
          params: { method: String(method).slice(0, 60) },
          message: `unknown method ${String(method).slice(0, 60)}`,
        },
      });
    return ipcRenderer.invoke(CALL_CHANNEL, method, input);
  },
  on(event: string, listener: (payload: unknown) => void) {
    if (!events.has(event)) return () => undefined;
    const handler = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
} satisfies FestimeBridge;

contextBridge.exposeInMainWorld('festime', festime);
