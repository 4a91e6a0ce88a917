// The messages between the main thread (the host) and the worker that runs the runtime. Plain
// data only: they cross a thread boundary by structured clone.
import type { EventName, Outcome } from '../../shared/api';
import type { Lang } from '../../shared/i18n';
import type { HttpAnswer, TransportFailure } from '../core/festime/transport';

/** What the worker is started with (workerData). */
export interface WorkerStart {
  dataDir: string;
  version: string;
  /** The language the door guessed (the OS locale). */
  lang: Lang;
  actor: string;
  demoPort?: number;
  autoSync?: boolean;
  intervalMs?: number;
  retryMs?: number;
  /** Festime is reached through the host (Electron's network stack); else the worker's own Node fetch. */
  relayTransport: boolean;
}

export type ToWorker =
  | { t: 'call'; id: number; method: string; input: unknown; trusted: boolean }
  | { t: 'delivered'; id: number; ok: true; savedTo: string | null; download: string | null }
  | { t: 'delivered'; id: number; ok: false; error: { file: string; reason: string } }
  | { t: 'http-answer'; id: number; answer: HttpAnswer }
  | { t: 'http-failed'; id: number; failure: TransportFailure; systemCode?: string }
  | { t: 'close' };

export type FromWorker =
  | { t: 'ready'; lang: Lang }
  | { t: 'result'; id: number; outcome: Outcome<unknown> }
  | { t: 'event'; event: EventName; payload: unknown; lang: Lang }
  | { t: 'deliver'; id: number; fileName: string; bytes: Uint8Array }
  | { t: 'http'; id: number; url: string; fresh: boolean }
  | { t: 'http-abort'; id: number };
