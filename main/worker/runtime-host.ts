// The main thread's side of the runtime worker: it starts the worker, relays the doors' calls to
// it and its events back, and does for it what only the main thread can (a save dialog in the
// desktop app, Electron's network stack). It runs no query and no computation of its own, so
// the window's thread never waits for the work.
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EventName, EventPayload, Outcome } from '../../shared/api';
import { translate, type Lang } from '../../shared/i18n';
import { FileWriteError } from '../core/errors';
import { TransportError, type Transport } from '../core/festime/transport';
import { openFileLogger } from '../core/log';
import type { Dispatch } from '../ipc/dispatcher';
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
}

export interface RuntimeHost {
  dispatch: Dispatch;
  /** The app's language as the worker last said it (for the menu and the dialogs). */
  lang(): Lang;
  close(): Promise<void>;
}

function workerFor(entry: RuntimeHostOptions['entry'], start: WorkerStart): Worker {
  if ('bundle' in entry) return new Worker(entry.bundle, { workerData: start });
  // From the sources: the worker registers tsx itself, then loads the TypeScript entry.
  const code = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(pathToFileURL(entry.source).href)}); })`;
  return new Worker(code, { eval: true, workerData: start });
}

export async function startRuntimeHost(options: RuntimeHostOptions): Promise<RuntimeHost> {
  const { entry, emit, deliver, transport, ...rest } = options;
  // This thread's own lines (the worker crashed) go to `main.<day>.<n>.log`, never to the worker's
  // `festime-desk.<day>.<n>.log`: each file has one writer in this process, so two pino-roll
  // streams never roll (reopen, prune) the same file. Opened on the first line only.
  const log = openFileLogger(options.dataDir, { name: 'main', door: 'app' });
  const worker = workerFor(entry, { ...rest, relayTransport: transport !== undefined });
  const send = (message: ToWorker) => worker.postMessage(message);
  let lang: Lang = options.lang;
  let next = 1;
  const calls = new Map<number, (outcome: Outcome<unknown>) => void>();
  const requests = new Map<number, AbortController>();
  let closed: (() => void) | null = null;
  let gone = false;

  const lost = (): Outcome<never> => ({
    ok: false,
    error: { code: 'internal', key: 'errors.internal', params: { detail: 'worker' }, message: translate(lang, 'errors.internal', { detail: 'worker' }) },
  });
  const failAll = () => {
    gone = true;
    const outcome = lost();
    for (const answer of calls.values()) answer(outcome);
    calls.clear();
  };
  worker.on('error', (error) => {
    log.error('worker.crashed', error);
    failAll();
  });
  worker.on('exit', (code) => {
    // Asked to close, it exits quietly; any other exit is the end of the app's work until restart.
    if (!closed) log.error('worker.exited', undefined, { code });
    failAll();
    void log.close().finally(() => closed?.());
  });

  const relay = async (id: number, url: string, fresh: boolean) => {
    const controller = new AbortController();
    requests.set(id, controller);
    try {
      const answer = await transport!({ url, fresh, signal: controller.signal });
      const body = new Uint8Array(answer.body);
      worker.postMessage({ t: 'http-answer', id, answer: { ...answer, body } } satisfies ToWorker, [body.buffer]);
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
    worker.once('error', reject);
    worker.on('message', (message: FromWorker) => {
      switch (message.t) {
        case 'ready':
          lang = message.lang;
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
        case 'closed':
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
    close: () =>
      new Promise<void>((resolve) => {
        if (gone) return void log.close().finally(resolve);
        closed = resolve;
        send({ t: 'close' });
      }),
  };
}
