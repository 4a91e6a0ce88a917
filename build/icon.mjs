// Renders the app icon from its source, build/icon.svg (npm run icon), into what electron-builder
// and the window use: build/icon.png (1024), build/icons/<N>x<N>.png (the Linux set, also the
// window's icon at run time), build/icon.ico (Windows, 16 to 256) and build/icon.icns (macOS).
// Each PNG size is rendered from the SVG itself, not scaled down, so the small sizes stay crisp.
// `node build/icon.mjs <folder>` writes into another folder (the test compares it with the committed files).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';

const SET_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];

const into = resolve(process.argv[2] ?? 'build');
const svg = readFileSync('build/icon.svg');
const render = (size) => new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render().asPng();

const master = render(1024);
writeFileSync(join(into, 'icon.png'), master);
mkdirSync(join(into, 'icons'), { recursive: true });
for (const size of SET_SIZES) writeFileSync(join(into, 'icons', `${size}x${size}.png`), render(size));

// forWinExe: sizes under 64 as bitmaps (older Windows shows PNG entries badly in file properties), the rest as PNG.
const ico = png2icons.createICO(master, png2icons.BICUBIC2, 0, false, true);
const icns = png2icons.createICNS(master, png2icons.BICUBIC2, 0);
if (!ico || !icns) throw new Error('png2icons could not convert build/icon.png');
writeFileSync(join(into, 'icon.ico'), ico);
writeFileSync(join(into, 'icon.icns'), icns);
console.log(`icon: ${into}/icon.png, icons/{${SET_SIZES.join(',')}}, icon.ico, icon.icns`);
