import { useDeferredValue } from 'react';
import { useStore } from 'zustand';
import { type LabState, labStore } from '../state/store';
import { browserHost, follow } from './follow';

/**
 * The page's store as the panels that follow the trees see it: the state the last frame showed, once that
 * frame has been painted (follow.ts). A step commits the step list, the position and the trees; these
 * panels start only after the frame with them is painted.
 *
 * React's deferred render alone started at once: it is queued as a task right after the click's commit,
 * and a click lands anywhere between two frames, so the panels' render and commit (10–20 ms) often ran
 * before the next frame and held it back. The frame with the step came a frame later than it could.
 */
const followed = follow(labStore, browserHost());

// In development a hot update runs this module again: without this, each edit would leave one more
// subscription behind.
import.meta.hot?.dispose(() => followed.stop());

/**
 * A store value for the panels that follow the trees (the VMAs, physical memory, the step's detail and the
 * decision path): as of the last painted frame (see `followed`), and rendered at a lower priority (React's
 * useDeferredValue), so a quick run of steps (a held arrow key, playback) interrupts them and skips the
 * steps in between. Values a panel reads through this hook come from the same state and the same render,
 * so read every value that must match the step through it.
 */
export function useLabFollowing<T>(selector: (s: LabState) => T): T {
  return useDeferredValue(useStore(followed.store, selector));
}
