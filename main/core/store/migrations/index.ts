// Schema migrations, one numbered step each, applied in order under PRAGMA user_version.
import type { Database } from 'better-sqlite3';
import { up as initial } from './0001-initial';
import { up as closedMonths } from './0002-closed-months';
import { up as punchCounts } from './0003-punch-counts';
import { up as removalCandidates } from './0004-removal-candidates';
import { up as terminalStatus } from './0005-terminal-status';
import { up as keepCorrections } from './0006-keep-corrections';
import { up as employees } from './0007-employees';
import { up as badgeReplacements } from './0008-badge-replacements';
import { up as punchSearch } from './0009-punch-search';
import { up as readingCorrections } from './0010-reading-corrections';
import { up as frozenMonths } from './0011-frozen-months';
import { up as outboxConflict } from './0012-outbox-conflict';
import { up as punchConflicts } from './0013-punch-conflicts';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', up: initial },
  { version: 2, name: 'closed-months', up: closedMonths },
  { version: 3, name: 'punch-counts', up: punchCounts },
  { version: 4, name: 'removal-candidates', up: removalCandidates },
  { version: 5, name: 'terminal-status', up: terminalStatus },
  { version: 6, name: 'keep-corrections', up: keepCorrections },
  { version: 7, name: 'employees', up: employees },
  { version: 8, name: 'badge-replacements', up: badgeReplacements },
  { version: 9, name: 'punch-search', up: punchSearch },
  { version: 10, name: 'reading-corrections', up: readingCorrections },
  { version: 11, name: 'frozen-months', up: frozenMonths },
  { version: 12, name: 'outbox-conflict', up: outboxConflict },
  { version: 13, name: 'punch-conflicts', up: punchConflicts },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
