/**
 * Where a citation of docs/kernel-semantics.md points on the site: the page kernel-semantics.html (made at
 * build time by page.ts) and an anchor in it.
 */

/** The anchor of a citation: "3.14" → "s-3-14", "A" → "appendix-a", a branch or scenario ID → itself. */
export function specAnchor(ref: string): string {
  if (/^\d+(\.\d+)*$/.test(ref)) return `s-${ref.replace(/\./g, '-')}`;
  if (/^[A-Z]$/.test(ref)) return `appendix-${ref.toLowerCase()}`;
  return ref;
}

/** The page of the document, relative to the app's own page (so the site works under any path). */
export const SPEC_PAGE = 'kernel-semantics.html';

/** A link to what `ref` (a § number, an appendix letter or an ID) names. */
export const specHref = (ref: string): string => `${SPEC_PAGE}#${specAnchor(ref)}`;
