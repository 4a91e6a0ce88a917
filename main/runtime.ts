// What every door runs: the app service, the dispatcher in front of it, and the automatic sync
// (every interval set in Paramètres, backing off after failures). The Electron main process and
// the browser bridge both start one; neither adds logic of its own.
import type { EventName, EventPayload } from '../shared/api';
import type { Lang } from '../shared/i18n';
import { createDispatcher, type Dispatch } from './ipc/dispatcher';
import { createScheduler, DEFAULT_SYNC_INTERVAL_MS, type Scheduler } from './core/sync/scheduler';
import { createAppService, type AppService, type AppServiceOptions } from './core/app/service';

export interface Runtime {
  service: AppService;
  dispatch: Dispatch;
  close(): Promise<void>;
}

export interface RuntimeOptions extends Omit<AppServiceOptions, 'emit'> {
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  /** Automatic sync on (the default); tests turn it off to drive syncs themselves. */
  autoSync?: boolean;
  /** Tests only: the automatic sync's pace instead of the interval set in Paramètres (minutes). */
  intervalMs?: number;
  retryMs?: number;
}

export function createRuntime(options: RuntimeOptions): Runtime {
  let scheduler: Scheduler | null = null;
  let interval = 0;
  const plan = () => {
    if (options.autoSync === false) return;
    const wanted = options.intervalMs ?? intervalOrDefault();
    if (scheduler && wanted === interval) return;
    scheduler?.stop();
    interval = wanted;
    scheduler = createScheduler({
      intervalMs: wanted,
      retryMs: options.retryMs,
      // A failure is recorded in the sync runs (the status bar shows it) and written to the log
      // file by autoSync itself, once; what is left for the scheduler is to back off.
      run: () => service.autoSync(),
    });
    scheduler.start();
  };
  const service = createAppService({
    ...options,
    emit: (event, payload) => {
      options.emit(event, payload);
      if (event === 'data/changed' && (payload as EventPayload<'data/changed'>).what === 'settings') plan();
    },
  });
  // Read from the database: one that cannot be opened (damaged, a newer version's) must not stop the
  // start — the window asks app/health and says why; the syncs meanwhile fail and are recorded.
  function intervalOrDefault(): number {
    try {
      return service.syncIntervalMs();
    } catch (error) {
      options.logger.warn('sync.interval-unreadable', { error: error instanceof Error ? error.name : typeof error });
      return DEFAULT_SYNC_INTERVAL_MS;
    }
  }
  const lang = (): Lang => service.messageLang();
  plan();
  // A sync soon after start, not only one interval later: the window opens on fresh punches.
  const first = options.autoSync === false ? null : setTimeout(() => void scheduler?.runNow(), options.intervalMs ?? 3000);
  first?.unref?.();
  return {
    service,
    dispatch: createDispatcher(service.handlers, lang, options.logger, options.dataDir),
    async close() {
      if (first) clearTimeout(first);
      scheduler?.stop();
      await service.close();
    },
  };
}
