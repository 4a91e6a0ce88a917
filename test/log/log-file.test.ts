// The log file itself: a file a day, a week kept (also for processes that never live through a
// midnight), nothing secret in a line even when a caller passes it, and the host's own line when
// the runtime worker dies.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FestimeNetworkError, SecretsUnavailableError } from '../../main/core/errors';
import { errorFields, KEEP_DAYS, logDirOf, maskSecrets, openFileLogger, pruneLogs, rollOptions } from '../../main/core/log';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { startRuntimeHost } from '../../main/worker/runtime-host';

const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const daysAgo = (n: number) => {
  const d = new Date();
  return day(new Date(d.getFullYear(), d.getMonth(), d.getDate() - n));
};

describe('a file a day, a week kept', () => {
  it('pino-roll rolls daily into dated files and keeps six besides the one in use', () => {
    const options = rollOptions('/data/logs', 'festime-desk');
    expect(options).toMatchObject({
      file: join('/data/logs', 'festime-desk'),
      frequency: 'daily',
      dateFormat: 'yyyy-MM-dd',
      extension: '.log',
      mkdir: true,
      sync: true,
    });
    expect(options.limit).toEqual({ count: KEEP_DAYS - 1, removeOtherLogFiles: true });
    expect(KEEP_DAYS).toBe(7);
  });

  it('opening the log removes its own files older than the week, and only those', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'festime-logfile-'));
    const dir = logDirOf(dataDir);
    mkdirSync(dir);
    const names = [
      ...[30, 10, 7].map((n) => `festime-desk.${daysAgo(n)}.1.log`), // gone
      `festime-desk.${daysAgo(6)}.1.log`,
      `festime-desk.${daysAgo(1)}.2.log`, // kept: within the week
      `main.${daysAgo(10)}.1.log`, // another writer's: its own logger prunes it
      'notes.txt',
    ];
    for (const f of names) writeFileSync(join(dir, f), '{}\n');
    const logger = openFileLogger(dataDir);
    expect(readdirSync(dir)).toHaveLength(names.length); // nothing happens before a line is written
    logger.warn('test.line', { n: 1 });
    await logger.close();
    const left = readdirSync(dir).sort();
    expect(left).toEqual(
      expect.arrayContaining([`festime-desk.${daysAgo(6)}.1.log`, `festime-desk.${daysAgo(1)}.2.log`, `main.${daysAgo(10)}.1.log`, 'notes.txt']),
    );
    for (const n of [30, 10, 7]) expect(left).not.toContain(`festime-desk.${daysAgo(n)}.1.log`);
    const today = left.find((f) => f.startsWith(`festime-desk.${daysAgo(0)}.`));
    expect(today).toBeDefined();
    expect(JSON.parse(readFileSync(join(dir, today!), 'utf8'))).toMatchObject({ level: 'warn', event: 'test.line', n: 1 });
  });

  it('pruneLogs counts in local days, as the file names do', () => {
    const dir = mkdtempSync(join(tmpdir(), 'festime-prune-'));
    writeFileSync(join(dir, 'festime-desk.2026-03-01.1.log'), '');
    writeFileSync(join(dir, 'festime-desk.2026-03-02.1.log'), '');
    expect(pruneLogs(dir, 'festime-desk', new Date(2026, 2, 8, 12))).toEqual(['festime-desk.2026-03-01.1.log']);
    expect(pruneLogs(join(dir, 'missing'), 'festime-desk')).toEqual([]);
  });
});

describe('nothing secret in a line', () => {
  it('a known error is its name, code and key; its message (hosts, logins, Festime’s words) stays out', () => {
    expect(errorFields(new FestimeNetworkError('unreachable', 'festime.example.fr'))).toEqual({
      name: 'FestimeNetworkError',
      code: 'network.unreachable',
      key: 'errors.network.unreachable',
    });
    expect(errorFields(new SecretsUnavailableError('keyring locked or unlock refused'))).toMatchObject({
      code: 'secrets.unavailable',
      detail: 'keyring locked or unlock refused',
    });
    expect(errorFields('boom')).toEqual({ name: 'string' });
  });

  it('a bug’s stack is masked: after password= or password: to the end of the line, and every URL’s query', () => {
    const url = `https://festime.mytiming.fr/webapi.aspx?login=demo&password=${encodeURIComponent(DEMO_PASSWORD)}&fonction=pointage`;
    const masked = maskSecrets(`Error: failed ${url}\n    at x (file.ts:1:1)\nsaid password=${DEMO_PASSWORD} twice\n{"password": "${DEMO_PASSWORD}"}`);
    expect(masked).toContain('https://festime.mytiming.fr/webapi.aspx?***');
    expect(masked).toContain('at x (file.ts:1:1)');
    expect(masked).not.toContain('Pass');
    expect(masked).not.toContain('login=demo');
  });

  it('redact masks a field that should never have been passed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'festime-logfile-'));
    const logger = openFileLogger(dataDir, { door: 'test' });
    logger.error('test.redact', new TypeError(`password=${DEMO_PASSWORD}`), {
      password: DEMO_PASSWORD,
      nom: 'DUPONTEL',
      prenom: 'Mariô',
      url: 'https://x/?a=b',
      count: 3,
    });
    await logger.close();
    const [file] = readdirSync(logDirOf(dataDir));
    const text = readFileSync(join(logDirOf(dataDir), file!), 'utf8');
    for (const secret of [DEMO_PASSWORD, encodeURIComponent(DEMO_PASSWORD), 'DUPONTEL', 'Mariô', 'https://x']) expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({ event: 'test.redact', door: 'test', count: 3, password: '***', nom: '***' });
  });
});

describe('the host’s own lines', () => {
  it('a runtime worker that dies is written to main.<day>.log, the runtime’s file left to the worker', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'festime-logfile-'));
    const crash = join(dataDir, 'crash-worker.ts');
    writeFileSync(crash, `throw new Error('worker broke at https://festime.example/webapi.aspx?password=${encodeURIComponent(DEMO_PASSWORD)}');\n`);
    await expect(
      startRuntimeHost({
        entry: { source: crash },
        dataDir,
        version: 'test',
        lang: 'fr',
        actor: 'test',
        emit: () => undefined,
        deliver: async () => ({ savedTo: null, download: null }),
      }),
    ).rejects.toThrow('worker broke');
    const dir = logDirOf(dataDir);
    const end = Date.now() + 10_000;
    const file = () => (existsSync(dir) ? readdirSync(dir).find((f) => f.startsWith('main.')) : undefined);
    while (!(file() && readFileSync(join(dir, file()!), 'utf8').includes('worker.exited')) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^main\.\d{4}-\d{2}-\d{2}\.\d+\.log$/)]);
    const text = readFileSync(join(dir, file()!), 'utf8');
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ event: 'worker.crashed', level: 'error', error: { name: 'Error' } });
    expect(lines[1]).toMatchObject({ event: 'worker.exited', code: 1 });
    expect(text).not.toContain(encodeURIComponent(DEMO_PASSWORD));
  });
});
