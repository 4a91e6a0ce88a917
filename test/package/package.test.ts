// Packaging, offline: electron-builder --dir with a stand-in Electron distribution (the real binary
// cannot be downloaded here). Checks the configuration is accepted, the asar holds the built main,
// preload and renderer and no sources or tests, the native modules are unpacked, and the fuses
// that harden the app are flipped in the packaged executable.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractFile, listPackage } from '@electron/asar';
import { beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../shared/api';
import { FONT_FILES } from '../../main/core/export/statement';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron's fuse wire v1 as shipped: RunAsNode, CookieEncryption, NodeOptions, NodeCliInspect,
// AsarIntegrity, OnlyLoadAppFromAsar, BrowserV8Snapshot, GrantFileProtocolExtraPrivileges.
const SHIPPED = '10110001';

let out: string;
let asar: string;
let files: string[];

beforeAll(() => {
  const scratch = mkdtempSync(join(tmpdir(), 'festime-package-'));
  const dist = join(scratch, 'electron-dist');
  mkdirSync(dist);
  // The stand-in: a script where the Electron binary would be, carrying a fuse wire to flip.
  writeFileSync(
    join(dist, 'electron'),
    Buffer.concat([Buffer.from(`#!/bin/sh\necho stand-in\n# ${SENTINEL}`), Buffer.from([1, SHIPPED.length]), Buffer.from(`${SHIPPED}\n`)]),
  );
  chmodSync(join(dist, 'electron'), 0o755);
  out = join(scratch, 'out');
  execFileSync(process.execPath, ['build/build-app.mjs'], { stdio: 'pipe' });
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { stdio: 'pipe' });
  // npmRebuild off: rebuilding better-sqlite3 and keytar needs Electron's headers, which cannot be fetched here.
  execFileSync(
    process.execPath,
    ['node_modules/electron-builder/cli.js', '--linux', '--dir', `-c.electronDist=${dist}`, '-c.npmRebuild=false', `-c.directories.output=${out}`],
    { stdio: 'pipe', timeout: 240_000 },
  );
  asar = join(out, 'linux-unpacked', 'resources', 'app.asar');
  files = listPackage(asar, { isPack: false }).map((f) => f.replace(/\\/g, '/'));
}, 300_000);

describe('the packaged app', () => {
  it('holds the built main, preload and renderer', () => {
    for (const f of ['/out/main/index.cjs', '/out/preload/index.cjs', '/out/renderer/index.html', '/package.json']) expect(files).toContain(f);
    expect(files.some((f) => /^\/out\/renderer\/assets\/index-[\w-]+\.js$/.test(f))).toBe(true);
    const pkg = JSON.parse(extractFile(asar, 'package.json').toString()) as { main: string };
    expect(pkg.main).toBe('out/main/index.cjs');
  });

  it('holds no sources, tests, source maps or development tools', () => {
    const own = files.filter((f) => !f.startsWith('/node_modules/'));
    expect(own.filter((f) => /\.(ts|tsx|map)$/.test(f))).toEqual([]);
    expect(own.filter((f) => /^\/(main|preload|renderer|shared|test|bench|build|\.ci)\//.test(f))).toEqual([]);
    const modules = new Set(
      files
        .filter((f) => f.startsWith('/node_modules/'))
        .map((f) =>
          f
            .split('/')
            .slice(2, f.split('/')[2]!.startsWith('@') ? 4 : 3)
            .join('/'),
        ),
    );
    for (const dev of ['typescript', 'vitest', 'vite', 'electron', 'electron-builder', '@playwright/test', 'react', 'react-dom', 'eslint', 'tsx'])
      expect(modules.has(dev), dev).toBe(false);
    for (const runtime of ['better-sqlite3', 'keytar', 'exceljs', 'zod', 'i18next', 'luxon']) expect(modules.has(runtime), runtime).toBe(true);
  });

  it('holds pdfmake, pdfkit and the Roboto fonts the statements to sign embed', () => {
    // main/core/export/statement.ts finds the fonts beside pdfmake's package.json.
    expect(files).toContain('/node_modules/pdfmake/package.json');
    expect(files).toContain('/node_modules/pdfkit/package.json');
    for (const font of Object.values(FONT_FILES)) expect(files).toContain(`/node_modules/pdfmake/build/fonts/Roboto/${font}`);
    const regular = extractFile(asar, `node_modules/pdfmake/build/fonts/Roboto/${FONT_FILES.normal}`);
    expect(regular.subarray(0, 4)).toEqual(Buffer.from([0, 1, 0, 0])); // a TrueType font, not a pointer
  });

  it('keeps the native modules outside the asar', () => {
    const unpacked = join(out, 'linux-unpacked', 'resources', 'app.asar.unpacked', 'node_modules');
    const nativeFiles = (dir: string): string[] =>
      readdirSync(dir, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.node'));
    expect(nativeFiles(join(unpacked, 'better-sqlite3')).length).toBeGreaterThan(0);
    expect(nativeFiles(join(unpacked, 'keytar')).length).toBeGreaterThan(0);
  });

  it('flips the hardening fuses in the executable', () => {
    const exe = join(out, 'linux-unpacked', 'festime-desk');
    expect(existsSync(exe)).toBe(true);
    const bytes = readFileSync(exe);
    const at = bytes.indexOf(SENTINEL) + SENTINEL.length;
    expect(bytes[at]).toBe(1);
    const wire = bytes.subarray(at + 2, at + 2 + bytes[at + 1]!).toString();
    const fuse = (i: number) => wire[i];
    expect(fuse(0)).toBe('0'); // RunAsNode off
    expect(fuse(2)).toBe('0'); // NODE_OPTIONS ignored
    expect(fuse(3)).toBe('0'); // --inspect arguments ignored
    expect(fuse(4)).toBe('1'); // asar integrity checked
    expect(fuse(5)).toBe('1'); // the app only loads from the asar
    expect(fuse(7)).toBe('0'); // file:// gets no extra privileges
  });

  it('exposes, through the preload, exactly the contract’s methods', () => {
    const preload = extractFile(asar, 'out/preload/index.cjs').toString();
    for (const name of METHOD_NAMES) expect(preload).toContain(`"${name}"`);
    expect(preload).not.toContain('zod');
    expect(preload).toContain('contextBridge.exposeInMainWorld("festime"');
  });
});
