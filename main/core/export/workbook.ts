// The monthly workbook payroll uses as is: Synthèse, Détail, Pointages, Anomalies, Corrections.
// Names and every text from Festime are text cells (a name starting with "=" stays text);
// durations are real time values formatted [h]:mm next to decimal hours; totals are SUM formulas.
import zlib from 'node:zlib';
import XLSX from 'xlsx';
import type { Punch } from '../../../shared/festime';
import type { CorrectionRow, HolderMonth, MonthTimesheet, TimesheetRules } from '../../../shared/timesheet';
import { translate } from '../../../shared/i18n';
import { addDays, dayOfWeek, mondayOf } from '../../../shared/time';
import { alertLabel, anomalyLabel } from '../timesheet/labels';

// SheetJS would number a new format in the range Excel reserves for East-Asian built-in formats
// (50–81), which LibreOffice reads as its own time format: register ours at 164, the first id free
// for custom formats, so that every spreadsheet application shows [h]:mm.
XLSX.SSF.load('[h]:mm', 164);

// Node's zlib instead of SheetJS's own deflate: a faster write and a file less than half the size.
// SheetJS probes zlib through a getter Node has deprecated; the probe is not ours to fix, so its
// one-time warning is not shown to the user.
{
  const shown = process.noDeprecation;
  process.noDeprecation = true;
  XLSX.CFB.utils.use_zlib(zlib);
  process.noDeprecation = shown;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const TIME = '[h]:mm';
const DECIMAL = '0.00';

type Cell =
  | null
  | string
  | number
  | { t: 'n'; v: number; z?: string }
  | { f: string; z?: string };

const text = (v: string): Cell => v;
const time = (ms: number): Cell => ({ t: 'n', v: ms / DAY_MS, z: TIME });
const decimal = (ms: number): Cell => ({ t: 'n', v: ms / HOUR_MS, z: DECIMAL });
const clock = (iso: string | null): Cell => (iso ? iso.slice(11, 16) : null);

const numberOf = (cell: Cell | undefined): number => (typeof cell === 'number' ? cell : cell && typeof cell === 'object' && 't' in cell ? cell.v : 0);

/**
 * The value a SUM(Xa:Xb) of this column has, stored beside the formula: applications that show
 * cached values (previews, some readers) then agree with those that recompute.
 */
function cachedSum(rows: Cell[][], formula: string, c: number): number {
  const m = /^SUM\([A-Z]+(\d+):[A-Z]+(\d+)\)$/.exec(formula);
  if (!m) return 0;
  let total = 0;
  for (let r = Number(m[1]) - 1; r <= Number(m[2]) - 1; r++) total += numberOf(rows[r]?.[c]);
  return total;
}

function sheet(rows: Cell[][], widths: number[]): XLSX.WorkSheet {
  const ws: XLSX.WorkSheet = {};
  let maxCol = 0;
  rows.forEach((row, r) => {
    row.forEach((cell, c) => {
      if (cell === null || cell === undefined) return;
      const addr = XLSX.utils.encode_cell({ r, c });
      if (typeof cell === 'string') ws[addr] = { t: 's', v: cell };
      else if (typeof cell === 'number') ws[addr] = { t: 'n', v: cell };
      else if ('f' in cell) ws[addr] = { t: 'n', f: cell.f, v: cachedSum(rows, cell.f, c), ...(cell.z ? { z: cell.z } : {}) };
      else ws[addr] = { t: 'n', v: cell.v, ...(cell.z ? { z: cell.z } : {}) };
      maxCol = Math.max(maxCol, c);
    });
  });
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(0, rows.length - 1), c: maxCol } });
  ws['!cols'] = widths.map((wch) => ({ wch }));
  return ws;
}

const col = (c: number) => XLSX.utils.encode_col(c);
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

export function monthTitle(month: string): string {
  return `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

export function rulesText(rules: TimesheetRules): string {
  const rounding = rules.roundingMinutes ? `${rules.roundingMinutes} min` : 'aucun';
  return `Base ${rules.weeklyBaseHours} h par semaine ; heures supplémentaires : les ${rules.firstTierHours} premières à +${rules.firstTierRate} %, au-delà +${rules.secondTierRate} % ; nuit ${rules.nightStart}–${rules.nightEnd} ; arrondi des pointages : ${rounding} ; Alsace-Moselle : ${rules.alsaceMoselle ? 'oui' : 'non'}`;
}

export interface WorkbookInput {
  sheet: MonthTimesheet;
  site: string;
  account: string;
  /** Raw punches of the month (as Festime sent them), marked when removed upstream. */
  punches: readonly (Punch & { removedUpstream?: boolean })[];
  corrections: readonly CorrectionRow[];
  generatedAt: string;
}

function header(input: WorkbookInput, title: string): Cell[][] {
  return [
    [text(title)],
    [text('Site'), text(input.site)],
    [text('Compte'), text(input.account)],
    [text('Mois'), text(`${monthTitle(input.sheet.month)} (${input.sheet.month})`)],
    [text('Règles'), text(rulesText(input.sheet.rules))],
    [text('Semaines'), text('Chaque semaine (lundi–dimanche) est comptée dans le mois où elle se termine : ses heures supplémentaires figurent dans ce mois-là.')],
    [text('Généré le'), text(input.generatedAt.replace('T', ' ').slice(0, 16))],
    [],
  ];
}

const SUMMARY_HEAD = ['Nom', 'Prénom', 'UID', 'Jours travaillés', 'Travaillé', 'Travaillé (h)', 'Pause', 'Pause (h)', 'HS +25 %', 'HS +25 % (h)', 'HS +50 %', 'HS +50 % (h)', 'Nuit', 'Nuit (h)', 'Dimanche', 'Dimanche (h)', 'Férié', 'Férié (h)', 'Anomalies', 'Alertes légales'];

function summary(input: WorkbookInput): XLSX.WorkSheet {
  const rows = header(input, `Synthèse des heures — ${monthTitle(input.sheet.month)}`);
  rows.push(SUMMARY_HEAD.map(text));
  const first = rows.length + 1; // 1-based row of the first holder
  for (const h of input.sheet.holders) {
    const pair = (ms: number): Cell[] => [time(ms), decimal(ms)];
    rows.push([
      text(h.nom), text(h.prenom), text(h.uid), h.daysWorked,
      ...pair(h.workedMs), ...pair(h.pauseMs), ...pair(h.overtimeFirstMs), ...pair(h.overtimeSecondMs),
      ...pair(h.nightMs), ...pair(h.sundayMs), ...pair(h.holidayMs), h.anomalyCount, h.alertCount,
    ]);
  }
  const last = rows.length;
  const totals: Cell[] = [text('Total'), null, null];
  for (let c = 3; c < SUMMARY_HEAD.length; c++) {
    const z = c >= 4 && c <= 17 ? (c % 2 === 0 ? TIME : DECIMAL) : undefined;
    totals.push(last >= first ? { f: `SUM(${col(c)}${first}:${col(c)}${last})`, ...(z ? { z } : {}) } : 0);
  }
  rows.push(totals);
  return sheet(rows, [22, 18, 14, 10, 11, 11, 9, 9, 10, 10, 10, 10, 9, 9, 10, 10, 9, 9, 10, 12]);
}

const DETAIL_HEAD = ['Nom', 'Prénom', 'UID', 'Jour', 'Date', 'Première arrivée', 'Dernier départ', 'Pauses', 'Travaillé', 'Travaillé (h)', 'Nuit', 'Dimanche', 'Férié', 'HS +25 %', 'HS +50 %', 'Anomalies', 'Alertes légales', 'Corrigé'];
const WEEKDAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];

function detail(input: WorkbookInput): XLSX.WorkSheet {
  const rows = header(input, `Détail par jour — ${monthTitle(input.sheet.month)}`);
  rows.push(DETAIL_HEAD.map(text));
  for (const h of input.sheet.holders) detailOf(h, rows);
  return sheet(rows, [22, 18, 14, 10, 11, 10, 10, 9, 10, 10, 9, 9, 9, 10, 10, 34, 34, 8]);
}

function detailOf(h: HolderMonth, rows: Cell[][]): void {
  // Weeks in the order of their days; a week that ends next month still gets its subtotal (overtime counted then).
  const byWeek = new Map<string, typeof h.days>();
  for (const d of h.days) {
    const monday = mondayOf(d.day);
    let list = byWeek.get(monday);
    if (!list) byWeek.set(monday, (list = []));
    list.push(d);
  }
  for (const [monday, days] of byWeek) {
    const first = rows.length + 1;
    for (const d of days) {
      rows.push([
        text(h.nom), text(h.prenom), text(h.uid), text(WEEKDAYS[dayOfWeek(d.day)]!), text(d.day),
        clock(d.firstArrival), clock(d.lastDeparture), time(d.pauseMs), time(d.workedMs), decimal(d.workedMs),
        time(d.nightMs), time(d.sundayMs), time(d.holidayMs), null, null,
        text(d.anomalies.map((a) => `${anomalyLabel(a.kind)} (${a.at.slice(11, 16)})`).join(' ; ')),
        text(d.alerts.map((a) => alertLabel(a.kind)).join(' ; ')),
        d.corrected ? text('Oui') : null,
      ]);
    }
    const last = rows.length;
    const week = h.weeks.find((w) => w.start === monday);
    const sunday = addDays(monday, 6);
    const sum = (c: number, z: string): Cell => ({ f: `SUM(${col(c)}${first}:${col(c)}${last})`, z });
    rows.push([
      text(h.nom), text(h.prenom), text(h.uid), text('Semaine'),
      text(week ? `du ${monday} au ${sunday}` : `du ${monday} au ${sunday} (comptée le mois suivant)`),
      null, null, sum(7, TIME), sum(8, TIME), sum(9, DECIMAL), sum(10, TIME), sum(11, TIME), sum(12, TIME),
      week ? time(week.overtimeFirstMs) : null, week ? time(week.overtimeSecondMs) : null,
    ]);
  }
}

function punchesSheet(input: WorkbookInput): XLSX.WorkSheet {
  const rows = header(input, `Pointages bruts — ${monthTitle(input.sheet.month)}`);
  rows.push(['Date', 'Heure', 'Nom (Festime)', 'UID', 'Type', 'Motif', 'Point d’accès', 'Terminal', 'Id Festime', 'Retiré chez Festime'].map(text));
  for (const p of input.punches) {
    rows.push([
      text(p.at.slice(0, 10)), text(p.at.slice(11, 19)), text(p.name), text(p.uid), text(translate('fr', `cli.type.${p.type}`)), text(p.reason),
      text(p.accessPoint), text(p.terminal), p.id, p.removedUpstream ? text('Oui') : null,
    ]);
  }
  return sheet(rows, [11, 9, 26, 14, 9, 18, 26, 10, 12, 12]);
}

function anomaliesSheet(input: WorkbookInput): XLSX.WorkSheet {
  const rows = header(input, `À vérifier — ${monthTitle(input.sheet.month)}`);
  rows.push(['Nom', 'Prénom', 'UID', 'Date', 'Heure', 'Nature', 'Quoi', 'Pointages concernés (id)'].map(text));
  for (const h of input.sheet.holders) {
    for (const d of h.days) {
      for (const a of d.anomalies) rows.push([text(h.nom), text(h.prenom), text(h.uid), text(a.at.slice(0, 10)), text(a.at.slice(11, 16)), text('Anomalie'), text(anomalyLabel(a.kind)), text(a.punchIds.join(', '))]);
      for (const a of d.alerts) rows.push([text(h.nom), text(h.prenom), text(h.uid), text(a.day), null, text('Alerte légale'), text(`${alertLabel(a.kind)} (${a.hours.toFixed(2).replace('.', ',')} h)`), null]);
    }
  }
  return sheet(rows, [22, 18, 14, 11, 8, 14, 40, 24]);
}

function correctionsSheet(input: WorkbookInput): XLSX.WorkSheet {
  const rows = header(input, `Corrections — ${monthTitle(input.sheet.month)}`);
  rows.push(['N°', 'Nom', 'UID', 'Correction', 'Type', 'Date et heure', 'Pointage ignoré (id)', 'Commentaire', 'Par', 'Le', 'Annulée le'].map(text));
  for (const c of input.corrections) {
    rows.push([
      c.id, text(c.name), text(c.uid), text(c.kind === 'add' ? 'Pointage ajouté' : 'Pointage ignoré'), c.type ? text(translate('fr', `cli.type.${c.type}`)) : null,
      c.at ? text(c.at.replace('T', ' ').slice(0, 16)) : null, c.punchId, text(c.comment), text(c.createdBy), text(c.createdAt.replace('T', ' ').slice(0, 16)),
      c.undoneAt ? text(c.undoneAt.replace('T', ' ').slice(0, 16)) : null,
    ]);
  }
  return sheet(rows, [6, 24, 14, 16, 9, 16, 14, 40, 14, 16, 16]);
}

export function workbookFileName(site: string, month: string): string {
  const safe = site.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'site';
  return `Festime_${safe}_${month}.xlsx`;
}

/** The workbook as .xlsx bytes. */
export function buildWorkbook(input: WorkbookInput): Buffer {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, summary(input), 'Synthèse');
  XLSX.utils.book_append_sheet(wb, detail(input), 'Détail');
  XLSX.utils.book_append_sheet(wb, punchesSheet(input), 'Pointages');
  XLSX.utils.book_append_sheet(wb, anomaliesSheet(input), 'Anomalies');
  XLSX.utils.book_append_sheet(wb, correctionsSheet(input), 'Corrections');
  wb.Props = { Title: `Festime Desk — ${input.sheet.month}`, Author: 'Festime Desk' };
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}
