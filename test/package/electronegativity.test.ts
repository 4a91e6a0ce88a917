// The Electron security review of @doyensec/electronegativity, as a gate: the tool always exits 0,
// so its findings are read and any above low severity fails the run. A deliberately unsafe window
// shows that the gate does catch what it is meant to.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Finding {
  id: string;
  file: string;
  location: { line: number };
  severity: { name: string };
  confidence: { name: string };
}
type Run = (options: { input: string; electronVersionOverride?: string }) => Promise<{ issues: Finding[]; errors: unknown[] }>;
const run = createRequire(import.meta.url)('@doyensec/electronegativity') as Run;
const ELECTRON = (createRequire(import.meta.url)('electron/package.json') as { version: string }).version;

const aboveLow = (issues: Finding[]) => issues.filter((i) => !['LOW', 'INFORMATIONAL'].includes(i.severity.name));
const describeAll = (issues: Finding[]) => issues.map((i) => `${i.severity.name} ${i.id} ${i.file}:${i.location.line}`).join('\n');

describe('electronegativity', () => {
  it('finds nothing above low severity in the app', async () => {
    // The app's own code only (main, preload, shared and the manifest): tests mention unsafe settings on purpose.
    const app = mkdtempSync(join(tmpdir(), 'festime-eneg-app-'));
    for (const part of ['main', 'preload', 'shared', 'package.json']) cpSync(part, join(app, part), { recursive: true });
    const result = await run({ input: app, electronVersionOverride: ELECTRON });
    expect(result.errors).toEqual([]);
    expect(describeAll(aboveLow(result.issues))).toBe('');
  }, 120_000);

  it('would fail on an unsafe window (the gate is not blind)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'festime-eneg-'));
    writeFileSync(
      join(dir, 'index.js'),
      "const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false } });\n",
    );
    const result = await run({ input: dir, electronVersionOverride: ELECTRON });
    const ids = aboveLow(result.issues).map((i) => i.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'CONTEXT_ISOLATION_JS_CHECK',
        'SANDBOX_JS_CHECK',
        'WEB_SECURITY_JS_CHECK',
        'LIMIT_NAVIGATION_GLOBAL_CHECK',
        'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
      ]),
    );
  }, 120_000);
});
