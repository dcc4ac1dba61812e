/** The header's buttons (App.tsx, Lab.tsx). */
export const HEADER_BUTTON =
  'rounded border border-line bg-panel px-2 py-1 text-sm hover:bg-hover focus-visible:outline-2 focus-visible:outline-accent';
