// The app icon: build/icon.svg rendered by build/icon.mjs (npm run icon) into the files the
// installers and the window use. Reads the committed files' headers (PNG IHDR, ICO directory, ICNS
// chunks), checks the ICO and ICNS hold the renders of each size (not a big image scaled down), and
// re-renders the SVG to check the committed PNGs are what it draws today.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

/** The committed render of one size: build/icon.png for 1024, build/icons/<N>x<N>.png otherwise. */
const committedPng = (size: number) => readFileSync(size === 1024 ? 'build/icon.png' : `build/icons/${size}x${size}.png`);

/** The largest difference between two images' channels. */
function worstDifference(a: Buffer, b: Buffer): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

describe('the app icon', () => {
  it('is rendered as a 1024 px PNG and the Linux set from 16 to 512 px, with transparency', () => {
    expect(pngHeader(readFileSync('build/icon.png'))).toEqual({ width: 1024, height: 1024, colourType: 6 });
    for (const n of SET) expect(pngHeader(readFileSync(`build/icons/${n}x${n}.png`)), `${n}`).toEqual({ width: n, height: n, colourType: 6 });
  });

  it('has a Windows ICO holding every size from 16 to 256 px, each the render of that size', () => {
    const ico = readFileSync('build/icon.ico');
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]); // reserved, type 1 = icon
    const sizes: number[] = [];
    for (let i = 0; i < ico.readUInt16LE(4); i++) {
      const entry = 6 + i * 16;
      const size = ico[entry] || 256; // 0 means 256
      const data = ico.subarray(ico.readUInt32LE(entry + 12), ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8));
      sizes.push(size);
      if (pngHeader(data)) {
        expect(data.equals(committedPng(size)), `${size} px entry`).toBe(true);
        continue;
      }
      // A bitmap: BITMAPINFOHEADER (its height doubled for the mask), 32 bits, BGRA rows bottom up.
      expect([data.readInt32LE(4), data.readInt32LE(8), data.readUInt16LE(14)], `${size} px entry`).toEqual([size, size * 2, 32]);
      const bgra = data.subarray(40, 40 + size * size * 4);
      const rgba = Buffer.alloc(bgra.length);
      for (let y = 0; y < size; y++)
        for (let x = 0; x < size; x++) {
          const [from, to] = [((size - 1 - y) * size + x) * 4, (y * size + x) * 4];
          const alpha = bgra[from + 3]!;
          for (const [c, at] of [
            [2, 0],
            [1, 1],
            [0, 2],
          ] as const)
            rgba[to + at] = Math.round((bgra[from + c]! * alpha) / 255);
          rgba[to + 3] = alpha;
        }
      expect(worstDifference(rgba, pixels(committedPng(size))), `${size} px entry`).toBeLessThanOrEqual(2);
    }
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });

  it('has a macOS ICNS whose PNG entries run from 16 px to 512@2x, each the render of its size', () => {
    const icns = readFileSync('build/icon.icns');
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const chunks = new Map<string, Buffer>();
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4))
      chunks.set(icns.toString('latin1', at, at + 4), icns.subarray(at + 8, at + icns.readUInt32BE(at + 4)));
    const expected = { icp4: 16, icp5: 32, ic11: 32, ic12: 64, ic07: 128, ic13: 256, ic08: 256, ic14: 512, ic09: 512, ic10: 1024 };
    expect([...chunks.keys()].sort()).toEqual(Object.keys(expected).sort());
    for (const [type, size] of Object.entries(expected)) expect(chunks.get(type)!.equals(committedPng(size)), type).toBe(true);
  });

  it('is up to date with build/icon.svg (npm run icon re-renders the same pixels)', () => {
    const fresh = mkdtempSync(join(tmpdir(), 'festime-icon-'));
    try {
      execFileSync(process.execPath, ['build/icon.mjs', fresh], { stdio: 'pipe' });
      for (const file of ['icon.png', ...SET.map((n) => `icons/${n}x${n}.png`)]) {
        // Same renderer, same pixels; a channel may differ by one or two where another CPU rounds differently.
        const worst = worstDifference(pixels(readFileSync(join('build', file))), pixels(readFileSync(join(fresh, file))));
        expect(worst, `${file} differs from the SVG's render: run npm run icon`).toBeLessThanOrEqual(2);
      }
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
