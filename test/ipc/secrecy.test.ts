// Issue 12, "Secrets stay secret", through the handler table every door uses (as the window's
// status bar gets it): a hostile loopback server echoes the password in every spelling; after
// sync, fetch, holders/create and terminals/info (and a backup), no spelling is in any answer,
// event, log file, table, or byte of the database, its -wal and its backups.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/api';
import { createAppService, type AppService } from '../../main/core/app/service';
import { createNodeTransport, type NodeTransport } from '../../main/core/festime/transport';
import { openFileLogger, type Logger } from '../../main/core/log';
import { createDispatcher } from '../../main/ipc/dispatcher';
import { memoryCredentials } from '../helpers/credentials';
import { ECHO_MODES, HOSTILE_PASSWORDS, leaksIn, leaksInDataDir, startHostileServer, type HostileServer } from '../helpers/hostile';

const trusted = { trusted: true };
const open: { service: AppService; logger: Logger; transport: NodeTransport; server: HostileServer }[] = [];

afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.service.close();
    await o.logger.close();
    await o.transport.close();
    await o.server.close();
  }
});

describe('a server echoing the password it received, through the dispatcher', () => {
  it.each(ECHO_MODES)(
    '%s: for each password, nowhere in answers, events, logs, tables, database bytes or backups',
    async (mode) => {
      const server = await startHostileServer(mode);
      const leaks: string[] = [];
      for (const password of HOSTILE_PASSWORDS) {
        const dataDir = mkdtempSync(join(tmpdir(), 'festime-ipc-secrecy-'));
        const transport = createNodeTransport();
        const logger = openFileLogger(dataDir, { door: 'test' });
        const events: [EventName, unknown][] = [];
        const service = createAppService({
          dataDir,
          version: 'test',
          credentials: memoryCredentials(),
          transport,
          emit: (event, payload) => events.push([event, payload]),
          lang: () => 'fr',
          actor: 'gerante',
          logger,
          client: { timeoutMs: 3_000, longTimeoutMs: 3_000, retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 5 } },
          deliver: async () => ({ savedTo: null, download: '/download/test' }),
        });
        open.push({ service, logger, transport, server });
        const dispatch = createDispatcher(service.handlers, () => 'fr');
        // "Tester la connexion" reads the terminals' report: it fails too, then the account is kept unchecked.
        const checked = await dispatch('accounts/connect', { server: server.url, login: 'demo', password }, trusted);
        expect(checked).toMatchObject({ ok: false });
        const connected = await dispatch('accounts/connect', { server: server.url, login: 'demo', password, check: false }, trusted);
        expect(connected, JSON.stringify(connected)).toMatchObject({ ok: true });
        const answers = [
          await dispatch('sync/run', {}, trusted),
          await dispatch('punches/fetch', {}, trusted),
          await dispatch('holders/create', { uid: '858745632', nom: 'DUPONT', prenom: 'Mario' }, trusted),
          await dispatch('terminals/info', {}, trusted),
          await dispatch('sync/status', {}, trusted),
          await dispatch('holders/pending', {}, trusted),
          await dispatch('backup/now', {}, trusted),
        ];
        // Every call reached the server; every Festime call failed, saying why.
        for (const answer of answers.slice(0, 4)) expect(JSON.stringify(answer)).toMatch(/"ok":false|"state":"ko"|"state":"unknown"|"state":"queued"/);
        expect(answers.at(-1)).toMatchObject({ ok: true });
        const shown = JSON.stringify([checked, ...answers]) + JSON.stringify(events);
        leaks.push(...leaksIn(`${password} answers and events`, shown, password));
        await service.close();
        await logger.close();
        const found = leaksInDataDir(dataDir, password);
        expect(found.files).toContain('festime-desk.sqlite');
        expect(found.files.some((f) => f.startsWith('backups/'))).toBe(true);
        leaks.push(...found.leaks.map((l) => `${password} → ${l}`));
      }
      expect(new Set(server.received)).toEqual(new Set(HOSTILE_PASSWORDS));
      expect(leaks).toEqual([]);
    },
    120_000,
  );
});
