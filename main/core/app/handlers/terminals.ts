// Terminals: their state (and the last one known, for when Festime is out of reach), pushing users
// and pause reasons, emptying them (a word typed to confirm: global_vider_iot empties them all).
import { isEmptyWord, type Handlers } from '../../../../shared/api';
import { durably } from '../../store/database';
import { ValidationError } from '../../errors';
import { markPushed } from '../../holders/outbox';
import { recordTerminalZone } from '../../store/site-zone';
import { lastReport, putLastReport } from '../../store/terminals';
import type { AppContext } from '../context';

type TerminalHandlers = Pick<Handlers, 'terminals/info' | 'terminals/last-known' | 'terminals/push-users' | 'terminals/push-reasons' | 'terminals/empty'>;

export function terminalHandlers(ctx: AppContext): TerminalHandlers {
  return {
    async 'terminals/info'() {
      const row = ctx.current();
      const report = await (await ctx.client(row)).terminalInfo();
      // The report says where the terminals are: the account's days follow their zone.
      recordTerminalZone(ctx.db(), row.id, report);
      // Kept for the screen to show offline; a data folder that cannot be written still shows the report.
      try {
        durably(ctx.db(), () => putLastReport(ctx.db(), row.id, report, ctx.now().toISOString()));
      } catch (error) {
        ctx.logger.warn('terminals.last-report-not-saved', { account: row.id, error: error instanceof Error ? error.name : typeof error });
      }
      return report;
    },
    async 'terminals/last-known'() {
      return { known: lastReport(ctx.db(), ctx.current().id) };
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
      // Festime empties every terminal of the account at once: the word says the user knows it.
      if (!isEmptyWord(confirm)) throw new ValidationError([{ field: 'confirm', rule: 'confirmWord', params: {} }]);
      return (await ctx.client(ctx.current())).emptyTerminals();
    },
  };
}
