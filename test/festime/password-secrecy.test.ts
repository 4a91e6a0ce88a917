// The Festime password travels in the query string, so every way a call can fail is a way it
// could leak. For each error path — every injected fault, no server, a timeout, a KO, refused
// input, a bad server address, a redirect, a cancel — the password, raw or URL-encoded, must
// appear nowhere a user, a log or a crash report could see it; nor in the client's call events.
// Festime's own text that echoes the password is shown masked ("••••").
import { inspect } from 'node:util';
import { afterEach, describe, expect, test } from 'vitest';
import {
  CancelledError,
  FestimeBadAnswerError,
  FestimeDeskError,
  FestimeNetworkError,
  FestimeRefusedError,
  FestimeTimeoutError,
  ServerAddressError,
  ValidationError,
  toAppError,
} from '../../main/core/errors';
import type { CallEvent, FestimeClient } from '../../main/core/festime/client';
import type { FaultKind } from '../../main/core/festime/simulator/server';
import { DEMO_LOGIN, DEMO_PASSWORD, MARIO, caught, closeAll, closedPort, startRig, thrown, tinyServer, type Rig, type Target } from './harness';

afterEach(closeAll);

/** Every form the password could take in a URL or a log. */
function secretForms(password: string): { form: string; label: string }[] {
  return [
    { form: password, label: 'raw' },
    { form: encodeURIComponent(password), label: 'encodeURIComponent' },
    { form: new URLSearchParams({ p: password }).toString().slice(2), label: 'form-urlencoded' },
    { form: encodeURI(password), label: 'encodeURI' },
  ];
}

/** Everything of an error that could end up on a screen, in a log or in a crash report. */
function exposures(error: unknown): Record<string, string> {
  const out: Record<string, string> = {
    'String(error)': String(error),
    'JSON.stringify(error)': JSON.stringify(error) ?? '',
    'util.inspect(error)': inspect(error, { depth: 10, showHidden: true }),
    "toAppError(error, 'fr')": JSON.stringify(toAppError(error, 'fr')),
    "toAppError(error, 'en')": JSON.stringify(toAppError(error, 'en')),
  };
  if (error instanceof Error) {
    out['error.message'] = error.message;
    out['error.stack'] = error.stack ?? '';
  }
  if (error instanceof FestimeDeskError) {
    out["localized('fr')"] = error.localized('fr');
    out["localized('en')"] = error.localized('en');
    out["error.toAppError('fr')"] = JSON.stringify(error.toAppError('fr'));
    out["error.toAppError('en')"] = JSON.stringify(error.toAppError('en'));
  }
  return out;
}

function expectNoSecret(error: unknown, password = DEMO_PASSWORD): void {
  expect(error).toBeInstanceOf(FestimeDeskError);
  const leaks: string[] = [];
  for (const [where, text] of Object.entries(exposures(error))) {
    for (const { form, label } of secretForms(password)) if (text.includes(form)) leaks.push(`${where} holds the password (${label})`);
  }
  expect(leaks).toEqual([]);
}

function expectNoSecretInEvents(events: CallEvent[], password = DEMO_PASSWORD): void {
  const text = JSON.stringify(events) + inspect(events, { depth: 10, showHidden: true });
  for (const { form, label } of secretForms(password)) expect(text.includes(form), `an onCall event holds the password (${label})`).toBe(false);
  for (const event of events) {
    for (const key of Object.keys(event)) expect(['fonction', 'attempt', 'ms', 'outcome', 'errorCode']).toContain(key);
  }
}

/** The query a request was sent with, as the server received it. */
function passwordOf(url: string): string {
  return new URL(url, 'http://x').searchParams.get('password') ?? '';
}

/** The part of the raw query string that carries the password, as it travelled. */
function rawPasswordOf(url: string): string {
  return /[?&]password=([^&]*)/.exec(url)?.[1] ?? '';
}

const TARGETS: Target[] = [
  { name: 'pointage', fonction: 'pointage', write: false, run: (c, signal) => c.pointage({ day: '2026-03-10', signal }) },
  { name: 'addHolder', fonction: 'ajouter_utilisateur_dans_festime', write: true, run: (c, signal) => c.addHolder(MARIO, { signal }) },
  { name: 'pushUsers', fonction: 'global_transfert_to_iot_utilisateurs', write: true, run: (c, signal) => c.pushUsers({ signal }) },
  { name: 'terminalInfo', fonction: 'global_get_infos_iot', write: false, run: (c, signal) => c.terminalInfo({ signal }) },
];

const FAULTS: { kind: FaultKind; type: abstract new (...args: never[]) => FestimeDeskError }[] = [
  { kind: 'slow', type: FestimeTimeoutError },
  { kind: 'http500', type: FestimeBadAnswerError },
  { kind: 'html', type: FestimeBadAnswerError },
  { kind: 'truncated', type: FestimeBadAnswerError },
  { kind: 'drop', type: FestimeNetworkError },
  { kind: 'empty', type: FestimeBadAnswerError },
];

function shortClient(rig: Rig, overrides: Parameters<Rig['client']>[0] = {}): FestimeClient {
  return rig.client({ timeoutMs: 300, longTimeoutMs: 300, ...overrides });
}

describe.each(FAULTS)('fault $kind', ({ kind, type }) => {
  test.each(TARGETS)('on $name: no password in the error or the events', async (target) => {
    const rig = await startRig();
    rig.sim.setFaults([{ kind, fonction: target.fonction, delayMs: 1_000 }]);
    const error = await caught(target.run(shortClient(rig)), type);
    expectNoSecret(error);
    expect(rig.events.length).toBeGreaterThan(0);
    expectNoSecretInEvents(rig.events);
  });
});

describe('no server, a timeout, a cancel', () => {
  test.each(TARGETS)('unreachable port on $name', async (target) => {
    const rig = await startRig();
    const port = await closedPort();
    const error = await caught(target.run(shortClient(rig, { server: `http://127.0.0.1:${port}` })), FestimeNetworkError);
    expectNoSecret(error);
    expectNoSecretInEvents(rig.events);
  });

  test.each(TARGETS)('cancelled during a slow answer on $name', async (target) => {
    const rig = await startRig();
    rig.sim.setFaults([{ kind: 'slow', fonction: target.fonction, delayMs: 2_000 }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await caught(target.run(rig.client(), controller.signal), CancelledError);
    expectNoSecret(error);
    expectNoSecretInEvents(rig.events);
  });
});

describe('Festime says KO', () => {
  test.each(TARGETS)('wrong password on $name', async (target) => {
    const wrong = 'Wrong&Pass+1 é$';
    const rig = await startRig();
    const error = await caught(target.run(rig.client({ password: wrong })), FestimeRefusedError);
    expectNoSecret(error, wrong);
    expectNoSecretInEvents(rig.events, wrong);
  });

  test('adding an existing uid', async () => {
    const rig = await startRig();
    const client = rig.client();
    await client.addHolder(MARIO);
    expectNoSecret(await caught(client.addHolder(MARIO), FestimeRefusedError));
    expectNoSecretInEvents(rig.events);
  });

  test('Festime’s own text that echoes the password is masked, in OK and KO answers', async () => {
    const rig = await startRig();
    const client = rig.client();
    // A name that happens to be the password: Festime echoes it in its remark.
    const holder = { nom: 'SECRET', prenom: DEMO_PASSWORD, uid: '31337' };
    const ok = await client.addHolder(holder);
    expect(ok).toEqual({ ok: true, text: 'Utilisateur ajouté dans Festime', remark: 'SECRET / •••• / 31337' });

    const duplicate = await caught(client.addHolder(holder), FestimeRefusedError);
    expect(duplicate.festimeText).toBe('Utilisateur non ajouté dans Festime - UID fourni existe déjà!SECRET / •••• / 31337');
    expectNoSecret(duplicate);

    const unknown = await caught(client.editHolder({ nom: DEMO_PASSWORD, prenom: 'X', uid: '404' }), FestimeRefusedError);
    expect(unknown.festimeText).toContain('•••• / X / 404');
    expectNoSecret(unknown);
    expectNoSecretInEvents(rig.events);
  });

  describe('a server whose KO line echoes the password it received', () => {
    test.each(TARGETS)('on $name: Festime’s text is kept, the password masked', async (target) => {
      const rig = await startRig();
      const echo = await tinyServer((req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(`KO;Mot de passe refusé : ${passwordOf(req.url ?? '')};reçu ${rawPasswordOf(req.url ?? '')}`);
      });
      const error = await caught(target.run(rig.client({ server: echo.url })), FestimeRefusedError);
      expect(echo.hits.map(passwordOf)).toEqual([DEMO_PASSWORD]);
      expect(error.festimeText).toBe('Mot de passe refusé : ••••');
      expect(error.festimeRemark).toBe('reçu ••••');
      expectNoSecret(error);
      expectNoSecretInEvents(rig.events);
    });

    test.each(TARGETS)('with an HTTP 500 status on $name', async (target) => {
      const rig = await startRig();
      const echo = await tinyServer((req, res) => {
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(`KO;Erreur interne pour ${passwordOf(req.url ?? '')};`);
      });
      const error = await caught(target.run(rig.client({ server: echo.url })), FestimeRefusedError);
      expect(error.festimeText).toBe('Erreur interne pour ••••');
      expectNoSecret(error);
    });
  });
});

describe('a server error text that echoes the password', () => {
  test.each(TARGETS)('plain text quoting the query, on $name', async (target) => {
    const rig = await startRig();
    const echo = await tinyServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Erreur : password=${rawPasswordOf(req.url ?? '')} invalide`);
    });
    const error = await caught(target.run(rig.client({ server: echo.url, retry: { attempts: 1, baseDelayMs: 5, maxDelayMs: 5 } })), FestimeBadAnswerError);
    expect(echo.hits).toHaveLength(1);
    expectNoSecret(error);
  });

  test.each(TARGETS)('an HTML error page whose title holds it, on $name', async (target) => {
    const rig = await startRig();
    const echo = await tinyServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!DOCTYPE html><html><head><title>Erreur ${passwordOf(req.url ?? '')}</title></head><body></body></html>`);
    });
    const error = await caught(target.run(rig.client({ server: echo.url })), FestimeBadAnswerError);
    expect(error.kind).toBe('html');
    expectNoSecret(error);
  });
});

describe('input refused before sending', () => {
  test.each([
    ['a name holding the password and a “;”', { ...MARIO, nom: `${DEMO_PASSWORD};` }],
    ['a first name made of the password, too long', { ...MARIO, prenom: DEMO_PASSWORD.repeat(5) }],
    ['a uid holding the password and a line break', { ...MARIO, uid: `${DEMO_PASSWORD}\n1` }],
    ['a uid made of the password, too long', { ...MARIO, uid: DEMO_PASSWORD.repeat(3) }],
  ])('%s', async (_label, holder) => {
    const rig = await startRig();
    const client = rig.client();
    for (const call of [client.addHolder, client.editHolder, client.deleteHolder]) expectNoSecret(await caught(call(holder), ValidationError));
    expect(rig.sim.requests).toEqual([]);
  });
});

describe('a bad server address', () => {
  const encoded = encodeURIComponent(DEMO_PASSWORD);
  test.each([
    ['plain http to a remote host', 'http://festime.mytiming.fr'],
    ['credentials in the URL (encoded)', `https://${DEMO_LOGIN}:${encoded}@festime.mytiming.fr`],
    ['credentials in the URL (as typed)', `https://${DEMO_LOGIN}:${DEMO_PASSWORD}@festime.mytiming.fr`],
    [
      'the specification’s example URL pasted whole (encoded)',
      `https://festime.mytiming.fr/webapi.aspx?login=${DEMO_LOGIN}&password=${encoded}&fonction=pointage`,
    ],
    [
      'the specification’s example URL pasted whole (as typed)',
      `https://festime.mytiming.fr/webapi.aspx?login=${DEMO_LOGIN}&password=${DEMO_PASSWORD}&fonction=pointage`,
    ],
    ['an address without scheme holding the password', `festime.mytiming.fr/webapi.aspx?password=${DEMO_PASSWORD}`],
  ])('%s', async (_label, server) => {
    const rig = await startRig();
    expectNoSecret(thrown(() => rig.client({ server }), ServerAddressError));
  });
});

describe('a redirect', () => {
  test.each(TARGETS)('is refused on $name: the Location target receives nothing', async (target) => {
    const rig = await startRig();
    const elsewhere = await tinyServer((_req, res) => res.end('OK;;'));
    const redirecting = await tinyServer((req, res) => {
      res.writeHead(302, { Location: `${elsewhere.url}${req.url ?? '/'}` });
      res.end();
    });
    const error = await caught(target.run(rig.client({ server: redirecting.url })), FestimeBadAnswerError);
    expect(error.kind).toBe('redirect');
    expect(error.localized('fr')).toMatch(/rediriger/);
    expect(error.localized('en')).toMatch(/redirect/);
    expect(redirecting.hits.map(passwordOf)).toEqual([DEMO_PASSWORD]);
    expect(elsewhere.hits).toEqual([]);
    expectNoSecret(error);
    expectNoSecretInEvents(rig.events);
  });
});

test('the onCall events of a whole session, successes and failures, never hold the password', async () => {
  const rig = await startRig();
  const client = rig.client({ timeoutMs: 300 });
  await client.pointage();
  await client.pointage({ since: '2026-03-01' });
  await client.addHolder(MARIO);
  await client.editHolder({ ...MARIO, prenom: DEMO_PASSWORD });
  await client.pushUsers();
  await client.pushReasons();
  await client.terminalInfo();
  await caught(client.addHolder(MARIO), FestimeRefusedError);
  rig.sim.setFaults([{ kind: 'http500', fonction: 'pointage', times: 1 }]);
  await client.pointage();
  rig.sim.setFaults([{ kind: 'drop', fonction: 'global_vider_iot' }]);
  await caught(client.emptyTerminals(), FestimeNetworkError);
  await client.deleteHolder(MARIO);
  expect(rig.events.length).toBe(12);
  expect(rig.events.filter((e) => e.outcome === 'error').map((e) => [e.fonction, e.errorCode])).toEqual([
    ['ajouter_utilisateur_dans_festime', 'festime.refused'],
    ['pointage', 'festime.bad-answer'],
    ['global_vider_iot', 'network.dropped'],
  ]);
  expectNoSecretInEvents(rig.events);
});
