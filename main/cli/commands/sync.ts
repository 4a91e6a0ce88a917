// `sync`, `punches`, `purge`, `backup`, `restore`: the local cache.
import type { Command } from 'commander';
import { RetentionError } from '../../core/errors';
import { sendPending } from '../../core/holders/outbox';
import { earliestAllowedCut, purge, retentionYears } from '../../core/store/retention';
import { backupNow, listBackups, restoreNewestBackup } from '../../core/store/backups';
import { countPunches, queryPunches } from '../../core/store/punches';
import { DATABASE_FILE } from '../../core/store';
import { syncAccount, type SyncProgress } from '../../core/sync/engine';
import { siteToday } from '../../core/sync/window';
import { detectedZone, recordTerminalZone, siteZone } from '../../core/store/site-zone';
import { join } from 'node:path';
import { checkChoice, checkDate, dataDirOf, passwordFor, withClient, withStore, withStoreAsync, type GlobalOptions } from '../context';
import { PUNCH_FORMATS, printSendResults, printStoredPunches } from '../format';
import { usage, type CliIO, type Out } from '../io';
import { actor } from './holders';

function progressLine(out: Out, io: CliIO) {
  const tty = (io.stderr as NodeJS.WriteStream).isTTY === true;
  let lastPhase = '';
  return (p: SyncProgress) => {
    const text =
      p.phase === 'fetch' ? out.t('cli.msg.syncFetch', { from: p.from, to: p.to })
      : p.phase === 'store' ? out.t('cli.msg.syncStore', { done: p.done, total: p.total })
      : p.phase === 'reconcile' ? out.t('cli.msg.syncReconcile') : '';
    if (tty) io.stderr.write(`\r\x1b[2K${text}`);
    else if (p.phase !== lastPhase && text) io.stderr.write(`${text}\n`);
    if (tty && p.phase === 'done') io.stderr.write('\r\x1b[2K');
    lastPhase = p.phase;
  };
}

export function registerCache(program: Command, io: CliIO, out: Out, setExit: (code: number) => void): void {
  program
    .command('sync')
    .description(out.t('cli.cmd.sync'))
    .option('--full', out.t('cli.opt.full'))
    .action(async (opts: { full?: boolean }) =>
      withStoreAsync(program.opts<GlobalOptions>(), io, out, async ({ store, account, row }) => {
        const password = await passwordFor(account, io);
        const controller = new AbortController();
        const stop = () => controller.abort();
        process.once('SIGINT', stop);
        try {
          const summary = await withClient(account, password, io, async (client) => {
            // Queued holder changes first, in order; their failures do not stop the sync.
            const sent = await sendPending(store.db, row.id, client, { signal: controller.signal });
            if (sent.length > 0 && printSendResults(out, sent, null) !== 0) setExit(1);
            // As the app does: the site's zone read once from its terminals, so "today" is theirs.
            if (detectedZone(store.db, row.id) === null) {
              await client.terminalInfo({ signal: controller.signal }).then((report) => recordTerminalZone(store.db, row.id, report), () => undefined);
            }
            return syncAccount(store.db, row.id, client, { full: opts.full, signal: controller.signal, onProgress: progressLine(out, io) });
          });
          out.line(out.t('cli.msg.syncSummary', { ...summary, seconds: (summary.ms / 1000).toFixed(1) }));
          // One verified backup a day, after a good sync.
          const today = siteToday(new Date(), siteZone(store.db, row.id));
          if (!listBackups(store.dataDir).some((b) => b.day === today)) await backupNow(store.db, store.dataDir, today);
        } finally {
          process.removeListener('SIGINT', stop);
        }
      }));

  program
    .command('punches')
    .description(out.t('cli.cmd.punches'))
    .option('--from <YYYY-MM-DD>', out.t('cli.opt.from'))
    .option('--to <YYYY-MM-DD>', out.t('cli.opt.to'))
    .option('--uid <uid>', out.t('cli.opt.uid'))
    .option('--type <A|D|P>', out.t('cli.opt.type'))
    .option('--format <format>', out.t('cli.opt.format', { formats: PUNCH_FORMATS.join('|') }), 'table')
    .action((opts: { from?: string; to?: string; uid?: string; type?: string; format: string }) => {
      const format = checkChoice(out, '--format', opts.format, PUNCH_FORMATS);
      const type = opts.type === undefined ? undefined : checkChoice(out, '--type', opts.type.toUpperCase(), ['A', 'D', 'P'] as const);
      const filter = { from: checkDate(out, '--from', opts.from), to: checkDate(out, '--to', opts.to), uid: opts.uid, type };
      withStore(program.opts<GlobalOptions>(), io, out, ({ store, row }) => {
        const total = countPunches(store.db, row.id, filter);
        printStoredPunches(out, queryPunches(store.db, row.id, filter, { limit: total }), format);
      });
    });

  program
    .command('purge')
    .description(out.t('cli.cmd.purge'))
    .option('--before <YYYY-MM-DD>', out.t('cli.opt.before'))
    .option('--yes', out.t('cli.opt.confirm'))
    .action((opts: { before?: string; yes?: boolean }) => {
      const before = checkDate(out, '--before', opts.before);
      withStore(program.opts<GlobalOptions>(), io, out, ({ store, row }) => {
        const today = siteToday(new Date(), siteZone(store.db, row.id));
        if (before && before > earliestAllowedCut(today)) throw new RetentionError(before, earliestAllowedCut(today));
        if (!opts.yes) throw usage(out, 'cli.msg.purgeNeedsYes', { before: before ?? `${Number(today.slice(0, 4)) - retentionYears(store.db, row.id)}${today.slice(4)}` });
        const result = purge(store.db, row.id, today, actor(), before);
        out.line(out.t('cli.msg.purged', { count: result.removed, before: result.before }));
      });
    });

  program
    .command('backup')
    .description(out.t('cli.cmd.backup'))
    .action(async () =>
      withStoreAsync(program.opts<GlobalOptions>(), io, out, async ({ store, row }) => {
        const b = await backupNow(store.db, store.dataDir, siteToday(new Date(), siteZone(store.db, row.id)));
        out.line(out.t('cli.msg.backupDone', { file: b.file }));
      }));

  program
    .command('restore')
    .description(out.t('cli.cmd.restore'))
    .action(() => {
      const dataDir = dataDirOf(program.opts<GlobalOptions>(), io);
      const used = restoreNewestBackup(dataDir, join(dataDir, DATABASE_FILE), new Date().toISOString().replace(/[:.]/g, '-'));
      out.line(out.t('cli.msg.restored', { day: used.day }));
    });
}
