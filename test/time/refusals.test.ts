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
import { API } from '../../shared/api';
import { isoDateSchema, localDateTimeSchema, monthSchema, punchTimeSchema, timeSchema, zoneSettingSchema } from '../../shared/validation';

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

describe('every date, month and time the contract takes is calendar-checked', () => {
  const SHARED = new Map<unknown, string>([
    [isoDateSchema, 'isoDateSchema'],
    [monthSchema, 'monthSchema'],
    [localDateTimeSchema, 'localDateTimeSchema'],
    [punchTimeSchema, 'punchTimeSchema'],
    [timeSchema, 'timeSchema'],
    [zoneSettingSchema, 'zoneSettingSchema'],
  ]);
  /** Field names that hold a day, a month, a time of day or a moment. */
  const DATE_LIKE = /^(day|date|since|from|to|before|after|month|at|time|start|end)$|(Day|Date|Month|At|Start|End|Time|Zone)$/;
  type Node = { def: { type: string; innerType?: Node; shape?: Record<string, Node> }; shape?: Record<string, Node> };

  /** Every field of an input, nested objects included, with optional/default wrappers removed. */
  function fields(schema: Node, path: string, out: [string, Node][]): [string, Node][] {
    let s = schema;
    while (s.def.innerType) s = s.def.innerType;
    if (s.def.type === 'object') for (const [key, child] of Object.entries(s.shape ?? {})) fields(child, path ? `${path}.${key}` : key, out);
    else out.push([path, s]);
    return out;
  }

  it('with the shared time schemas, never a bare string', () => {
    const found: string[] = [];
    for (const [method, spec] of Object.entries(API)) {
      for (const [path, schema] of fields(spec.input as unknown as Node, '', [])) {
        if (!DATE_LIKE.test(path.split('.').at(-1)!)) continue;
        found.push(`${method} ${path} ${SHARED.get(schema) ?? schema.def.type}`);
      }
    }
    // Listed in full: a new date field must be added here, with its shared schema.
    expect(found.sort()).toEqual(
      [
        // The one exception: a backup file to restore from, not a day.
        'backup/restore from string',
        'absences/add from isoDateSchema',
        'absences/add to isoDateSchema',
        'absences/list month monthSchema',
        'employees/set from isoDateSchema',
        'employees/set start isoDateSchema',
        'employees/set end isoDateSchema',
        'corrections/add at localDateTimeSchema',
        'employee/month month monthSchema',
        'corrections/list month monthSchema',
        'month/close month monthSchema',
        'month/reopen month monthSchema',
        'review/list month monthSchema',
        'presence/day day isoDateSchema',
        'punches/fetch day isoDateSchema',
        'punches/fetch since isoDateSchema',
        'punches/query after.at punchTimeSchema',
        'punches/query from isoDateSchema',
        'punches/query to isoDateSchema',
        'retention/purge before isoDateSchema',
        'settings/set rules.nightEnd timeSchema',
        'settings/set rules.nightStart timeSchema',
        'settings/set timeZone zoneSettingSchema',
        'timesheet/day day isoDateSchema',
        'timesheet/export month monthSchema',
        'timesheet/month month monthSchema',
      ].sort(),
    );
  });
});
