// The Electron transport (net.request) answers as Node's does: a redirect comes back as its own 3xx
// (the client then refuses it by name) instead of a cut connection; a whole body, an abort, a
// refused connection and a cut body classified alike. `net` is a fake (./fake-net) that behaves as
// Electron's ClientRequest documents.
import type { Session } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
vi.mock('electron', () => ({}));
import { FestimeBadAnswerError } from '../../main/core/errors';
import { createFestimeClient, type FestimeClient } from '../../main/core/festime/client';
import { createNodeTransport, TransportError, type HttpRequest, type Transport } from '../../main/core/festime/transport';
import { electronTransport } from '../../main/electron/transport';
import { fakeNet } from './fake-net';
import { DEMO_LOGIN, DEMO_PASSWORD, MARIO, RETRY, caught, closeAll, onClose, tinyServer } from '../festime/harness';

afterEach(closeAll);

const reads = { name: 'default' } as unknown as Session;

function writesSession(log: string[] = []): Session {
  return {
    name: 'festime-writes',
    closeAllConnections: async () => {
      log.push('close');
    },
  } as unknown as Session;
}

function read(url = 'https://festime.example/webapi.aspx?fonction=pointage', signal = new AbortController().signal): HttpRequest {
  return { url, signal, fresh: false };
}

async function failure(promise: Promise<unknown>): Promise<TransportError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TransportError);
  return error as TransportError;
}

describe('electronTransport over net.request', () => {
  it.each([302, 301])('a %i comes back as that status; the request is aborted, not followed', async (status) => {
    const { net, requests } = fakeNet((r) =>
      r.redirect(status, 'https://elsewhere.example/', { 'Content-Type': ['text/html'], Date: ['Wed, 18 Mar 2026 14:30:00 GMT'] }),
    );
    const answer = await electronTransport(net, reads, writesSession())(read());
    expect(answer).toEqual({ status, contentType: 'text/html', body: new Uint8Array(), date: 'Wed, 18 Mar 2026 14:30:00 GMT' });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.aborted).toBe(true);
    expect(requests[0]!.followed).toBe(false);
  });

  it('a 200 in chunks: status, content type, Date and the whole body; options as Festime needs them', async () => {
    const { net, requests } = fakeNet((r) =>
      r.respond(200, { 'content-type': 'text/plain; charset=utf-8', date: 'Wed, 18 Mar 2026 14:30:00 GMT' }, ['OK;', 'é', 'fait;']).emit('end'),
    );
    const answer = await electronTransport(net, reads, writesSession())(read());
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('text/plain; charset=utf-8');
    expect(answer.date).toBe('Wed, 18 Mar 2026 14:30:00 GMT');
    expect(new TextDecoder().decode(answer.body)).toBe('OK;éfait;');
    expect(requests[0]!.options).toEqual({
      url: 'https://festime.example/webapi.aspx?fonction=pointage',
      session: reads,
      redirect: 'manual',
      cache: 'no-store',
      bypassCustomProtocolHandlers: true,
    });
  });

  it('the abort signal aborts the request: TransportError aborted', async () => {
    const { net, requests } = fakeNet(() => undefined); // the server never answers
    const controller = new AbortController();
    const pending = electronTransport(net, reads, writesSession())(read(undefined, controller.signal));
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    controller.abort();
    expect((await failure(pending)).failure).toBe('aborted');
    expect(requests[0]!.aborted).toBe(true);
  });

  it('a signal already aborted sends nothing', async () => {
    const { net, requests } = fakeNet(() => undefined);
    expect((await failure(electronTransport(net, reads, writesSession())(read(undefined, AbortSignal.abort())))).failure).toBe('aborted');
    expect(requests).toEqual([]);
  });

  it.each([
    ['net::ERR_CONNECTION_REFUSED', 'unreachable'],
    ['net::ERR_NAME_NOT_RESOLVED', 'unreachable'],
    ['net::ERR_CERT_AUTHORITY_INVALID', 'tls'],
    ['net::ERR_CONNECTION_RESET', 'dropped'],
  ])('%s before any answer → %s, with its code', async (message, expected) => {
    const { net } = fakeNet((r) => r.fail(message));
    const error = await failure(electronTransport(net, reads, writesSession())(read()));
    expect(error.failure).toBe(expected);
    expect(error.systemCode).toBe(message.slice('net::'.length));
  });

  it('a body cut mid-way is truncated, not a short answer', async () => {
    const { net } = fakeNet((r) => {
      const response = r.respond(200, { 'content-type': 'text/plain' }, ['OK;half']);
      response.emit('error', new Error('net::ERR_CONTENT_LENGTH_MISMATCH'));
      r.fail('net::ERR_CONTENT_LENGTH_MISMATCH');
    });
    const error = await failure(electronTransport(net, reads, writesSession())(read()));
    expect(error.failure).toBe('truncated');
    expect(error.systemCode).toBe('ERR_CONTENT_LENGTH_MISMATCH');
  });

  it('reads use the default session; a write first closes the write session’s connections, then goes through it', async () => {
    const log: string[] = [];
    const writes = writesSession(log);
    const { net, requests } = fakeNet((r) => {
      log.push(`${(r.options.session as unknown as { name: string }).name} ${r.options.url}`);
      r.respond(200, {}, ['OK;']).emit('end');
    });
    const transport = electronTransport(net, reads, writes);
    const signal = new AbortController().signal;
    await transport({ url: 'https://x/r', signal, fresh: false });
    await transport({ url: 'https://x/w', signal, fresh: true });
    await transport({ url: 'https://x/w2', signal, fresh: true });
    expect(log).toEqual(['default https://x/r', 'close', 'festime-writes https://x/w', 'close', 'festime-writes https://x/w2']);
    expect(requests.map((r) => r.options.session)).toEqual([reads, writes, writes]);
  });
});

describe('through the real client, a redirect reads the same in the app as in the CLI', () => {
  function client(server: string, transport: Transport): FestimeClient {
    return createFestimeClient({ server, login: DEMO_LOGIN, password: DEMO_PASSWORD, transport, retry: RETRY, timeoutMs: 5_000, longTimeoutMs: 5_000 });
  }

  const calls = [
    { name: 'a read (pointage)', run: (c: FestimeClient) => c.pointage() },
    { name: 'a write (addHolder)', run: (c: FestimeClient) => c.addHolder(MARIO) },
  ];

  it.each(calls)('$name answered 302: the same refusal over net.request as over Node against a real server', async ({ run }) => {
    const elsewhere = await tinyServer((_req, res) => res.end('OK;;'));
    const redirecting = await tinyServer((req, res) => {
      res.writeHead(302, { Location: `${elsewhere.url}${req.url ?? '/'}` });
      res.end();
    });
    const node = createNodeTransport();
    onClose(() => node.close());
    const overNode = await caught(run(client(redirecting.url, node)), FestimeBadAnswerError);

    const { net, requests } = fakeNet((r) => r.redirect(302, `${elsewhere.url}/webapi.aspx`));
    const overElectron = await caught(run(client(redirecting.url, electronTransport(net, reads, writesSession()))), FestimeBadAnswerError);

    const seen = (e: FestimeBadAnswerError) => ({
      kind: e.kind,
      httpStatus: e.httpStatus,
      outcomeUnknown: e.outcomeUnknown,
      fr: e.localized('fr'),
      en: e.localized('en'),
      app: e.toAppError('fr'),
    });
    expect(seen(overElectron)).toEqual(seen(overNode));
    expect(overElectron.kind).toBe('redirect');
    expect(overElectron.localized('fr')).toMatch(/rediriger/);
    expect(requests.every((r) => r.aborted && !r.followed)).toBe(true);
    expect(elsewhere.hits).toEqual([]);
  });
});
