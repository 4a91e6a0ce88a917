// Shared rig of the Festime integration tests: the simulator on a loopback port with a clock the
// test moves, a real Node transport (undici), and clients built over both. Everything started
// here is closed by closeAll() after each test.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { expect } from 'vitest';
import { createFestimeClient, type CallEvent, type FestimeClient, type FestimeClientOptions, type RetryPolicy } from '../../main/core/festime/client';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_LOGIN, DEMO_PASSWORD, type AccountSeed } from '../../main/core/festime/simulator/state';
import { createNodeTransport, type NodeTransport } from '../../main/core/festime/transport';
import { addDays, DEFAULT_SITE_ZONE, todayIn, wallClockAt } from '../../shared/time';

export { DEMO_LOGIN, DEMO_PASSWORD };

export const RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 };

/** A Wednesday afternoon in Paris (winter time): most of the demo staff have punched in. */
export const START = new Date('2026-03-18T15:30:00+01:00');

/** A holder the demo account does not know yet (the specification's own example). */
export const MARIO = { nom: 'DUPONT', prenom: 'Mario', uid: '858745632' } as const;

const cleanups: (() => Promise<void>)[] = [];

/** Closes everything the test started, newest first. Use as `afterEach(closeAll)`. */
export async function closeAll(): Promise<void> {
  while (cleanups.length > 0) await cleanups.pop()!().catch(() => undefined);
}

export function onClose(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}

export interface Rig {
  sim: Simulator;
  url: string;
  transport: NodeTransport;
  /** The simulator's clock; assign `clock.now` to move time. */
  clock: { now: Date };
  /** Every onCall event of every client made by `client()`. */
  events: CallEvent[];
  client(overrides?: Partial<FestimeClientOptions>): FestimeClient;
}

export async function startRig(options: { now?: Date; accounts?: AccountSeed[] } = {}): Promise<Rig> {
  const clock = { now: options.now ?? START };
  const sim = createSimulator({ now: () => clock.now, accounts: options.accounts });
  const url = await sim.listen();
  const transport = createNodeTransport();
  // Closed newest first: the simulator (which cuts any open connection), then the transport's pool.
  onClose(() => transport.close());
  onClose(() => sim.close());
  const events: CallEvent[] = [];
  return {
    sim,
    url,
    transport,
    clock,
    events,
    client: (overrides = {}) =>
      createFestimeClient({
        server: url,
        login: DEMO_LOGIN,
        password: DEMO_PASSWORD,
        transport,
        retry: RETRY,
        timeoutMs: 5_000,
        longTimeoutMs: 5_000,
        onCall: (event) => events.push(event),
        ...overrides,
      }),
  };
}

/** The rejection of `promise`, which must be an instance of `type`. */
export async function caught<T>(promise: Promise<unknown>, type: abstract new (...args: never[]) => T): Promise<T> {
  let outcome: unknown;
  try {
    outcome = await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as T;
  }
  throw new Error(`expected ${type.name}, but the call succeeded with ${JSON.stringify(outcome)?.slice(0, 200)}`);
}

/** What `fn` throws synchronously, which must be an instance of `type`. */
export function thrown<T>(fn: () => unknown, type: abstract new (...args: never[]) => T): T {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as T;
  }
  throw new Error(`expected ${type.name}, but nothing was thrown`);
}

/** "YYYY-MM-DDTHH:MM:SS" wall-clock time in Paris (the demo's terminals say "France"), the form of Punch.at. */
export function parisTime(date: Date): string {
  return wallClockAt(date, DEFAULT_SITE_ZONE);
}

export function parisDay(date: Date, plusDays = 0): string {
  return addDays(todayIn(DEFAULT_SITE_ZONE, date), plusDays);
}

/** A port on 127.0.0.1 where nothing listens (it was just opened and closed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface TinyServer {
  url: string;
  /** Request URLs received, in order. */
  hits: string[];
}

/** A small extra HTTP server on 127.0.0.1 (redirects, echoing servers), closed by closeAll(). */
export async function tinyServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TinyServer> {
  const hits: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    handler(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onClose(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

/** Waits until `check` is true, at most `ms`. */
export async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

/** One Festime function as a test drives it: a read (retried) or a write (sent once). */
export interface Target {
  name: string;
  fonction: string;
  write: boolean;
  run(client: FestimeClient, signal?: AbortSignal): Promise<unknown>;
}
