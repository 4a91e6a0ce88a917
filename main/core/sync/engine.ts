// The sync engine: brings the cache up to date with Festime. First sync: the whole window
// Festime still holds; then from the last synced day minus an overlap (late uploads) to today.
// Each batch is one transaction, so an interruption at any point leaves the cache consistent;
// the window only advances when a run completes, so the next run leaves no gap. A run dated after
// today (a clock set ahead once) is not trusted: the window never starts after today.
import type { Database } from 'better-sqlite3';
import type { SyncResult } from '../../../shared/api';
import { CancelledError, FestimeDeskError } from '../errors';
import type { FestimeClient } from '../festime/client';
import type { ReadDeadline } from '../festime/deadline';
import type { ParsedPunch } from '../festime/punch-parser';
import { recordSeen } from '../holders/register';
import { lackingPunches, markRemovedUpstream, newConflicts, punchWriter, type LackingPunch } from '../store/punches';
import type { PunchTable } from '../festime/punch-parser';
import { addDays, daysBetween } from '../../../shared/time';
import { siteZone } from '../store/site-zone';
import { retentionStart, siteToday } from './window';

export type SyncPhase = 'fetch' | 'store' | 'reconcile' | 'done';

export interface SyncProgress {
  phase: SyncPhase;
  done: number;
  total: number;
  /** The window, for "jour 12 sur 90"-style labels. */
  from: string;
  to: string;
}

export interface SyncOptions {
  full?: boolean;
  overlapDays?: number;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
  now?: () => Date;
  /** The site's zone, where "today" is taken (default: the account's, see store/site-zone.ts). */
  zone?: string;
  /** An earlier first day the caller asks for (a terminal back from a gap); never before Festime's window. */
  from?: string;
  /** The sync's read budget (client.readDeadline()), shared with its other reads; default: one of the read's own. */
  deadline?: ReadDeadline;
}

/** What a run did: the contract's sync result, less the outbox (sent before the engine runs), the closed months (settled after) and the day's backup (made after). */
export interface SyncSummary extends Omit<SyncResult, 'sent' | 'closedMonths' | 'backupError'> {
  runId: number;
}

export interface SyncRun {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  from: string;
  to: string;
  /** The run covered the whole window Festime holds (a sweep). */
  full: boolean;
  outcome: 'running' | 'ok' | 'failed' | 'cancelled' | 'interrupted';
  received: number;
  added: number;
  removed: number;
  restored: number;
  errorCode: string | null;
  errorKey: string | null;
  errorParams: Record<string, string | number> | null;
}

const RUN_COLUMNS = `id, started_at AS startedAt, finished_at AS finishedAt, window_from AS "from", window_to AS "to", full, outcome,
  received, added, removed, restored, error_code AS errorCode, error_key AS errorKey, error_params AS errorParams`;

type RunRow = Omit<SyncRun, 'full' | 'errorParams'> & { full: number; errorParams: string | null };
const fromRunRow = (r: RunRow): SyncRun => ({ ...r, full: r.full === 1, errorParams: r.errorParams ? JSON.parse(r.errorParams) : null });

export function lastRuns(db: Database, accountId: number, limit = 10): SyncRun[] {
  const rows = db.prepare(`SELECT ${RUN_COLUMNS} FROM sync_runs WHERE account_id = ? ORDER BY id DESC LIMIT ?`).all(accountId, limit) as RunRow[];
  return rows.map(fromRunRow);
}

/** The last good run; with `until`, the last whose window ended by that day (one run under a clock set ahead is not trusted). */
export function lastSuccessfulRun(db: Database, accountId: number, until?: string): SyncRun | null {
  const row = db
    .prepare(`SELECT ${RUN_COLUMNS} FROM sync_runs WHERE account_id = ? AND outcome = 'ok' AND window_to <= ? ORDER BY id DESC LIMIT 1`)
    .get(accountId, until ?? '9999') as RunRow | undefined;
  return row ? fromRunRow(row) : null;
}

/**
 * A run that failed before it could start (the keychain would not give the password): recorded
 * like any failed run, so that the status bar shows it instead of the automatic sync skipping
 * in silence.
 */
export function recordFailedRun(db: Database, accountId: number, error: FestimeDeskError, now = new Date()): void {
  const at = now.toISOString();
  const today = siteToday(now, siteZone(db, accountId));
  db.prepare(
    `INSERT INTO sync_runs (account_id, started_at, finished_at, window_from, window_to, full, outcome, error_code, error_key, error_params) VALUES (?, ?, ?, ?, ?, 0, 'failed', ?, ?, ?)`,
  ).run(accountId, at, at, today, today, error.code, error.key, JSON.stringify(error.params));
}

/** Runs left "running" by a process that died are marked interrupted. */
function closeStaleRuns(db: Database, accountId: number, now: string): void {
  db.prepare(`UPDATE sync_runs SET outcome = 'interrupted', finished_at = ? WHERE account_id = ? AND outcome = 'running'`).run(now, accountId);
}

/** Whether the punches an answer lacks are exactly the tail of its order (after its last record): the shape of a cut. */
function cutShaped(answer: PunchTable, lacking: readonly LackingPunch[]): boolean {
  const n = answer.length;
  if (lacking.length === 0 || n === 0) return lacking.length > 0;
  const at = answer.at(n - 1);
  const id = answer.id(n - 1);
  return lacking.every((p) => p.at > at || (p.at === at && p.id > id));
}

/**
 * The days a run reads again alone (`date=!JJ/MM/AAAA`) before anything is marked removed: the day
 * of each punch this answer lacks that an earlier answer lacked too (the independent answer that
 * confirms a removal), and, when the punches it lacks are the shape of a cut, every day from its
 * last record's to the window's end, whose answers also bring back what the cut left out.
 */
function daysToReadAlone(db: Database, accountId: number, fromDay: string, toDay: string, answer: PunchTable, present: ReadonlySet<number>): string[] {
  const lacking = lackingPunches(db, accountId, fromDay, toDay, present);
  const days = new Set(lacking.filter((p) => p.candidate).map((p) => p.at.slice(0, 10)));
  if (cutShaped(answer, lacking)) {
    const first = answer.length === 0 ? fromDay : [answer.at(answer.length - 1).slice(0, 10), fromDay].sort()[1]!;
    for (let day = first; day <= toDay; day = addDays(day, 1)) days.add(day);
  }
  return [...days].sort();
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function syncAccount(db: Database, accountId: number, client: FestimeClient, options: SyncOptions = {}): Promise<SyncSummary> {
  const clock = options.now ?? (() => new Date());
  const started = clock();
  const startedMs = Date.now();
  const today = siteToday(started, options.zone ?? siteZone(db, accountId));
  const oldest = retentionStart(today);
  closeStaleRuns(db, accountId, started.toISOString());
  // A run whose window ends after today ran under a wrong clock: the window starts from the last
  // run that ended by today, so the incremental window never starts after today.
  const last = options.full ? null : lastSuccessfulRun(db, accountId, today);
  const overlap = options.overlapDays ?? 3;
  const usual = last ? addDays(last.to, -overlap) : oldest;
  const from = [options.from && options.from < usual ? options.from : usual, oldest].sort()[1]!;
  const to = today;
  const runId = Number(
    db
      .prepare(`INSERT INTO sync_runs (account_id, started_at, window_from, window_to, full, outcome) VALUES (?, ?, ?, ?, ?, 'running')`)
      .run(accountId, started.toISOString(), from, to, from === oldest ? 1 : 0).lastInsertRowid,
  );
  const progress = (phase: SyncPhase, done: number, total: number) => options.onProgress?.({ phase, done, total, from, to });
  const finish = (outcome: SyncRun['outcome'], counts: Partial<Record<'received' | 'added' | 'removed' | 'restored', number>>, error?: FestimeDeskError) => {
    db.prepare(
      `UPDATE sync_runs SET outcome = ?, finished_at = ?, received = ?, added = ?, removed = ?, restored = ?, error_code = ?, error_key = ?, error_params = ? WHERE id = ?`,
    ).run(
      outcome,
      clock().toISOString(),
      counts.received ?? 0,
      counts.added ?? 0,
      counts.removed ?? 0,
      counts.restored ?? 0,
      error?.code ?? null,
      error?.key ?? null,
      error ? JSON.stringify(error.params) : null,
      runId,
    );
  };

  const counts = { received: 0, added: 0, removed: 0, restored: 0 };
  try {
    progress('fetch', 0, daysBetween(from, to) + 1);
    const answer = await client.pointage({ since: from, signal: options.signal, deadline: options.deadline });
    const punches = answer.punches;
    counts.received = punches.length;
    const writer = punchWriter(db, accountId);
    const seenAt = clock().toISOString();
    const batchSize = options.batchSize ?? 10_000;
    const storeBatch = (batch: ParsedPunch[]) => writer.insert(batch, seenAt);
    // Fewer, larger checkpoints while a whole window is written; back to SQLite's default after.
    db.pragma('wal_autocheckpoint = 16384');
    for (let i = 0; i < punches.length; i += batchSize) {
      if (options.signal?.aborted) throw new CancelledError();
      const r = storeBatch(punches.slice(i, i + batchSize));
      counts.added += r.added;
      counts.restored += r.restored;
      progress('store', Math.min(i + batchSize, punches.length), punches.length);
      await yieldToLoop(); // keeps the app's event loop (and a cancel) responsive between batches
    }
    db.pragma('wal_autocheckpoint = 1000');
    if (options.signal?.aborted) throw new CancelledError();
    // The register learns each holder's latest name once per run (it is derived data: a run cut
    // short leaves it to the next one).
    const seen = new Map<string, { name: string; at: string }>();
    for (let i = 0; i < punches.length; i++) {
      const uid = punches.uid(i);
      const at = punches.at(i);
      const s = seen.get(uid);
      if (!s || at >= s.at) seen.set(uid, { name: punches.name(i), at });
    }
    db.transaction(() => recordSeen(db, accountId, seen, seenAt))();
    // The oldest day may be half purged by Festime as we speak: only later days are judged.
    const judgedFrom = [from, addDays(oldest, 1)].sort()[1]!;
    progress('reconcile', 0, 1);
    const present = new Set(punches.idList());
    const readAlone = new Set<string>();
    const readDay = async (day: string) => {
      if (options.signal?.aborted) throw new CancelledError();
      const alone = (await client.pointage({ day, signal: options.signal, deadline: options.deadline })).punches;
      const r = storeBatch(alone.toArray());
      counts.added += r.added;
      counts.restored += r.restored;
      for (let i = 0; i < alone.length; i++) {
        if (!present.has(alone.id(i))) counts.received++;
        present.add(alone.id(i));
      }
      return alone;
    };
    for (const day of daysToReadAlone(db, accountId, judgedFrom, to, punches, present)) {
      const alone = await readDay(day);
      const ids = alone.idList();
      // Complete by the answer rules: that day's punches only; and one that lacks only its tail
      // (a cut's shape) counts when a second reading of the day has exactly the same punches.
      let complete = ids.every((_, i) => alone.at(i).startsWith(day));
      if (complete && cutShaped(alone, lackingPunches(db, accountId, day, day, new Set(ids)))) {
        const again = (await readDay(day)).idList();
        complete = again.length === ids.length && again.every((id, i) => id === ids[i]);
      }
      if (complete) readAlone.add(day);
    }
    const reconciled = markRemovedUpstream(db, accountId, judgedFrom, to, present, seenAt, readAlone);
    counts.removed = reconciled.marked;
    finish('ok', counts);
    db.pragma('analysis_limit = 400');
    db.pragma('optimize');
    progress('done', 1, 1);
    const conflicts = newConflicts(db, accountId, seenAt);
    return {
      runId,
      from,
      to,
      days: daysBetween(from, to) + 1,
      ...counts,
      removalsWithheld: reconciled.withheld,
      conflicts,
      ms: Date.now() - startedMs,
    };
  } catch (error) {
    db.pragma('wal_autocheckpoint = 1000');
    const known = error instanceof FestimeDeskError ? error : null;
    finish(known instanceof CancelledError ? 'cancelled' : 'failed', counts, known ?? undefined);
    throw error;
  }
}
