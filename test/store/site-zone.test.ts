// The site's zone is asked of the terminals only while it is neither chosen nor known, and once a
// day at most: terminals that report nothing understood do not cost every sync a Festime call.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TerminalInfoReport } from '../../shared/festime';
import { ensureAccount } from '../../main/core/store/accounts';
import { openStore } from '../../main/core/store';
import { putZoneSetting, recordTerminalZone, siteZone, zoneToAsk } from '../../main/core/store/site-zone';

const report = (timeZone: string | null) => ({ accessPoints: [{ timeZone }] }) as unknown as TerminalInfoReport;

describe('asking the terminals for the site’s zone', () => {
  it('once a day while unknown, never once known or chosen', () => {
    const store = openStore(mkdtempSync(join(tmpdir(), 'festime-zone-')));
    const { id } = ensureAccount(store.db, 'https://festime.example.fr', 'site');
    expect(zoneToAsk(store.db, id, '2026-11-29')).toBe(true);
    // The answer said nothing understood: not again today, again tomorrow.
    expect(recordTerminalZone(store.db, id, report('Fuseau inconnu'))).toBeNull();
    expect(zoneToAsk(store.db, id, '2026-11-29')).toBe(false);
    expect(zoneToAsk(store.db, id, '2026-11-30')).toBe(true);
    expect(recordTerminalZone(store.db, id, report('La Réunion'))).toBe('Indian/Reunion');
    expect(zoneToAsk(store.db, id, '2026-12-01')).toBe(false);
    expect(siteZone(store.db, id)).toBe('Indian/Reunion');

    const other = ensureAccount(store.db, 'https://festime.example.fr', 'autre');
    putZoneSetting(store.db, other.id, 'America/Guadeloupe');
    expect(zoneToAsk(store.db, other.id, '2026-11-29')).toBe(false);
    expect(siteZone(store.db, other.id)).toBe('America/Guadeloupe');
    store.close();
  });
});
