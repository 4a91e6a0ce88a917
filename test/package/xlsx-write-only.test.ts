// SheetJS `xlsx` 0.18.5 (the last release on npm) has known flaws in *reading* files (prototype
// pollution, CVE-2023-30533; a regular-expression denial of service, CVE-2024-22363): the app
// only ever writes workbooks with it, and never opens a file a user hands it. Tests may read the
// workbooks back (test/ only). This test fails when a read function of `xlsx` appears anywhere
// else: the app's main process, shared code, the renderer, the preload, the bench, the build.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCANNED = ['main', 'shared', 'renderer', 'preload', 'bench', 'build'];
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs|jsx)$/;
/** SheetJS's parsers: the workbook readers, and the container reader under them. */
const READERS = ['read', 'readFile', 'readFileSync'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ['node_modules', 'dist', 'out'].includes(entry.name) ? [] : sources(path);
    return SOURCE.test(entry.name) ? [path] : [];
  });
}

/** Where a source reads a file through `xlsx`: empty when it only writes (or does not use it). */
export function xlsxReads(source: string): string[] {
  // Comments may name a reader (to say it is not used): block comments, and line comments that start a line or follow a space.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|\s)\/\/.*$/gm, '$1');
  const found: string[] = [];
  const from = String.raw`\s*(?:from\s*)?['"]xlsx(?:/[\w./-]*)?['"]`;
  // Named imports of a reader: import { read } from 'xlsx', import { readFile as rf } from 'xlsx/…'.
  for (const m of code.matchAll(new RegExp(String.raw`import\s*(?:type\s+)?(?:\w+\s*,\s*)?\{([^}]*)\}${from}`, 'g'))) {
    for (const name of m[1]!.split(',').map((s) =>
      s
        .trim()
        .split(/\s+as\s+/)[0]!
        .replace(/^type\s+/, ''),
    )) {
      if (READERS.includes(name)) found.push(`import { ${name} } from 'xlsx'`);
    }
  }
  // Destructured from require() or import(): const { read } = require('xlsx').
  for (const m of code.matchAll(/\{([^}]*)\}\s*=\s*(?:await\s+)?(?:require|import)\(\s*['"]xlsx['"]\s*\)/g)) {
    for (const name of m[1]!.split(',').map((s) => s.trim().split(/\s*:\s*/)[0]!)) if (READERS.includes(name)) found.push(`{ ${name} } = xlsx`);
  }
  // The names the module is bound to: import X from, import * as X from, import X, {…} from, X = require / import().
  const bindings = new Set<string>();
  for (const m of code.matchAll(new RegExp(String.raw`import\s+(?:\*\s+as\s+)?(\w+)\s*(?:,\s*\{[^}]*\})?${from}`, 'g'))) bindings.add(m[1]!);
  for (const m of code.matchAll(/(\w+)\s*=\s*(?:await\s+)?(?:require|import)\(\s*['"]xlsx['"]\s*\)/g)) bindings.add(m[1]!);
  for (const name of bindings) {
    // X.read(…), X.readFile(…), X.default.read(…), X.CFB.read(…), X['read'](…).
    const call = new RegExp(String.raw`\b${name}(?:\s*\.\s*\w+)*\s*(?:\.\s*(${READERS.join('|')})\b|\[\s*['"\`](${READERS.join('|')})['"\`]\s*\])`, 'g');
    for (const m of code.matchAll(call)) found.push(m[0].replace(/\s+/g, ''));
  }
  // Used without a binding: (await import('xlsx')).default.readFile(…), require('xlsx').read(…).
  for (const m of code.matchAll(new RegExp(String.raw`(?:require|import)\(\s*['"]xlsx['"]\s*\)\)?(?:\s*\.\s*\w+)*\s*\.\s*(${READERS.join('|')})\b`, 'g')))
    found.push(m[0].replace(/\s+/g, ''));
  return found;
}

describe('xlsx is for writing only', () => {
  it('the check sees every way of reading a file with it', () => {
    const reading = [
      "import XLSX from 'xlsx';\nconst wb = XLSX.read(bytes);",
      "import XLSX from 'xlsx';\nXLSX.readFile(path, { cellFormula: true });",
      "import * as S from 'xlsx';\nS.readFile(p)",
      "import { read, utils } from 'xlsx';",
      "import { readFile as open } from 'xlsx';",
      "import X, { utils } from 'xlsx';\nX.read(b)",
      "const XLSX = require('xlsx');\nXLSX.read(b)",
      "const { readFile } = require('xlsx');",
      "const book = (await import('xlsx')).default.readFile(file);",
      "import XLSX from 'xlsx';\nXLSX.CFB.read(bytes, { type: 'buffer' });",
      "import XLSX from 'xlsx';\nconst f = XLSX['readFile'];",
      "import XLSX from 'xlsx';\nconst r = XLSX\n  .read;",
    ];
    for (const code of reading) expect(xlsxReads(code), code).not.toEqual([]);
    const writing = [
      "import XLSX from 'xlsx';\nXLSX.write(wb, { type: 'buffer', bookType: 'xlsx' });\nXLSX.utils.book_new();",
      "import XLSX from 'xlsx';\nXLSX.CFB.utils.use_zlib(z);",
      "import { readFile } from 'node:fs/promises';\nimport XLSX from 'xlsx';\nawait readFile(p);\nXLSX.writeFile(wb, p);",
      "import { read } from 'read';\nimport XLSX from 'xlsx';",
      "import XLSX from 'xlsx';\n// Not XLSX.read: written only.\n/** nor XLSX.readFile */\nXLSX.write(wb, {});",
    ];
    for (const code of writing) expect(xlsxReads(code), code).toEqual([]);
  });

  it('no source outside test/ reads a workbook with it; it is used (to write) where the workbook is made', () => {
    const files = SCANNED.flatMap((dir) => sources(join(ROOT, dir)));
    expect(files.length).toBeGreaterThan(50);
    const reads = files.flatMap((file) => xlsxReads(readFileSync(file, 'utf8')).map((how) => `${relative(ROOT, file)}: ${how}`));
    expect(reads).toEqual([]);
    const users = files.filter((file) => /['"]xlsx['"]/.test(readFileSync(file, 'utf8'))).map((file) => relative(ROOT, file));
    expect(users).toContain(join('main', 'core', 'export', 'workbook.ts'));
  });
});
