// The window's texts of one screen, English. Same keys as ui-review-fr.ts (checked by type).
import type { Catalogue } from './index';

export const uiReviewEn: Catalogue['ui']['review'] = {
  title: 'To check',
};
