// Renders the app icon from its source, build/icon.svg (npm run icon), into what electron-builder
// and the window use: build/icon.png (1024), build/icons/<N>x<N>.png (the Linux set, also the
// window's icon at run time), build/icon.ico (Windows, 16 to 256) and build/icon.icns (macOS).
// Every size is rendered from the SVG itself, never scaled down from a big PNG: scaled down, the
// 16 and 32 px icons come out jagged, with stray white pixels at the hands' tips (png2icons'
// resamplers, all five tried), and those are the sizes a taskbar, a Finder list or a menu shows.
// The ICO and ICNS containers are therefore written here, around these renders.
// `node build/icon.mjs <folder>` writes into another folder (the test compares it with the committed files).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Resvg } from '@resvg/resvg-js';

const SET_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
// ICNS entries, all PNG (macOS 10.7+): type → pixel size (@2x types hold twice their point size).
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['ic12', 64],
  ['ic07', 128],
  ['ic13', 256],
  ['ic08', 256],
  ['ic14', 512],
  ['ic09', 512],
  ['ic10', 1024],
];

const into = resolve(process.argv[2] ?? 'build');
const svg = readFileSync('build/icon.svg');
const rendered = new Map();
const render = (size) => {
  if (!rendered.has(size)) rendered.set(size, new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render());
  return rendered.get(size);
};

writeFileSync(join(into, 'icon.png'), render(1024).asPng());
mkdirSync(join(into, 'icons'), { recursive: true });
for (const size of SET_SIZES) writeFileSync(join(into, 'icons', `${size}x${size}.png`), render(size).asPng());

/** A 32-bit ICO bitmap: BITMAPINFOHEADER (height doubled for the mask), BGRA rows bottom up, an empty AND mask. */
function icoBitmap(size) {
  const rgba = render(size).pixels; // premultiplied
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8);
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const bgra = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = ((size - 1 - y) * size + x) * 4;
      const alpha = rgba[from + 3];
      const straight = (c) => (alpha === 0 ? 0 : Math.min(255, Math.round((c * 255) / alpha)));
      bgra[to] = straight(rgba[from + 2]);
      bgra[to + 1] = straight(rgba[from + 1]);
      bgra[to + 2] = straight(rgba[from]);
      bgra[to + 3] = alpha;
    }
  const mask = Buffer.alloc(Math.ceil(size / 32) * 4 * size);
  return Buffer.concat([header, bgra, mask]);
}

// ICO: bitmaps under 64 px (Windows before 10 shows small PNG entries badly), PNG from 64 px up,
// the layout png2icons and most icon tools write for an executable's icon.
const images = ICO_SIZES.map((size) => (size < 64 ? icoBitmap(size) : render(size).asPng()));
const directory = Buffer.alloc(6 + 16 * images.length);
directory.writeUInt16LE(1, 2);
directory.writeUInt16LE(images.length, 4);
let offset = directory.length;
ICO_SIZES.forEach((size, i) => {
  const entry = 6 + 16 * i;
  directory[entry] = size % 256; // 0 means 256
  directory[entry + 1] = size % 256;
  directory.writeUInt16LE(1, entry + 4);
  directory.writeUInt16LE(32, entry + 6);
  directory.writeUInt32LE(images[i].length, entry + 8);
  directory.writeUInt32LE(offset, entry + 12);
  offset += images[i].length;
});
writeFileSync(join(into, 'icon.ico'), Buffer.concat([directory, ...images]));

// ICNS: "icns", the file's length, then per entry its type, its length (header included) and its PNG.
const chunks = ICNS_TYPES.map(([type, size]) => {
  const png = render(size).asPng();
  const head = Buffer.alloc(8);
  head.write(type, 0, 'latin1');
  head.writeUInt32BE(png.length + 8, 4);
  return Buffer.concat([head, png]);
});
const icnsHead = Buffer.alloc(8);
icnsHead.write('icns', 0, 'latin1');
icnsHead.writeUInt32BE(8 + chunks.reduce((n, c) => n + c.length, 0), 4);
writeFileSync(join(into, 'icon.icns'), Buffer.concat([icnsHead, ...chunks]));
console.log(`icon: ${into}/icon.png, icons/{${SET_SIZES.join(',')}}, icon.ico, icon.icns`);
