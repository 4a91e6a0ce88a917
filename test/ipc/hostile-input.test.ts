// Hostile input changes nothing, at the doors of the window: the dispatcher (Electron IPC) and
// the browser bridge (loopback HTTP) in front of the real handlers, the simulator over loopback.
// A name holding U+202E and an impossible date are refused with the CLI's message; nothing is
// queued, nothing stored, nothing sent to Festime.
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Outcome } from '../../shared/api';
import { translate } from '../../shared/i18n';
import { fieldIssues, holderInputSchema } from '../../shared/validation';
import { createAppService, type AppService } from '../../main/core/app/service';
import { createSimulator, type Simulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { createNodeTransport, type NodeTransport } from '../../main/core/festime/transport';
import { noopLogger } from '../../main/core/log';
import { createKeytarStore } from '../../main/core/secrets';
import { startBridge, type Bridge } from '../../main/bridge/server';
import { createDispatcher, type Dispatch } from '../../main/ipc/dispatcher';

const NOW = new Date('2026-11-25T15:30:00Z');
let sim: Simulator;
let url: string;
let transport: NodeTransport;
let service: AppService;
let dispatch: Dispatch;
let bridge: Bridge;

beforeEach(async () => {
  sim = createSimulator({ now: () => NOW });
  url = await sim.listen();
  transport = createNodeTransport();
  service = createAppService({
    dataDir: mkdtempSync(join(tmpdir(), 'festime-hostile-ipc-')),
    version: 'test',
    credentials: createKeytarStore(),
    transport,
    emit: () => undefined,
    lang: () => 'fr',
    actor: 'gerante',
    logger: noopLogger,
    now: () => NOW,
    deliver: async () => ({ savedTo: null, download: null }),
  });
  dispatch = createDispatcher(service.handlers, () => 'fr');
  bridge = await startBridge({ dispatch });
  expect(await dispatch('accounts/connect', { server: url, login: 'demo', password: DEMO_PASSWORD }, { trusted: true })).toMatchObject({ ok: true });
});
afterEach(async () => {
  await bridge.close();
  await service.close();
  await createKeytarStore().delete(url, 'demo');
  await transport.close();
  await sim.close();
});

/** The browser bridge's door: a POST with the per-launch token, as the renderer's client sends it. */
function overHttp(method: string, input: unknown): Promise<Outcome<unknown>> {
  const { port } = new URL(bridge.origin);
  return new Promise((done, fail) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: `/api/${method}`,
        method: 'POST',
        headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', 'x-festime-token': bridge.token },
      },
      (res) => {
        let body = '';
        res
          .setEncoding('utf8')
          .on('data', (d: string) => (body += d))
          .on('end', () => done(JSON.parse(body) as Outcome<unknown>));
      },
    );
    req.on('error', fail);
    req.end(JSON.stringify(input));
  });
}

const doors: [string, (method: string, input: unknown) => Promise<Outcome<unknown>>][] = [
  ['dispatcher (IPC)', (method, input) => dispatch(method, input, { trusted: true })],
  ['bridge (HTTP)', overHttp],
];

describe.each(doors)('%s', (_door, call) => {
  it('a name holding U+202E is refused, the character named; nothing queued, nothing sent', async () => {
    const sent = sim.requests.length;
    for (const method of ['holders/create', 'holders/edit', 'holders/delete', 'holders/fix']) {
      const nom = await call(method, { uid: '858745632', nom: 'DUPONT\u202e', prenom: 'Mario' });
      expect(nom, method).toEqual({
        ok: false,
        error: {
          code: 'validation.field',
          key: 'errors.validation.forbidden',
          params: { field: 'nom', chars: 'U+202E' },
          message: 'Le champ « Nom » contient un caractère interdit (U+202E).',
        },
      });
      const prenom = await call(method, { uid: '858745632', nom: 'DUPONT', prenom: '\u2067Mario' });
      expect(prenom, method).toMatchObject({ ok: false, error: { message: 'Le champ « Prénom » contient un caractère interdit (U+2067).' } });
    }
    expect(await call('holders/pending', {})).toEqual({ ok: true, value: { queued: [], toCheck: [], toPush: 0 } });
    expect(await call('holders/list', {})).toEqual({ ok: true, value: [] });
    expect(sim.requests.length).toBe(sent);
    expect(sim.account('demo').users.has('858745632')).toBe(false);
  });

  it.each([
    ['2026-11-05T25:61', 'Le champ « Date et heure » doit être une heure HH:MM réelle, de 00:00 à 23:59.'],
    ['2026-02-30T17:00', 'Le champ « Date et heure » doit être une date réelle du calendrier (pas de 30 février ni de 13ᵉ mois).'],
  ])('corrections/add at %s is refused; nothing stored', async (at, message) => {
    const r = await call('corrections/add', { uid: '100200300', type: 'D', at, comment: 'Oubli' });
    expect(r).toMatchObject({ ok: false, error: { code: 'validation.field', params: { field: 'at' }, message } });
    expect(await call('corrections/list', {})).toEqual({ ok: true, value: [] });
  });
});

describe('the window’s form', () => {
  it('checks a name with the same rule and says it with the same words, in French and in English', () => {
    // What renderer/src/screens/Holders.tsx does before sending anything.
    const parsed = holderInputSchema.safeParse({ uid: '858745632', nom: 'DUPONT\u202e', prenom: 'Ma\u200brio' });
    expect(parsed.success).toBe(false);
    const issues = parsed.success ? [] : fieldIssues(parsed.error);
    const say = (lang: 'fr' | 'en') =>
      issues.map((i) => translate(lang, `errors.validation.${i.rule}`, { ...i.params, field: translate(lang, `field.${i.field}`) }));
    expect(say('fr')).toEqual(['Le champ « Nom » contient un caractère interdit (U+202E).', 'Le champ « Prénom » contient un caractère interdit (U+200B).']);
    expect(say('en')).toEqual([
      'The field “Last name” contains a forbidden character (U+202E).',
      'The field “First name” contains a forbidden character (U+200B).',
    ]);
  });
});
