// « Salarié »: one person's month, reached from a name anywhere. The header says who (badge,
// matricule, contract) and which month; the month is a calendar of whole weeks (Monday first) with
// each day's worked hours and marks and each week's totals beside it; the day selected opens below
// (DayPanel: its punches with the corrections in place, and its actions).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmployeeDay, EmployeeMonth, EmployeeWeek } from '../../../shared/api';
import { addMonths } from '../../../shared/time';
import { call } from '../client';
import { describe } from '../i18n';
import { currentMonth, decimal, monthName, msToHhmm, siteToday } from '../format';
import { useApp, type PersonFocus } from '../store';
import { DayPanel } from './DayPanel';

/** "mardi 3 novembre" (or "Tuesday 3 November"). */
function longDay(day: string, lang: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );
}

/** The day the page opens on when none is asked for: the first with an anomaly, then an alert, then today, then the 1st. */
function firstToCheck(data: EmployeeMonth): string {
  const days = data.days.filter((d) => d.inMonth);
  const today = siteToday();
  return (
    days.find((d) => d.anomalies.length > 0)?.day ?? days.find((d) => d.alerts.length > 0)?.day ?? (today.startsWith(data.month) ? today : `${data.month}-01`)
  );
}

export function EmployeeScreen() {
  const { t } = useTranslation();
  const person = useApp((s) => s.person);
  if (!person) {
    return (
      <section aria-labelledby="employee-title">
        <div className="screen-head">
          <h2 id="employee-title">{t('ui.employee.title')}</h2>
        </div>
        <p className="muted">{t('ui.employee.none')}</p>
      </section>
    );
  }
  // A new person starts afresh (their month loading, nothing of the previous one shown).
  return <PersonMonth key={person.uid} person={person} />;
}

function PersonMonth({ person }: { person: PersonFocus }) {
  const { t, i18n } = useTranslation();
  const revision = useApp((s) => s.revision.timesheet + s.revision.punches);
  const go = useApp((s) => s.go);
  const [error, setError] = useState<string | null>(null);
  const month = person.month ?? currentMonth();
  const [loaded, setData] = useState<EmployeeMonth | null>(null);
  const data = loaded?.month === month && loaded.uid === person.uid ? loaded : null;
  const focus = (patch: Partial<PersonFocus>) => useApp.setState((s) => ({ person: s.person && { ...s.person, ...patch } }));

  useEffect(() => {
    let current = true;
    setError(null);
    call('employee/month', { uid: person.uid, month })
      .then((d) => current && setData(d))
      .catch((e: unknown) => current && setError(describe(e)));
    return () => {
      current = false;
    };
  }, [person.uid, month, revision]);

  // The day shown: the one asked for when it is in the month, else the first worth a look.
  const day = data && person.day?.startsWith(month) ? person.day : data ? firstToCheck(data) : null;
  const name = data ? `${data.nom} ${data.prenom}`.trim() || data.uid : '';
  const pickMonth = (m: string) => focus({ month: m, day: null });

  return (
    <section aria-labelledby="employee-title" className="employee">
      <div className="screen-head employee-head">
        {person.from && (
          <button type="button" onClick={() => go(person.from!)}>
            ← {t('ui.employee.back', { screen: t(`ui.nav.${person.from}`) })}
          </button>
        )}
        <h2 id="employee-title" title={name}>
          {name || t('ui.employee.title')}
        </h2>
        {data && <PersonFacts data={data} />}
        <span className="spacer" />
        <div className="month-nav">
          <button type="button" aria-label={t('ui.employee.previous')} onClick={() => pickMonth(addMonths(month, -1))}>
            ‹
          </button>
          <label className="inline">
            {t('ui.month.pick')}
            <input type="month" value={month} onChange={(e) => e.target.value && pickMonth(e.target.value)} />
          </label>
          <button type="button" aria-label={t('ui.employee.next')} onClick={() => pickMonth(addMonths(month, 1))}>
            ›
          </button>
        </div>
        {data?.closed && <span className="pill pill-off">{t('ui.month.closed')}</span>}
      </div>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : (
        !data && <p className="muted">{t('ui.common.loading')}</p>
      )}
      {data && day && (
        <div className="employee-body">
          <div className="employee-month">
            <Calendar data={data} selected={day} onSelect={(d) => focus({ day: d })} lang={i18n.language} />
            <MonthTotals data={data} />
          </div>
          <DayPanel uid={data.uid} day={day} title={t('ui.employee.dayTitle', { day: longDay(day, i18n.language) })} />
        </div>
      )}
    </section>
  );
}

/** Badge, matricule and contract (« TP 28 h », « TC 39 h », « Forfait jours », as the month screen writes it). */
function PersonFacts({ data }: { data: EmployeeMonth }) {
  const { t } = useTranslation();
  const hours = decimal(data.contractHours ?? 0);
  const type = data.contractType && t(`ui.payroll.types.${data.contractType}`);
  return (
    <p className="person-facts">
      <span>{t('ui.employee.badge', { uid: data.uid })}</span>
      <span>{data.matricule ? t('ui.employee.matricule', { matricule: data.matricule }) : t('ui.employee.noMatricule')}</span>
      {data.contractType ? (
        <span title={data.contractType === 'days' ? type! : t('ui.month.contractTitle', { type, hours })}>
          {t(`ui.month.contract.${data.contractType}`, { hours })}
        </span>
      ) : (
        <span className="muted">{t('ui.employee.noContract')}</span>
      )}
    </p>
  );
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

function Calendar({ data, selected, onSelect, lang }: { data: EmployeeMonth; selected: string; onSelect: (day: string) => void; lang: string }) {
  const { t } = useTranslation();
  const rows = data.weeks.map((w, i) => ({ week: w, days: data.days.slice(i * 7, i * 7 + 7) }));
  return (
    <table className="calendar" aria-label={t('ui.employee.calendar', { month: monthName(data.month) })}>
      <thead>
        <tr>
          {WEEKDAYS.map((d) => (
            <th key={d} scope="col">
              {t(`ui.payroll.weekday.${d}`)}
            </th>
          ))}
          <th scope="col">{t('ui.employee.week')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ week, days }) => (
          <tr key={week.start}>
            {days.map((d) => (
              <td key={d.day} className={d.inMonth ? '' : 'outside'}>
                <DayButton day={d} selected={d.day === selected} onSelect={onSelect} lang={lang} />
              </td>
            ))}
            <WeekCell week={week} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A day of the calendar: a button named with what it holds (« mardi 3 novembre : 7:30 travaillées, 1 anomalie »). */
function DayButton({ day: d, selected, onSelect, lang }: { day: EmployeeDay; selected: boolean; onSelect: (day: string) => void; lang: string }) {
  const { t } = useTranslation();
  const codes = [...new Set(d.absences.map((a) => a.code))].join(' ');
  const parts = [
    t('ui.employee.worked', { worked: msToHhmm(d.workedMs) }),
    d.anomalies.length > 0 && t('ui.employee.anomalies', { count: d.anomalies.length }),
    d.alerts.length > 0 && t('ui.employee.alerts', { count: d.alerts.length }),
    codes && t('ui.employee.absence', { codes }),
    d.corrections > 0 && t('ui.employee.corrections', { count: d.corrections }),
    d.holiday && t('ui.employee.holiday', { name: d.holiday }),
  ].filter(Boolean);
  const label = t('ui.employee.dayLabel', { day: longDay(d.day, lang), what: parts.join(', ') });
  const state = d.anomalies.length > 0 ? ' has-anomaly' : d.alerts.length > 0 ? ' has-alert' : '';
  const inside = (
    <>
      <span className="cal-date">{Number(d.day.slice(8))}</span>
      {d.workedMs > 0 && <span className="cal-worked">{msToHhmm(d.workedMs)}</span>}
      <span className="cal-marks" aria-hidden="true">
        {d.anomalies.length > 0 && <span className="cal-mark bad-mark">{d.anomalies.length}</span>}
        {d.alerts.length > 0 && <span className="cal-mark warn-mark">{d.alerts.length}</span>}
        {codes && <span className="cal-mark absence-mark">{codes}</span>}
        {d.corrections > 0 && <span className="cal-mark correction-mark">✎</span>}
        {d.holiday && <span className="cal-mark holiday-mark">{t('ui.employee.holidayMark')}</span>}
      </span>
    </>
  );
  // A day of the neighbouring month: shown for its week's totals, opened from its own month.
  if (!d.inMonth)
    return (
      <span className={`cal-day outside${state}`} title={label}>
        {inside}
      </span>
    );
  return (
    <button
      type="button"
      className={`cal-day${state}${d.holiday ? ' holiday' : ''}`}
      aria-pressed={selected}
      aria-label={label}
      title={label}
      onClick={() => onSelect(d.day)}
    >
      {inside}
    </button>
  );
}

/** Beside a week: its worked hours, its overtime (or complementary hours for a part-timer); a week counted next month says so. */
function WeekCell({ week: w }: { week: EmployeeWeek }) {
  const { t } = useTranslation();
  return (
    <td className="week-total">
      <strong>{msToHhmm(w.workedMs)}</strong>
      {!w.counted ? (
        <small className="muted">{t('ui.employee.countedIn', { month: monthName(w.end.slice(0, 7)) })}</small>
      ) : w.partTime ? (
        <small>{t('ui.employee.comp', { first: msToHhmm(w.complementary10Ms), second: msToHhmm(w.complementary25Ms) })}</small>
      ) : (
        <small>{t('ui.employee.overtime', { first: msToHhmm(w.overtime25Ms), second: msToHhmm(w.overtime50Ms) })}</small>
      )}
    </td>
  );
}

/** The month's figures, the same as the month screen's row for this person. */
function MonthTotals({ data }: { data: EmployeeMonth }) {
  const { t } = useTranslation();
  const x = data.totals;
  const items: [string, string][] = [
    [t('ui.month.col.days'), String(x.daysWorked)],
    [t('ui.month.col.worked'), msToHhmm(x.ms.worked)],
    [t('ui.month.col.pause'), msToHhmm(x.ms.pause)],
    ...(data.contractType === 'part-time'
      ? ([
          [t('ui.month.col.comp10'), msToHhmm(x.ms.complementary10)],
          [t('ui.month.col.comp25'), msToHhmm(x.ms.complementary25)],
        ] as [string, string][])
      : ([
          [t('ui.month.col.ot25'), msToHhmm(x.ms.overtime25)],
          [t('ui.month.col.ot50'), msToHhmm(x.ms.overtime50)],
        ] as [string, string][])),
    [t('ui.month.col.night'), msToHhmm(x.ms.night)],
    [t('ui.month.col.sunday'), msToHhmm(x.ms.sunday)],
    [t('ui.month.col.holiday'), msToHhmm(x.ms.holiday)],
    [t('ui.month.col.absences'), msToHhmm(x.ms.absenceTotal)],
    [t('ui.month.col.anomalies'), String(x.anomalies)],
    [t('ui.month.col.alerts'), String(x.alertCount)],
  ];
  return (
    <section className="month-totals" aria-labelledby="month-totals-title">
      <h3 id="month-totals-title">{t('ui.employee.totals', { month: monthName(data.month) })}</h3>
      <dl>
        {items.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
