// The employee page: one holder's month (calendar, weeks, totals), computed as the month screen does.
import type { Handlers } from '../../../../shared/api';
import { wallClockAt } from '../../../../shared/time';
import { loadEmployment } from '../../employees/store';
import { employeeMonth } from '../../timesheet/employee-month';
import type { AppContext } from '../context';

type EmployeePageHandlers = Pick<Handlers, 'employee/month'>;

export function employeePageHandlers(ctx: AppContext): EmployeePageHandlers {
  return {
    async 'employee/month'({ uid, month }) {
      const row = ctx.current();
      // The site's time now, as for the month screen: an open shift of today is not yet an anomaly.
      const employment = loadEmployment(ctx.db(), row.id, month, wallClockAt(ctx.now(), ctx.zone(row)).slice(0, 19));
      return employeeMonth(ctx.db(), row.id, uid, month, employment);
    },
  };
}
