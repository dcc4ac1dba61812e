/**
 * The nearest of known names to one mistyped: for a link's variant or preset (share/nearest.ts) and for a
 * scenario's op or type (validate.ts, "did you mean").
 */

/** Levenshtein distance: insertions, deletions and substitutions. The strings here are short. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** A known value equal but for case, else the closest within `max` edits (the first of equals). */
export function nearestOf<T extends string>(raw: string, known: readonly T[], max = 2): T | undefined {
  const lower = raw.toLowerCase();
  const same = known.find((k) => k.toLowerCase() === lower);
  if (same) return same;
  let best: T | undefined;
  let bestD = max + 1;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best;
}
