// 30 February and 25:61 are refused at every door, as a validation error the app translates,
// never as an "unexpected error" when the month is computed: the contract, the core, the month.
import { noopLogger } from '../../main/core/log';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppService, type AppService } from '../../main/core/app/service';
import { ValidationError } from '../../main/core/errors';
import { createNodeTransport, type NodeTransport } from '../../main/core/festime/transport';
import { memoryCredentials } from '../helpers/credentials';
import { openStore } from '../../main/core/store';
import { ensureAccount } from '../../main/core/store/accounts';
import { addPunch } from '../../main/core/timesheet/corrections';
import { loadMonth } from '../../main/core/timesheet/month';
import { createDispatcher, type Dispatch } from '../../main/ipc/dispatcher';
import { thrown } from '../festime/harness';

describe('the contract refuses impossible dates and times', () => {
  let transport: NodeTransport;
  let service: AppService;
  let dispatch: Dispatch;
  beforeEach(() => {
    transport = createNodeTransport();
    service = createAppService({
      dataDir: mkdtempSync(join(tmpdir(), 'festime-dates-')),
      version: 'test',
      credentials: memoryCredentials(),
      transport,
      emit: () => undefined,
      lang: () => 'fr',
      actor: 'paie',
      logger: noopLogger,
      deliver: async () => ({ savedTo: null, download: null }),
    });
    dispatch = createDispatcher(service.handlers, () => 'fr');
  });
  afterEach(async () => {
    await service.close();
    await transport.close();
  });

  it.each([
    ['corrections/add', { uid: '100200300', type: 'D', at: '2026-02-30T10:00', comment: 'Oubli' }, 'at', 'date', 'date réelle du calendrier'],
    ['corrections/add', { uid: '100200300', type: 'D', at: '2026-03-01T25:61', comment: 'Oubli' }, 'at', 'time', 'heure HH:MM réelle'],
    ['timesheet/month', { month: '2026-13' }, 'month', 'date', 'date réelle du calendrier'],
    ['timesheet/export', { month: '2026-13' }, 'month', 'date', 'date réelle du calendrier'],
    ['punches/query', { from: '2026-02-30' }, 'from', 'date', 'date réelle du calendrier'],
    ['timesheet/day', { uid: '1', day: '2026-04-31' }, 'day', 'date', 'date réelle du calendrier'],
    ['settings/set', { rules: { nightStart: '25:00' } }, 'rules', 'time', 'heure HH:MM réelle'],
    ['settings/set', { timeZone: 'Mars' }, 'timeZone', 'zone', 'fuseau horaire connu'],
  ])('%s %j → validation.field (%s: %s)', async (method, input, field, rule, words) => {
    const r = await dispatch(method, input, { trusted: true });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('validation.field');
    expect(r.error.key).toBe(`errors.validation.${rule}`);
    expect(r.error.params.field).toBe(field);
    expect(r.error.message).toContain(words);
    expect(r.error.message).not.toMatch(/RangeError|inattendue/);
  });
});

describe('the core refuses them too', () => {
  it('addPunch: a ValidationError naming the wrong part, never a RangeError; nothing saved', () => {
    const store = openStore(mkdtempSync(join(tmpdir(), 'festime-dates-')));
    const a = ensureAccount(store.db, 'https://x.test', 'c').id;
    const add = (at: string) => () => addPunch(store.db, a, { uid: '10', type: 'D', at, comment: 'oubli' }, 'paie');
    for (const [at, rule] of [
      ['2026-02-30T10:00', 'date'],
      ['2026-13-01T10:00', 'date'],
      ['2026-03-01T25:61', 'time'],
      ['2026-03-01T17:61', 'time'],
      ['2026-03-01T10:00:60', 'time'],
      ['hier', 'date'],
    ] as const) {
      expect(thrown(add(at), ValidationError).issues).toEqual([{ field: 'at', rule, params: {} }]);
    }
    expect(store.db.prepare('SELECT count(*) FROM corrections').pluck().get()).toBe(0);
    expect(add('2026-03-01T23:59')()).toBeGreaterThan(0);
    store.close();
  });

  it('a correction saved before the checks with an impossible time no longer breaks the month', () => {
    const store = openStore(mkdtempSync(join(tmpdir(), 'festime-dates-')));
    const a = ensureAccount(store.db, 'https://x.test', 'c').id;
    store.db
      .prepare(
        `INSERT INTO corrections (account_id, kind, uid, type, at, reason_code, comment, created_by, created_at) VALUES (?, 'add', '10', 'D', '2026-02-30T10:00:00', '', 'x', 'paie', '2026-03-01T00:00:00Z')`,
      )
      .run(a);
    expect(() => loadMonth(store.db, a, '2026-02')).not.toThrow();
    expect(() => loadMonth(store.db, a, '2026-03')).not.toThrow();
    store.close();
  });
});
