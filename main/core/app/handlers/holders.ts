// Badge holders: the register, and changes sent through the outbox (recorded first, then sent
// in order with whatever else waits; Festime's answer kept).
import type { Handlers, HolderRow, OutboxView } from '../../../../shared/api';
import type { HolderInput } from '../../../../shared/festime';
import { NotFoundError, type FestimeDeskError } from '../../errors';
import {
  cancel,
  conflictEntries,
  enqueue,
  getEntry,
  pendingEntries,
  resolveConflict,
  sendPending,
  toPushCount,
  type HolderOp,
  type OutboxEntry,
  type SendResult,
} from '../../holders/outbox';
import { fixNames, listHolders } from '../../holders/register';
import { replaceBadge } from '../../holders/replace';
import type { AppContext } from '../context';

type HolderHandlers = Pick<
  Handlers,
  | 'holders/list'
  | 'holders/create'
  | 'holders/edit'
  | 'holders/delete'
  | 'holders/fix'
  | 'holders/cancel'
  | 'holders/pending'
  | 'holders/replace'
  | 'holders/resolve'
>;

export function outboxView(ctx: AppContext, e: OutboxEntry, error: FestimeDeskError | null): OutboxView {
  return {
    id: e.id,
    op: e.op,
    uid: e.uid,
    nom: e.nom,
    prenom: e.prenom,
    state: e.state,
    festimeText: e.festimeText,
    error: error ? error.toAppError(ctx.messageLang()) : null,
  };
}

/**
 * A change Festime refused (KO), whose fate is unknown, or left queued by a network error: a
 * line each, with the entry's id, operation, state and the error's code — never the names.
 */
export function logSendFailures(ctx: AppContext, results: readonly SendResult[]): void {
  for (const { entry, error } of results) {
    if (error) ctx.logger.warn('outbox.send-failed', { entry: entry.id, op: entry.op, state: entry.state, code: error.code, key: error.key });
  }
}

export const sentViews = (ctx: AppContext, results: readonly SendResult[]): OutboxView[] => results.map((r) => outboxView(ctx, r.entry, r.error));

export function holderHandlers(ctx: AppContext): HolderHandlers {
  const change = async (op: HolderOp, holder: HolderInput) => {
    const row = ctx.current();
    // Written down before anything else, even before the password is looked up.
    const entry = enqueue(ctx.db(), row.id, op, holder, ctx.options.actor);
    let results: SendResult[] = [];
    try {
      results = await sendPending(ctx.db(), row.id, await ctx.client(row));
      logSendFailures(ctx, results);
    } finally {
      ctx.emit('data/changed', { what: 'holders' });
    }
    return { ...viewAfter(row.id, entry, results), batch: sentViews(ctx, results) };
  };
  /**
   * A change as the send left it. Not reached (an earlier change stopped the batch): still queued,
   * with the reason when nothing could be sent (Festime unreachable) — said under its own number.
   */
  const viewAfter = (accountId: number, entry: OutboxEntry, results: readonly SendResult[]) => {
    const mine = results.find((r) => r.entry.id === entry.id);
    if (mine) return outboxView(ctx, mine.entry, mine.error);
    const stop = results.at(-1);
    const current = getEntry(ctx.db(), accountId, entry.id)!;
    return outboxView(ctx, current, current.state === 'queued' && stop?.entry.state === 'queued' ? stop.error : null);
  };
  return {
    async 'holders/list'() {
      return listHolders(ctx.db(), ctx.current().id).map((h): HolderRow => ({
        uid: h.uid,
        nom: h.nom,
        prenom: h.prenom,
        source: h.source,
        lastSeenAt: h.lastSeenAt,
        pending: h.pending,
        pendingId: h.pendingId,
        pendingOp: h.pendingOp,
        deleted: h.deleted,
        replaces: h.replaces,
      }));
    },
    'holders/create': (holder) => change('add', holder),
    'holders/edit': (holder) => change('edit', holder),
    'holders/delete': (holder) => change('delete', holder),
    async 'holders/fix'({ uid, nom, prenom }) {
      if (!fixNames(ctx.db(), ctx.current().id, uid, nom, prenom, ctx.options.actor, ctx.now())) throw new NotFoundError('holder', uid);
      ctx.emit('data/changed', { what: 'holders' });
      return { uid, nom, prenom };
    },
    async 'holders/cancel'({ id }) {
      const entry = cancel(ctx.db(), ctx.current().id, id, ctx.options.actor, ctx.now());
      ctx.emit('data/changed', { what: 'holders' });
      return outboxView(ctx, entry, null);
    },
    async 'holders/replace'({ uid, newUid }) {
      const row = ctx.current();
      // Both changes written down (and the link made) before anything is sent, as for any change.
      const { add, remove } = replaceBadge(ctx.db(), row.id, uid, newUid, ctx.options.actor, ctx.now());
      let results: SendResult[] = [];
      try {
        results = await sendPending(ctx.db(), row.id, await ctx.client(row));
        logSendFailures(ctx, results);
      } finally {
        ctx.emit('data/changed', { what: 'holders' });
        ctx.emit('data/changed', { what: 'timesheet' });
      }
      return { add: viewAfter(row.id, add, results), remove: viewAfter(row.id, remove, results), batch: sentViews(ctx, results) };
    },
    async 'holders/pending'() {
      const row = ctx.current();
      return {
        queued: pendingEntries(ctx.db(), row.id).map((e) => outboxView(ctx, e, null)),
        toCheck: conflictEntries(ctx.db(), row.id).map((e) => outboxView(ctx, e, null)),
        toPush: toPushCount(ctx.db(), row.id),
      };
    },
    async 'holders/resolve'({ uid, choice, newUid }) {
      const row = ctx.current();
      const { closed, created } = resolveConflict(
        ctx.db(),
        row.id,
        uid,
        choice === 'new-uid' ? { newUid: newUid! } : { keepFestime: true },
        ctx.options.actor,
        ctx.now(),
      );
      // Kept Festime's holder: nothing to send. A new badge: its creation goes out now, in order, as any change.
      let results: SendResult[] = [];
      try {
        if (created) {
          results = await sendPending(ctx.db(), row.id, await ctx.client(row));
          logSendFailures(ctx, results);
        }
      } finally {
        ctx.emit('data/changed', { what: 'holders' });
      }
      return { closed: outboxView(ctx, closed, null), created: created && viewAfter(row.id, created, results), batch: sentViews(ctx, results) };
    },
  };
}
