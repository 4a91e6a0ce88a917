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
