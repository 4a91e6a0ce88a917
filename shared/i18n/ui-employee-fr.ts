// The window's texts of one screen, French: merged into ui-fr.ts as ui.employee. Same keys in ui-employee-en.ts.
export const uiEmployeeFr = {
  title: 'Salarié',
  open: 'Ouvrir la page de {{name}}',
} as const;
