// Reads a workbook the way a spreadsheet application does: LibreOffice (headless) recomputes it
// and writes every sheet as CSV, values as shown.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';

export function sheetsAsShown(xlsx: string): Record<string, string[][]> {
  const out = mkdtempSync(join(tmpdir(), 'festime-lo-'));
  const profile = mkdtempSync(join(tmpdir(), 'festime-lo-profile-'));
  // Field 9 "true": cell contents as shown (formats applied); field 12 "-1": every sheet.
  execFileSync(
    'soffice',
    [
      `-env:UserInstallation=file://${profile}`,
      '--headless',
      '--norestore',
      '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1',
      '--outdir',
      out,
      xlsx,
    ],
    { stdio: 'pipe', timeout: 120_000 },
  );
  const stem = basename(xlsx, '.xlsx');
  const sheets: Record<string, string[][]> = {};
  for (const file of readdirSync(out)) {
    const name = file.slice(stem.length + 1, -'.csv'.length);
    sheets[name] = parse(readFileSync(join(out, file), 'utf8'), { relax_column_count: true }) as string[][];
  }
  return sheets;
}

/** The file as LibreOffice (headless) converts it to another format ("pdf" printed as its page setup says, "fods" as it reads it): the new file's path. */
export function convertedBy(file: string, format: 'pdf' | 'fods'): string {
  const out = mkdtempSync(join(tmpdir(), 'festime-lo-'));
  const profile = mkdtempSync(join(tmpdir(), 'festime-lo-profile-'));
  execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', format, '--outdir', out, file], {
    stdio: 'pipe',
    timeout: 120_000,
  });
  return join(out, `${basename(file).replace(/\.[^.]+$/, '')}.${format}`);
}

export interface CalcCell {
  /** The text the cell shows. */
  text: string;
  /** The formula LibreOffice made of the cell, if it made one. */
  formula: string | null;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
const unxml = (s: string) =>
  s
    .replace(/<text:s(?: text:c="(\d+)")?\/>/g, (_m, n?: string) => ' '.repeat(Number(n ?? 1)))
    .replace(/<text:tab\/>/g, '\t')
    .replace(/<[^>]+>/g, '')
    .replace(/&(?:amp|lt|gt|quot|apos);/g, (e) => ENTITIES[e]!);

/**
 * Opens CSV files (UTF-8, comma, double quotes) the way a user double-clicking them would, in
 * LibreOffice Calc with its default import (formulas evaluated), and returns each file's cells
 * as Calc holds them: shown text and formula. Saved as flat ODF (.fods) to read them.
 */
export function csvAsOpened(csvFiles: string[]): CalcCell[][][] {
  const out = mkdtempSync(join(tmpdir(), 'festime-lo-'));
  const profile = mkdtempSync(join(tmpdir(), 'festime-lo-profile-'));
  execFileSync(
    'soffice',
    [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--infilter=CSV:44,34,76,1', '--convert-to', 'fods', '--outdir', out, ...csvFiles],
    { stdio: 'pipe', timeout: 120_000 },
  );
  return csvFiles.map((file) => {
    const xml = readFileSync(join(out, `${basename(file, '.csv')}.fods`), 'utf8');
    const body = xml.slice(xml.indexOf('<office:spreadsheet>'));
    return [...body.matchAll(/<table:table-row\b[^>]*>([\s\S]*?)<\/table:table-row>/g)].map(([, row]) =>
      [...row!.matchAll(/<table:table-cell\b([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-cell>)/g)].flatMap(([, attrs, content]) => {
        const repeated = Number(/table:number-columns-repeated="(\d+)"/.exec(attrs!)?.[1] ?? 1);
        const formula = /table:formula="([^"]*)"/.exec(attrs!)?.[1] ?? null;
        const text = [...(content ?? '').matchAll(/<text:p>([\s\S]*?)<\/text:p>/g)].map(([, p]) => unxml(p!)).join('\n');
        // Trailing empty cells repeated to the sheet's edge are not cells of the file.
        return Array.from({ length: text === '' && formula === null && repeated > 1 ? 0 : repeated }, () => ({
          text,
          formula: formula === null ? null : unxml(formula),
        }));
      }),
    );
  });
}
