// SheetJS `xlsx` 0.18.5 (the last release on npm) has known flaws in *reading* files (prototype
// pollution, CVE-2023-30533; a regular-expression denial of service, CVE-2024-22363). The app
// writes its workbooks with exceljs and never opens a file a user hands it; `xlsx` is left to the
// tests, which read the workbooks back (test/ only). This test fails when anything else imports
// it: the app's main process, shared code, the renderer, the preload, the bench, the build.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCANNED = ['main', 'shared', 'renderer', 'preload', 'bench', 'build'];
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs|jsx)$/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ['node_modules', 'dist', 'out'].includes(entry.name) ? [] : sources(path);
    return SOURCE.test(entry.name) ? [path] : [];
  });
}

/** Where a source loads `xlsx` (or a file of it): static and type imports, re-exports, require(), import(). Empty when it does not. */
export function xlsxImports(source: string): string[] {
  // Comments may name it (to say it is not used): block comments, and line comments that start a line or follow a space.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|\s)\/\/.*$/gm, '$1');
  const module = String.raw`['"\`]xlsx(?:/[^'"\`]*)?['"\`]`;
  const ways = [
    new RegExp(String.raw`\b(?:import|export)\b[^;'"\`]*?\bfrom\s*${module}`, 'g'), // import X from 'xlsx', export { x } from 'xlsx/…'
    new RegExp(String.raw`\bimport\s*${module}`, 'g'), // import 'xlsx'
    new RegExp(String.raw`\b(?:require|import)\s*\(\s*${module}\s*\)`, 'g'), // require('xlsx'), import('xlsx')
    new RegExp(String.raw`\brequire\s*\.\s*resolve\s*\(\s*${module}`, 'g'),
  ];
  return ways.flatMap((way) => [...code.matchAll(way)].map((m) => m[0].replace(/\s+/g, ' ')));
}

describe('xlsx is for the tests only', () => {
  it('the check sees every way of loading it, and nothing else', () => {
    const loading = [
      "import XLSX from 'xlsx';",
      "import * as S from 'xlsx';",
      "import { read, utils } from 'xlsx';",
      'import type { WorkBook } from "xlsx";',
      "import X, { utils } from 'xlsx/xlsx.mjs';",
      "import 'xlsx';",
      "export { utils } from 'xlsx';",
      "const XLSX = require('xlsx');",
      "const { readFile } = require( 'xlsx' );",
      "const book = (await import('xlsx')).default.readFile(file);",
      'const m = await import(`xlsx`);',
      "require.resolve('xlsx/package.json');",
      "import {\n  write,\n  utils,\n} from 'xlsx';",
    ];
    for (const code of loading) expect(xlsxImports(code), code).not.toEqual([]);
    const other = [
      "import ExcelJS from 'exceljs';",
      "import WorkbookWriter from 'exceljs/lib/stream/xlsx/workbook-writer.js';",
      "const file = join(dir, 'octobre.xlsx');",
      'return `Festime_${safe}_${month}.xlsx`;',
      "import { readFile } from 'node:fs/promises';\nconst type = 'xlsx';",
      "// import XLSX from 'xlsx';\n/* require('xlsx') */\nconst x = 1;",
      "import { buildWorkbook } from '../export/workbook';\nawait deliver('Festime_x.xlsx', bytes);",
    ];
    for (const code of other) expect(xlsxImports(code), code).toEqual([]);
  });

  it('no source outside test/ loads it; the workbook is written with exceljs', () => {
    const files = SCANNED.flatMap((dir) => sources(join(ROOT, dir)));
    expect(files.length).toBeGreaterThan(50);
    const loads = files.flatMap((file) => xlsxImports(readFileSync(file, 'utf8')).map((how) => `${relative(ROOT, file)}: ${how}`));
    expect(loads).toEqual([]);
    const writer = readFileSync(join(ROOT, 'main', 'core', 'export', 'workbook.ts'), 'utf8');
    expect(writer).toMatch(/import\(\s*'exceljs\/lib\/stream\/xlsx\/workbook-writer\.js'\s*\)/);
  });
});
