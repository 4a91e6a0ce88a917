// Festime over Electron's network stack (it honours the office's proxy and certificates). Reads
// share the default session's pool; writes go through a session of their own whose connections
// are closed before each one, so a create/modify/delete is never replayed on a reused socket.
import type { Session } from 'electron';
import { transportFromFetch, type FetchLike, type Transport } from '../core/festime/transport';

export function electronTransport(reads: Pick<Session, 'fetch'>, writes: Pick<Session, 'fetch' | 'closeAllConnections'>): Transport {
  const readFetch: FetchLike = (url, init) => reads.fetch(url, { ...init, bypassCustomProtocolHandlers: true });
  const freshFetch: FetchLike = async (url, init) => {
    await writes.closeAllConnections();
    return writes.fetch(url, { ...init, bypassCustomProtocolHandlers: true });
  };
  return transportFromFetch(readFetch, freshFetch);
}
