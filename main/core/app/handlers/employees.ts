// Employee records (contract versions) and absences: written beside the badge holders, read by
// the month's figures. Every change is audited; an absence is refused in a closed month.
import type { Handlers } from '../../../../shared/api';
import { todayIn } from '../../../../shared/time';
import { addAbsence, listAbsences, listEmployees, removeAbsence, setEmployee, absencesBetween } from '../../employees/store';
import type { AppContext } from '../context';

type EmployeeHandlers = Pick<Handlers, 'employees/list' | 'employees/set' | 'absences/add' | 'absences/list' | 'absences/remove'>;

export function employeeHandlers(ctx: AppContext): EmployeeHandlers {
  const { actor } = ctx.options;
  const changed = () => ctx.emit('data/changed', { what: 'timesheet' });
  const today = () => todayIn(ctx.zone(), ctx.now());
  return {
    async 'employees/list'() {
      return listEmployees(ctx.db(), ctx.current().id, today());
    },
    async 'employees/set'(change) {
      const contract = setEmployee(ctx.db(), ctx.current().id, change, today(), actor, ctx.now());
      ctx.emit('data/changed', { what: 'holders' });
      changed();
      return { contract };
    },
    async 'absences/add'(absence) {
      const id = addAbsence(ctx.db(), ctx.current().id, absence, actor, ctx.now());
      changed();
      return { id };
    },
    async 'absences/list'({ month, uid }) {
      const row = ctx.current();
      return uid === undefined ? listAbsences(ctx.db(), row.id, month) : absencesBetween(ctx.db(), row.id, `${month}-01`, `${month}-31`, false, uid);
    },
    async 'absences/remove'({ id }) {
      removeAbsence(ctx.db(), ctx.current().id, id, actor, ctx.now());
      changed();
      return { id };
    },
  };
}
