// The clock of the processes a test starts. libfaketime moves a child's clock (the CLI has none to
// inject): `pinCliClock` makes every CLI a test file starts live at its simulator's "now", and under
// `npm run test:dates` the suite's own faked date reaches every child (LD_PRELOAD, FAKETIME_*).
import { existsSync } from 'node:fs';

export const FAKETIME_LIB = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';

/** The faketime variables of this process (set by `npm run test:dates`), to hand to a child. */
export function inheritedClockEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => name === 'LD_PRELOAD' || name.startsWith('FAKETIME')));
}

/** The variables that start a child's clock at `at` (then running as usual). */
export function clockEnvAt(at: Date): NodeJS.ProcessEnv {
  if (!existsSync(FAKETIME_LIB)) throw new Error(`libfaketime is needed to pin a child's clock (apt-get install faketime): ${FAKETIME_LIB}`);
  const stamp = at.toISOString().slice(0, 19).replace('T', ' ');
  // TZ=UTC: faketime reads the stamp in the child's zone; the app takes its days in the site's zone anyway.
  return { LD_PRELOAD: FAKETIME_LIB, FAKETIME: `@${stamp}`, FAKETIME_DONT_FAKE_MONOTONIC: '1', FAKETIME_DONT_RESET: '1', TZ: 'UTC' };
}
