// The night clocks go back, through the CLI as payroll runs it (a child process, a real SQLite file,
// the simulator over loopback): a pause at 02:30 on 25 October 2026 is an anomaly of the month in
// `export --format json`, read the first time; `corrections reading --occurrence 2` says it was the
// second, and the month has an hour more worked and the anomaly settled.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSimulator } from '../../main/core/festime/simulator/server';
import { DEMO_PASSWORD } from '../../main/core/festime/simulator/state';
import { pinCliClock, runCli } from '../helpers/cli';

const NOW = new Date('2026-11-03T10:00:00Z');
// The CLI lives at the simulator's time: its sync window must not drift with the calendar.
pinCliClock(NOW);
const UID = '2530';
const env = { FESTIME_PASSWORD: DEMO_PASSWORD };
let base: string[];
let pauseId: number;
let departureId: number;

beforeAll(async () => {
  const sim = createSimulator({ now: () => NOW });
  const url = await sim.listen();
  const name = 'NUIT Heure';
  sim.addPunch('demo', { uid: UID, type: 'A', at: '2026-10-24T21:00:00', name });
  pauseId = sim.addPunch('demo', { uid: UID, type: 'P', at: '2026-10-25T02:30:00', name }).id;
  sim.addPunch('demo', { uid: UID, type: 'A', at: '2026-10-25T03:00:00', name });
  departureId = sim.addPunch('demo', { uid: UID, type: 'D', at: '2026-10-25T06:00:00', name }).id;
  base = ['--server', url, '--login', 'demo', '--data-dir', mkdtempSync(join(tmpdir(), 'festime-dst-cli-'))];
  expect((await runCli([...base, 'sync'], { env, timeoutMs: 60_000 })).code).toBe(0);
  await sim.close(); // everything below works from the cache alone
}, 90_000);

const october = async () => {
  const r = await runCli([...base, 'export', '--month', '2026-10', '--format', 'json'], { env });
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { uid: string; worked: number; anomalies: number }[]).find((h) => h.uid === UID)!;
};

describe('corrections reading', () => {
  it('the pause at 02:30 counted as an anomaly, read the first time; said to be the second, an hour more worked and none', async () => {
    expect(await october()).toMatchObject({ worked: 8.5, anomalies: 1 });

    const said = await runCli(
      [...base, 'corrections', 'reading', '--id', String(pauseId), '--occurrence', '2', '--comment', 'pause prise après le recul de l’heure'],
      { env },
    );
    expect(said).toMatchObject({ code: 0, stderr: expect.stringMatching(/^Correction n° \d+ enregistrée\.$/m) as unknown });
    expect(await october()).toMatchObject({ worked: 9.5, anomalies: 0 });
    const listed = JSON.parse((await runCli([...base, 'corrections', 'list', '--month', '2026-10'], { env })).stdout) as unknown[];
    expect(listed).toMatchObject([{ kind: 'reading', uid: UID, at: '2026-10-25T02:30:00', punchId: pauseId, occurrence: 2 }]);
  });

  it('a time that happened once is refused, exit 2, saying why', async () => {
    const id = departureId;
    const refused = await runCli([...base, 'corrections', 'reading', '--id', String(id), '--occurrence', '2', '--comment', 'x'], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`Le pointage n° ${id} (2026-10-25T06:00:00) n’est pas dans l’heure répétée quand on recule l’heure`);
  });
});
