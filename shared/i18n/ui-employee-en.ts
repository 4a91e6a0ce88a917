// The window's texts of one screen, English. Same keys as ui-employee-fr.ts (checked by type).
import type { Catalogue } from './index';

export const uiEmployeeEn: Catalogue['ui']['employee'] = {
  title: 'Employee',
  open: 'Open the page of {{name}}',
};
