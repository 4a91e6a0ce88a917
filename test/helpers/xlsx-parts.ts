// A workbook's parts as the .xlsx file holds them (XML, unzipped by hand with node:zlib), and the
// little of SpreadsheetML the tests read: cells, shared strings, styles (number formats, fonts,
// fills), sheets by name. For what a file *says*; what an application *shows* is LibreOffice's (libreoffice.ts).
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

/** Every entry of a zip file, by name (a leading "/" dropped), as text. */
export function zipEntries(file: string): Map<string, string> {
  const zip = readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const entries = new Map<string, string>();
  let at = zip.readUInt32LE(end + 16);
  for (let i = zip.readUInt16LE(end + 10); i > 0; i--) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength).replace(/^\//, '');
    const local = zip.readUInt32LE(at + 42);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    entries.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
  }
  return entries;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
export const unxml = (s: string) => s.replace(/&(?:amp|lt|gt|quot|apos);/g, (e) => ENTITIES[e]!);

/** The attributes of the first element with this tag in the XML, or null. */
export function attributes(xml: string, tag: string): Record<string, string> | null {
  const m = new RegExp(`<${tag}\\b([^>]*?)/?>`).exec(xml);
  return m ? Object.fromEntries([...m[1]!.matchAll(/([\w:]+)="([^"]*)"/g)].map(([, k, v]) => [k!, unxml(v!)])) : null;
}

export interface XmlCell {
  ref: string;
  column: string;
  row: number;
  /** The style's index in styles.xml's cellXfs (0 when none). */
  style: number;
  /** s: shared string, str / inlineStr: text, none: a number. */
  type: string | null;
  value: string | null;
  formula: string | null;
}

/** A worksheet's cells, in order. */
export function cellsOf(sheetXml: string): XmlCell[] {
  return [...sheetXml.matchAll(/<c r="([A-Z]+)(\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)].map(([, column, row, attrs, body]) => ({
    ref: `${column}${row}`,
    column: column!,
    row: Number(row),
    style: Number(/\bs="(\d+)"/.exec(attrs!)?.[1] ?? 0),
    type: /\bt="(\w+)"/.exec(attrs!)?.[1] ?? null,
    value: /<v>([\s\S]*?)<\/v>/.exec(body ?? '')?.[1] ?? null,
    formula: /<f>([\s\S]*?)<\/f>/.exec(body ?? '')?.[1] ?? null,
  }));
}

/** The workbook's shared strings, by index. */
export function sharedStrings(parts: Map<string, string>): string[] {
  const xml = parts.get('xl/sharedStrings.xml') ?? '';
  return [...xml.matchAll(/<si>([\s\S]*?)<\/si>/g)].map(([, si]) => [...si!.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map(([, t]) => unxml(t!)).join(''));
}

export interface CellStyle {
  numFmt: string;
  bold: boolean;
  italic: boolean;
  /** The solid fill's colour (ARGB), or null. */
  fill: string | null;
}

const BUILT_IN_FORMATS: Record<number, string> = { 0: 'General', 1: '0', 2: '0.00', 14: 'mm-dd-yy', 20: 'h:mm', 46: '[h]:mm:ss' };

/** styles.xml's cell formats, by index, with what they show. */
export function cellStyles(parts: Map<string, string>): CellStyle[] {
  const xml = parts.get('xl/styles.xml')!;
  const numFmts = new Map([...xml.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/g)].map(([, id, code]) => [Number(id), unxml(code!)]));
  const section = (tag: string) => new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`).exec(xml)?.[1] ?? '';
  const fonts = [...section('fonts').matchAll(/<font>([\s\S]*?)<\/font>|<font\/>/g)].map(([, f]) => f ?? '');
  const fills = [...section('fills').matchAll(/<fill>([\s\S]*?)<\/fill>/g)].map(([, f]) => f!);
  return [...section('cellXfs').matchAll(/<xf\b([^>]*?)(?:\/>|>[\s\S]*?<\/xf>)/g)].map(([, a]) => {
    const id = (name: string) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(a!)?.[1] ?? 0);
    const font = fonts[id('fontId')] ?? '';
    const fill = fills[id('fillId')] ?? '';
    return {
      numFmt: numFmts.get(id('numFmtId')) ?? BUILT_IN_FORMATS[id('numFmtId')] ?? `#${id('numFmtId')}`,
      bold: /<b\/>/.test(font),
      italic: /<i\/>/.test(font),
      fill: /patternType="solid"/.test(fill) ? (/<fgColor rgb="(\w+)"/.exec(fill)?.[1] ?? null) : null,
    };
  });
}

/** The worksheets' XML by sheet name, in the workbook's order. */
export function sheetsByName(parts: Map<string, string>): Map<string, string> {
  const rels = new Map(
    [...parts.get('xl/_rels/workbook.xml.rels')!.matchAll(/<Relationship\b[^>]*?Id="(\w+)"[^>]*?Target="([^"]+)"/g)].map(([, id, target]) => [id!, target!]),
  );
  return new Map(
    [...parts.get('xl/workbook.xml')!.matchAll(/<sheet\b[^>]*?name="([^"]+)"[^>]*?r:id="(\w+)"/g)].map(([, name, id]) => [
      unxml(name!),
      parts.get(`xl/${rels.get(id!)!.replace(/^\/?xl\//, '')}`)!,
    ]),
  );
}
