// The app icon: build/icon.svg rendered by build/icon.mjs (npm run icon) into the files the
// installers and the window use. Reads the committed files' headers (PNG IHDR, ICO directory, ICNS
// chunks) and re-renders the SVG to check the committed PNGs are what it draws today.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';

const SET = [16, 24, 32, 48, 64, 128, 256, 512];
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width, height and colour type from a PNG's IHDR chunk (null when the bytes are not a PNG). */
function pngHeader(bytes: Buffer): { width: number; height: number; colourType: number } | null {
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), colourType: bytes[25]! };
}

/** The RGBA pixels of a PNG, decoded by drawing it 1:1 with the same renderer. */
function pixels(png: Buffer): Buffer {
  const { width, height } = pngHeader(png)!;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image width="${width}" height="${height}" href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  return Buffer.from(new Resvg(svg).render().pixels);
}

describe('the app icon', () => {
  it('is rendered as a 1024 px PNG and the Linux set from 16 to 512 px, with transparency', () => {
    expect(pngHeader(readFileSync('build/icon.png'))).toEqual({ width: 1024, height: 1024, colourType: 6 });
    for (const n of SET) expect(pngHeader(readFileSync(`build/icons/${n}x${n}.png`)), `${n}`).toEqual({ width: n, height: n, colourType: 6 });
  });

  it('has a Windows ICO holding every size from 16 to 256 px', () => {
    const ico = readFileSync('build/icon.ico');
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]); // reserved, type 1 = icon
    const sizes: number[] = [];
    for (let i = 0; i < ico.readUInt16LE(4); i++) {
      const entry = 6 + i * 16;
      const size = ico[entry] || 256; // 0 means 256
      const data = ico.subarray(ico.readUInt32LE(entry + 12), ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8));
      // Each image is a PNG or a bitmap (BITMAPINFOHEADER, its height doubled for the mask) of the size the directory announces.
      const png = pngHeader(data);
      const [width, height] = png ? [png.width, png.height] : [data.readInt32LE(4), data.readInt32LE(8) / 2];
      expect([width, height], `entry ${i}`).toEqual([size, size]);
      sizes.push(size);
    }
    for (const n of [16, 24, 32, 48, 64, 128, 256]) expect(sizes).toContain(n);
  });

  it('has a macOS ICNS whose PNG entries run from 16@2x to 512@2x', () => {
    const icns = readFileSync('build/icon.icns');
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const chunks = new Map<string, Buffer>();
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4))
      chunks.set(icns.toString('latin1', at, at + 4), icns.subarray(at + 8, at + icns.readUInt32BE(at + 4)));
    const expected = { ic11: 32, ic12: 64, ic07: 128, ic13: 256, ic08: 256, ic14: 512, ic09: 512, ic10: 1024 };
    for (const [type, size] of Object.entries(expected))
      expect(pngHeader(chunks.get(type) ?? Buffer.alloc(0)), type).toMatchObject({ width: size, height: size });
  });

  it('is up to date with build/icon.svg (npm run icon re-renders the same pixels)', () => {
    const fresh = mkdtempSync(join(tmpdir(), 'festime-icon-'));
    execFileSync(process.execPath, ['build/icon.mjs', fresh], { stdio: 'pipe' });
    for (const file of ['icon.png', ...SET.map((n) => `icons/${n}x${n}.png`)]) {
      const [committed, rendered] = [pixels(readFileSync(join('build', file))), pixels(readFileSync(join(fresh, file)))];
      expect(committed.length, file).toBe(rendered.length);
      // Same renderer, same pixels; a channel may differ by one or two where another CPU rounds differently.
      let worst = 0;
      for (let i = 0; i < committed.length; i++) worst = Math.max(worst, Math.abs(committed[i]! - rendered[i]!));
      expect(worst, `${file} differs from the SVG's render: run npm run icon`).toBeLessThanOrEqual(2);
    }
  });
});
