// Raw punches in the cache: inserted as received (never edited), marked when Festime no longer
// returns them, read page by page.
import type { Database, Statement } from 'better-sqlite3';
import type { Punch, PunchType } from '../../../shared/festime';
import type { ConflictingRecord, PunchReading } from '../../../shared/timesheet';
import type { ParsedPunch } from '../festime/punch-parser';
import { badgeChain } from '../holders/badges';
import { IN_LIST, inList } from './id-list';

export interface StoredPunch extends Punch {
  removedUpstream: boolean;
  removedAt: string | null;
  firstSeen: string;
  extra: Record<string, string> | null;
}

const COLUMNS = `id, uid, name, type, reason_code AS reasonCode, reason, at, terminal, access_point AS accessPoint,
  client_id AS clientId, client, grp AS "group", extra, first_seen AS firstSeen, removed_at AS removedAt`;

type Row = Omit<StoredPunch, 'removedUpstream' | 'extra'> & { extra: string | null };

function fromRow(r: Row): StoredPunch {
  return { ...r, extra: r.extra ? (JSON.parse(r.extra) as Record<string, string>) : null, removedUpstream: r.removedAt !== null };
}

export interface PunchWriter {
  /** Inserts a batch in one transaction; returns how many were new and how many came back after being marked removed. */
  insert(punches: readonly ParsedPunch[], seenAt: string): { added: number; restored: number };
}

const ROWS_PER_STATEMENT = 64;
const INSERT_COLUMNS = '(account_id, id, uid, name, type, reason_code, reason, at, terminal, access_point, client_id, client, grp, extra, first_seen)';
const ROW_PARAMS = `(${Array(15).fill('?').join(', ')})`;

export function punchWriter(db: Database, accountId: number): PunchWriter {
  // Many rows per statement: the per-call cost of a prepared statement, not SQLite, is what a
  // row-by-row insert mostly pays.
  const insertMany = (n: number): Statement =>
    db.prepare(`INSERT INTO punches ${INSERT_COLUMNS} VALUES ${Array(n).fill(ROW_PARAMS).join(', ')} ON CONFLICT (account_id, id) DO NOTHING`);
  const full = insertMany(ROWS_PER_STATEMENT);
  const restore = db.prepare(`UPDATE punches SET removed_at = NULL WHERE account_id = ? AND removed_at IS NOT NULL AND id ${IN_LIST}`);
  const params: unknown[] = [];
  const batch = db.transaction((punches: readonly ParsedPunch[], seenAt: string) => {
    let added = 0;
    let restored = 0;
    for (let i = 0; i < punches.length; i += ROWS_PER_STATEMENT) {
      const chunk = punches.slice(i, i + ROWS_PER_STATEMENT);
      params.length = 0;
      for (const p of chunk) {
        params.push(
          accountId,
          p.id,
          p.uid,
          p.name,
          p.type,
          p.reasonCode,
          p.reason,
          p.at,
          p.terminal,
          p.accessPoint,
          p.clientId,
          p.client,
          p.group,
          p.extra ? JSON.stringify(p.extra) : null,
          seenAt,
        );
      }
      const inserted = (chunk.length === ROWS_PER_STATEMENT ? full : insertMany(chunk.length)).run(...params).changes;
      added += inserted;
      // Rows already there may be coming back after having been marked removed upstream.
      if (inserted < chunk.length) restored += restore.run(accountId, inList(chunk.map((p) => p.id))).changes;
    }
    return { added, restored };
  });
  return { insert: (punches, seenAt) => batch(punches, seenAt) };
}

/** A run marks nothing when it would mark more than this share of its window's punches… */
export const MASS_REMOVAL_SHARE = 0.02;
/** …and more than this many: a few punches deleted at Festime are normal, a swathe is a bad answer. */
export const MASS_REMOVAL_MIN = 5;

export interface Reconciled {
  /** Punches marked removed upstream (a candidate that this run's answers, its day's alone included, lacked). */
  marked: number;
  /** Punches that would have been marked, left as they were: too many at once. 0 when marked. */
  withheld: number;
  /** Punches this run's answers lacked for the first time: marked only if a later run's answers lack them too. */
  candidates: number;
}

/** A cached punch of [fromDay, toDay] that an answer lacks, and whether an earlier answer lacked it too. */
export interface LackingPunch {
  id: number;
  at: string;
  candidate: boolean;
}

/** The cached punches of [fromDay, toDay], not marked removed, that `present` lacks, in time order (then id). */
export function lackingPunches(db: Database, accountId: number, fromDay: string, toDay: string, present: ReadonlySet<number>): LackingPunch[] {
  const rows = db
    .prepare(
      `SELECT p.id, p.at, c.id IS NOT NULL AS candidate FROM punches p LEFT JOIN removal_candidates c ON c.account_id = p.account_id AND c.id = p.id
      WHERE p.account_id = ? AND p.at >= ? AND p.at < ? AND p.removed_at IS NULL ORDER BY p.at, p.id`,
    )
    .all(accountId, fromDay, `${toDay}T99`) as { id: number; at: string; candidate: number }[];
  return rows.filter((r) => !present.has(r.id)).map((r) => ({ id: r.id, at: r.at, candidate: r.candidate === 1 }));
}

/**
 * Reconciles the cached punches of [fromDay, toDay] with a run's answers covering those days
 * (`present`: the ids of all of them). A punch they lack becomes a candidate; one that was already
 * a candidate (an earlier run lacked it too) is marked removed upstream only when its day was read
 * alone in this run (`readAlone`: an independent one-day answer, complete, that lacks it too);
 * a candidate the answers have is cleared. When the marks would be a mass removal, nothing is
 * marked (the candidates stay).
 */
export function markRemovedUpstream(
  db: Database,
  accountId: number,
  fromDay: string,
  toDay: string,
  present: ReadonlySet<number>,
  noticedAt: string,
  readAlone: ReadonlySet<string> = new Set(),
): Reconciled {
  const cached = db
    .prepare('SELECT count(*) FROM punches WHERE account_id = ? AND at >= ? AND at < ? AND removed_at IS NULL')
    .pluck()
    .get(accountId, fromDay, `${toDay}T99`) as number;
  const confirmed: number[] = [];
  const fresh: number[] = [];
  for (const p of lackingPunches(db, accountId, fromDay, toDay, present)) {
    if (!p.candidate) fresh.push(p.id);
    else if (readAlone.has(p.at.slice(0, 10))) confirmed.push(p.id);
  }
  const candidates = db.prepare('SELECT id FROM removal_candidates WHERE account_id = ?').pluck().all(accountId) as number[];
  const back = candidates.filter((id) => present.has(id));
  const withheld = confirmed.length > MASS_REMOVAL_MIN && confirmed.length > cached * MASS_REMOVAL_SHARE;
  const mark = db.prepare('UPDATE punches SET removed_at = ? WHERE account_id = ? AND id = ?');
  const propose = db.prepare('INSERT INTO removal_candidates (account_id, id, missed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const clear = db.prepare('DELETE FROM removal_candidates WHERE account_id = ? AND id = ?');
  db.transaction(() => {
    for (const id of back) clear.run(accountId, id);
    for (const id of fresh) propose.run(accountId, id, noticedAt);
    if (withheld) return;
    for (const id of confirmed) {
      mark.run(noticedAt, accountId, id);
      clear.run(accountId, id);
    }
  })();
  return { marked: withheld ? 0 : confirmed.length, withheld: withheld ? confirmed.length : 0, candidates: fresh.length };
}

/**
 * The punches of [from, to] Festime sent with two contents or more (schema 13), with their readings:
 * the one stored first (that counts), then the others in the order they came; those a correction settled left out.
 */
export function conflictingRecords(db: Database, accountId: number, from: string, to: string, uid?: string): ConflictingRecord[] {
  const who = uid === undefined ? '' : ' AND p.uid = ?';
  const rows = db
    .prepare(
      `SELECT p.id, p.uid AS puid, p.type AS ptype, p.at AS pat, p.terminal AS pterminal, c.uid, c.type, c.at, c.terminal
      FROM punch_conflicts c JOIN punches p ON p.account_id = c.account_id AND p.id = c.id
      WHERE p.account_id = ? AND p.at >= ? AND p.at < ?${who}
        -- Settled by payroll: the first reading ignored (the right one added) or kept.
        AND NOT EXISTS (SELECT 1 FROM corrections k WHERE k.account_id = p.account_id AND k.punch_id = p.id AND k.kind IN ('ignore', 'keep') AND k.undone_at IS NULL)
      ORDER BY p.at, p.id, c.rowid`,
    )
    .all(accountId, from, `${to}T99`, ...(uid === undefined ? [] : [uid])) as (PunchReading & {
    id: number;
    puid: string;
    ptype: PunchType;
    pat: string;
    pterminal: string;
  })[];
  const records = new Map<number, ConflictingRecord>();
  for (const r of rows) {
    let record = records.get(r.id);
    if (!record) {
      const first = { uid: r.puid, type: r.ptype, at: r.pat, terminal: r.pterminal };
      records.set(r.id, (record = { id: r.id, uid: r.puid, at: r.pat, readings: [first] }));
    }
    record.readings.push({ uid: r.uid, type: r.type, at: r.at, terminal: r.terminal });
  }
  return [...records.values()];
}

/** How many conflicting readings (schema 13) a run kept: those first seen at `seenAt`. */
export function newConflicts(db: Database, accountId: number, seenAt: string): number {
  return db.prepare('SELECT count(*) FROM punch_conflicts WHERE account_id = ? AND seen_at = ?').pluck().get(accountId, seenAt) as number;
}

export interface PunchFilter {
  /** Days, inclusive, "YYYY-MM-DD". */
  from?: string;
  to?: string;
  uid?: string;
  type?: PunchType;
  accessPoint?: string;
  /** Matches name, uid, reason or access point. */
  text?: string;
  includeRemoved?: boolean;
}

export interface PunchPage {
  limit: number;
  offset?: number;
  order?: 'asc' | 'desc';
  /** The rows after this one in the order asked (the last row of the previous page): a long list paged without reading again what came before. */
  after?: { at: string; id: number };
}

/** The condition of rows after `page.after` in the page's order (none: always true), on the columns named. */
function afterCondition(page: PunchPage, at = 'at', id = 'id'): { sql: string; params: unknown[] } {
  if (!page.after) return { sql: '1', params: [] };
  const op = page.order === 'desc' ? '<' : '>';
  // The row value keeps the index's order by time (the primary key's id follows `at` in each index).
  return { sql: `(${at}, ${id}) ${op} (?, ?)`, params: [page.after.at, page.after.id] };
}

/** Above this many people found by a search, its page is read by time rather than person by person. */
const SEARCH_BY_PERSON_MAX = 50;

/**
 * The people whose punches a search can match, from their distinct texts (schema 9) rather than
 * from every punch: `whole`, every text of theirs matches (their name or badge number does);
 * `partial`, some do (a reason or an access point), so their punches are still matched row by row.
 */
interface TextMatch {
  whole: string[];
  partial: string[];
}

const likeOf = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const TEXT_LIKE = "(name LIKE ? ESCAPE '\\' OR uid LIKE ? ESCAPE '\\' OR reason LIKE ? ESCAPE '\\' OR access_point LIKE ? ESCAPE '\\')";

function textMatch(db: Database, accountId: number, text: string): TextMatch {
  const like = likeOf(text);
  const rows = db
    .prepare(
      `SELECT uid, min(hit) AS every FROM (SELECT uid, ${TEXT_LIKE} AS hit FROM punch_texts WHERE account_id = ? AND n > 0) GROUP BY uid HAVING max(hit) = 1`,
    )
    .all(like, like, like, like, accountId) as { uid: string; every: number }[];
  return { whole: rows.filter((r) => r.every === 1).map((r) => r.uid), partial: rows.filter((r) => r.every === 0).map((r) => r.uid) };
}

/**
 * The table, with the index to search when the filter names a person (or a search found a few):
 * without statistics SQLite may pick punches_by_time for a person's month and read every punch of
 * the month (60 ms on 3.6 million punches instead of 2 ms). A count of the people a search found
 * reads their index only (no row), however many they are.
 */
function source(f: PunchFilter, match: TextMatch | null, counting: boolean): string {
  const found = match ? match.whole.length + match.partial.length : 0;
  return f.uid !== undefined || (match !== null && found > 0 && byPeople(match, counting)) ? 'punches INDEXED BY punches_by_holder' : 'punches';
}

/**
 * Whether a search reads the punches of the people it found through their index: when they are
 * few, or for a count that needs no row (their whole texts match). Else (a reason or an access
 * point on most people's punches) the rows are matched one by one, in time order, as before.
 */
function byPeople(match: TextMatch, counting: boolean): boolean {
  return match.whole.length + match.partial.length <= SEARCH_BY_PERSON_MAX || (counting && match.partial.length === 0);
}

function where(db: Database, accountId: number, f: PunchFilter, match: TextMatch | null, counting: boolean): { sql: string; params: unknown[] } {
  const parts = ['account_id = ?'];
  const params: unknown[] = [accountId];
  if (f.uid !== undefined) {
    // A person: their badges, a replaced one's included (holders/badges.ts), one index lookup each.
    const badges = badgeChain(db, accountId, f.uid);
    parts.push(`uid ${IN_LIST}`);
    params.push(inList(badges));
  }
  if (f.from) {
    parts.push('at >= ?');
    params.push(f.from);
  }
  if (f.to) {
    parts.push('at < ?');
    params.push(`${f.to}T99`);
  }
  if (f.type) {
    parts.push('type = ?');
    params.push(f.type);
  }
  if (f.accessPoint) {
    parts.push('access_point = ?');
    params.push(f.accessPoint);
  }
  if (match) {
    const found = [...match.whole, ...match.partial];
    const like = likeOf(f.text!);
    if (found.length === 0) parts.push('0');
    else if (byPeople(match, counting)) {
      // Only the people found; row by row only for those whose texts match in part.
      parts.push(`uid ${IN_LIST}`);
      params.push(inList(found));
      if (match.partial.length > 0) {
        parts.push(`(uid ${IN_LIST} OR ${TEXT_LIKE})`);
        params.push(inList(match.whole), like, like, like, like);
      }
    } else {
      parts.push(TEXT_LIKE);
      params.push(like, like, like, like);
    }
  }
  if (f.includeRemoved === false) parts.push('removed_at IS NULL');
  return { sql: parts.join(' AND '), params };
}

export function queryPunches(db: Database, accountId: number, filter: PunchFilter, page: PunchPage): StoredPunch[] {
  const match = filter.text ? textMatch(db, accountId, filter.text) : null;
  const w = where(db, accountId, filter, match, false);
  const after = afterCondition(page);
  const order = page.order === 'desc' ? 'DESC' : 'ASC';
  const rows = db
    .prepare(`SELECT ${COLUMNS} FROM ${source(filter, match, false)} WHERE ${w.sql} AND ${after.sql} ORDER BY at ${order}, id ${order} LIMIT ? OFFSET ?`)
    .all(...w.params, ...after.params, page.limit, page.offset ?? 0) as Row[];
  return rows.map(fromRow);
}

/** A row of the punch list: a cached punch, or a punch added by a payroll correction in force (`added`). */
export type ListedPunch = StoredPunch & { added: { correctionId: number; comment: string } | null };

/** An added punch's name: the register's, as the holder is named there. */
const ADDED_NAME = "coalesce(h.nom || ' ' || h.prenom, c.uid)";

/**
 * The punches added by corrections in force, as rows shaped like the punches' (id: minus the
 * correction's, as the timesheet numbers them), filtered like them; null when the filter excludes
 * them all (an access point: an added punch has none). The corrections table is small: read whole.
 */
function addedArm(db: Database, accountId: number, f: PunchFilter): { sql: string; params: unknown[] } | null {
  if (f.accessPoint) return null;
  const parts = ['c.account_id = ?', "c.kind = 'add'", 'c.undone_at IS NULL'];
  const params: unknown[] = [accountId];
  const add = (sql: string, ...values: unknown[]) => {
    parts.push(sql);
    params.push(...values);
  };
  if (f.uid !== undefined) {
    // A person: their badges, a replaced one's included, as for the punches.
    const badges = badgeChain(db, accountId, f.uid);
    add(`c.uid ${IN_LIST}`, inList(badges));
  }
  if (f.from) add('c.at >= ?', f.from);
  if (f.to) add('c.at < ?', `${f.to}T99`);
  if (f.type) add('c.type = ?', f.type);
  if (f.text) {
    const like = `%${f.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    add(`(${ADDED_NAME} LIKE ? ESCAPE '\\' OR c.uid LIKE ? ESCAPE '\\' OR c.comment LIKE ? ESCAPE '\\')`, like, like, like);
  }
  const sql = `SELECT -c.id AS id, c.uid, ${ADDED_NAME} AS name, c.type, coalesce(c.reason_code, '') AS reasonCode, '' AS reason, c.at,
    '' AS terminal, '' AS accessPoint, '' AS clientId, '' AS client, '' AS "group", NULL AS extra, c.created_at AS firstSeen, NULL AS removedAt,
    c.id AS correctionId, c.comment AS comment
    FROM corrections c LEFT JOIN holders h ON h.account_id = c.account_id AND h.uid = c.uid WHERE ${parts.join(' AND ')}`;
  return { sql, params };
}
/**
 * The punch list with the punches added by corrections among them, in time order: one compound
 * query that SQLite merges from the two ordered arms (the punches' index gives their order; the
 * corrections are few), so a page costs what a page of punches alone does.
 */
export function queryPunchesWithAdded(db: Database, accountId: number, filter: PunchFilter, page: PunchPage): ListedPunch[] {
  const arm = addedArm(db, accountId, filter);
  if (!arm) return queryPunches(db, accountId, filter, page).map((p) => ({ ...p, added: null }));
  const match = filter.text ? textMatch(db, accountId, filter.text) : null;
  const w = where(db, accountId, filter, match, false);
  const after = afterCondition(page);
  // An added punch's id is minus its correction's.
  const addedAfter = afterCondition(page, 'c.at', '-c.id');
  const order = page.order === 'desc' ? 'DESC' : 'ASC';
  const rows = db
    .prepare(
      `SELECT ${COLUMNS}, NULL AS correctionId, NULL AS comment FROM ${source(filter, match, false)} WHERE ${w.sql} AND ${after.sql}
      UNION ALL ${arm.sql} AND ${addedAfter.sql} ORDER BY at ${order}, id ${order} LIMIT ? OFFSET ?`,
    )
    .all(...w.params, ...after.params, ...arm.params, ...addedAfter.params, page.limit, page.offset ?? 0) as (Row & {
    correctionId: number | null;
    comment: string | null;
  })[];
  return rows.map(({ correctionId, comment, ...r }) => ({
    ...fromRow(r),
    added: correctionId === null ? null : { correctionId, comment: comment ?? '' },
  }));
}

/** How many rows queryPunchesWithAdded's filter matches: the punches, and the added ones. */
export function countPunchesWithAdded(db: Database, accountId: number, filter: PunchFilter = {}): number {
  const arm = addedArm(db, accountId, filter);
  const added = arm
    ? (db
        .prepare(`SELECT count(*) FROM (${arm.sql})`)
        .pluck()
        .get(...arm.params) as number)
    : 0;
  return countPunches(db, accountId, filter) + added;
}

export function countPunches(db: Database, accountId: number, filter: PunchFilter = {}): number {
  // Days, type and access point only: summed from the per-day counts (schema 3), not counted row by row.
  if (filter.uid === undefined && !filter.text && filter.includeRemoved === undefined) {
    const conditions: [string, unknown][] = [['account_id = ?', accountId]];
    if (filter.from) conditions.push(['day >= ?', filter.from]);
    if (filter.to) conditions.push(['day <= ?', filter.to]);
    if (filter.type) conditions.push(['type = ?', filter.type]);
    if (filter.accessPoint) conditions.push(['access_point = ?', filter.accessPoint]);
    const sql = `SELECT coalesce(sum(n), 0) FROM punch_counts WHERE ${conditions.map(([c]) => c).join(' AND ')}`;
    return db
      .prepare(sql)
      .pluck()
      .get(...conditions.map(([, v]) => v)) as number;
  }
  // A person or a search over every day, with type or access point: summed from the counts of the
  // punches' texts (schema 9).
  if (!filter.from && !filter.to && filter.includeRemoved === undefined) {
    const conditions: [string, unknown[]][] = [['account_id = ?', [accountId]]];
    if (filter.uid !== undefined) {
      // A person: their badges, a replaced one's included.
      const badges = badgeChain(db, accountId, filter.uid);
      conditions.push([`uid ${IN_LIST}`, [inList(badges)]]);
    }
    if (filter.type) conditions.push(['type = ?', [filter.type]]);
    if (filter.accessPoint) conditions.push(['access_point = ?', [filter.accessPoint]]);
    if (filter.text) conditions.push([TEXT_LIKE, Array<string>(4).fill(likeOf(filter.text))]);
    return db
      .prepare(`SELECT coalesce(sum(n), 0) FROM punch_texts WHERE ${conditions.map(([c]) => c).join(' AND ')}`)
      .pluck()
      .get(...conditions.flatMap(([, v]) => v)) as number;
  }
  const match = filter.text ? textMatch(db, accountId, filter.text) : null;
  const w = where(db, accountId, filter, match, true);
  return db
    .prepare(`SELECT count(*) FROM ${source(filter, match, true)} WHERE ${w.sql}`)
    .pluck()
    .get(...w.params) as number;
}

/** The access points the cache has seen, for the filters. */
export function accessPoints(db: Database, accountId: number): string[] {
  return db
    .prepare("SELECT DISTINCT access_point FROM punch_counts WHERE account_id = ? AND n > 0 AND access_point <> '' ORDER BY access_point")
    .pluck()
    .all(accountId) as string[];
}

/** Removes punches dated before `day` (retention). Returns how many. */
export function purgeBefore(db: Database, accountId: number, day: string): number {
  return db.prepare('DELETE FROM punches WHERE account_id = ? AND at < ?').run(accountId, day).changes;
}

/** The day of the newest punch cached for the account (null when none): the clock the purge trusts. */
export function newestPunchDay(db: Database, accountId: number): string | null {
  const at = db.prepare('SELECT max(at) FROM punches WHERE account_id = ?').pluck().get(accountId) as string | null;
  return at ? at.slice(0, 10) : null;
}
