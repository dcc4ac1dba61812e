import type { Slice, StepRange, TimelineSlice } from '../lab';

export const clamp = (i: number, n: number): number => Math.max(0, Math.min(i, n - 1));

/**
 * The first and last step the reader may go to: the run's, within the range a step-range embed names.
 * An end past the run is the run's last step; an empty run is [0, -1].
 */
export function stepBounds(range: StepRange | null, n: number): readonly [lo: number, hi: number] {
  const hi = Math.min(n - 1, range?.to ?? n - 1);
  const lo = Math.max(0, Math.min(range?.from ?? 0, hi));
  return [lo, hi];
}

/** `i` brought within the bounds of the run of `n` steps and the range. */
export function clampStep(i: number, n: number, range: StepRange | null): number {
  const [lo, hi] = stepBounds(range, n);
  return hi < 0 ? 0 : Math.max(lo, Math.min(i, hi));
}

export const timelineSlice: Slice<TimelineSlice> = (set, get) => {
  const go = (i: number) => set({ cursor: clampStep(i, get().steps.length, get().range) });
  return {
    steps: [],
    cursor: 0,
    range: null,
    setRange(range) {
      set({ range, cursor: clampStep(get().cursor, get().steps.length, range) });
    },
    select: go,
    first: () => go(stepBounds(get().range, get().steps.length)[0]),
    prev: () => go(get().cursor - 1),
    next: () => go(get().cursor + 1),
    last: () => go(stepBounds(get().range, get().steps.length)[1]),
  };
};
