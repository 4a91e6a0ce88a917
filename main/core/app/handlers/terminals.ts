// Terminals: their state, pushing users and pause reasons, emptying one (its name typed to confirm).
import type { Handlers } from '../../../../shared/api';
import { ValidationError } from '../../errors';
import { markPushed } from '../../holders/outbox';
import { recordTerminalZone } from '../../store/site-zone';
import type { AppContext } from '../context';

type TerminalHandlers = Pick<Handlers, 'terminals/info' | 'terminals/push-users' | 'terminals/push-reasons' | 'terminals/empty'>;

/** A report this recent stands for the terminals' names when emptying one (the screen or the CLI has just read it). */
const FRESH_MS = 60_000;

export function terminalHandlers(ctx: AppContext): TerminalHandlers {
  let last: { accountId: number; at: number; names: string[] } | null = null;
  return {
    async 'terminals/info'() {
      const row = ctx.current();
      const report = await (await ctx.client(row)).terminalInfo();
      // The report says where the terminals are: the account's days follow their zone.
      recordTerminalZone(ctx.db(), row.id, report);
      last = { accountId: row.id, at: ctx.now().getTime(), names: report.accessPoints.map((ap) => ap.accessPoint) };
      return report;
    },
    async 'terminals/push-users'() {
      const row = ctx.current();
      const report = await (await ctx.client(row)).pushUsers();
      // The terminals now hold the accepted changes: they are no longer "to push".
      if (report.accessPoints.length > 0 && report.accessPoints.every((ap) => ap.status === 'OK')) markPushed(ctx.db(), row.id, ctx.now());
      ctx.emit('data/changed', { what: 'holders' });
      return report;
    },
    async 'terminals/push-reasons'() {
      return (await ctx.client(ctx.current())).pushReasons();
    },
    async 'terminals/empty'({ confirm }) {
      const row = ctx.current();
      const client = await ctx.client(row);
      // The name typed must be one of the account's access points, as the last terminal report shows them.
      const fresh = last && last.accountId === row.id && ctx.now().getTime() - last.at < FRESH_MS ? last.names : null;
      const names = fresh ?? (await client.terminalInfo()).accessPoints.map((ap) => ap.accessPoint);
      if (!names.includes(confirm.trim())) throw new ValidationError([{ field: 'confirm', rule: 'mismatch', params: {} }]);
      return client.emptyTerminals();
    },
  };
}
