// One HTTP exchange over a raw TCP socket, for what an HTTP client will not send: a body that
// stops halfway, a broken %-escape, a foreign Host. Resolves when the server closes the connection,
// or after `waitMs` with `closed: false`.
import { connect } from 'node:net';

export interface RawAnswer {
  /** The final status (a "100 Continue" before it is reported in `continued`), 0 for none. */
  status: number;
  continued: boolean;
  text: string;
  /** Milliseconds from sending to the first byte of the final answer (or to the close, if none). */
  ms: number;
  closed: boolean;
  error?: string;
}

export function rawExchange(port: number, request: string | Buffer, waitMs = 5000): Promise<RawAnswer> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let sent = 0;
    let firstFinal = 0;
    let error: string | undefined;
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      const final = text.replace(/^HTTP\/1\.1 100 [^\r]*\r\n\r\n/, '');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(final)?.[1] ?? 0);
      done({ status, continued: final !== text, text: final, ms: (firstFinal || Date.now()) - sent, closed, error });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('connect', () => {
      sent = Date.now();
      socket.write(request);
    });
    socket.setEncoding('latin1').on('data', (d: string) => {
      text += d;
      if (!firstFinal && /^HTTP\/1\.1 [^1]/m.test(text)) firstFinal = Date.now();
    });
    socket.on('error', (e) => (error = e.message));
    socket.on('close', () => finish(true));
  });
}

/** A POST's head, with `Host` set to `host` and whatever else is given. */
export function postHead(path: string, host: string, headers: Record<string, string | number>): string {
  const lines = Object.entries({ Host: host, 'Content-Type': 'application/json', ...headers }).map(([k, v]) => `${k}: ${v}`);
  return `POST ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}
