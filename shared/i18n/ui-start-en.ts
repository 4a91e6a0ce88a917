// The window's texts when the data cannot be opened at start, English. Same keys as ui-start-fr.ts (checked by type).
import type { Catalogue } from './index';

export const uiStartEn: Catalogue['ui']['start'] = {
  heading: 'Festime Desk cannot open your data',
  damaged: {
    title: 'The database is damaged',
    body: 'The file {{file}} fails its integrity check ({{detail}}). It was not changed. Restore the latest backup: the damaged file is kept beside it, and the punches Festime still holds (90 days) come back at the next sync.',
  },
  future: {
    title: 'This data comes from a newer version',
    body: 'It was written by a newer version of Festime Desk (schema {{found}}; version {{version}} installed here knows schema {{known}}). Nothing was opened or changed, so as not to damage it.',
  },
  install: {
    title: 'Festime Desk is not installed properly',
  },
  other: {
    title: 'The data cannot be opened for now',
  },
  remedy: {
    update: 'Install the version of Festime Desk that wrote this data, or a newer one, then open it again: everything will be there.',
    reinstall: 'Reinstall Festime Desk (the same version or a newer one), then open it again. Your data stays where it is.',
    restore: 'Restore the backup of {{day}}',
    restoreOlder: 'Or restore the backup of {{day}}, made by this version: what was done since with the newer version will be lost.',
    restoreOlderButton: 'Restore the backup of {{day}} anyway',
    retry: 'Try again',
  },
  restoring: 'Restoring…',
  restored: 'Backup of {{day}} restored. The former file is kept: {{kept}}.',
  stillFailing: 'Checked again at {{time}}: still the same problem.',
  where: 'Data folder: {{dataDir}}',
  logs: 'Logs: {{logDir}}',
  version: 'Version {{version}}',
};
