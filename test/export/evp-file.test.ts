// The payroll-variables file from a computed month, read back as payroll software would (csv-parse,
// iconv-lite): what the hand-made month of evp.test.ts does not reach — a negative normal quantity
// (a first week begun the month before), names built to break a CSV, quantities that round to zero,
// 1 May, an absence code no longer listed, the rules' overtime rates, windows-1252's nearest letters.
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { buildEvp, toCp1252, type EvpInput } from '../../main/core/export/evp';
import { MissingMatriculeError } from '../../main/core/errors';
import { DEFAULT_PAYROLL_SETTINGS } from '../../shared/employees';
import { DEFAULT_RULES, type HolderMonth, type MonthTimesheet } from '../../shared/timesheet';

const HOUR = 3_600_000;

function holder(uid: string, nom: string, prenom: string, matricule: string | null, change: Partial<HolderMonth>): HolderMonth {
  return {
    uid,
    nom,
    prenom,
    daysWorked: 0,
    workedMs: 0,
    pauseMs: 0,
    overtimeFirstMs: 0,
    overtimeSecondMs: 0,
    nightMs: 0,
    sundayMs: 0,
    holidayMs: 0,
    anomalyCount: 0,
    alertCount: 0,
    days: [],
    weekDays: [],
    weeks: [],
    matricule,
    contractType: matricule === null ? null : 'full-time',
    contractHours: matricule === null ? null : 35,
    complementary10Ms: 0,
    complementary25Ms: 0,
    absenceMs: {},
    holidayOffMs: 0,
    mayFirstWorkedMs: 0,
    ...change,
  };
}

const sheet = (month: string, holders: HolderMonth[], rules = DEFAULT_RULES): MonthTimesheet => ({ month, rules, holders });
const input = (s: MonthTimesheet, change: Partial<EvpInput> = {}): EvpInput => ({
  sheet: s,
  payroll: { payrollCodes: {}, evpEncoding: 'utf8-bom', absenceCodes: DEFAULT_PAYROLL_SETTINGS.absenceCodes },
  layout: 'lines',
  lang: 'fr',
  ...change,
});
const rowsOf = (bytes: Buffer, encoding: 'utf8-bom' | 'windows-1252' = 'utf8-bom') =>
  parse(encoding === 'utf8-bom' ? bytes.subarray(3).toString('utf8') : iconv.decode(bytes, 'windows-1252'), { delimiter: ';' }) as string[][];

describe('buildEvp', () => {
  it('November 2026 for someone whose 54 h week ends on 1 November: normal hours negative, written as a number', () => {
    // 26–30 October worked (October's hours), Sunday 1 November 4 h: 19 h of overtime counted in November.
    const s = sheet('2026-11', [
      holder('1', 'SEMAINE', 'Entière', 'M1', {
        workedMs: 4 * HOUR,
        overtimeFirstMs: 8 * HOUR,
        overtimeSecondMs: 11 * HOUR,
        sundayMs: 4 * HOUR,
        holidayMs: 4 * HOUR,
      }),
    ]);
    const file = buildEvp(input(s));
    const rows = rowsOf(file.bytes);
    expect(rows.slice(1).map((r) => [r[3], r[5]])).toEqual([
      ['HN', '-15,00'],
      ['HS25', '8,00'],
      ['HS50', '11,00'],
      ['HDIM', '4,00'],
      ['HFER', '4,00'],
    ]);
    // Never "'-15,00": the guard against formulas is for text, not for quantities.
    expect(file.bytes.toString('utf8')).toContain(';-15,00;h;01/11/2026;30/11/2026\r\n');
    expect(file).toMatchObject({ employees: 1, lines: 5, replaced: [] });
  });

  it('names with ; quotes, a line break or a leading = + - @ stay one cell each, as text', () => {
    const names: [string, string][] = [
      ['DUPONT;"LE GRAND"', 'Jean\nPaul'],
      ['=1+1', '+33 6'],
      ['-2+3', '@SUM(A1)'],
      ['\tTAB', '\rCR'],
    ];
    const s = sheet(
      '2026-02',
      names.map(([nom, prenom], i) => holder(String(i), nom, prenom, `M${i}`, { workedMs: 7 * HOUR })),
    );
    const rows = rowsOf(buildEvp(input(s)).bytes);
    expect(rows).toHaveLength(1 + names.length);
    expect(rows.slice(1).map((r) => [r[1], r[2]])).toEqual([
      ['DUPONT;"LE GRAND"', 'Jean\nPaul'],
      ["'=1+1", "'+33 6"],
      ["'-2+3", "'@SUM(A1)"],
      ["'\tTAB", "'\rCR"],
    ]);
    for (const r of rows.slice(1)) expect(r.slice(3)).toEqual(['HN', 'Heures normales', '7,00', 'h', '01/02/2026', '28/02/2026']);
  });

  it('rounded as the month’s figures are; what rounds to 0,00 writes no line; 1 May on its own; an unlisted absence code last, by its code', () => {
    const s = sheet('2026-05', [
      holder('1', 'A', 'B', 'M1', {
        workedMs: 7.5 * HOUR + 20 * 60_000,
        nightMs: 10_000, // ten seconds: 0,00
        holidayMs: 8 * HOUR,
        mayFirstWorkedMs: 8 * HOUR,
        absenceMs: { OLD: 3.5 * HOUR, CP: 7 * HOUR },
      }),
    ]);
    const rows = rowsOf(buildEvp(input(s)).bytes);
    expect(rows.slice(1).map((r) => [r[3], r[4], r[5]])).toEqual([
      ['HN', 'Heures normales', '7,83'],
      ['H1MAI', 'Heures du 1er mai travaillé', '8,00'],
      ['CP', 'Congés payés', '7,00'],
      ['OLD', 'OLD', '3,50'],
    ]);
  });

  it('labels follow the rules’ overtime rates and the language; codes the settings', () => {
    const s = sheet('2026-03', [holder('1', 'A', 'B', 'M1', { overtimeFirstMs: HOUR, overtimeSecondMs: HOUR })], {
      ...DEFAULT_RULES,
      firstTierRate: 10,
      secondTierRate: 20,
    });
    const fr = rowsOf(buildEvp(input(s, { payroll: { payrollCodes: { overtime25: 'S10' }, evpEncoding: 'utf8-bom', absenceCodes: [] } })).bytes);
    expect(fr.slice(1).map((r) => [r[3], r[4]])).toEqual([
      ['HN', 'Heures normales'],
      ['S10', 'Heures supplémentaires à 10 %'],
      ['HS50', 'Heures supplémentaires à 20 %'],
    ]);
    expect(fr[1]![5]).toBe('-2,00');
    const en = rowsOf(buildEvp(input(s, { lang: 'en' })).bytes);
    expect(en.slice(2).map((r) => r[4])).toEqual(['Overtime at 10%', 'Overtime at 20%']);
  });

  it('a missing matricule (none, or blank) stops the file, everyone listed; those with no hour are not', () => {
    const s = sheet('2026-04', [
      holder('1', 'SANS', 'Matricule', null, { workedMs: HOUR }),
      holder('2', 'VIDE', 'Matricule', '  ', { holidayOffMs: 7 * HOUR }),
      holder('3', 'AUCUNE', 'Heure', null, { nightMs: 1000 }),
      holder('4', 'AVEC', 'Matricule', 'M4', { workedMs: HOUR }),
    ]);
    let error: unknown;
    try {
      buildEvp(input(s));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MissingMatriculeError);
    const app = (error as MissingMatriculeError).toAppError('fr');
    expect(app).toMatchObject({ code: 'export.missing-matricule', params: { count: 2, names: 'SANS Matricule, VIDE Matricule', uids: '1,2' } });
    expect(app.message).toContain('2 salarié(s) sans matricule (SANS Matricule, VIDE Matricule)');
  });

  it('windows-1252: letters it lacks become their nearest ones, each name said once; the bytes are windows-1252', () => {
    expect(toCp1252('Łukasz Ștefan Őrs ﬁlip\u202fZoë 中 – €')).toBe('Lukasz Stefan Ors filip Zoë ? – €');
    const s = sheet('2026-06', [
      holder('1', 'KOWALSKI', 'Łukasz', 'M1', { workedMs: HOUR, nightMs: HOUR }),
      holder('2', 'POPESCU', 'Ștefan', 'M2', { workedMs: HOUR }),
      holder('3', 'DURAND', 'Zoé', 'M3', { workedMs: HOUR }),
    ]);
    const file = buildEvp(input(s, { payroll: { payrollCodes: {}, evpEncoding: 'windows-1252', absenceCodes: [] } }));
    expect(file.replaced).toEqual([
      { text: 'KOWALSKI Łukasz', written: 'KOWALSKI Lukasz' },
      { text: 'POPESCU Ștefan', written: 'POPESCU Stefan' },
    ]);
    expect(file.bytes.includes(Buffer.from([0x5a, 0x6f, 0xe9]))).toBe(true); // "Zoé"
    expect(rowsOf(file.bytes, 'windows-1252').map((r) => r[2])).toEqual(['prenom', 'Lukasz', 'Lukasz', 'Stefan', 'Zoé']);
  });

  it('wide: one column per code any employee has, empty cells for none', () => {
    const s = sheet('2026-11', [
      holder('1', 'A', 'A', 'M1', { workedMs: 2 * HOUR, absenceMs: { CP: 7 * HOUR } }),
      holder('2', 'B', 'B', 'M2', { workedMs: HOUR, nightMs: HOUR }),
      holder('3', 'C', 'C', null, {}),
    ]);
    const file = buildEvp(input(s, { layout: 'wide' }));
    expect(rowsOf(file.bytes)).toEqual([
      ['matricule', 'nom', 'prenom', 'debut', 'fin', 'HN', 'HNUIT', 'CP'],
      ['M1', 'A', 'A', '01/11/2026', '30/11/2026', '2,00', '', '7,00'],
      ['M2', 'B', 'B', '01/11/2026', '30/11/2026', '1,00', '1,00', ''],
    ]);
    expect(file).toMatchObject({ employees: 2, lines: 2 });
  });
});
