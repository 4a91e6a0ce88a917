// The monthly workbook's texts, French (the product's first language). Same keys in
// workbook-en.ts (checked by type). Column headings are keyed by column; their order is the
// workbook's (main/core/export/workbook.ts).
export const workbookFr = {
  sheet: { summary: 'Synthèse', detail: 'Détail', punches: 'Pointages', anomalies: 'Anomalies', corrections: 'Corrections' },
  title: {
    summary: 'Synthèse des heures — {{month}}',
    detail: 'Détail par jour — {{month}}',
    punches: 'Pointages bruts — {{month}}',
    anomalies: 'À vérifier — {{month}}',
    corrections: 'Corrections — {{month}}',
  },
  header: {
    site: 'Site', account: 'Compte', month: 'Mois', rules: 'Règles', weeks: 'Semaines', generatedAt: 'Généré le',
    weeksText: 'Chaque semaine (lundi–dimanche) est comptée dans le mois où elle se termine : ses heures supplémentaires figurent dans ce mois-là.',
  },
  rules: {
    text: 'Base {{base}} h par semaine ; heures supplémentaires : les {{first}} premières à +{{firstRate}} %, au-delà +{{secondRate}} % ; nuit {{nightStart}}–{{nightEnd}} ; arrondi des pointages : {{rounding}} ; Alsace-Moselle : {{alsaceMoselle}}',
    rounding: '{{minutes}} min', noRounding: 'aucun', yes: 'oui', no: 'non',
  },
  summary: {
    nom: 'Nom', prenom: 'Prénom', uid: 'UID', daysWorked: 'Jours travaillés', worked: 'Travaillé', workedHours: 'Travaillé (h)',
    pause: 'Pause', pauseHours: 'Pause (h)', overtime25: 'HS +25 %', overtime25Hours: 'HS +25 % (h)', overtime50: 'HS +50 %',
    overtime50Hours: 'HS +50 % (h)', night: 'Nuit', nightHours: 'Nuit (h)', sunday: 'Dimanche', sundayHours: 'Dimanche (h)',
    holiday: 'Férié', holidayHours: 'Férié (h)', anomalies: 'Anomalies', alerts: 'Alertes légales',
  },
  total: 'Total',
  detail: {
    nom: 'Nom', prenom: 'Prénom', uid: 'UID', weekday: 'Jour', date: 'Date', firstArrival: 'Première arrivée', lastDeparture: 'Dernier départ',
    pauses: 'Pauses', worked: 'Travaillé', workedHours: 'Travaillé (h)', night: 'Nuit', sunday: 'Dimanche', holiday: 'Férié',
    overtime25: 'HS +25 %', overtime50: 'HS +50 %', anomalies: 'Anomalies', alerts: 'Alertes légales', corrected: 'Corrigé',
  },
  week: 'Semaine',
  weekSpan: 'du {{from}} au {{to}}',
  weekSpanNextMonth: 'du {{from}} au {{to}} (comptée le mois suivant)',
  anomalyAt: '{{label}} ({{time}})',
  punches: {
    date: 'Date', time: 'Heure', name: 'Nom (Festime)', uid: 'UID', type: 'Type', reason: 'Motif', accessPoint: 'Point d’accès',
    terminal: 'Terminal', id: 'Id Festime', removed: 'Retiré chez Festime',
  },
  anomalies: { nom: 'Nom', prenom: 'Prénom', uid: 'UID', date: 'Date', time: 'Heure', nature: 'Nature', what: 'Quoi', punchIds: 'Pointages concernés (id)' },
  anomaly: 'Anomalie',
  alert: 'Alerte légale',
  alertHours: '{{label}} ({{hours}} h)',
  corrections: {
    number: 'N°', name: 'Nom', uid: 'UID', correction: 'Correction', type: 'Type', at: 'Date et heure', punchId: 'Pointage ignoré (id)',
    comment: 'Commentaire', by: 'Par', on: 'Le', undoneAt: 'Annulée le',
  },
  added: 'Pointage ajouté',
  ignored: 'Pointage ignoré',
  yes: 'Oui',
  /** Between several anomalies or alerts in one cell. */
  listSeparator: ' ; ',
  decimalMark: ',',
  month: {
    '01': 'janvier', '02': 'février', '03': 'mars', '04': 'avril', '05': 'mai', '06': 'juin',
    '07': 'juillet', '08': 'août', '09': 'septembre', '10': 'octobre', '11': 'novembre', '12': 'décembre',
  },
  /** By JavaScript's day number: 0 is Sunday. */
  weekday: { '0': 'dimanche', '1': 'lundi', '2': 'mardi', '3': 'mercredi', '4': 'jeudi', '5': 'vendredi', '6': 'samedi' },
};
