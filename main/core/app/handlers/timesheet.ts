// The month for payroll: its figures, a holder's day, the workbook, corrections, closing.
import type { Handlers, PunchRow } from '../../../../shared/api';
import { buildWorkbook, workbookFileName } from '../../export/workbook';
import { buildStatements, statementFileName } from '../../export/statement';
import { buildEvp, evpFileName } from '../../export/evp';
import {
  addPunch,
  closedMonthOf,
  closeMonth,
  ignorePunch,
  isClosed,
  keepPunch,
  listCorrections,
  readPunch,
  recordExport,
  reopenMonth,
  undoCorrection,
} from '../../timesheet/corrections';
import { loadHolderDay, loadHolderMonth, loadMonth, monthPreview } from '../../timesheet/month';
import { guardClosedNight, payFigures } from '../../timesheet/closed-guard';
import { offlineTerminals } from '../../store/terminals';
import { lastSuccessfulRun } from '../../sync/engine';
import { addDays, wallClockAt } from '../../../../shared/time';
import type { AppContext } from '../context';
import type { AccountRow } from '../../store/accounts';
import { loadEmployment, payrollSettings } from '../../employees/store';
import { withIgnored } from './punches';
import { NotFoundError, ValidationError } from '../../errors';

type TimesheetHandlers = Pick<
  Handlers,
  | 'timesheet/month'
  | 'timesheet/day'
  | 'timesheet/export'
  | 'corrections/add'
  | 'corrections/ignore'
  | 'corrections/keep'
  | 'corrections/reading'
  | 'corrections/undo'
  | 'corrections/list'
  | 'month/close'
  | 'month/reopen'
>;

/** Who the holders are for payroll (contracts, absences) and the site's time now: an open shift of today is not yet an anomaly. */
export const employmentOf = (ctx: AppContext, row: AccountRow, month: string) => ({
  employment: loadEmployment(ctx.db(), row.id, month, wallClockAt(ctx.now(), ctx.zone(row)).slice(0, 19)),
});

export function timesheetHandlers(ctx: AppContext): TimesheetHandlers {
  const changed = () => ctx.emit('data/changed', { what: 'timesheet' });
  const { actor } = ctx.options;
  // How current the month's data is: the last good sync, and the terminals silent since before its end.
  const currency = (accountId: number, month: string) => ({
    dataUntil: lastSuccessfulRun(ctx.db(), accountId)?.finishedAt ?? null,
    offlineTerminals: offlineTerminals(ctx.db(), accountId, addDays(`${month}-01`, 32).slice(0, 7) + '-01'),
  });
  const employment = (row: AccountRow, month: string) => employmentOf(ctx, row, month);
  // A correction whose night reaches back into a closed month is refused when it would alter that month (timesheet/closed-guard.ts).
  const guarded = <T>(row: AccountRow, target: { uid: string; at: string } | null, change: () => T): T =>
    guardClosedNight(
      ctx.db(),
      row.id,
      target,
      (uid, month) => {
        const { holder } = loadHolderMonth(ctx.db(), row.id, uid, month, { ...employment(row, month), live: true });
        return holder && payFigures(holder);
      },
      change,
    );
  const punchTarget = (accountId: number, punchId: number) =>
    (ctx.db().prepare('SELECT uid, at FROM punches WHERE account_id = ? AND id = ?').get(accountId, punchId) as { uid: string; at: string } | undefined) ??
    null;
  return {
    async 'timesheet/month'({ month }) {
      const row = ctx.current();
      const { sheet } = loadMonth(ctx.db(), row.id, month, employment(row, month));
      return { month, closed: isClosed(ctx.db(), row.id, month), holders: monthPreview(sheet), ...currency(row.id, month) };
    },
    async 'timesheet/day'({ uid, day }) {
      const row = ctx.current();
      // This holder only: a day opened must not compute the whole site's month.
      const { punches, corrections, figures } = loadHolderDay(ctx.db(), row.id, uid, day, employment(row, day.slice(0, 7)));
      const rows: PunchRow[] = withIgnored(ctx, row.id, punches);
      return { uid, day, punches: rows, corrections, figures, closed: closedMonthOf(ctx.db(), row.id, day) !== null };
    },
    async 'timesheet/export'({ month, format, layout, uid }) {
      const row = ctx.current();
      const options = employment(row, month);
      const loaded = loadMonth(ctx.db(), row.id, month, options);
      const site = (ctx.demo.isDemo(row) ? '' : row.label) || loaded.punches[0]?.client || row.login;
      const input = { ...loaded, ...currency(row.id, month), site, account: `${row.login} — ${row.server}`, generatedAt: ctx.now().toISOString() };
      const holders = loaded.sheet.holders;
      const anomalies = holders.reduce((s, h) => s + h.anomalyCount, 0);
      // Each output made from the same month: the figures are the same in all three.
      let made: { fileName: string; bytes: Buffer; holders: number; extra?: { lines: number; replaced: { text: string; written: string }[] } };
      switch (format) {
        case 'xlsx':
          made = { fileName: workbookFileName(site, month), bytes: await buildWorkbook(input, ctx.lang()), holders: holders.length };
          break;
        case 'evp': {
          // Refused whole (nothing delivered) while someone with a line has no matricule.
          const file = buildEvp({ sheet: loaded.sheet, payroll: payrollSettings(ctx.db(), row.id), layout: layout ?? 'lines', lang: ctx.lang() });
          made = { fileName: evpFileName(site, month), bytes: file.bytes, holders: file.employees, extra: { lines: file.lines, replaced: file.replaced } };
          break;
        }
        case 'pdf': {
          // The statements to sign: everyone in the month, or the one asked for (who must be in it).
          const whom = uid === undefined ? holders : holders.filter((h) => h.uid === uid);
          if (whom.length === 0) throw new NotFoundError('holder', uid ?? '');
          const { contracts, settings } = options.employment;
          const bytes = await buildStatements(
            { ...input, sheet: { ...loaded.sheet, holders: whom }, contracts, absenceCodes: settings.absenceCodes },
            ctx.lang(),
          );
          made = { fileName: statementFileName(site, month, uid === undefined ? undefined : whom[0]), bytes, holders: whom.length };
          break;
        }
        default:
          throw new ValidationError([{ field: 'format', rule: 'invalid', params: {} }]);
      }
      const handed = await ctx.options.deliver(made.fileName, made.bytes);
      // The workbook is what closing the month asks for.
      if (format === 'xlsx' && (handed.savedTo !== null || handed.download !== null))
        recordExport(ctx.db(), row.id, month, handed.savedTo ?? made.fileName, actor, ctx.now());
      return { fileName: made.fileName, ...handed, holders: made.holders, anomalies, ...made.extra };
    },
    async 'corrections/add'({ uid, type, at, comment, reason }) {
      const row = ctx.current();
      const id = guarded(row, { uid, at }, () => addPunch(ctx.db(), row.id, { uid, type, at, comment, reason }, actor, ctx.now()));
      changed();
      return { id };
    },
    async 'corrections/ignore'({ punchId, comment }) {
      const row = ctx.current();
      const id = guarded(row, punchTarget(row.id, punchId), () => ignorePunch(ctx.db(), row.id, punchId, comment, actor, ctx.now()));
      changed();
      return { id };
    },
    async 'corrections/keep'({ punchId, comment }) {
      const row = ctx.current();
      const id = guarded(row, punchTarget(row.id, punchId), () => keepPunch(ctx.db(), row.id, punchId, comment, actor, ctx.now()));
      changed();
      return { id };
    },
    async 'corrections/reading'({ punchId, occurrence, comment }) {
      const row = ctx.current();
      const id = guarded(row, punchTarget(row.id, punchId), () => readPunch(ctx.db(), row.id, punchId, occurrence, comment, actor, ctx.now()));
      changed();
      return { id };
    },
    async 'corrections/undo'({ id }) {
      const row = ctx.current();
      const target = ctx.db().prepare('SELECT uid, at FROM corrections WHERE account_id = ? AND id = ?').get(row.id, id) as
        { uid: string; at: string } | undefined;
      guarded(row, target ?? null, () => undoCorrection(ctx.db(), row.id, id, actor, ctx.now()));
      changed();
      return { id };
    },
    async 'corrections/list'({ month }) {
      return listCorrections(ctx.db(), ctx.current().id, month);
    },
    async 'month/close'({ month }) {
      const row = ctx.current();
      // Its figures as its exports show them now (with what earlier closed months carried into it): what payroll is paid on.
      closeMonth(ctx.db(), row.id, month, actor, ctx.now(), () => loadMonth(ctx.db(), row.id, month, employment(row, month)));
      changed();
      return { closed: true };
    },
    async 'month/reopen'({ month, reason }) {
      reopenMonth(ctx.db(), ctx.current().id, month, reason, actor, ctx.now());
      changed();
      return { closed: false };
    },
  };
}
