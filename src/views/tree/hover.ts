/**
 * The pfns under the pointer (or keyboard focus) in the tree, so the physical memory view can light up the
 * folios a run maps. View-local state: not part of the lab store or of share links.
 */
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';

/** Inclusive pfn range. */
export interface PfnRange {
  readonly first: number;
  readonly last: number;
}

interface HoverState {
  hovered: PfnRange | null;
  setHovered(r: PfnRange | null): void;
}

export const hoverStore = createStore<HoverState>()((set) => ({
  hovered: null,
  setHovered: (hovered) => set({ hovered }),
}));

const selectHovered = (s: HoverState) => s.hovered;

export function useHoveredPfns(): PfnRange | null {
  return useStore(hoverStore, selectHovered);
}

export function setHoveredPfns(r: readonly [number, number] | null): void {
  const cur = hoverStore.getState().hovered;
  if (!r) {
    if (cur) hoverStore.getState().setHovered(null);
    return;
  }
  if (cur?.first === r[0] && cur.last === r[1]) return;
  hoverStore.getState().setHovered({ first: r[0], last: r[1] });
}
