// The catalogue's two languages say the same things: the same keys (the types check it at build
// time; this checks what the bundles ship), the same {{placeholders}} in each text, and the
// workbook module changes nothing shared when it is imported or writes a workbook.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogues } from '../../shared/i18n';
import { computeMonth } from '../../main/core/timesheet/engine';
import { DEFAULT_RULES } from '../../shared/timesheet';

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

describe('the workbook module', () => {
  it('changes nothing shared, imported or writing a workbook, but what graceful-fs does (fs.close wrapped)', async () => {
    const builtIns = [Object, Array, String, Number, Boolean, Date, RegExp, Promise, Function, Map, Set, Error, JSON, Math, Buffer];
    const snapshot = () => ({
      globals: Reflect.ownKeys(globalThis).map(String).sort(),
      builtIns: builtIns.map((b) => [Reflect.ownKeys(b).map(String).sort(), 'prototype' in b ? Reflect.ownKeys(b.prototype).map(String).sort() : []]),
      fs: Object.fromEntries(Object.entries(fs)),
      noDeprecation: process.noDeprecation,
    });
    const before = snapshot();
    const { buildWorkbook } = await import('../../main/core/export/workbook');
    const bytes = await buildWorkbook(
      {
        sheet: computeMonth('2026-10', [], [], DEFAULT_RULES),
        site: 'Atelier',
        account: 'demo',
        punches: [],
        corrections: [],
        generatedAt: '2026-11-02T08:00:00Z',
      },
      'fr',
    );
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    const after = snapshot();
    // exceljs zips with archiver, which loads graceful-fs: it wraps fs.close and fs.closeSync (to retry
    // the opens it queued on too many open files) and keeps that queue under a global symbol. Nothing else.
    const changedFs = Object.keys(after.fs).filter((k) => after.fs[k] !== before.fs[k]);
    expect(changedFs.filter((k) => !['close', 'closeSync'].includes(k))).toEqual([]);
    expect(after.globals.filter((k) => !before.globals.includes(k) && k !== 'Symbol(graceful-fs.queue)')).toEqual([]);
    expect(before.globals.filter((k) => !after.globals.includes(k))).toEqual([]);
    expect(after.builtIns).toEqual(before.builtIns);
    expect(after.noDeprecation).toBe(before.noDeprecation);
  });
});
