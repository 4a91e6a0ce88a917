// The site's zone: what its terminals report, unless one is chosen in Paramètres; France until known.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TerminalInfoReport } from '../../shared/festime';
import { ensureAccount } from '../../main/core/store/accounts';
import { openStore } from '../../main/core/store';
import { putZoneSetting, recordTerminalZone, siteZone } from '../../main/core/store/site-zone';

const report = (timeZone: string | null) => ({ accessPoints: [{ timeZone }] }) as unknown as TerminalInfoReport;

describe('the site’s zone', () => {
  it('follows the terminals once they report one understood; a chosen zone comes first', () => {
    const store = openStore(mkdtempSync(join(tmpdir(), 'festime-zone-')));
    const { id } = ensureAccount(store.db, 'https://festime.example.fr', 'site');
    expect(siteZone(store.db, id)).toBe('Europe/Paris');
    // A report with nothing understood changes nothing.
    expect(recordTerminalZone(store.db, id, report('Fuseau inconnu'))).toBeNull();
    expect(siteZone(store.db, id)).toBe('Europe/Paris');
    expect(recordTerminalZone(store.db, id, report('La Réunion'))).toBe('Indian/Reunion');
    expect(siteZone(store.db, id)).toBe('Indian/Reunion');
    putZoneSetting(store.db, id, 'America/Guadeloupe');
    expect(siteZone(store.db, id)).toBe('America/Guadeloupe');
    putZoneSetting(store.db, id, 'auto');
    expect(siteZone(store.db, id)).toBe('Indian/Reunion');
    store.close();
  });
});
