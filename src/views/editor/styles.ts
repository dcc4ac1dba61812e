/** Class names of the scenario editor (colour tokens only, so both themes come from index.css). */
export const FOCUS = 'focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-accent';

export const BUTTON = `rounded border border-line bg-panel px-2 py-0.5 text-sm text-fg hover:bg-hover disabled:cursor-not-allowed disabled:opacity-50 ${FOCUS}`;

/** A small square button holding one symbol (its name comes from aria-label). */
export const ICON = `inline-flex h-6 w-6 shrink-0 items-center justify-center rounded border border-line bg-panel text-xs text-fg hover:bg-hover disabled:cursor-not-allowed disabled:opacity-40 ${FOCUS}`;

export const INPUT = `w-full min-w-0 rounded border border-line bg-panel px-1.5 py-0.5 font-mono text-sm text-fg placeholder:text-muted aria-invalid:border-cls-bad aria-invalid:border-2 ${FOCUS}`;

export const CHECK = `accent-accent ${FOCUS}`;

/** A field's name, as the JSON has it. */
export const LABEL = 'font-mono text-xs text-muted';

export const FIELD_ROW = 'grid grid-cols-[5.5rem_minmax(0,1fr)] items-center gap-x-2 gap-y-0.5';

/** A section of the form (Kernel, Processes, Memory, Steps). */
export const SECTION = 'rounded border border-line bg-panel p-2';

export const SUMMARY = `cursor-pointer text-sm font-medium ${FOCUS}`;

export const NOTE = 'text-xs text-muted';
