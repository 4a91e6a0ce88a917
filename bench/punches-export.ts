// `festime-desk punches --format csv` over five years of a 500-person site (3.65 million cached
// punches, the cache of the sync benchmark), its output read through a pipe as a script would:
// the peak memory of the whole process (maxRSS, GNU time), target under 300 MB, next to the sqlite3
// command writing the same rows as CSV in the same run. Every row must come out, once.
import { spawn } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PUNCH_KEYS } from '../shared/festime';
import { verdict } from './measure';
import { openBigCache } from './sync';

const DATA = fileURLToPath(new URL('../.tmp/bench-export', import.meta.url));
const BIG_FILE = fileURLToPath(new URL('../.tmp/bench-3m.sqlite', import.meta.url));
const CLI = fileURLToPath(new URL('../out/cli/festime-desk.cjs', import.meta.url));
const TIME_FILE = fileURLToPath(new URL('../.tmp/bench-export.time', import.meta.url));
const TARGET_MB = 300;

interface Run {
  /** Peak resident memory of the process, MB. */
  peakMb: number;
  seconds: number;
  /** Lines read from its stdout, and whether its first was the header. */
  lines: number;
  firstLine: string;
  code: number | null;
}

/** Runs `command` under GNU time, reading its stdout as it comes (a pipe, so a slow reader makes it wait). */
function measured(command: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    rmSync(TIME_FILE, { force: true });
    const child = spawn('/usr/bin/time', ['-f', '%M %e', '-o', TIME_FILE, command, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, LANG: 'fr_FR.UTF-8' },
    });
    let lines = 0;
    let head = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (head.length < 400) head += chunk.toString('utf8', 0, Math.min(chunk.length, 400));
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const [kb = '0', seconds = '0'] = readFileSync(TIME_FILE, 'utf8').trim().split('\n').at(-1)!.split(' ');
      resolve({ peakMb: Number(kb) / 1024, seconds: Number(seconds), lines, firstLine: head.split('\n')[0] ?? '', code });
    });
  });
}

export async function main(): Promise<void> {
  if (!existsSync('/usr/bin/time')) throw new Error('GNU time (/usr/bin/time) is needed: apt-get install time');
  // The 3.65 M-punch cache, made the current account, linked as this data folder's database.
  const { db, accountId, built } = openBigCache();
  const total = db.prepare('SELECT count(*) FROM punches WHERE account_id = ?').pluck().get(accountId) as number;
  db.prepare(
    "INSERT INTO settings (scope, key, value) VALUES ('global', 'current-account', ?) ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value",
  ).run(String(accountId));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  rmSync(DATA, { recursive: true, force: true });
  mkdirSync(DATA, { recursive: true });
  linkSync(BIG_FILE, `${DATA}/festime-desk.sqlite`);

  console.log(
    `\n# punches --format csv — ${total.toLocaleString('en')} cached punches, read through a pipe${built !== null ? ` (cache built in ${(built / 1000).toFixed(0)} s)` : ''}`,
  );
  // Baseline: the same rows, in the same order, written as CSV by the sqlite3 command.
  const columns = 'id, uid, name, type, reason_code, reason, at, terminal, access_point, client_id, client, grp, removed_at IS NOT NULL';
  const base = await measured('sqlite3', [
    '-readonly',
    '-csv',
    '-header',
    BIG_FILE,
    `SELECT ${columns} FROM punches WHERE account_id = ${accountId} ORDER BY at, id`,
  ]);
  const cli = await measured(process.execPath, [CLI, '--data-dir', DATA, 'punches', '--format', 'csv']);
  // What the CLI takes before any row (Node, its bundle, the database opened): the part that does not grow.
  const idle = await measured(process.execPath, [CLI, '--data-dir', DATA, 'punches', '--format', 'csv', '--from', '2100-01-01']);
  try {
    const row = (name: string, r: Run) =>
      console.log(
        `${name.padEnd(40)} peak RSS ${r.peakMb.toFixed(0).padStart(5)} MB   ${r.seconds.toFixed(1).padStart(6)} s   ${r.lines.toLocaleString('en')} lines`,
      );
    row('festime-desk punches --format csv', cli);
    row('  the same with no row (its start)', idle);
    row('baseline sqlite3 -csv (same rows)', base);
    console.log(
      `peak RSS ${cli.peakMb.toFixed(0)} MB (${(cli.peakMb / base.peakMb).toFixed(1)}× sqlite3's)   target < ${TARGET_MB} MB: ${verdict(cli.peakMb < TARGET_MB)}`,
    );
    const complete = cli.code === 0 && cli.lines === total + 1 && cli.firstLine === [...PUNCH_KEYS, 'removedUpstream'].join(',');
    console.log(
      `every punch written once, after one header: ${cli.lines.toLocaleString('en')} lines for ${total.toLocaleString('en')} punches   ${verdict(complete)}`,
    );
  } finally {
    rmSync(DATA, { recursive: true, force: true });
    rmSync(TIME_FILE, { force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
