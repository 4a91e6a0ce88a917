// A fake of Electron's `net` for the transport tests: requests and responses are EventEmitters that
// behave as Electron's ClientRequest documents, down to "Redirect was cancelled" when a manual
// redirect is neither followed nor aborted during its event. A scenario plays the server.
import { EventEmitter } from 'node:events';
import type { ClientRequestConstructorOptions, Net } from 'electron';

export class FakeResponse extends EventEmitter {
  constructor(
    readonly statusCode: number,
    readonly headers: Record<string, string | string[]>,
  ) {
    super();
  }
}

/** What the fake server does once the request is sent. */
export type Scenario = (request: FakeRequest) => void;

export class FakeRequest extends EventEmitter {
  aborted = false;
  followed = false;
  constructor(
    readonly options: ClientRequestConstructorOptions,
    private readonly scenario: Scenario,
  ) {
    super();
  }
  end(): void {
    setImmediate(() => this.scenario(this));
  }
  abort(): void {
    if (!this.aborted) process.nextTick(() => this.emit('abort'));
    this.aborted = true;
  }
  followRedirect(): void {
    this.followed = true;
  }
  /** As Electron with `redirect: 'manual'`: neither followed nor aborted during the event, the request dies. */
  redirect(status: number, to: string, headers: Record<string, string[]> = {}): void {
    this.emit('redirect', status, 'GET', to, { Location: [to], ...headers });
    if (!this.followed && !this.aborted) this.emit('error', new Error('Redirect was cancelled'));
  }
  respond(status: number, headers: Record<string, string>, chunks: string[]): FakeResponse {
    const response = new FakeResponse(status, headers);
    this.emit('response', response);
    for (const chunk of chunks) response.emit('data', Buffer.from(chunk));
    return response;
  }
  fail(message: string): void {
    this.emit('error', new Error(message));
  }
}

export function fakeNet(scenario: Scenario) {
  const requests: FakeRequest[] = [];
  const net = {
    request: (options: ClientRequestConstructorOptions | string) => {
      const request = new FakeRequest(options as ClientRequestConstructorOptions, scenario);
      requests.push(request);
      return request;
    },
  };
  return { net: net as unknown as Pick<Net, 'request'>, requests };
}
