// The window's texts of one screen, French: merged into ui-fr.ts as ui.review. Same keys in ui-review-en.ts.
export const uiReviewFr = {
  title: 'À vérifier',
} as const;
