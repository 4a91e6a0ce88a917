// A lost badge replaced by a new number, for the same person: the new badge created and the old one
// deleted at Festime (the simulator, over loopback HTTP) through the outbox; on a real SQLite file,
// the person's month shows one row with the hours of both badges, their punches are found under the
// new badge, and a closed month keeps its figures.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../main/core/errors';
import { createFestimeClient, type FestimeClient } from '../../main/core/festime/client';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { createNodeTransport, type NodeTransport } from '../../main/core/festime/transport';
import { enqueue, pendingEntries, sendPending } from '../../main/core/holders/outbox';
import { listHolders } from '../../main/core/holders/register';
import { replaceBadge } from '../../main/core/holders/replace';
import { addAbsence, loadEmployment, setEmployee } from '../../main/core/employees/store';
import { ensureAccount } from '../../main/core/store/accounts';
import { openStore, type Store } from '../../main/core/store';
import { countPunches, punchWriter, queryPunches } from '../../main/core/store/punches';
import { closeMonth, recordExport } from '../../main/core/timesheet/corrections';
import { loadHolderDay, loadMonth, monthFigures } from '../../main/core/timesheet/month';
import { parsedPunch } from '../helpers/punches';

const H = 3_600_000;
const OLD = '858745632';
const NEW = '858745700';
const THIRD = '858745801';
const MARIO = { nom: 'DUPONT', prenom: 'Mario', uid: OLD };
const NOW_LOCAL = '2026-11-20T12:00:00';

let sim: Simulator;
let transport: NodeTransport;
let client: FestimeClient;
let store: Store;
let accountId: number;
let nextId = 1;

beforeEach(async () => {
  sim = createSimulator();
  const url = await sim.listen();
  transport = createNodeTransport();
  client = createFestimeClient({
    server: url,
    login: 'demo',
    password: DEMO_PASSWORD,
    transport,
    timeoutMs: 400,
    retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  });
  store = openStore(mkdtempSync(join(tmpdir(), 'festime-replace-')));
  accountId = ensureAccount(store.db, url, 'demo').id;
  // Mario is at Festime and in the register (created from here).
  enqueue(store.db, accountId, 'add', MARIO, 'gerante');
  await sendPending(store.db, accountId, client);
});
afterEach(async () => {
  store.close();
  await transport.close();
  await sim.close();
});

/** A shift on `uid`'s badge: arrival and departure that day. */
const shift = (uid: string, day: string, from: string, to: string) =>
  punchWriter(store.db, accountId).insert(
    [
      parsedPunch(nextId++, uid, 'A', `${day}T${from}:00`, { name: 'DUPONT Mario' }),
      parsedPunch(nextId++, uid, 'D', `${day}T${to}:00`, { name: 'DUPONT Mario' }),
    ],
    '2026-11-20T00:00:00Z',
  );
const month = (m: string) => loadMonth(store.db, accountId, m, { employment: loadEmployment(store.db, accountId, m, NOW_LOCAL) }).sheet;
const marios = (m: string) => month(m).holders.filter((h) => h.nom === 'DUPONT');

describe('replacing a lost badge', () => {
  it('creates the new badge and deletes the old one at Festime; the month shows one row with all the hours', async () => {
    setEmployee(store.db, accountId, { uid: OLD, matricule: 'M042', type: 'part-time', weeklyHours: 28 }, '2026-10-01', 'gerante');
    addAbsence(store.db, accountId, { uid: OLD, from: '2026-10-07', code: 'CP', comment: 'congé' }, 'gerante');
    // October: the old badge until the 6th, the new one from the 15th.
    shift(OLD, '2026-10-05', '08:00', '12:00');
    shift(OLD, '2026-10-06', '08:00', '12:30');
    const before = marios('2026-10');
    expect(before.map((h) => h.uid)).toEqual([OLD]);

    const { add, remove } = replaceBadge(store.db, accountId, OLD, NEW, 'gerante', new Date('2026-10-14T09:00:00Z'));
    // Recorded before anything is sent, the new badge first: the person is never left without one.
    expect(pendingEntries(store.db, accountId).map((e) => [e.op, e.uid, e.nom, e.prenom])).toEqual([
      ['add', NEW, 'DUPONT', 'Mario'],
      ['delete', OLD, 'DUPONT', 'Mario'],
    ]);
    expect([add.op, remove.op]).toEqual(['add', 'delete']);
    const sent = await sendPending(store.db, accountId, client);
    expect(sent.map((r) => [r.entry.op, r.entry.uid, r.entry.state])).toEqual([
      ['add', NEW, 'ok'],
      ['delete', OLD, 'ok'],
    ]);
    expect(sim.account('demo').users.get(NEW)).toEqual({ nom: 'DUPONT', prenom: 'Mario' });
    expect(sim.account('demo').users.has(OLD)).toBe(false);

    shift(NEW, '2026-10-15', '09:00', '17:00');
    shift(NEW, '2026-10-16', '09:00', '13:00');
    // The register: the person once, under the new badge, with the old one noted.
    const listed = listHolders(store.db, accountId).filter((h) => h.nom === 'DUPONT');
    expect(listed.map((h) => [h.uid, h.replaces])).toEqual([[NEW, [OLD]]]);

    // The month: one row, the new badge, 4 + 4.5 + 8 + 4 hours, the contract and the absence followed.
    const rows = marios('2026-10');
    expect(rows).toHaveLength(1);
    const mario = rows[0]!;
    expect(mario.uid).toBe(NEW);
    expect(mario.workedMs).toBe(20.5 * H);
    expect(mario.daysWorked).toBe(4);
    expect(mario.matricule).toBe('M042');
    expect(mario.contractType).toBe('part-time');
    expect(mario.absenceMs.CP).toBeGreaterThan(0);
    expect(monthFigures(month('2026-10')).filter((f) => f.nom === 'DUPONT')).toHaveLength(1);

    // A day on the old badge, opened from the person (their current badge).
    const day = loadHolderDay(store.db, accountId, NEW, '2026-10-06', { employment: loadEmployment(store.db, accountId, '2026-10', NOW_LOCAL) });
    expect(day.punches.map((p) => p.uid)).toEqual([OLD, OLD]);
    expect(day.figures?.workedMs).toBe(4.5 * H);

    // Pointages filtered on the person: both badges' punches, counted alike.
    expect(queryPunches(store.db, accountId, { uid: NEW }, { limit: 100, order: 'asc' }).map((p) => p.uid)).toEqual([OLD, OLD, OLD, OLD, NEW, NEW, NEW, NEW]);
    expect(countPunches(store.db, accountId, { uid: NEW })).toBe(8);
    expect(countPunches(store.db, accountId, { uid: NEW, from: '2026-10-15' })).toBe(4);

    const actions = store.db.prepare("SELECT action, details FROM audit_log WHERE action = 'holder.replace'").all() as { details: string }[];
    expect(JSON.parse(actions[0]!.details)).toMatchObject({ uid: OLD, newUid: NEW });
  });

  it('a closed month keeps its figures: the same hours, the same payroll number, now under the new badge', () => {
    setEmployee(store.db, accountId, { uid: OLD, matricule: 'M042' }, '2026-09-01', 'gerante');
    shift(OLD, '2026-09-07', '08:00', '16:00');
    shift(OLD, '2026-09-08', '08:00', '11:15');
    const closed = monthFigures(month('2026-09')).find((f) => f.uid === OLD)!;
    recordExport(store.db, accountId, '2026-09', 'sept.xlsx', 'gerante');
    closeMonth(store.db, accountId, '2026-09', 'gerante');

    replaceBadge(store.db, accountId, OLD, NEW, 'gerante');
    const after = monthFigures(month('2026-09')).filter((f) => f.nom === 'DUPONT');
    expect(after).toHaveLength(1);
    const { uid: _old, ...figures } = closed;
    const { uid, ...same } = after[0]!;
    expect(uid).toBe(NEW);
    expect(same).toEqual(figures);
    expect(same.worked).toBe(11.25);
  });

  it('a badge replaced twice: one person, three badges, every punch counted once', async () => {
    shift(OLD, '2026-10-05', '08:00', '12:00');
    replaceBadge(store.db, accountId, OLD, NEW, 'gerante');
    shift(NEW, '2026-10-12', '08:00', '14:00');
    replaceBadge(store.db, accountId, NEW, THIRD, 'gerante');
    shift(THIRD, '2026-10-19', '08:00', '10:00');
    expect(pendingEntries(store.db, accountId).map((e) => `${e.op} ${e.uid}`)).toEqual([`add ${NEW}`, `delete ${OLD}`, `add ${THIRD}`, `delete ${NEW}`]);
    await sendPending(store.db, accountId, client);
    expect([...sim.account('demo').users.keys()].filter((u) => [OLD, NEW, THIRD].includes(u))).toEqual([THIRD]);

    expect(
      listHolders(store.db, accountId)
        .filter((h) => h.nom === 'DUPONT')
        .map((h) => [h.uid, h.replaces]),
    ).toEqual([[THIRD, [NEW, OLD]]]);
    const rows = marios('2026-10');
    expect(rows.map((h) => [h.uid, h.workedMs])).toEqual([[THIRD, 12 * H]]);
    const uids = (uid: string) => queryPunches(store.db, accountId, { uid }, { limit: 100, order: 'asc' }).map((p) => p.uid);
    expect(uids(THIRD)).toEqual([OLD, OLD, NEW, NEW, THIRD, THIRD]);
    // The old badge is the same person: its filter reads the whole chain too.
    expect(uids(OLD)).toEqual(uids(THIRD));
  });

  it('Festime refuses the new badge: the old one is not deleted, the person can still badge', async () => {
    // Festime already knows the new number (another person's card this PC never saw).
    sim.account('demo').users.set(NEW, { nom: 'AUTRE', prenom: 'Personne' });
    replaceBadge(store.db, accountId, OLD, NEW, 'gerante', new Date('2026-10-14T09:00:00Z'));
    const sent = await sendPending(store.db, accountId, client);
    expect(sent.map((r) => [r.entry.op, r.entry.uid, r.entry.state])).toEqual([
      ['add', NEW, 'ko'],
      ['delete', OLD, 'cancelled'],
    ]);
    expect(sim.account('demo').users.get(OLD)).toEqual({ nom: 'DUPONT', prenom: 'Mario' });
    expect(sim.account('demo').users.get(NEW)).toEqual({ nom: 'AUTRE', prenom: 'Personne' });
    expect(pendingEntries(store.db, accountId)).toEqual([]);
  });

  it('refuses a bad new number, naming the field, and records nothing', () => {
    enqueue(store.db, accountId, 'add', { nom: 'MARTIN', prenom: 'Élodie', uid: '42' }, 'gerante');
    shift('77', '2026-10-05', '08:00', '12:00');
    const refusal = (newUid: string, uid = OLD) => {
      try {
        replaceBadge(store.db, accountId, uid, newUid, 'gerante');
      } catch (error) {
        if (error instanceof ValidationError) return { rule: error.issues[0]!.rule, fr: error.localized('fr'), en: error.localized('en') };
        throw error;
      }
      throw new Error('accepted');
    };
    expect(refusal('  ')).toMatchObject({ rule: 'required', fr: 'Le champ « Nouveau numéro de badge » est obligatoire.' });
    expect(refusal('12;3')).toMatchObject({ rule: 'forbidden' });
    expect(refusal(OLD)).toMatchObject({ rule: 'sameBadge', en: `The “New badge number” field: ${OLD} is the current number; type the new badge’s.` });
    // Another holder's (a creation still queued), or a badge seen in punches.
    expect(refusal('42').fr).toBe('Le champ « Nouveau numéro de badge » : le badge 42 a déjà servi (Élodie MARTIN) ; tapez le numéro d’un badge neuf.');
    expect(refusal('77')).toMatchObject({ rule: 'badgeInUse' });
    expect(() => replaceBadge(store.db, accountId, '404', NEW, 'gerante')).toThrow(NotFoundError);
    expect(store.db.prepare('SELECT count(*) FROM badge_replacements').pluck().get()).toBe(0);
    expect(pendingEntries(store.db, accountId).map((e) => e.uid)).toEqual(['42']);

    replaceBadge(store.db, accountId, OLD, NEW, 'gerante');
    expect(refusal(THIRD)).toMatchObject({ rule: 'badgeReplaced' });
    expect(refusal(OLD, NEW)).toMatchObject({ rule: 'badgeInUse' });
  });
});
