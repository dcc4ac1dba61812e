import { useDeferredValue } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { type LabState, labStore } from '../state/store';

/**
 * The page's store as the panels that follow the trees see it: the state the last frame showed, once that
 * frame has been painted. A step commits the step list, the position and the trees; these panels start
 * only after the frame with them is painted.
 *
 * React's deferred render alone started at once: it is queued as a task right after the click's commit,
 * and a click lands anywhere between two frames, so the panels' render and commit (10–20 ms) often ran
 * before the next frame and held it back. The frame with the step came a frame later than it could.
 */
const shown = createStore<LabState>(() => labStore.getState());
/** The state a frame has shown, taken in its animation callback; shown once that frame is painted. */
let painted: LabState | undefined;
let queued = false;
let channel: MessageChannel | undefined;

const show = () => {
  const s = painted ?? labStore.getState();
  painted = undefined;
  shown.setState(s, true);
};

/** The state as the coming frame shows it; show() runs after that frame's paint. */
const frame = () => {
  queued = false;
  painted = labStore.getState();
  channel?.port2.postMessage(null);
};

/**
 * Queues show() after the next paint: a task queued from a requestAnimationFrame callback runs after that
 * frame's paint. A hidden page draws no frames (and throttles timers): it shows the state from a timer,
 * and a page that is hidden with a frame still awaited shows it then.
 */
function afterNextPaint(): void {
  if (typeof document === 'undefined' || typeof requestAnimationFrame !== 'function' || document.hidden) {
    queued = false;
    setTimeout(show, 0);
    return;
  }
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = show;
  }
  requestAnimationFrame(frame);
}

const onVisibility = () => {
  if (!document.hidden || !queued) return;
  queued = false;
  show();
};

const unsubscribe = labStore.subscribe(() => {
  if (queued) return;
  queued = true;
  afterNextPaint();
});
if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisibility);

// In development a hot update runs this module again: without this, each edit would leave one more
// subscription behind.
import.meta.hot?.dispose(() => {
  unsubscribe();
  if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisibility);
  channel?.port1.close();
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
