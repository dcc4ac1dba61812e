/** Order statistics of timings (the machines are noisy: medians, not means). */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  // Nearest rank: the smallest value with at least q of the sample at or below it.
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[i] as number;
}

export const median = (xs: readonly number[]): number => quantile(xs, 0.5);
export const p95 = (xs: readonly number[]): number => quantile(xs, 0.95);

export interface Summary {
  median: number;
  p95: number;
  min: number;
  max: number;
  n: number;
}

export function summarize(xs: readonly number[]): Summary {
  return { median: median(xs), p95: p95(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

/** Milliseconds with one decimal. */
export const ms = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
