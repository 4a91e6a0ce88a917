// The window's texts of one screen, French: merged into ui-fr.ts as ui.rollcall. Same keys in ui-rollcall-en.ts.
export const uiRollcallFr = {
  title: 'Présents',
} as const;
