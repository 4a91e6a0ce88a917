// Festime over Electron's network stack (it honours the office's proxy and certificates), through
// net.request rather than net.fetch: with `redirect: 'manual'` fetch fails ("Redirect was
// cancelled") where Node's fetch hands the 3xx back, and the client must see that 3xx to refuse it
// by name. Reads share the default session's pool; writes go through a session of their own whose
// connections are closed before each one, so a create/modify/delete is never replayed on a reused socket.
import type { ClientRequest, IncomingMessage, Net, Session } from 'electron';
import { classifyConnectError, TransportError, type HttpAnswer, type HttpRequest, type Transport } from '../core/festime/transport';

type Headers = Record<string, string | string[]>;

/** One header, whatever the case of its name; the first value if it came more than once. */
function header(headers: Headers, name: string): string | null {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

function answerOf(status: number, headers: Headers, body: Uint8Array): HttpAnswer {
  return { status, contentType: header(headers, 'content-type'), body, date: header(headers, 'date') };
}

/** One exchange on `session`: the whole answer, or a redirect's own 3xx (never followed). */
function exchange(net: Pick<Net, 'request'>, session: Session, { url, signal }: HttpRequest): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new TransportError('aborted'));
    const request: ClientRequest = net.request({ url, session, redirect: 'manual', cache: 'no-store', bypassCustomProtocolHandlers: true });
    let responded = false;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = () =>
      settle(() => {
        request.abort();
        reject(new TransportError('aborted'));
      });
    const cut = (error?: Error) =>
      settle(() =>
        reject(signal.aborted ? new TransportError('aborted') : new TransportError('truncated', error && classifyConnectError(error, signal).systemCode)),
      );
    signal.addEventListener('abort', onAbort);

    // Aborted inside the event, the redirect is neither followed nor turned into an error.
    request.on('redirect', (status, _method, _to, headers) => {
      request.abort();
      settle(() => resolve(answerOf(status, headers, new Uint8Array())));
    });
    request.on('response', (response: IncomingMessage) => {
      responded = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => settle(() => resolve(answerOf(response.statusCode, response.headers, new Uint8Array(Buffer.concat(chunks))))));
      response.on('error', cut);
      response.on('aborted', () => cut());
    });
    request.on('error', (error) => (responded ? cut(error) : settle(() => reject(classifyConnectError(error, signal)))));
    request.end();
  });
}

export function electronTransport(net: Pick<Net, 'request'>, reads: Session, writes: Session): Transport {
  return async (request) => {
    if (!request.fresh) return exchange(net, reads, request);
    await writes.closeAllConnections();
    return exchange(net, writes, request);
  };
}
