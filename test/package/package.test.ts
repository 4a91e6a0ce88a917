// Packaging, offline: electron-builder's .deb target with a stand-in Electron distribution (the real
// binary cannot be downloaded here) and a stand-in fpm that records what the .deb would install.
// Checks the configuration is accepted, the asar holds the built main, preload, renderer, CLI and
// window icon and no sources or tests, the native modules are unpacked, the fuses that harden the
// app are flipped in the packaged executable, and the .deb installs the launcher, the icons and the
// AppArmor profile. The configuration itself is read as electron-builder reads it (the last block).
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractFile, listPackage } from '@electron/asar';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
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
let fpmArgs: string[];
let desktopEntry: string;

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
  // The stand-in fpm: records its arguments (NUL-separated) and the .desktop file, a temporary file gone after the build.
  const fpm = join(scratch, 'fpm');
  writeFileSync(
    fpm,
    `#!/bin/sh\nprintf '%s\\0' "$@" > '${scratch}/fpm-args'\n` +
      `for a in "$@"; do case "$a" in *=/usr/share/applications/*) cp "\${a%%=*}" '${scratch}/desktop-entry';; esac; done\n`,
  );
  chmodSync(fpm, 0o755);
  out = join(scratch, 'out');
  execFileSync(process.execPath, ['build/build-cli.mjs'], { stdio: 'pipe' });
  execFileSync(process.execPath, ['build/build-app.mjs'], { stdio: 'pipe' });
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { stdio: 'pipe' });
  // npmRebuild off: rebuilding better-sqlite3 and keytar needs Electron's headers, which cannot be fetched here.
  execFileSync(
    process.execPath,
    ['node_modules/electron-builder/cli.js', '--linux', 'deb', `-c.electronDist=${dist}`, '-c.npmRebuild=false', `-c.directories.output=${out}`],
    { stdio: 'pipe', timeout: 240_000, env: { ...process.env, CUSTOM_FPM_PATH: fpm } },
  );
  fpmArgs = readFileSync(join(scratch, 'fpm-args'), 'utf8').split('\0');
  desktopEntry = readFileSync(join(scratch, 'desktop-entry'), 'utf8');
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

  it('holds the command line and the window’s icon, and names the Linux window after its launcher', () => {
    expect(files).toContain('/out/cli/festime-desk.cjs');
    expect(extractFile(asar, 'out/main/icon.png')).toEqual(readFileSync('build/icons/512x512.png'));
    // Electron takes the Linux app_id / WM_CLASS from the packaged package.json's desktopName.
    const pkg = JSON.parse(extractFile(asar, 'package.json').toString()) as { desktopName?: string };
    expect(pkg.desktopName).toBe('festime-desk.desktop');
  });
});

describe('the .deb', () => {
  const installs = (to: string) => fpmArgs.find((a) => a.endsWith(`=${to}`))?.split('=')[0];

  it('is built as a .deb with the launcher named after desktopName, using the app’s own icon', () => {
    expect(fpmArgs.slice(fpmArgs.indexOf('-t'), fpmArgs.indexOf('-t') + 2)).toEqual(['-t', 'deb']);
    expect(installs('/usr/share/applications/festime-desk.desktop')).toBeDefined();
    const entry = Object.fromEntries(desktopEntry.split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2)));
    expect(entry).toMatchObject({ Name: 'Festime Desk', Icon: 'festime-desk', StartupWMClass: 'festime-desk', Exec: '"/opt/Festime Desk/festime-desk" %U' });
  });

  it('installs the rendered icons in every size of the hicolor theme, not Electron’s', () => {
    for (const n of [16, 24, 32, 48, 64, 128, 256, 512])
      expect(installs(`/usr/share/icons/hicolor/${n}x${n}/apps/festime-desk.png`), `${n}`).toBe(join(process.cwd(), 'build', 'icons', `${n}x${n}.png`));
  });

  it('carries the AppArmor profile that lets the installed executable start its sandbox (Ubuntu 24.04+)', () => {
    const profile = readFileSync(join(out, 'linux-unpacked', 'resources', 'apparmor-profile'), 'utf8');
    expect(profile).toContain('"/opt/Festime Desk/festime-desk"');
    expect(profile).toMatch(/^\s*userns,$/m);
  });
});

describe('electron-builder.yml, as electron-builder reads it', () => {
  const config = () => getConfig(process.cwd(), null, null);

  it('is valid against electron-builder’s schema', async () => {
    await expect(validateConfiguration(await config(), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('ships Linux as a .deb only (an AppImage does not start on Ubuntu 23.10+), with desktopName and the icon set', async () => {
    const { linux, extraMetadata } = await config();
    expect(linux?.target).toEqual(['deb']);
    expect(JSON.stringify(linux).toLowerCase()).not.toContain('appimage');
    expect(extraMetadata?.desktopName).toBe('festime-desk.desktop');
    expect(linux?.syncDesktopName).toBe(true);
    expect(linux?.icon).toBe('build/icons');
    expect(readdirSync('build/icons')).toContain('256x256.png');
  });

  it('signs macOS ad hoc unless a Developer ID is configured, then with the hardened runtime and notarization', async () => {
    const { mac, electronFuses } = await config();
    // No identity named: a Developer ID from CSC_LINK or the keychain is used when there is one
    // ('-' would force ad-hoc always, null would skip signing). Without one, the fuses' step re-signs ad hoc.
    expect(mac && 'identity' in mac).toBe(false);
    expect(electronFuses?.resetAdHocDarwinSignature).toBe(true);
    expect(mac?.notarize).not.toBe(false);
    expect(mac?.hardenedRuntime).toBe(true);
    expect(mac?.icon).toBe('build/icon.icns');
    expect(existsSync(mac!.icon!)).toBe(true);
    for (const file of [mac?.entitlements, mac?.entitlementsInherit]) {
      const plist = readFileSync(file!, 'utf8');
      for (const key of ['allow-jit', 'allow-unsigned-executable-memory', 'disable-library-validation'])
        expect(plist, `${file}: ${key}`).toMatch(new RegExp(`<key>com\\.apple\\.security\\.cs\\.${key}</key>\\s*<true/>`));
    }
  });

  it('installs on Windows per user with NSIS, in French and English, with the app’s icon', async () => {
    const { win, nsis } = await config();
    expect(win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(nsis).toMatchObject({ oneClick: false, perMachine: false, installerLanguages: ['fr_FR', 'en_US'] });
    expect(win?.icon).toBe('build/icon.ico');
    expect(existsSync(win!.icon!)).toBe(true);
  });
});
