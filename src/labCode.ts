import { moduleLoader } from './views/moduleLoader';

/**
 * The lab's code (Lab.tsx: the trees, the decision path, the steps and the rest) and the embedded view's,
 * loaded when first needed: a first visit opens on the start view, which shows neither
 * (docs/performance.md, what the page loads to open). App.tsx shows them, and starts the lab's load before
 * its first render when the page opens on a run, or through the start view: once it is idle, and at once
 * on a sign that a story is about to be opened.
 */
export const labCode = moduleLoader(() => import('./Lab'));
export const embedCode = moduleLoader(() => import('./EmbedApp'));
