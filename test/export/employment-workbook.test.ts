// Issue 13: the employment's figures everywhere — `export --format json`'s new keys (monthFigures),
// the workbook's Synthèse (matricule, contract hours, complementary hours, absences by code, férié
// chômé) and Détail (absence rows) — as LibreOffice shows them, SUMs recomputed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWorkbook } from '../../main/core/export/workbook';
import { computeMonth, type EmploymentInput } from '../../main/core/timesheet/engine';
import { monthFigures, monthPreview } from '../../main/core/timesheet/month';
import { DEFAULT_CONTRACT, DEFAULT_PAYROLL_SETTINGS, type Absence } from '../../shared/employees';
import { DEFAULT_RULES, DURATION_KEYS, type TimesheetPunch } from '../../shared/timesheet';
import { sheetsAsShown } from '../helpers/libreoffice';

const UID = '77';
let id = 0;
const punch = (at: string, type: 'A' | 'D'): TimesheetPunch => ({ id: ++id, uid: UID, type, at, reason: '', corrected: false });
// 16–20 November: 6 h a day, 30 h in a 24 h part-time week: 2.4 h at +10 %, 3.6 h at +25 % (over the tenth).
const punches = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'].flatMap((d) => [
  punch(`${d}T08:00:00`, 'A'),
  punch(`${d}T14:00:00`, 'D'),
]);
const absence: Absence = {
  id: 1,
  uid: UID,
  from: '2026-11-02',
  to: '2026-11-03',
  code: 'CP',
  half: null,
  comment: 'Congés',
  createdBy: 'paie',
  createdAt: '2026-10-20T10:00:00Z',
  removedAt: null,
};
const employment: EmploymentInput = {
  contracts: new Map([[UID, [{ ...DEFAULT_CONTRACT, uid: UID, from: '2026-01-01', matricule: '00123', type: 'part-time', weeklyHours: 24 }]]]),
  absences: [absence],
  settings: DEFAULT_PAYROLL_SETTINGS,
  nowLocal: '2026-12-01T10:00:00',
};
const holders = [{ uid: UID, nom: 'PARTIEL', prenom: 'Anne' }];

describe('the employment’s figures', () => {
  it('JSON: the new keys after the old ones; without an employment, the same old values and empty new ones', () => {
    const withIt = monthFigures(computeMonth('2026-11', holders, punches, DEFAULT_RULES, [], employment))[0]!;
    const without = monthFigures(computeMonth('2026-11', holders, punches, DEFAULT_RULES))[0]!;
    expect(withIt).toMatchObject({
      worked: 30,
      matricule: '00123',
      contractType: 'part-time',
      contractHours: 24,
      complementary10: 2.4,
      complementary25: 3.6,
      absences: { CP: 9.6 },
      holidayOff: 4.8, // 11 November, a Wednesday
      mayFirstWorked: 0,
    });
    expect(withIt.alerts).toContain('part-time-cap-passed');
    expect(without).toMatchObject({
      worked: 30,
      matricule: null,
      contractType: null,
      contractHours: null,
      complementary10: 0,
      absences: {},
      holidayOff: 0,
    });
    expect(without.alerts).toEqual(['no-pause-6h']); // 6 h without a pause, with the employment too
    // The old keys' values do not depend on the employment here (full-time 35 h: no overtime either way).
    for (const k of ['daysWorked', 'worked', 'pause', 'overtime25', 'overtime50', 'night', 'sunday', 'holiday'] as const) expect(withIt[k], k).toBe(without[k]);
  });

  it('the preview: every duration in exact milliseconds too, the absences summed and by code', () => {
    // A second code (a sick Wednesday of 4.8 h) and a 1 May worked with seconds: 08:00:00–12:00:50.
    const sick: Absence = { ...absence, id: 2, from: '2026-11-04', to: '2026-11-04', code: 'MAL' };
    const november = monthPreview(computeMonth('2026-11', holders, punches, DEFAULT_RULES, [], { ...employment, absences: [absence, sick] }))[0]!;
    const HOUR = 3_600_000;
    expect(Object.keys(november.ms)).toEqual([...DURATION_KEYS]);
    expect(november.ms).toMatchObject({
      worked: 30 * HOUR,
      complementary10: 2.4 * HOUR,
      complementary25: 3.6 * HOUR,
      absenceTotal: 3 * (4.8 * HOUR),
      holidayOff: 4.8 * HOUR,
      mayFirstWorked: 0,
    });
    expect(november.absenceMs).toEqual({ CP: 2 * (4.8 * HOUR), MAL: 4.8 * HOUR });
    expect(november.absences).toEqual({ CP: 9.6, MAL: 4.8 });
    // The decimal hours are the exact ones rounded: same figures, never a second computation.
    const decimal = (ms: number) => Math.round((ms / HOUR) * 100) / 100;
    for (const k of ['worked', 'complementary10', 'complementary25', 'holidayOff', 'mayFirstWorked'] as const)
      expect(november[k], k).toBe(decimal(november.ms[k]));

    const may = [punch('2026-05-01T08:00:00', 'A'), punch('2026-05-01T12:00:50', 'D')];
    const mayFirst = monthPreview(computeMonth('2026-05', holders, may, DEFAULT_RULES, [], { ...employment, absences: [] }))[0]!;
    expect(mayFirst.ms.mayFirstWorked).toBe(4 * HOUR + 50_000);
    expect(mayFirst.mayFirstWorked).toBe(4.01);
    expect([mayFirst.ms.absenceTotal, mayFirst.absenceMs]).toEqual([0, {}]);
  });

  it('the workbook: Synthèse columns and totals, Détail absence rows, as LibreOffice shows them', async () => {
    const sheet = computeMonth('2026-11', holders, punches, DEFAULT_RULES, [], employment);
    const file = join(mkdtempSync(join(tmpdir(), 'festime-employment-')), 'novembre.xlsx');
    writeFileSync(
      file,
      await buildWorkbook({ sheet, site: 'Atelier', account: 'demo', punches: [], corrections: [], generatedAt: '2026-12-01T10:00:00Z' }, 'fr'),
    );
    const shown = sheetsAsShown(file);
    const synth = shown['Synthèse']!;
    const top = synth.findIndex((r) => r[0] === 'Nom');
    const heads = synth[top]!;
    const line = synth[top + 1]!;
    const total = synth[top + 2]!;
    const at = (name: string) => heads.indexOf(name);
    expect(line[at('Matricule')]).toBe('00123');
    expect(line[at('Heures contrat (h/sem.)')]).toBe('24');
    expect([line[at('HC +10 %')], line[at('HC +10 % (h)')], line[at('HC +25 %')], line[at('HC +25 % (h)')]]).toEqual(['2:24', '2.40', '3:36', '3.60']);
    expect([line[at('CP (h)')], line[at('Férié chômé (h)')]]).toEqual(['9.60', '4.80']);
    expect([total[at('HC +25 % (h)')], total[at('CP (h)')], total[at('Férié chômé (h)')], total[at('Matricule')]]).toEqual(['3.60', '9.60', '4.80', '']);

    const detail = shown['Détail']!;
    const dh = detail.findIndex((r) => r[0] === 'Nom');
    const dc = (name: string) => detail[dh]!.indexOf(name);
    const absences = detail.filter((r) => r[3] === 'Absence');
    expect(absences.map((r) => [r[4], r[dc('Absence (code)')], r[dc('Absence')], r[dc('Travaillé')]])).toEqual([
      ['02/11/2026', 'CP', '4:48', ''],
      ['03/11/2026', 'CP', '4:48', ''],
    ]);
    const weeks = detail.filter((r) => r[3] === 'Semaine');
    const first = weeks.find((r) => r[4]!.startsWith('du 02/11/2026'))!;
    expect(first[dc('Absence')]).toBe('9:36');
    const busy = weeks.find((r) => r[4]!.startsWith('du 16/11/2026'))!;
    expect([busy[dc('Travaillé')], busy[dc('HC +10 %')], busy[dc('HC +25 %')]]).toEqual(['30:00', '2:24', '3:36']);
  }, 120_000);
});
