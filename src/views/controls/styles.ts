/** Class names shared by the controls, the compare bar and the timeline (colour tokens only). */
export const FOCUS = 'focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-accent';

export const BUTTON = `rounded border border-line bg-panel px-2 py-1 text-sm text-fg hover:bg-hover disabled:cursor-not-allowed disabled:opacity-50 ${FOCUS}`;

/** A toggle button: aria-pressed="true" shows as selected. */
export const TOGGLE = `${BUTTON} aria-pressed:bg-selected aria-pressed:font-medium`;

export const SELECT = `rounded border border-line bg-panel px-1.5 py-1 text-sm text-fg ${FOCUS}`;

export const LABEL = 'text-xs font-medium text-muted';
