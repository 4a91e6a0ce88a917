// Below HTTP, two failures that call for different actions: a connection REFUSED (nothing listens
// at that address: the address is wrong or the service is down — waiting will not help) and a
// connection CUT (the server reset it: trying again in a moment may work). Told apart at the
// transport, against a closed port and a server that resets, and said differently to the user.
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FestimeNetworkError } from '../../main/core/errors';
import { createFestimeClient } from '../../main/core/festime/client';
import { classifyConnectError, createNodeTransport, TransportError, type NodeTransport } from '../../main/core/festime/transport';
import { caught, closedPort } from './harness';

const opened: (Server | NodeTransport)[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) {
    if ('listening' in o) await new Promise<void>((resolve) => o.close(() => resolve()));
    else await o.close();
  }
});

/** A TCP server that accepts, reads the request, and resets the connection without answering. */
async function resettingServer(): Promise<string> {
  const server = createServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
  opened.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function transport(): NodeTransport {
  const t = createNodeTransport();
  opened.push(t);
  return t;
}

const failureOf = (promise: Promise<unknown>) => caught(promise, TransportError);
const request = (url: string) => ({ url: `${url}/webapi.aspx?fonction=pointage`, signal: AbortSignal.timeout(5_000), fresh: false });

describe('the transport tells a refused connection from a cut one', () => {
  it('a closed port: unreachable, refused', async () => {
    const error = await failureOf(transport()(request(`http://127.0.0.1:${await closedPort()}`)));
    expect(error).toMatchObject({ failure: 'unreachable', systemCode: 'ECONNREFUSED' });
  });

  it('a server that resets the connection: dropped, not refused', async () => {
    const error = await failureOf(transport()(request(await resettingServer())));
    expect(error.failure).toBe('dropped');
    expect(error.systemCode).not.toBe('ECONNREFUSED');
  });

  it('Electron’s net stack says the same in its own words', () => {
    const signal = new AbortController().signal;
    expect(classifyConnectError(new Error('net::ERR_CONNECTION_REFUSED'), signal)).toMatchObject({
      failure: 'unreachable',
      systemCode: 'ERR_CONNECTION_REFUSED',
    });
    expect(classifyConnectError(new Error('net::ERR_CONNECTION_RESET'), signal)).toMatchObject({ failure: 'dropped', systemCode: 'ERR_CONNECTION_RESET' });
    expect(classifyConnectError(new Error('net::ERR_NAME_NOT_RESOLVED'), signal)).toMatchObject({
      failure: 'unreachable',
      systemCode: 'ERR_NAME_NOT_RESOLVED',
    });
  });
});

describe('and the user reads what to do', () => {
  const client = (server: string) =>
    createFestimeClient({ server, login: 'demo', password: 'secret', transport: transport(), retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });

  it('refused: check the address, retrying at once will not help (French and English)', async () => {
    const port = await closedPort();
    const error = await caught(client(`http://127.0.0.1:${port}`).terminalInfo(), FestimeNetworkError);
    expect(error.code).toBe('network.unreachable');
    expect(error.key).toBe('errors.network.refused');
    expect(error.localized('fr')).toBe(
      `Impossible de joindre le serveur Festime (127.0.0.1:${port}) : connexion refusée, rien n’écoute à cette adresse. Vérifiez l’adresse du serveur et son port ; si elle est juste, le service y est arrêté.`,
    );
    expect(error.localized('fr')).not.toMatch(/dans un moment/);
    expect(error.localized('en')).toMatch(/connection refused, nothing is listening at that address\. Check the server address and its port/);
  });

  it('cut: the connection was lost, try again in a moment', async () => {
    const url = await resettingServer();
    const error = await caught(client(url).terminalInfo(), FestimeNetworkError);
    expect(error.code).toBe('network.dropped');
    expect(error.key).toBe('errors.network.dropped');
    expect(error.localized('fr')).toBe(`La connexion au serveur Festime (${new URL(url).host}) a été coupée avant la réponse. Réessayez dans un moment.`);
    expect(error.localized('en')).toMatch(/was lost before the answer\. Try again in a moment\./);
  });

  it('an unknown name: check its spelling', () => {
    const error = new FestimeNetworkError('unreachable', 'festime.exemple.invalid', 'ENOTFOUND');
    expect(error.localized('fr')).toMatch(/ce nom de serveur est introuvable\. Vérifiez l’orthographe de l’adresse du serveur/);
    expect(error.localized('en')).toMatch(/this server name cannot be found/);
  });
});
