// The IPC door: one channel for calls, one for push events. Every call goes through the dispatcher
// (method known, input parsed, errors as values); the sender must be the app's own top frame.
import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import { IPC_CHANNELS, type EventName, type EventPayload } from '../../shared/api';
import type { Dispatch } from '../ipc/dispatcher';
import { APP_HOST, APP_SCHEME } from './protocol';

export const CALL_CHANNEL = IPC_CHANNELS.call;
export const EVENT_CHANNEL = IPC_CHANNELS.event;

/** The app's own page, loaded from app://, in the window's top frame: nothing else may call. */
export function isAppFrame(frame: Pick<WebFrameMain, 'url' | 'parent'> | null | undefined): boolean {
  if (!frame || frame.parent !== null) return false;
  try {
    // Compared by parts: outside Electron's registered standard scheme, URL.origin of app:// is "null".
    const u = new URL(frame.url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, dispatch: Dispatch): void {
  ipcMain.handle(CALL_CHANNEL, (event: IpcMainInvokeEvent, method: unknown, input: unknown) =>
    dispatch(typeof method === 'string' ? method : String(method), input, { trusted: isAppFrame(event.senderFrame) }),
  );
}

export function sendEvent<E extends EventName>(contents: Pick<WebContents, 'send' | 'isDestroyed'> | null, event: E, payload: EventPayload<E>): void {
  if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, event, payload);
}
