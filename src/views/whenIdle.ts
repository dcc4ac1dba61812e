/**
 * Runs `f` when the page is next idle (after its first view), or in a moment where that cannot be told.
 * Returns what cancels it, for an effect's clean-up.
 */
export function whenIdle(f: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(f, { timeout: 2000 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(f, 200);
  return () => clearTimeout(id);
}
