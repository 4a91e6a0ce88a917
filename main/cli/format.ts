// Printing punches and terminal reports as tables, CSV or JSON.
import Table from 'cli-table3';
import { Option } from 'commander';
import { stringify, type Options as CsvOptions } from 'csv-stringify/sync';
import { PUNCH_KEYS, type Punch, type TerminalInfoReport, type TransferReport } from '../../shared/festime';
import type { HolderRow, OutboxView, PunchRow } from '../../shared/api';
import type { AbsenceRow, EmployeeRow } from '../../shared/employees';
import type { Out } from './io';
import { jsonText, visible } from './visible';

export const PUNCH_FORMATS = ['table', 'json', 'csv'] as const;
export const REPORT_FORMATS = ['table', 'json'] as const;

/** `--format`, its values checked by commander. */
export function formatOption(out: Out, formats: readonly string[], fallback = 'table'): Option {
  return new Option('--format <format>', out.t('cli.opt.format', { formats: formats.join('|') })).choices(formats).default(fallback);
}

/** Exactly the documented keys, in order: what scripts rely on. */
export function punchRecord(p: Punch): Record<(typeof PUNCH_KEYS)[number], string | number> {
  // A plain loop: millions of punches go through here (`punches` over five years).
  const record = {} as Record<(typeof PUNCH_KEYS)[number], string | number>;
  for (const k of PUNCH_KEYS) record[k] = p[k];
  return record;
}

type Cell = string | number | { colSpan: number; content: string };

/** Rows of foreign text (names, answers): every cell's control and format characters shown escaped. */
interface SafeTable {
  push(row: Cell[]): void;
  toString(): string;
}

function table(head: string[]): SafeTable {
  const t = new Table({
    head,
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: '  ',
    },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  return {
    push: (row) =>
      t.push(row.map((c) => (typeof c === 'string' ? visible(c) : typeof c === 'number' ? c : { colSpan: c.colSpan, content: visible(c.content) }))),
    toString: () => t.toString(),
  };
}

/**
 * CSV for spreadsheets: a text cell starting with = + - @, a tab or a carriage return (or their
 * full-width forms) is prefixed with ' so that no spreadsheet reads it as a formula; the numbers
 * written as numbers (punch ids) are left as they are.
 */
function csv(records: Record<string, unknown>[], columns: string[], cast?: CsvOptions['cast']): string {
  return stringify(records, { header: true, columns, record_delimiter: 'unix', escape_formulas: true, ...(cast ? { cast } : {}) }).trimEnd();
}

/** The same CSV, each line ending with a line break, from rows of cells in the columns' order (no object a row: what `punches` writes by the million). */
function csvLines(rows: unknown[][], columns: string[] | null, cast?: CsvOptions['cast']): string {
  const options = { record_delimiter: 'unix', escape_formulas: true, ...(cast ? { cast } : {}) } as const;
  return (columns ? stringify([columns], options) : '') + stringify(rows, options);
}

export function printPunches(out: Out, punches: readonly Punch[], format: (typeof PUNCH_FORMATS)[number]): void {
  if (format === 'json') {
    out.line(jsonText(punches.map(punchRecord)));
    return;
  }
  if (format === 'csv') {
    out.line(csv(punches.map(punchRecord), [...PUNCH_KEYS]));
    return;
  }
  const t = table(['id', 'uid', 'name', 'type', 'reason', 'at', 'accessPoint'].map((k) => out.t(`cli.head.${k}`)));
  for (const p of punches) {
    t.push([p.id, p.uid, p.name, out.t(`cli.type.${p.type}`), p.reason, p.at.replace('T', ' '), p.accessPoint]);
  }
  if (punches.length > 0) out.line(render(t));
  out.note(out.t('cli.msg.punchCount', { count: punches.length }));
}

export function printTransfer(out: Out, report: TransferReport, format: (typeof REPORT_FORMATS)[number]): void {
  if (format === 'json') {
    out.line(jsonText(report));
    return;
  }
  const t = table(['accessPoint', 'terminal', 'status', 'count', 'message'].map((k) => out.t(`cli.head.${k}`)));
  for (const ap of report.accessPoints) {
    t.push([ap.accessPoint, ap.terminal ?? '', ap.status, ap.count ?? '', ap.parsed ? ap.message : `${out.t('cli.msg.unreadable')} ${ap.raw}`]);
  }
  out.line(render(t));
}

export function printInfos(out: Out, report: TerminalInfoReport, format: (typeof REPORT_FORMATS)[number]): void {
  if (format === 'json') {
    out.line(jsonText(report));
    return;
  }
  const t = table(['accessPoint', 'terminal', 'status', 'timeZone', 'ip', 'lastScan', 'users', 'reasons'].map((k) => out.t(`cli.head.${k}`)));
  for (const ap of report.accessPoints) {
    if (!ap.parsed) {
      t.push([ap.accessPoint, { colSpan: 7, content: `${out.t('cli.msg.unreadable')} ${ap.raw}` }]);
      continue;
    }
    t.push([
      ap.accessPoint,
      ap.serial ?? '',
      ap.status ?? '',
      ap.timeZone ?? '',
      ap.ip ?? '',
      ap.lastScan?.replace('T', ' ') ?? '',
      ap.usersLoaded ?? '',
      ap.reasonsLoaded ?? '',
    ]);
  }
  out.line(render(t));
}

/** Rows under a heading, as the other tables print them (foreign text shown escaped). */
export function renderTable(head: string[], rows: readonly Cell[][]): string {
  const t = table(head);
  for (const row of rows) t.push(row);
  return render(t);
}

/** The table without the padding cli-table3 leaves at the end of each line. */
function render(t: SafeTable): string {
  return t
    .toString()
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');
}

/** Writes `text`, then waits while the stream's buffer is full (a slow reader: what waits in memory stays bounded). */
export function writeOut(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (stream.write(text)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.removeListener('drain', done);
      stream.removeListener('close', done);
      stream.removeListener('error', done);
      resolve();
    };
    stream.once('drain', done);
    stream.once('close', done);
    stream.once('error', done);
  });
}

/** Cached punches written page by page as they are read: JSON and CSV as they come (the table, which aligns its columns, at the end). */
export interface StoredPunchWriter {
  page(punches: readonly PunchRow[]): Promise<void>;
  end(): Promise<void>;
}

/** Cached punches: the same shape as `fetch`, plus removedUpstream; the same text as if written at once. */
export function storedPunchWriter(out: Out, stdout: NodeJS.WritableStream, format: (typeof PUNCH_FORMATS)[number]): StoredPunchWriter {
  const record = (p: PunchRow): Record<string, unknown> => {
    const r: Record<string, unknown> = punchRecord(p);
    r.removedUpstream = p.removedUpstream;
    return r;
  };
  let count = 0;
  if (format === 'json') {
    // jsonText's layout (an array, two spaces a level), one record at a time.
    return {
      async page(punches) {
        if (punches.length === 0) return;
        const items = punches.map((p) => jsonText(record(p)).replace(/\n/g, '\n  '));
        await writeOut(stdout, `${count === 0 ? '[\n  ' : ',\n  '}${items.join(',\n  ')}`);
        count += punches.length;
      },
      end: () => writeOut(stdout, count === 0 ? '[]\n' : '\n]\n'),
    };
  }
  if (format === 'csv') {
    const columns = [...PUNCH_KEYS, 'removedUpstream'];
    const cast: CsvOptions['cast'] = { boolean: (b) => (b ? 'true' : 'false') };
    return {
      async page(punches) {
        if (punches.length === 0) return;
        const rows = punches.map((p) => {
          const cells: unknown[] = PUNCH_KEYS.map((k) => p[k]);
          cells.push(p.removedUpstream);
          return cells;
        });
        await writeOut(stdout, csvLines(rows, count === 0 ? columns : null, cast));
        count += punches.length;
      },
      end: () => (count === 0 ? writeOut(stdout, csvLines([], columns, cast)) : Promise.resolve()),
    };
  }
  const t = table(['id', 'uid', 'name', 'type', 'reason', 'at', 'accessPoint', 'removed'].map((k) => out.t(`cli.head.${k}`)));
  return {
    async page(punches) {
      for (const p of punches) {
        t.push([p.id, p.uid, p.name, out.t(`cli.type.${p.type}`), p.reason, p.at.replace('T', ' '), p.accessPoint, p.removedUpstream ? out.t('cli.yes') : '']);
      }
      count += punches.length;
    },
    async end() {
      if (count > 0) await writeOut(stdout, `${render(t)}\n`);
      out.note(out.t('cli.msg.punchCount', { count }));
    },
  };
}

export function printHolders(out: Out, holders: readonly HolderRow[], format: (typeof REPORT_FORMATS)[number]): void {
  if (format === 'json') {
    out.line(
      jsonText(
        holders.map((h) => ({
          uid: h.uid,
          nom: h.nom,
          prenom: h.prenom,
          source: h.source,
          pending: h.pending,
          pendingId: h.pendingId,
          lastSeenAt: h.lastSeenAt,
          deleted: h.deleted,
        })),
      ),
    );
    return;
  }
  const t = table(['uid', 'nom', 'prenom', 'source', 'lastSeen', 'pending'].map((k) => out.t(`cli.head.${k}`)));
  for (const h of holders) {
    const pending = h.pending === 'none' ? '' : `${out.t(`cli.pending.${h.pending}`)}${h.pendingId ? ` (n° ${h.pendingId})` : ''}`;
    t.push([h.uid, h.nom, h.prenom, out.t(`cli.source.${h.source}`), h.lastSeenAt?.replace('T', ' ') ?? '', pending]);
  }
  if (holders.length > 0) out.line(render(t));
}

/**
 * What happened to each change just sent, in words (Festime's text only where it refused): accepted
 * ones on stdout, the rest on stderr. `focus`: the change the command made — when the send stopped
 * before it, it is said under its own number (the others still waiting are not repeated). Returns
 * the exit status the command should end with: 0 when `focus` (or every change) was accepted, 1 otherwise.
 */
export function printSendResults(out: Out, results: readonly OutboxView[], focus: OutboxView | null): number {
  let code = 0;
  const shown = focus && !results.some((r) => r.id === focus.id) ? [...results, focus] : results;
  for (const entry of shown) {
    const isFocus = focus === null || entry.id === focus.id;
    // Still waiting, untouched by this send: only the command's own change is spoken of.
    if (entry.state === 'queued' && !isFocus) continue;
    const params = { id: entry.id, uid: entry.uid, nom: entry.nom, prenom: entry.prenom, op: out.t(`cli.op.${entry.op}`) };
    const error = entry.error?.message;
    if (entry.state === 'ok') out.line(visible(out.t(`cli.msg.sentOk.${entry.op}`, params)));
    else if (entry.state === 'ko') out.note(out.t('cli.msg.sentKo', { ...params, reason: error ?? entry.festimeText ?? '' }));
    else if (entry.state === 'conflict') out.note(out.t('cli.msg.toCheck', params));
    else if (entry.state === 'cancelled') out.note(out.t('cli.msg.heldBack', params));
    else if (entry.state === 'unknown') out.note(`festime-desk: ${error ?? ''} ${out.t('cli.msg.unknownOutcome', params)}`.trim());
    else if (error) out.note(`festime-desk: ${error} ${out.t('cli.msg.queued', params)}`);
    else out.note(out.t('cli.msg.waiting', params));
    if (entry.state !== 'ok' && isFocus) code = 1;
  }
  return code;
}

/** The employees with the contract in force today (table); every holder with all its versions (json). */
export function printEmployees(out: Out, rows: readonly EmployeeRow[], format: (typeof REPORT_FORMATS)[number]): void {
  if (format === 'json') {
    out.line(JSON.stringify(rows, null, 2));
    return;
  }
  const t = table(['uid', 'name', 'matricule', 'contract', 'hours', 'days', 'nightWorker', 'start', 'end'].map((k) => out.t(`cli.head.${k}`)));
  for (const r of rows) {
    const c = r.current;
    t.push([
      r.uid,
      `${r.nom} ${r.prenom}`.trim(),
      c?.matricule ?? '',
      c ? out.t(`cli.contract.${c.type}`) : '',
      c && c.type !== 'days' ? c.weeklyHours : '',
      c?.days.join(',') ?? '',
      c?.nightWorker ? out.t('cli.yes') : '',
      c?.start ?? '',
      c?.end ?? '',
    ]);
  }
  if (rows.length > 0) out.line(render(t));
}

/** A month's absences; removed ones are marked (json: removedAt). */
export function printAbsences(out: Out, rows: readonly AbsenceRow[], format: (typeof REPORT_FORMATS)[number]): void {
  if (format === 'json') {
    out.line(JSON.stringify(rows, null, 2));
    return;
  }
  const t = table(['id', 'uid', 'name', 'from', 'to', 'code', 'half', 'comment', 'withdrawn'].map((k) => out.t(`cli.head.${k}`)));
  for (const a of rows) {
    t.push([a.id, a.uid, a.name, a.from, a.to, a.code, a.half ? out.t(`cli.half.${a.half}`) : '', a.comment, a.removedAt ? out.t('cli.yes') : '']);
  }
  if (rows.length > 0) out.line(render(t));
  out.note(out.t('cli.msg.absenceCount', { count: rows.filter((a) => a.removedAt === null).length }));
}
