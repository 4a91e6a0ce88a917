// The monthly workbook's texts, English. Same keys as workbook-fr.ts (checked by type).
import type { Catalogue } from './index';

export const workbookEn: Catalogue['workbook'] = {
  sheet: { summary: 'Summary', detail: 'Detail', punches: 'Punches', anomalies: 'Anomalies', corrections: 'Corrections' },
  title: {
    summary: 'Hours summary — {{month}}',
    detail: 'Detail by day — {{month}}',
    punches: 'Raw punches — {{month}}',
    anomalies: 'To check — {{month}}',
    corrections: 'Corrections — {{month}}',
  },
  header: {
    site: 'Site', account: 'Account', month: 'Month', rules: 'Rules', weeks: 'Weeks', generatedAt: 'Generated on',
    weeksText: 'Each week (Monday–Sunday) is counted in the month in which it ends: its overtime appears in that month.',
  },
  rules: {
    text: 'Base {{base}} h a week; overtime: the first {{first}} at +{{firstRate}} %, beyond that +{{secondRate}} %; night {{nightStart}}–{{nightEnd}}; punch rounding: {{rounding}}; Alsace-Moselle: {{alsaceMoselle}}',
    rounding: '{{minutes}} min', noRounding: 'none', yes: 'yes', no: 'no',
  },
  summary: {
    nom: 'Last name', prenom: 'First name', uid: 'UID', daysWorked: 'Days worked', worked: 'Hours worked', workedHours: 'Hours worked (h)',
    pause: 'Pause', pauseHours: 'Pause (h)', overtime25: 'OT +25 %', overtime25Hours: 'OT +25 % (h)', overtime50: 'OT +50 %',
    overtime50Hours: 'OT +50 % (h)', night: 'Night', nightHours: 'Night (h)', sunday: 'Sunday', sundayHours: 'Sunday (h)',
    holiday: 'Public holiday', holidayHours: 'Public holiday (h)', anomalies: 'Anomalies', alerts: 'Legal alerts',
  },
  total: 'Total',
  detail: {
    nom: 'Last name', prenom: 'First name', uid: 'UID', weekday: 'Day', date: 'Date', firstArrival: 'First arrival', lastDeparture: 'Last departure',
    pauses: 'Pauses', worked: 'Hours worked', workedHours: 'Hours worked (h)', night: 'Night', sunday: 'Sunday', holiday: 'Public holiday',
    overtime25: 'OT +25 %', overtime50: 'OT +50 %', anomalies: 'Anomalies', alerts: 'Legal alerts', corrected: 'Corrected',
  },
  week: 'Week',
  weekSpan: '{{from}} to {{to}}',
  weekSpanNextMonth: '{{from}} to {{to}} (counted next month)',
  anomalyAt: '{{label}} ({{time}})',
  punches: {
    date: 'Date', time: 'Time', name: 'Name (Festime)', uid: 'UID', type: 'Type', reason: 'Reason', accessPoint: 'Access point',
    terminal: 'Terminal', id: 'Festime id', removed: 'Removed at Festime',
  },
  anomalies: { nom: 'Last name', prenom: 'First name', uid: 'UID', date: 'Date', time: 'Time', nature: 'Kind', what: 'What', punchIds: 'Punches concerned (id)' },
  anomaly: 'Anomaly',
  alert: 'Legal alert',
  alertHours: '{{label}} ({{hours}} h)',
  corrections: {
    number: 'No.', name: 'Name', uid: 'UID', correction: 'Correction', type: 'Type', at: 'Date and time', punchId: 'Ignored punch (id)',
    comment: 'Comment', by: 'By', on: 'On', undoneAt: 'Undone on',
  },
  added: 'Punch added',
  ignored: 'Punch ignored',
  yes: 'Yes',
  listSeparator: '; ',
  decimalMark: '.',
  month: {
    '01': 'January', '02': 'February', '03': 'March', '04': 'April', '05': 'May', '06': 'June',
    '07': 'July', '08': 'August', '09': 'September', '10': 'October', '11': 'November', '12': 'December',
  },
  weekday: { '0': 'Sunday', '1': 'Monday', '2': 'Tuesday', '3': 'Wednesday', '4': 'Thursday', '5': 'Friday', '6': 'Saturday' },
};
