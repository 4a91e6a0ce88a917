// The catalogue's two languages say the same things: the same keys (the types check it at build
// time; this checks what the bundles ship), the same {{placeholders}} in each text, and the
// workbook module changes nothing shared when it is imported.
import XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { catalogues } from '../../shared/i18n';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(`${prefix}${key}`, value);
    else for (const [k, v] of leaves(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('i18n catalogue', () => {
  const fr = leaves(catalogues.fr as unknown as Tree);
  const en = leaves(catalogues.en as unknown as Tree);

  it('the workbook has the same keys in French and English, none empty', () => {
    const keys = (all: Map<string, string>) => [...all.keys()].filter((k) => k.startsWith('workbook.')).sort();
    expect(keys(fr).length).toBeGreaterThan(100);
    expect(keys(en)).toEqual(keys(fr));
    for (const key of keys(fr)) expect(en.get(key)!.trim(), key).not.toBe('');
  });

  it('every text has the same keys and the same placeholders in both languages', () => {
    expect([...en.keys()].sort()).toEqual([...fr.keys()].sort());
    for (const [key, text] of fr) expect(placeholders(en.get(key)!), key).toEqual(placeholders(text));
  });
});

describe('importing the workbook module', () => {
  it('changes no global: SheetJS’s format table and process.noDeprecation stay as they were', async () => {
    const table = { ...(XLSX.SSF.get_table() as Record<number, string>) };
    const noDeprecation = process.noDeprecation;
    const { buildWorkbook } = await import('../../main/core/export/workbook');
    expect(typeof buildWorkbook).toBe('function');
    expect(XLSX.SSF.get_table()).toEqual(table);
    expect(Object.values(table)).not.toContain('[h]:mm');
    expect(process.noDeprecation).toBe(noDeprecation);
  });
});
