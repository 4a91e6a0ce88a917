// The main thread's side of the runtime worker: it starts the worker, relays the doors' calls to
// it and its events back, and does for it what only the main thread can (a save dialog in the
// desktop app, Electron's network stack). It runs no query and no computation of its own, so
// the window's thread never waits for the work.
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EventName, EventPayload, Outcome } from '../../shared/api';
import type { Lang } from '../../shared/i18n';
import { FileWriteError } from '../core/errors';
import { TransportError, type Transport } from '../core/festime/transport';
import { openFileLogger, type Logger } from '../core/log';
import { refusal, type Dispatch } from '../ipc/dispatcher';
import type { FromWorker, ToWorker, WorkerStart } from './messages';

export interface RuntimeHostOptions extends Omit<WorkerStart, 'relayTransport'> {
  /**
   * The worker's entry: the bundled `runtime-worker.cjs` beside the app's main file, or the
   * TypeScript source (loaded through tsx) when running from the sources.
   */
  entry: { bundle: string } | { source: string };
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  /** Hands a workbook to the user (see AppServiceOptions.deliver). A FileWriteError is passed back as such. */
  deliver: (fileName: string, bytes: Buffer) => Promise<{ savedTo: string | null; download: string | null }>;
  /** Festime through the main thread (Electron's net.fetch); without it the worker uses Node's fetch. */
  transport?: Transport;
  /** This thread's log, when the door keeps one already (the desktop app's); else one is opened here. */
  log?: Logger;
}

export interface RuntimeHost {
  dispatch: Dispatch;
  /** The app's language as the worker last said it (for the menu and the dialogs). */
  lang(): Lang;
  close(): Promise<void>;
}

/** How long a closing worker may take (a sync cancelled, the database closed) before it is stopped. */
const CLOSE_TIMEOUT_MS = 5_000;

function workerFor(entry: RuntimeHostOptions['entry'], start: WorkerStart): Worker {
  if ('bundle' in entry) return new Worker(entry.bundle, { workerData: start });
  // From the sources: the worker registers tsx itself, then loads the TypeScript entry.
  const code = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(pathToFileURL(entry.source).href)}); })`;
  return new Worker(code, { eval: true, workerData: start });
}

export async function startRuntimeHost(options: RuntimeHostOptions): Promise<RuntimeHost> {
  const { entry, emit, deliver, transport, log: given, ...rest } = options;
  // This thread's own lines (the worker crashed) go to `main.<day>.<n>.log`, never to the worker's
  // `festime-desk.<day>.<n>.log`: each file has one writer in this process, so two pino-roll
  // streams never roll (reopen, prune) the same file. Opened on the first line only.
  const log = given ?? openFileLogger(options.dataDir, { name: 'main', door: 'app' });
  const worker = workerFor(entry, { ...rest, relayTransport: transport !== undefined });
  const send = (message: ToWorker) => worker.postMessage(message);
  let lang: Lang = options.lang;
  let next = 1;
  const calls = new Map<number, (outcome: Outcome<unknown>) => void>();
  const requests = new Map<number, AbortController>();
  let closing: Promise<void> | null = null;
  let gone = false;
  let startFailed: ((error: Error) => void) | null = null;

  const lost = () => refusal(lang, 'internal', 'errors.app.lost', {});
  const exited = new Promise<void>((resolve) => {
    worker.on('exit', (code) => {
      // Asked to close, it exits quietly; any other exit is the end of the app's work until restart:
      // logged, and said in the window (once it was running; a start that fails is the door's to say).
      if (!closing) {
        log.error('worker.exited', undefined, { code });
        if (!startFailed) emit('app/problem', { key: 'errors.app.stopped', params: { code: code ?? 0 } });
      }
      gone = true;
      // Nothing will answer now: every call waiting gets an error, every request relayed stops.
      for (const answer of calls.values()) answer(lost());
      calls.clear();
      for (const request of requests.values()) request.abort();
      requests.clear();
      startFailed?.(new Error(`worker exit ${code}`));
      resolve();
    });
  });
  worker.on('error', (error) => {
    log.error('worker.crashed', error);
    startFailed?.(error);
  });

  const relay = async (id: number, url: string, fresh: boolean) => {
    const controller = new AbortController();
    requests.set(id, controller);
    try {
      const answer = await transport!({ url, fresh, signal: controller.signal });
      if (gone) return;
      // Moved to the worker, not copied, when the answer owns its whole buffer (a large answer is tens of MB).
      const whole = answer.body.byteOffset === 0 && answer.body.byteLength === answer.body.buffer.byteLength && answer.body.buffer instanceof ArrayBuffer;
      const body = whole ? answer.body : new Uint8Array(answer.body);
      worker.postMessage({ t: 'http-answer', id, answer: { ...answer, body } } satisfies ToWorker, [body.buffer as ArrayBuffer]);
    } catch (error) {
      const failure = error instanceof TransportError ? error : new TransportError('dropped');
      send({ t: 'http-failed', id, failure: failure.failure, systemCode: failure.systemCode });
    } finally {
      requests.delete(id);
    }
  };
  const handOver = async (id: number, fileName: string, bytes: Uint8Array) => {
    try {
      const handed = await deliver(fileName, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      send({ t: 'delivered', id, ok: true, ...handed });
    } catch (error) {
      const params = error instanceof FileWriteError ? error.params : { file: fileName, reason: 'error' };
      send({ t: 'delivered', id, ok: false, error: { file: String(params.file), reason: String(params.reason) } });
    }
  };

  const ready = new Promise<void>((resolve, reject) => {
    startFailed = reject;
    worker.on('message', (message: FromWorker) => {
      switch (message.t) {
        case 'ready':
          lang = message.lang;
          startFailed = null;
          resolve();
          break;
        case 'result':
          calls.get(message.id)?.(message.outcome);
          calls.delete(message.id);
          break;
        case 'event':
          lang = message.lang;
          emit(message.event, message.payload as EventPayload<typeof message.event>);
          break;
        case 'deliver':
          void handOver(message.id, message.fileName, message.bytes);
          break;
        case 'http':
          void relay(message.id, message.url, message.fresh);
          break;
        case 'http-abort':
          requests.get(message.id)?.abort();
          break;
      }
    });
  });
  await ready;

  return {
    dispatch: (method, input, context) =>
      new Promise((resolve) => {
        if (gone) return resolve(lost());
        const id = next++;
        calls.set(id, resolve);
        send({ t: 'call', id, method, input, trusted: context.trusted });
      }),
    lang: () => lang,
    close() {
      closing ??= (async () => {
        if (!gone) {
          send({ t: 'close' });
          // A worker that does not finish in time (a handle left open) must not keep the app from quitting.
          const late = setTimeout(() => void worker.terminate(), CLOSE_TIMEOUT_MS);
          await exited;
          clearTimeout(late);
        }
        if (!given) await log.close();
      })();
      return closing;
    },
  };
}
