// The renderer's side of the contract: `call` and `on`, over the preload's `window.festime` in the
// desktop app, or over the browser bridge (loopback HTTP + server-sent events) in Chromium.
import type { EventName, EventPayload, FestimeBridge, MethodInput, MethodName, MethodResult, Outcome } from '../../shared/api';
import type { AppError } from '../../shared/app-error';

declare global {
  interface Window {
    festime?: FestimeBridge;
  }
}

/** An error the main process sent back: translatable (key + params), never a stack trace. */
export class CallError extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

const TOKEN_KEY = 'festime-bridge-token';

/** The bridge's token comes in the URL fragment once; it is kept for reloads of this tab only. */
function bridgeToken(): string {
  const m = /token=([\w-]+)/.exec(location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, m[1]!);
    history.replaceState(null, '', location.pathname);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function httpBridge(): FestimeBridge {
  const token = bridgeToken();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;
  const connect = () => {
    source = new EventSource(`/events?token=${encodeURIComponent(token)}`);
    for (const name of listeners.keys())
      source.addEventListener(name, (e) => listeners.get(name)?.forEach((l) => l(JSON.parse((e as MessageEvent<string>).data))));
  };
  return {
    async invoke(method, input) {
      const res = await fetch(`/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-festime-token': token },
        body: JSON.stringify(input ?? {}),
      });
      return (await res.json()) as Outcome<unknown>;
    },
    on(event, listener) {
      if (!listeners.has(event)) {
        listeners.set(event, new Set());
        source?.close();
        connect();
      }
      listeners.get(event)!.add(listener);
      return () => listeners.get(event)?.delete(listener);
    },
  };
}

const bridge: FestimeBridge = window.festime ?? httpBridge();
/** True in the browser bridge, where a file is handed over as a download. */
export const inBrowser = window.festime === undefined;

export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>> {
  const outcome = await bridge.invoke(method, input);
  if (!outcome.ok) throw new CallError(outcome.error);
  return outcome.value as MethodResult<M>;
}

export function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return bridge.on(event, listener as (payload: unknown) => void);
}
