import { useDeferredValue } from 'react';
import { useLab } from '../state/hooks';
import type { LabState } from '../state/store';

/**
 * A store value for the panels that follow the trees (the VMAs, physical memory, the step's detail and the
 * decision path). A step command commits the step list, the position and the trees first; these panels
 * render right after at a lower priority (React's useDeferredValue), drawn a frame or two later, so the
 * frame after the click is not kept waiting for them, and a quick run of steps (a held arrow key,
 * playback) skips them for the steps in between. Values a panel reads through this hook come from the
 * same render, so read every value that must match the step through it.
 */
export function useLabFollowing<T>(selector: (s: LabState) => T): T {
  return useDeferredValue(useLab(selector));
}
