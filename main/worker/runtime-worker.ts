// The worker that runs the runtime (SQLite, sync, timesheet, workbook) off the window's thread.
// The host (runtime-host.ts) relays the window's calls here and this worker's events back; what
// only the main thread can do (a save dialog, Electron's network stack) is asked of the host.
import { parentPort, workerData } from 'node:worker_threads';
import { FileWriteError } from '../core/errors';
import { createNodeTransport, TransportError, type HttpAnswer, type Transport } from '../core/festime/transport';
import { openFileLogger, problemDetail } from '../core/log';
import { createKeytarStore } from '../core/secrets';
import { createRuntime } from '../runtime';
import type { EventName, EventPayload } from '../../shared/api';
import type { FromWorker, ToWorker, WorkerStart } from './messages';

interface Waiting<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function runWorker(port: NonNullable<typeof parentPort>, start: WorkerStart): void {
  const send = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  let next = 1;
  const deliveries = new Map<number, Waiting<{ savedTo: string | null; download: string | null }>>();
  const requests = new Map<number, Waiting<HttpAnswer>>();

  const relayed: Transport = (request) =>
    new Promise<HttpAnswer>((resolve, reject) => {
      const id = next++;
      if (request.signal.aborted) return reject(new TransportError('aborted'));
      const abort = () => send({ t: 'http-abort', id });
      request.signal.addEventListener('abort', abort, { once: true });
      // Settled, the request forgets its signal: a timeout firing later must not send a stray abort.
      const settled = () => request.signal.removeEventListener('abort', abort);
      requests.set(id, {
        resolve: (answer) => (settled(), resolve(answer)),
        reject: (error) => (settled(), reject(error)),
      });
      send({ t: 'http', id, url: request.url, fresh: request.fresh });
    });
  const own = start.relayTransport ? null : createNodeTransport();
  // The runtime's log file is written here, in the worker, where the failures happen; the host's
  // own few lines go to a file of their own (runtime-host.ts).
  const logger = openFileLogger(start.dataDir, { door: 'app' });

  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => send({ t: 'event', event, payload, lang: runtime.service.lang() });
  const runtime = createRuntime({
    dataDir: start.dataDir,
    version: start.version,
    credentials: createKeytarStore(),
    transport: own ?? relayed,
    lang: () => start.lang,
    actor: start.actor,
    demoPort: start.demoPort,
    autoSync: start.autoSync,
    intervalMs: start.intervalMs,
    retryMs: start.retryMs,
    emit,
    logger,
    deliver: (fileName, bytes) =>
      new Promise((resolve, reject) => {
        const id = next++;
        deliveries.set(id, { resolve, reject });
        // A copy of its own, moved (not copied again) to the main thread.
        const copy = new Uint8Array(bytes);
        send({ t: 'deliver', id, fileName, bytes: copy }, [copy.buffer]);
      }),
  });

  // A failure no call waits for: written to the log and said in the window, and the worker goes on
  // (by default Node would end the thread, and every later call with it).
  const problem = (kind: string, error: unknown) => {
    logger.error(kind, error);
    emit('app/problem', { key: 'errors.app.problem', params: { detail: problemDetail(error) } });
  };
  process.on('unhandledRejection', (reason) => problem('worker.unhandled-rejection', reason));
  // A thrown error nothing caught leaves the thread in no known state: logged, then it ends (the host says so).
  process.on('uncaughtException', (error) => {
    logger.error('worker.uncaught-exception', error);
    void logger.close().finally(() => process.exit(1));
  });

  port.on('message', (message: ToWorker) => {
    switch (message.t) {
      case 'call':
        void runtime.dispatch(message.method, message.input, { trusted: message.trusted }).then((outcome) => send({ t: 'result', id: message.id, outcome }));
        break;
      case 'delivered': {
        const waiting = deliveries.get(message.id);
        deliveries.delete(message.id);
        if (message.ok) waiting?.resolve({ savedTo: message.savedTo, download: message.download });
        else waiting?.reject(new FileWriteError(message.error.file, message.error.reason));
        break;
      }
      case 'http-answer':
      case 'http-failed': {
        const waiting = requests.get(message.id);
        requests.delete(message.id);
        if (message.t === 'http-answer') waiting?.resolve(message.answer);
        else waiting?.reject(new TransportError(message.failure, message.systemCode));
        break;
      }
      case 'close':
        void runtime
          .close()
          .then(() => own?.close())
          .finally(() => logger.close())
          // Nothing left to listen to: the worker ends, and the host's close() with it.
          .finally(() => port.close());
        break;
    }
  });
  send({ t: 'ready', lang: runtime.service.lang() });
}

if (parentPort && workerData) runWorker(parentPort, workerData as WorkerStart);
