import { useDeferredValue } from 'react';
import { useLab } from '../state/hooks';
import type { LabState } from '../state/store';

/**
 * A store value for the panels that may follow the trees by a frame (the VMAs, physical memory and the
 * step's detail). A step command commits the step list, the position and the trees first; these panels
 * render right after at a lower priority (React's useDeferredValue), so the frame after the click is not
 * kept waiting for them, and a quick run of steps (a held arrow key, playback) skips them for the steps
 * in between. Panels reading several such values get them from the same render.
 */
export function useLabFollowing<T>(selector: (s: LabState) => T): T {
  return useDeferredValue(useLab(selector));
}
