// Issue 12, "Secrets stay secret", through the CLI as a user runs it: a real child process, the
// password from FESTIME_PASSWORD, real HTTP over loopback to a hostile server that echoes the
// password in every spelling (an HTML title with entities, lower-case percent, encodeURI, squeezed
// blanks, across the old 60-character cut, a 5xx page, KO lines), a throwaway data folder with a
// real SQLite file. After `sync`, `fetch`, `holders add` and `terminals info` (and a backup), no
// spelling of the password is in any output, log file, table, database/-wal/backup byte.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli';
import { ECHO_MODES, HOSTILE_PASSWORDS, leaksIn, leaksInDataDir, startHostileServer, type EchoMode, type HostileServer } from '../helpers/hostile';

let server: HostileServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const COMMANDS: { name: string; args: string[] }[] = [
  { name: 'sync', args: ['sync'] },
  { name: 'fetch', args: ['fetch', '--format', 'json'] },
  { name: 'holders add', args: ['holders', 'add', '--uid', '858745632', '--nom', 'DUPONT', '--prenom', 'Mario'] },
  { name: 'terminals info', args: ['terminals', 'info'] },
];

/** What the one line on stderr says, by mode: still useful, French first. */
const SAYS: Record<EchoMode, RegExp> = {
  'html-title': /page web au lieu des données attendues/,
  'lower-percent': /ni des données ni un refus/,
  'encode-uri': /ni des données ni un refus/,
  squeezed: /Festime a refusé la demande : Mot de passe •••• refusé/,
  'cut-at-60': /ni des données ni un refus/,
  'http-500': /erreur HTTP 500/,
  'ko-echo': /Festime a refusé la demande : Refusé : •••• \/ •••• \/ •••• \/ •••• \/ •••• \/ •••• \/ ••••/,
  'ko-long': /Festime a refusé la demande : Compte refusé : ---/,
};

describe('a server echoing the password it received', () => {
  it.each(ECHO_MODES)(
    '%s: for each password, nowhere in outputs, logs, tables, database bytes or backups',
    async (mode) => {
      server = await startHostileServer(mode);
      const url = server.url;
      // One data folder per password, side by side; in each, the four commands and a backup, in turn.
      const runs = await Promise.all(
        HOSTILE_PASSWORDS.map(async (password) => {
          const env = { FESTIME_PASSWORD: password, FESTIME_TIMEOUT_MS: '3000', FESTIME_RETRY_BASE_MS: '5' };
          const dataDir = mkdtempSync(join(tmpdir(), 'festime-secrecy-'));
          const base = ['--server', url, '--login', 'demo', '--data-dir', dataDir];
          const results: { name: string; result: CliResult }[] = [];
          for (const command of COMMANDS) results.push({ name: command.name, result: await runCli([...base, ...command.args], { env, timeoutMs: 60_000 }) });
          const backup = await runCli([...base, 'backup'], { env, timeoutMs: 60_000 });
          return { password, dataDir, results, backup };
        }),
      );
      expect(new Set(server.received)).toEqual(new Set(HOSTILE_PASSWORDS));
      const leaks: string[] = [];
      for (const { password, dataDir, results, backup } of runs) {
        for (const { name, result } of results) {
          expect(result.code, `${name}: ${result.stderr}`).toBe(1);
          expect(result.stderr, name).toMatch(SAYS[mode]);
          leaks.push(...leaksIn(`${password} ${name} stdout`, result.stdout, password), ...leaksIn(`${password} ${name} stderr`, result.stderr, password));
        }
        expect(backup.code, backup.stderr).toBe(0);
        leaks.push(...leaksIn(`${password} backup stdout`, backup.stdout, password), ...leaksIn(`${password} backup stderr`, backup.stderr, password));
        const found = leaksInDataDir(dataDir, password);
        expect(found.files).toContain('festime-desk.sqlite');
        expect(found.files.some((f) => f.startsWith('backups/'))).toBe(true);
        expect(found.files.some((f) => f.startsWith('logs/'))).toBe(true);
        leaks.push(...found.leaks.map((l) => `${password} → ${l}`));
      }
      expect(leaks).toEqual([]);
    },
    240_000,
  );
});
