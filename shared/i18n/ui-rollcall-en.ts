// The window's texts of one screen, English. Same keys as ui-rollcall-fr.ts (checked by type).
import type { Catalogue } from './index';

export const uiRollcallEn: Catalogue['ui']['rollcall'] = {
  title: 'On site',
};
