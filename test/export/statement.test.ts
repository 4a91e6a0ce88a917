// The statements to sign (export --format pdf) as a user gets them: the real CLI as a child process
// over a real SQLite file, synced from the simulator over loopback, with contracts, an absence and a
// correction; the PDF read back with poppler (pdftotext, pdfinfo, pdffonts) and one page rendered
// to PNG (test/e2e/screenshots/41-releve-a-signer.png) to look at.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSimulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import type { HolderFigures } from '../../shared/timesheet';
import { DEFAULT_ABSENCE_CODES } from '../../shared/employees';
import { pinCliClock, runCli } from '../helpers/cli';

const NOW = new Date('2026-11-25T15:30:00Z');
// The CLI lives at the simulator's time: its sync window must not drift with the calendar.
pinCliClock(NOW);
const MONTH = '2026-10';
const MARTIN = '100200300'; // MARTIN Élodie, a demo holder: made part-time below
const NEW = '555000111'; // added below: a name with É, ç and œ
const NEW_NOM = 'CŒUR';
const NEW_PRENOM = 'Émile-François';
const SCREENSHOT = fileURLToPath(new URL('../e2e/screenshots/41-releve-a-signer', import.meta.url));
const SLOW = { timeoutMs: 120_000 };
let dataDir: string;
let base: string[];
let figures: HolderFigures[];
const env = { FESTIME_PASSWORD: DEMO_PASSWORD };
const cli = (args: string[], options: { cwd?: string } = {}) => runCli([...base, ...args], { env, ...SLOW, ...options });

beforeAll(async () => {
  const sim = createSimulator({ now: () => NOW });
  const url = await sim.listen();
  // The new holder: 5–9 October from 08:00 to 17:30 (47:30 in the week: 8 h at +25 %, 4:30 at +50 %),
  // the Friday's departure forgotten (a correction adds it); paid leave the week after; nothing else.
  for (const day of ['2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08', '2026-10-09']) {
    sim.addPunch('demo', { uid: NEW, type: 'A', at: `${day}T08:00:00`, name: `${NEW_NOM} ${NEW_PRENOM}` });
    if (day !== '2026-10-09') sim.addPunch('demo', { uid: NEW, type: 'D', at: `${day}T17:30:00`, name: `${NEW_NOM} ${NEW_PRENOM}` });
  }
  dataDir = mkdtempSync(join(tmpdir(), 'festime-statement-'));
  base = ['--server', url, '--login', 'demo', '--data-dir', dataDir];
  try {
    expect((await cli(['sync'])).code).toBe(0);
    expect((await cli(['holders', 'add', '--uid', NEW, '--nom', NEW_NOM, '--prenom', NEW_PRENOM])).code).toBe(0);
    const steps = [
      ['employees', 'set', '--uid', NEW, '--matricule', 'M0042', '--contract', 'full-time', '--weekly-hours', '35', '--from', '2026-10-01'],
      [
        'employees',
        'set',
        '--uid',
        MARTIN,
        '--matricule',
        'M0001',
        '--contract',
        'part-time',
        '--weekly-hours',
        '28',
        '--days',
        'mon,tue,thu,fri',
        '--from',
        '2026-10-01',
      ],
      ['absences', 'add', '--uid', NEW, '--from', '2026-10-12', '--to', '2026-10-16', '--code', 'CP', '--comment', 'Congés d’automne'],
      ['corrections', 'add', '--uid', NEW, '--at', '2026-10-09T17:30', '--type', 'D', '--comment', 'Oubli de badge'],
    ];
    for (const step of steps) {
      const r = await cli(step);
      expect(r.code, `${step.join(' ')}: ${r.stderr}`).toBe(0);
    }
  } finally {
    await sim.close(); // the exports below work from the cache alone
  }
  const json = await cli(['export', '--month', MONTH, '--format', 'json']);
  expect(json.code).toBe(0);
  figures = JSON.parse(json.stdout) as HolderFigures[];
}, 300_000);

interface Pdf {
  file: string;
  pages: string[];
}

/** The PDF's pages as pdftotext lays them out, one call per page as a reader would print them. */
function readPdf(file: string): Pdf {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const count = Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
  const pages = Array.from({ length: count }, (_, i) =>
    execFileSync('pdftotext', ['-layout', '-f', String(i + 1), '-l', String(i + 1), file, '-'], { encoding: 'utf8' }),
  );
  return { file, pages };
}

/** A holder's pages: each says whose it is at its top (the running line: "NOM Prénom · uid · mois"). */
const pagesOf = (pdf: Pdf, h: Pick<HolderFigures, 'nom' | 'prenom' | 'uid'>, month = 'octobre 2026') =>
  pdf.pages.filter((p) => p.trimStart().startsWith(`${h.nom} ${h.prenom} · ${h.uid} · ${month}`));

/** A month total as printed, "173:34 (173,57 h)", after its label: [minutes, decimal text]. */
function total(text: string, label: string): [number, string] {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${escaped}\\s+(\\d+):(\\d{2}) \\((\\d+[,.]\\d{2}) h\\)`).exec(text);
  expect(m, label).not.toBeNull();
  return [Number(m![1]) * 60 + Number(m![2]), m![3]!];
}

/**
 * The JSON's decimal hours exactly as the statement writes them, and its h:mm the same time: whole
 * minutes (seconds dropped, under a minute) against hundredths of an hour (0.3 min either way).
 */
function expectTotal(text: string, label: string, hours: number, mark: ',' | '.') {
  const [minutes, decimal] = total(text, label);
  expect(decimal, label).toBe(hours.toFixed(2).replace('.', mark));
  expect(minutes - hours * 60, label).toBeLessThan(0.3 + 1e-9);
  expect(minutes - hours * 60, label).toBeGreaterThan(-1.3 - 1e-9);
}

const FR_TOTALS = [
  ['Heures travaillées', 'worked'],
  ['Heures supplémentaires +25 %', 'overtime25'],
  ['Heures supplémentaires +50 %', 'overtime50'],
  ['Heures complémentaires +10 %', 'complementary10'],
  ['Heures complémentaires +25 %', 'complementary25'],
] as const;

describe('export --format pdf: the statements to sign', () => {
  let pdf: Pdf;
  let cwd: string;

  beforeAll(async () => {
    // No --out: the file gets its name, in the current folder.
    cwd = mkdtempSync(join(tmpdir(), 'festime-statement-out-'));
    const r = await cli(['export', '--month', MONTH, '--format', 'pdf'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const written = readdirSync(cwd);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^Festime_[A-Za-z0-9-]+_2026-10_releves\.pdf$/);
    pdf = readPdf(join(cwd, written[0]!));
  }, 180_000);

  it('one statement or more per employee, each starting on its own page, fonts embedded', () => {
    expect(figures.length).toBeGreaterThan(20);
    expect(pdf.pages.length).toBeGreaterThanOrEqual(figures.length);
    const fonts = execFileSync('pdffonts', [pdf.file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) {
      expect(line).toContain('Roboto');
      expect(line.split(/\s+/).at(-5), line).toBe('yes'); // emb
    }
    let next = 0;
    for (const h of figures) {
      const mine = pagesOf(pdf, h);
      expect(mine.length, `${h.nom} ${h.prenom}`).toBeGreaterThanOrEqual(1);
      // In order, one after the other: a statement never shares a page with another.
      const first = pdf.pages.indexOf(mine[0]!);
      expect(first).toBe(next);
      next = first + mine.length;
      expect(mine[0]).toContain('Relevé mensuel des heures — octobre 2026');
    }
    expect(next).toBe(pdf.pages.length);
  });

  it('each statement: the name, badge, matricule, the month’s totals as export --format json gives them, the signature boxes', () => {
    for (const h of figures) {
      const text = pagesOf(pdf, h).join('\n');
      expect(text).toMatch(new RegExp(`Salarié\\s+${h.nom} ${h.prenom}`));
      expect(text).toMatch(new RegExp(`Badge \\(UID\\)\\s+${h.uid}`));
      expect(text).toMatch(new RegExp(`Matricule\\s+${h.matricule ?? '—'}`));
      for (const [label, key] of FR_TOTALS) expectTotal(text, label, h[key], ',');
      expect(text).toMatch(new RegExp(`Jours travaillés\\s+${h.daysWorked}\\b`));
      for (const [code, hours] of Object.entries(h.absences)) {
        const label = DEFAULT_ABSENCE_CODES.find((c) => c.code === code)!.fr;
        expectTotal(text, `Absence ${code} (${label})`, hours, ',');
      }
      for (const words of ['Le salarié', 'L’employeur', 'Lu et approuvé', 'Date :', 'Signature :']) expect(text, words).toContain(words);
      // The two boxes side by side, on the statement's last page.
      expect(pagesOf(pdf, h).at(-1)).toMatch(/Le salarié\s+L’employeur/);
    }
  });

  it('the day lines: weekday and date, arrival, departure, worked; the adjacent month’s days marked; a corrected day marked; the absence with its hours', () => {
    const martin = pagesOf(
      pdf,
      figures.find((h) => h.uid === MARTIN)!,
    ).join('\n');
    // 28–30 September are in the first week counted in October.
    expect(martin).toMatch(/lun\. 28\/09\s+\d{2}:\d{2}\s+\d{2}:\d{2}\s+\d+:\d{2}\s+\d+:\d{2}\s+mois voisin \(septembre 2026\)/);
    expect(martin).toMatch(/jeu\. 01\/10\s+\d{2}:\d{2}\s+\d{2}:\d{2}/);
    const mine = pagesOf(pdf, { uid: NEW, nom: NEW_NOM, prenom: NEW_PRENOM }).join('\n');
    expect(mine).toMatch(/lun\. 05\/10\s+08:00\s+17:30\s+9:30/);
    expect(mine).toMatch(/ven\. 09\/10\s+08:00\s+17:30\s+9:30\s+corrigé/);
    expect(mine).toMatch(/lun\. 12\/10\s+CP 7:00/);
    // The week: 47:30, 8 h at +25 %, 4:30 at +50 %; the anomalies and alerts in words.
    expect(mine).toMatch(/du 05\/10 au 11\/10\s+47:30\s+8:00\s+4:30/);
    expect(mine).toContain('Absence à qualifier (ni pointage ni absence)');
    expect(mine).toContain('6 h ou plus sans pause de 20 min');
  });

  it('accents print: É, ç, œ in a name come back as they were typed', () => {
    const mine = pagesOf(pdf, { uid: NEW, nom: NEW_NOM, prenom: NEW_PRENOM });
    expect(mine.length).toBeGreaterThanOrEqual(1);
    expect(mine[0]).toContain('Salarié');
    expect(mine[0]).toContain('CŒUR Émile-François');
    expect(mine.join('\n')).toContain('Détail par jour — CŒUR Émile-François — octobre 2026');
  });
});

describe('export --format pdf --uid: one person’s statement', () => {
  it('only that person, in a file named after them; a page rendered to PNG', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'festime-statement-one-'));
    const r = await cli(['export', '--month', MONTH, '--format', 'pdf', '--uid', NEW], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(cwd)).toEqual([expect.stringMatching(/^Festime_[A-Za-z0-9-]+_2026-10_releve_COEUR-Emile-Francois\.pdf$/)]);
    const file = join(cwd, readdirSync(cwd)[0]!);
    const pdf = readPdf(file);
    const me = figures.find((h) => h.uid === NEW)!;
    expect(pagesOf(pdf, me)).toHaveLength(pdf.pages.length);
    for (const other of figures.filter((h) => h.uid !== NEW)) expect(pdf.pages.join('\n')).not.toContain(`${other.nom} ${other.prenom} · ${other.uid}`);
    const text = pdf.pages.join('\n');
    for (const [label, key] of FR_TOTALS) expectTotal(text, label, me[key], ',');
    expect(me.overtime25).toBe(8);
    expect(me.overtime50).toBe(4.5);
    // The first page as an image, for a person to look at (the e2e screenshots' folder).
    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', file, SCREENSHOT]);
    expect(existsSync(`${SCREENSHOT}.png`)).toBe(true);
  }, 180_000);

  it('a uid with nothing in the month, or unknown: « Badgé introuvable », exit 1, no file', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'festime-statement-none-'));
    const r = await cli(['export', '--month', MONTH, '--format', 'pdf', '--uid', '999999999'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Badgé introuvable : 999999999');
    expect(readdirSync(cwd)).toEqual([]);
  }, 180_000);
});

describe('export --format pdf --lang en', () => {
  it('the statement in English: titles, totals with a decimal point, the signature boxes', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'festime-statement-en-')), 'statements.pdf');
    const r = await cli(['--lang', 'en', 'export', '--month', MONTH, '--format', 'pdf', '--uid', MARTIN, '--out', file]);
    expect(r.code, r.stderr).toBe(0);
    const pdf = readPdf(file);
    const me = figures.find((h) => h.uid === MARTIN)!;
    const text = pagesOf(pdf, me, 'October 2026').join('\n');
    expect(text).toContain('Monthly hours statement — October 2026');
    expect(text).toMatch(new RegExp(`Employee\\s+${me.nom} ${me.prenom}`));
    expect(text).toMatch(/Payroll number\s+M0001/);
    expect(text).toContain('Part-time, 28 h a week; working days: Mon, Tue, Thu, Fri');
    expectTotal(text, 'Hours worked', me.worked, '.');
    expectTotal(text, 'Overtime +25%', me.overtime25, '.');
    expectTotal(text, 'Overtime +50%', me.overtime50, '.');
    expectTotal(text, 'Complementary hours +10%', me.complementary10, '.');
    expectTotal(text, 'Complementary hours +25%', me.complementary25, '.');
    expect(me.complementary10 + me.complementary25).toBeGreaterThan(0);
    for (const words of ['The employee', 'The employer', 'Read and approved', 'Signature:', 'Mon 28/09']) expect(text, words).toContain(words);
    expect(text).not.toContain('Relevé');
  }, 180_000);
});
