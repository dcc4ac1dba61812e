import { useDeferredValue } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { type LabState, labStore } from '../state/store';

/**
 * The page's store as the panels that follow the trees see it: its state once the frame that shows its
 * latest change has been painted. A step commits the step list, the position and the trees; these panels
 * start only after that frame is on screen.
 *
 * React's deferred render alone started at once: it is queued as a task right after the click's commit,
 * and a click lands anywhere between two frames, so the panels' render and commit (10–20 ms) often ran
 * before the next frame and held it back. The frame with the step came a frame later than it could.
 */
const shown = createStore<LabState>(() => labStore.getState());
let queued = false;
let channel: MessageChannel | undefined;

const show = () => {
  queued = false;
  shown.setState(labStore.getState(), true);
};

/**
 * Runs show() once the next frame has been painted: a task queued from a requestAnimationFrame callback
 * runs after that frame's paint. A hidden page draws no frames: there it runs at once.
 */
function afterNextPaint(): void {
  if (typeof requestAnimationFrame !== 'function' || document.visibilityState === 'hidden') {
    setTimeout(show, 0);
    return;
  }
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = show;
  }
  const port = channel.port2;
  requestAnimationFrame(() => port.postMessage(null));
}

labStore.subscribe(() => {
  if (queued) return;
  queued = true;
  afterNextPaint();
});

/**
 * A store value for the panels that follow the trees (the VMAs, physical memory, the step's detail and the
 * decision path): as of the last painted frame (see `shown`), and rendered at a lower priority (React's
 * useDeferredValue), so a quick run of steps (a held arrow key, playback) interrupts them and skips the
 * steps in between. Values a panel reads through this hook come from the same state and the same render,
 * so read every value that must match the step through it.
 */
export function useLabFollowing<T>(selector: (s: LabState) => T): T {
  return useDeferredValue(useStore(shown, selector));
}
