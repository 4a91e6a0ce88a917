// Paramètres: the sync interval and the language (the whole app), retention and rules (the account).
import type { Handlers, Settings } from '../../../../shared/api';
import { DEFAULT_PAYROLL_SETTINGS } from '../../../../shared/employees';
import { DEFAULT_RULES } from '../../../../shared/timesheet';
import { payrollSettings, putPayrollSettings } from '../../employees/store';
import { durably } from '../../store';
import { accountScope, getSetting, putSetting } from '../../store/accounts';
import { retentionYears } from '../../store/retention';
import { putZoneSetting, zoneSetting } from '../../store/site-zone';
import { DEFAULT_SYNC_INTERVAL_MS } from '../../sync/scheduler';
import { rulesOf } from '../../timesheet/month';
import type { AppContext } from '../context';

type SettingsHandlers = Pick<Handlers, 'settings/get' | 'settings/set'>;

export function readSettings(ctx: AppContext): Settings {
  const minutes = Number(getSetting(ctx.db(), 'global', 'sync-interval-minutes'));
  const row = ctx.currentOrNull();
  return {
    syncIntervalMinutes: Number.isInteger(minutes) && minutes >= 5 ? minutes : DEFAULT_SYNC_INTERVAL_MS / 60_000,
    retentionYears: row ? retentionYears(ctx.db(), row.id) : 5,
    language: ctx.lang(),
    rules: row ? rulesOf(ctx.db(), row.id) : DEFAULT_RULES,
    timeZone: row ? zoneSetting(ctx.db(), row.id) : 'auto',
    siteZone: ctx.zone(row),
    payroll: row ? payrollSettings(ctx.db(), row.id) : DEFAULT_PAYROLL_SETTINGS,
  };
}

export function settingsHandlers(ctx: AppContext): SettingsHandlers {
  return {
    async 'settings/get'() {
      return readSettings(ctx);
    },
    async 'settings/set'({ syncIntervalMinutes, retentionYears: years, language, rules, timeZone, payroll }) {
      const db = ctx.db();
      // Retention, rules and the zone belong to an account: without one they are refused (NoAccountError).
      const row = years !== undefined || rules !== undefined || timeZone !== undefined || payroll !== undefined ? ctx.current() : null;
      // All or nothing: one transaction for every setting of the form.
      durably(db, () => {
        if (syncIntervalMinutes !== undefined) putSetting(db, 'global', 'sync-interval-minutes', String(syncIntervalMinutes));
        if (language !== undefined) putSetting(db, 'global', 'language', language);
        if (row && years !== undefined) putSetting(db, accountScope(row.id), 'retention-years', String(years));
        if (row && rules !== undefined) putSetting(db, accountScope(row.id), 'timesheet-rules', JSON.stringify({ ...rulesOf(db, row.id), ...rules }));
        if (row && timeZone !== undefined) putZoneSetting(db, row.id, timeZone);
        if (row && payroll !== undefined) putPayrollSettings(db, row.id, payroll);
      });
      ctx.emit('data/changed', { what: 'settings' });
      return readSettings(ctx);
    },
  };
}
