import type { Slice, TimelineSlice } from '../lab';

export const clamp = (i: number, n: number): number => Math.max(0, Math.min(i, n - 1));

export const timelineSlice: Slice<TimelineSlice> = (set, get) => {
  const go = (i: number) => set({ cursor: clamp(i, get().steps.length) });
  return {
    steps: [],
    cursor: 0,
    select: go,
    first: () => go(0),
    prev: () => go(get().cursor - 1),
    next: () => go(get().cursor + 1),
    last: () => go(get().steps.length - 1),
  };
};
