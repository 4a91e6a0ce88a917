// The site's time zone, per account: what its terminals report (saved whenever a terminal report is
// read), or what the user chose instead, else France. Punches carry the terminals' wall-clock time,
// so every day cut and every "today" of the account is taken in this zone.
import type { Database } from 'better-sqlite3';
import type { TerminalInfoReport } from '../../../shared/festime';
import { DEFAULT_SITE_ZONE, knownZone, zoneFromTerminal } from '../../../shared/time';
import { accountScope, getSetting, putSetting, setSetting } from './accounts';

const DETECTED = 'site-zone-detected';
const OVERRIDE = 'site-zone';

/** The zone the terminals reported last, if any was understood. */
export function detectedZone(db: Database, accountId: number): string | null {
  const saved = getSetting(db, accountScope(accountId), DETECTED);
  return saved ? knownZone(saved) : null;
}

/**
 * Saves the zone a terminal report gives. Access points are taken in Festime's order, the first
 * one whose zone is understood wins; a report with none understood changes nothing.
 */
export function recordTerminalZone(db: Database, accountId: number, report: TerminalInfoReport): string | null {
  const zone = report.accessPoints.map((ap) => (ap.timeZone ? zoneFromTerminal(ap.timeZone) : null)).find((z) => z !== null) ?? null;
  if (zone && zone !== getSetting(db, accountScope(accountId), DETECTED)) setSetting(db, accountScope(accountId), DETECTED, zone);
  return zone;
}

/** The user's choice: 'auto' (the terminals' zone) or an IANA zone. */
export function zoneSetting(db: Database, accountId: number): string {
  const saved = getSetting(db, accountScope(accountId), OVERRIDE);
  return (saved && knownZone(saved)) ?? 'auto';
}

/** Inside a transaction the caller holds: 'auto', or a zone already checked (shared/time's zoneSettingSchema). */
export function putZoneSetting(db: Database, accountId: number, zone: string): void {
  putSetting(db, accountScope(accountId), OVERRIDE, zone === 'auto' ? 'auto' : (knownZone(zone) ?? 'auto'));
}

/** The zone in force: the user's choice, else the terminals', else France. */
export function siteZone(db: Database, accountId: number): string {
  const chosen = zoneSetting(db, accountId);
  return chosen !== 'auto' ? chosen : (detectedZone(db, accountId) ?? DEFAULT_SITE_ZONE);
}
