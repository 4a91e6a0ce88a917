// A legacy server misbehaves: each fault the simulator can inject, on a read (pointage), a write
// (ajouter_utilisateur_dans_festime) and the terminal info, gives the right error with a message
// a site manager understands in French and in English — or, for a windows-1252 answer or one with
// HTML after the data, no error at all and the same data as a clean answer.
import { afterEach, describe, expect, test } from 'vitest';
import { CancelledError, FestimeBadAnswerError, FestimeNetworkError, FestimeTimeoutError, type FestimeDeskError } from '../../main/core/errors';
import type { FestimeClient } from '../../main/core/festime/client';
import { DEMO_LOGIN, DEMO_PASSWORD, caught, closeAll, closedPort, startRig, until, type Rig, type Target } from './harness';

afterEach(closeAll);

const TIMEOUT_MS = 500;
const SLOW_MS = 1_500;
/** A new holder whose name needs windows-1252 to be written. */
const ZOE = { nom: 'LÉVÊQUE-D’ARTOIS', prenom: 'Zoé-Anaïs', uid: '424242' } as const;

const TARGETS: Target[] = [
  {
    name: 'pointage (read)',
    fonction: 'pointage',
    write: false,
    run: async (c, signal) => {
      const answer = await c.pointage({ since: '2026-03-09', signal });
      return { legend: answer.legend, punches: answer.punches.toArray() };
    },
  },
  {
    name: 'ajouter_utilisateur_dans_festime (write)',
    fonction: 'ajouter_utilisateur_dans_festime',
    write: true,
    run: (c, signal) => c.addHolder(ZOE, { signal }),
  },
  { name: 'global_get_infos_iot (read)', fonction: 'global_get_infos_iot', write: false, run: (c, signal) => c.terminalInfo({ signal }) },
];

function shortClient(rig: Rig, overrides: Parameters<Rig['client']>[0] = {}): FestimeClient {
  return rig.client({ timeoutMs: TIMEOUT_MS, longTimeoutMs: TIMEOUT_MS, ...overrides });
}

/**
 * For a fault that is not a timeout: a budget no loaded machine runs out of (a read's retries all
 * fit in its timeout, and half a second is short when every core is busy).
 */
function roomyClient(rig: Rig): FestimeClient {
  return rig.client({ timeoutMs: 10_000, longTimeoutMs: 10_000 });
}

/** A message a site manager can read: in the right language, about Festime, without internals. */
function expectUnderstandable(error: FestimeDeskError, fr: RegExp, en: RegExp): void {
  const french = error.localized('fr');
  const english = error.localized('en');
  expect(french).toMatch(fr);
  expect(english).toMatch(en);
  expect(french).not.toBe(english);
  for (const text of [french, english]) {
    expect(text).toMatch(/Festime/);
    expect(text).not.toMatch(/\{\{|undefined|null|NaN|\[object|Error\b|ECONN|UND_ERR|fetch failed|terminated|https?:\/\/|webapi\.aspx/);
  }
  expect(error.message).toBe(english);
}

const requestsFor = (rig: Rig, fonction: string) => rig.sim.requests.filter((r) => r.fonction === fonction).length;

describe.each(TARGETS)('$name', (target) => {
  /** Reads are retried (3 attempts in the policy), writes are sent once. */
  const attempts = target.write ? 1 : 3;

  test('slower than the client’s timeout → FestimeTimeoutError, not tried again; for a write the outcome is unknown', async () => {
    const rig = await startRig();
    rig.sim.setFaults([{ kind: 'slow', fonction: target.fonction, delayMs: SLOW_MS }]);
    const started = Date.now();
    const error = await caught(target.run(shortClient(rig)), FestimeTimeoutError);
    // One wait of the timeout, not one per attempt (a read's budget is its timeout, retries included).
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 400);
    expect(error.code).toBe('network.timeout');
    expect(error.outcomeUnknown).toBe(target.write);
    expect(requestsFor(rig, target.fonction)).toBe(1);
    expectUnderstandable(error, /n’a pas répondu en 1 s\./, /did not answer within 1 s\./);
    if (target.write) {
      expect(error.localized('fr')).toMatch(/peut-être été faite/);
      expect(error.localized('en')).toMatch(/may have been made/);
      // True to life: the slow server did apply it after the client gave up.
      expect(await until(() => rig.sim.account(DEMO_LOGIN).users.has(ZOE.uid), SLOW_MS + 1_000)).toBe(true);
    } else {
      expect(error.localized('fr')).not.toMatch(/peut-être/);
    }
  });

  test('HTTP 500 error page → FestimeBadAnswerError http-status', async () => {
    const rig = await startRig();
    rig.sim.setFaults([{ kind: 'http500', fonction: target.fonction }]);
    const error = await caught(target.run(roomyClient(rig)), FestimeBadAnswerError);
    expect(error.kind).toBe('http-status');
    expect(error.httpStatus).toBe(500);
    expect(requestsFor(rig, target.fonction)).toBe(attempts);
    expectUnderstandable(error, /erreur HTTP 500/, /HTTP error 500/);
  });

  test('an HTML page instead of data → FestimeBadAnswerError html, without the page’s words (its title could quote the password)', async () => {
    const rig = await startRig();
    rig.sim.setFaults([{ kind: 'html', fonction: target.fonction }]);
    const error = await caught(target.run(roomyClient(rig)), FestimeBadAnswerError);
    expect(error.kind).toBe('html');
    expect(requestsFor(rig, target.fonction)).toBe(1);
    expectUnderstandable(error, /page web au lieu des données/, /web page instead of the expected data/);
    expect(error.localized('fr')).not.toContain('Maintenance en cours');
    expect(error.params).toEqual({});
  });

  test('an answer cut short → FestimeBadAnswerError truncated', async () => {
    const rig = await startRig();
    rig.sim.setFaults([{ kind: 'truncated', fonction: target.fonction }]);
    const error = await caught(target.run(roomyClient(rig)), FestimeBadAnswerError);
    expect(error.kind).toBe('truncated');
    expect(requestsFor(rig, target.fonction)).toBe(attempts);
    expectUnderstandable(error, /coupée avant la fin/, /cut short/);
  });

  test('a dropped connection → FestimeNetworkError dropped', async () => {
    const rig = await startRig();
    rig.sim.setFaults([{ kind: 'drop', fonction: target.fonction }]);
    const error = await caught(target.run(roomyClient(rig)), FestimeNetworkError);
    expect(error.failure).toBe('dropped');
    expect(error.code).toBe('network.dropped');
    expect(requestsFor(rig, target.fonction)).toBe(attempts);
    expectUnderstandable(error, /coupée avant la réponse/, /lost before the answer/);
    expect(error.localized('fr')).toContain(new URL(rig.url).host);
    // The request reached Festime before the line went: for a write nobody knows if it was applied.
    expect(error.outcomeUnknown).toBe(target.write);
    expect(error.localized('fr').includes('peut-être été faite')).toBe(target.write);
  });

  test('an empty answer → FestimeBadAnswerError empty', async () => {
    const rig = await startRig();
    rig.sim.setFaults([{ kind: 'empty', fonction: target.fonction }]);
    const error = await caught(target.run(roomyClient(rig)), FestimeBadAnswerError);
    expect(error.kind).toBe('empty');
    expect(requestsFor(rig, target.fonction)).toBe(1);
    expectUnderstandable(error, /réponse vide/, /empty answer/);
  });

  test.each(['cp1252', 'trailing-html'] as const)('%s is not an error: the same data, accents intact', async (kind) => {
    const rig = await startRig();
    const client = shortClient(rig);
    const clean = target.write
      ? { ok: true, text: 'Utilisateur ajouté dans Festime', remark: 'LÉVÊQUE-D’ARTOIS / Zoé-Anaïs / 424242' }
      : await target.run(client);
    rig.sim.setFaults([{ kind, fonction: target.fonction }]);
    expect(await target.run(client)).toEqual(clean);
    expect(requestsFor(rig, target.fonction)).toBe(target.write ? 1 : 2);
    if (target.fonction === 'pointage') {
      const names = new Set((clean as { punches: { name: string }[] }).punches.map((p) => p.name));
      expect(names).toContain('LEFÈVRE Sébastien');
      expect(names).toContain('D’ARTOIS Jean-Noël');
    }
    if (target.fonction === 'global_get_infos_iot') {
      expect((clean as { accessPoints: { accessPoint: string }[] }).accessPoints[0]!.accessPoint).toBe('Entrée atelier - Melun');
    }
  });
});

describe('the faults the client tolerates are real', () => {
  async function rawAnswer(rig: Rig, kind: 'cp1252' | 'trailing-html') {
    rig.sim.setFaults([{ kind, fonction: 'pointage' }]);
    const query = new URLSearchParams({ login: DEMO_LOGIN, password: DEMO_PASSWORD, fonction: 'pointage', date: '09/03/2026' });
    const response = await fetch(`${rig.url}/webapi.aspx?${query}`);
    return { contentType: response.headers.get('content-type'), bytes: new Uint8Array(await response.arrayBuffer()) };
  }

  test('cp1252: the bytes are windows-1252, not UTF-8, and no charset is declared', async () => {
    const rig = await startRig();
    const { contentType, bytes } = await rawAnswer(rig, 'cp1252');
    expect(contentType).toBe('text/html');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(bytes).toContain(0xc8); // È
    expect(bytes).toContain(0x92); // ’
  });

  test('trailing-html: an ASP.NET page follows the data', async () => {
    const rig = await startRig();
    const { bytes } = await rawAnswer(rig, 'trailing-html');
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith('id_client;client;')).toBe(true);
    expect(text).toMatch(/<html[^>]*>[\s\S]*<\/html>\s*$/);
  });
});

describe('no server at all', () => {
  test.each(TARGETS)('a closed port → FestimeNetworkError unreachable ($name)', async (target) => {
    const rig = await startRig();
    const port = await closedPort();
    const error = await caught(target.run(shortClient(rig, { server: `http://127.0.0.1:${port}` })), FestimeNetworkError);
    expect(error.failure).toBe('unreachable');
    expect(error.code).toBe('network.unreachable');
    expect(rig.events.map((e) => e.attempt)).toEqual(target.write ? [1] : [1, 2, 3]);
    expectUnderstandable(error, /Impossible de joindre le serveur Festime \(127\.0\.0\.1:\d+\)/, /Cannot reach the Festime server/);
  });
});

describe('a write whose answer is cut short', () => {
  test('Festime may have applied it: the error must not tell the user that nothing was saved', async () => {
    const rig = await startRig();
    rig.sim.setFaults([{ kind: 'truncated', fonction: 'ajouter_utilisateur_dans_festime' }]);
    const error = await caught(shortClient(rig).addHolder(ZOE), FestimeBadAnswerError);
    expect(error.kind).toBe('truncated');
    // The server did add the holder before its answer was cut.
    expect(rig.sim.account(DEMO_LOGIN).users.get(ZOE.uid)).toEqual({ nom: ZOE.nom, prenom: ZOE.prenom });
    expect((error as FestimeBadAnswerError & { outcomeUnknown?: boolean }).outcomeUnknown).toBe(true);
    expect(error.localized('fr')).not.toMatch(/Rien n’a été enregistré/);
    expect(error.localized('en')).not.toMatch(/Nothing was saved/);
    expect(error.localized('fr')).toMatch(/peut-être/);
    expect(error.localized('en')).toMatch(/may have/);
  });
});

describe('cancellation', () => {
  test.each(TARGETS)('aborting during a slow answer → CancelledError at once ($name)', async (target) => {
    const rig = await startRig();
    rig.sim.setFaults([{ kind: 'slow', fonction: target.fonction, delayMs: 3_000 }]);
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    const error = await caught(target.run(rig.client(), controller.signal), CancelledError);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error.code).toBe('cancelled');
    if (target.write) {
      // Sent, then cancelled: Festime may have applied it, and the user is told to check.
      expect(error.outcomeUnknown).toBe(true);
      expect(error.localized('fr')).toMatch(/^Opération annulée après l’envoi : la modification a peut-être été faite/);
      expect(error.localized('en')).toMatch(/^Cancelled after sending: the change may have been made/);
    } else {
      expect(error.outcomeUnknown).toBe(false);
      expect(error.localized('fr')).toBe('Opération annulée.');
      expect(error.localized('en')).toBe('Cancelled.');
    }
    expect(requestsFor(rig, target.fonction)).toBe(1);
  });

  test('a signal already aborted sends nothing', async () => {
    const rig = await startRig();
    const client = rig.client();
    for (const target of TARGETS) await caught(target.run(client, AbortSignal.abort()), CancelledError);
    expect(rig.sim.requests).toEqual([]);
  });

  test('aborting while waiting to retry a read stops at once, without another attempt', async () => {
    const rig = await startRig();
    rig.sim.setFaults([{ kind: 'http500', fonction: 'pointage' }]);
    // A read's budget that leaves room for the pause before the retry.
    const client = rig.client({ timeoutMs: 30_000, retry: { attempts: 3, baseDelayMs: 5_000, maxDelayMs: 5_000 } });
    const controller = new AbortController();
    const started = Date.now();
    const pending = client.pointage({ signal: controller.signal });
    expect(await until(() => rig.events.length === 1, 2_000)).toBe(true);
    controller.abort();
    await caught(pending, CancelledError);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(rig.sim.requests).toHaveLength(1);
  });
});
