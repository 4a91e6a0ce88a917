// Badge holders: the register, and changes sent through the outbox (recorded first, then sent
// in order with whatever else waits; Festime's answer kept).
import type { Handlers, HolderRow, OutboxView } from '../../../../shared/api';
import type { HolderInput } from '../../../../shared/festime';
import { NotFoundError, type FestimeDeskError } from '../../errors';
import { cancel, enqueue, getEntry, pendingEntries, sendPending, toPushCount, type HolderOp, type OutboxEntry, type SendResult } from '../../holders/outbox';
import { fixNames, listHolders } from '../../holders/register';
import { replaceBadge } from '../../holders/replace';
import type { AppContext } from '../context';

type HolderHandlers = Pick<
  Handlers,
  'holders/list' | 'holders/create' | 'holders/edit' | 'holders/delete' | 'holders/fix' | 'holders/cancel' | 'holders/pending' | 'holders/replace'
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
    const mine = results.find((r) => r.entry.id === entry.id);
    const view = mine ? outboxView(ctx, mine.entry, mine.error) : outboxView(ctx, getEntry(ctx.db(), row.id, entry.id)!, null);
    return { ...view, batch: sentViews(ctx, results) };
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
      const view = (e: OutboxEntry) => {
        const sent = results.find((r) => r.entry.id === e.id);
        return sent ? outboxView(ctx, sent.entry, sent.error) : outboxView(ctx, getEntry(ctx.db(), row.id, e.id)!, null);
      };
      return { add: view(add), remove: view(remove), batch: sentViews(ctx, results) };
    },
    async 'holders/pending'() {
      const row = ctx.current();
      return { queued: pendingEntries(ctx.db(), row.id).map((e) => outboxView(ctx, e, null)), toPush: toPushCount(ctx.db(), row.id) };
    },
  };
}
