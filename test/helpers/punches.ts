// A punch as the parser gives it, for tests that write the cache directly: the fields a test does
// not care about set to a plausible terminal's.
import type { ParsedPunch } from '../../main/core/festime/punch-parser';

export const parsedPunch = (id: number, uid: string, type: 'A' | 'D' | 'P', at: string, more: Partial<ParsedPunch> = {}): ParsedPunch => ({
  id,
  uid,
  name: `NOM${uid} Prénom`,
  type,
  reasonCode: '0',
  reason: '',
  at,
  terminal: '8798',
  accessPoint: 'Entrée',
  clientId: '7',
  client: 'SITE',
  group: '',
  extra: null,
  ...more,
});
