// Sync: queued badge-holder changes first, then the punches, then the day's upkeep (a verified
// backup and the retention policy). The same run whoever starts it: the window, the automatic
// sync or `festime-desk sync`; its failure is written to the log here, once, whoever started it.
import type { ClosedMonthChange, Handlers, SyncResult } from '../../../../shared/api';
import type { AppError, ErrorCode } from '../../../../shared/app-error';
import { translate } from '../../../../shared/i18n';
import { BusyError, CancelledError, SecretsUnavailableError } from '../../errors';
import { conflictEntries, pendingEntries, sendPending, type SendResult } from '../../holders/outbox';
import { recordTerminalZone } from '../../store/site-zone';
import { recordTerminalReport, refetchDone, refetchFrom } from '../../store/terminals';
import { sweepDue } from '../../sync/completeness';
import { lastRuns, lastSuccessfulRun, recordFailedRun, syncAccount } from '../../sync/engine';
import type { AppContext } from '../context';
import { backupFailure, dailyUpkeep } from './backups';
import { employmentOf } from './timesheet';
import { loadMonth } from '../../timesheet/month';
import { closedMonthChangesSince, freezeBareMonths, settleClosedMonths } from '../../timesheet/closed';
import { retentionStart, siteToday } from '../../sync/window';
import { clockSkewMinutes, recordClockSkew } from './clock';
import { logSendFailures, sentViews } from './holders';

type SyncHandlers = Pick<Handlers, 'sync/run' | 'sync/cancel' | 'sync/status'>;

/** Who asked: the window or the CLI (`manual`; the log line's `door` tells which), or the scheduler. */
export type SyncTrigger = 'manual' | 'auto';

export async function runSync(ctx: AppContext, full: boolean, trigger: SyncTrigger): Promise<SyncResult> {
  if (ctx.sync) throw new BusyError();
  const row = ctx.current();
  const controller = (ctx.sync = new AbortController());
  const fields = { trigger, account: row.id, full };
  try {
    const client = await ctx.client(row).catch((error: unknown) => {
      if (error instanceof SecretsUnavailableError) recordFailedRun(ctx.db(), row.id, error, ctx.now());
      throw error;
    });
    // Their failures stay in the outbox and do not stop the sync. A badge à vérifier is looked at
    // again too: the punches read since may show it is ours (nothing is sent for it).
    let sent: SendResult[] = [];
    if (pendingEntries(ctx.db(), row.id).length > 0 || conflictEntries(ctx.db(), row.id).length > 0) {
      sent = await sendPending(ctx.db(), row.id, client, { signal: controller.signal, now: ctx.options.now });
      logSendFailures(ctx, sent);
      ctx.emit('data/changed', { what: 'holders' });
    }
    // One read budget for all of this sync's reads (the report, the punches, their retries): a
    // server that never answers costs the user that long once, and the message says so.
    const reads = client.readDeadline();
    // The terminals' own report, one small call per sync: the site's zone ("today" and the window
    // are cut at its midnight), and which terminals came back from a gap with late punches. Its
    // failure costs this sync only that (the fetch says itself when Festime is unreachable).
    await client.terminalInfo({ signal: controller.signal, deadline: reads }).then(
      (report) => {
        recordTerminalZone(ctx.db(), row.id, report);
        const back = recordTerminalReport(ctx.db(), row.id, report, ctx.now().toISOString());
        if (back.length > 0) ctx.logger.info('sync.terminals-back', { account: row.id, terminals: back.length });
      },
      (error: unknown) => {
        if (error instanceof CancelledError) throw error;
        ctx.logger.warn('sync.terminal-info-failed', { account: row.id, error: error instanceof Error ? error.name : typeof error });
      },
    );
    // A sweep of the whole window at least once a day, whoever runs the sync (see sync/completeness.ts).
    const sweep = full || sweepDue(ctx.db(), row.id, ctx.now());
    // A closed month stays as it was paid: what this sync changes in one is carried into the next open month.
    const live = (month: string) => loadMonth(ctx.db(), row.id, month, { ...employmentOf(ctx, row, month), live: true });
    // Festime still holds these days: a closed month among them can still be changed.
    const reachable = retentionStart(siteToday(ctx.now(), ctx.zone(row)));
    freezeBareMonths(ctx.db(), row.id, reachable, live);
    const summary = await syncAccount(ctx.db(), row.id, client, {
      full: sweep,
      from: refetchFrom(ctx.db(), row.id) ?? undefined,
      signal: controller.signal,
      deadline: reads,
      now: ctx.options.now,
      zone: ctx.zone(row),
      onProgress: (p) => ctx.emit('sync/progress', p),
    });
    refetchDone(ctx.db(), row.id, summary.from);
    // The punches are stored whatever happens here: a failure to settle is logged, and tried again at the next sync.
    let closedMonths: ClosedMonthChange[] = [];
    try {
      closedMonths = settleClosedMonths(ctx.db(), row.id, reachable, live, ctx.now());
    } catch (error) {
      ctx.logger.error('sync.closed-months-failed', error, fields);
    }
    if (closedMonths.length > 0) ctx.emit('data/changed', { what: 'timesheet' });
    // Open lists reload only when the cache really changed (most automatic syncs bring nothing).
    if (summary.added + summary.removed + summary.restored > 0) ctx.emit('data/changed', { what: 'punches' });
    recordClockSkew(ctx, row, client);
    // Upkeep's failure is not the sync's: logged; the day's backup that failed is also said (summary, status bar).
    const backupError = await dailyUpkeep(ctx, row).catch((error: unknown) => {
      ctx.logger.error('upkeep.failed', error, { account: row.id });
      return null;
    });
    // Punches gone from two answers in a row, too many to be real removals: kept, and said.
    if (summary.removalsWithheld > 0)
      ctx.logger.warn('sync.removals-withheld', { ...fields, count: summary.removalsWithheld, from: summary.from, to: summary.to });
    // Two readings of one id_pointage: both kept, the day shows them; said in the log too.
    if (summary.conflicts > 0) ctx.logger.warn('sync.conflicting-records', { ...fields, count: summary.conflicts });
    const { from, to, days, received, added, removed, restored, removalsWithheld, conflicts, ms } = summary;
    return { from, to, days, received, added, removed, restored, removalsWithheld, conflicts, ms, sent: sentViews(ctx, sent), closedMonths, backupError };
  } catch (error) {
    if (error instanceof CancelledError) ctx.logger.info('sync.cancelled', fields);
    else ctx.logger.error('sync.failed', error, fields);
    throw error;
  } finally {
    ctx.sync = null;
    ctx.emit('data/changed', { what: 'sync' });
  }
}

export function syncHandlers(ctx: AppContext): SyncHandlers {
  return {
    'sync/run': ({ full }) => runSync(ctx, full, 'manual'),
    async 'sync/cancel'() {
      const running = ctx.sync !== null;
      ctx.sync?.abort();
      return { cancelled: running };
    },
    async 'sync/status'() {
      const row = ctx.current();
      const last = lastRuns(ctx.db(), row.id, 1)[0] ?? null;
      // The last error as the user will read it, in the app's language (what to do included).
      const error: AppError | null = last?.errorKey
        ? {
            code: (last.errorCode ?? 'internal') as ErrorCode,
            key: last.errorKey,
            params: last.errorParams ?? {},
            message: translate(ctx.messageLang(), last.errorKey, last.errorParams ?? {}),
          }
        : null;
      const lastOk = lastSuccessfulRun(ctx.db(), row.id);
      return {
        // What the last good sync changed in closed months (carried into the next open one).
        closedMonths: lastOk ? closedMonthChangesSince(ctx.db(), row.id, lastOk.startedAt) : [],
        running: ctx.sync !== null,
        lastRun: last && { outcome: last.outcome, finishedAt: last.finishedAt, added: last.added, error },
        lastSuccessAt: lastOk?.finishedAt ?? null,
        clockSkewMinutes: clockSkewMinutes(ctx, row),
        backupError: backupFailure(ctx),
      };
    },
  };
}
