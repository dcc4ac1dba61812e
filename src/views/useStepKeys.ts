import { useEffect } from 'react';
import { type LabStore, labStore, selectNav } from '../state/store';

/** Text entry keeps its own arrow, Home and End keys. */
function isTextEntry(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable) return true;
  if (t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return true;
  if (t instanceof HTMLInputElement)
    return !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(t.type);
  return false;
}

const SPACE_TAKERS =
  'button, input, select, textarea, summary, a[href], [contenteditable="true"], [role="button"], [role="switch"], [role="checkbox"], [role="option"], [role="treeitem"], [role="gridcell"], [role="menuitem"], [role="tab"]';

/** Space activates buttons, checkboxes and the like: there it keeps its own meaning. */
function takesSpace(t: EventTarget | null): boolean {
  return t instanceof Element && t.closest(SPACE_TAKERS) !== null;
}

/**
 * Play or pause; playing from the last step starts again at the first. A step-range embed plays its
 * range: "first" and "last" are its ends.
 */
export function togglePlaying(store: LabStore = labStore): void {
  const s = store.getState();
  if (s.playing) {
    s.setPlaying(false);
    return;
  }
  const { lo, hi } = selectNav(s);
  if (hi - lo < 1) return;
  if (s.cursor >= hi) s.first();
  s.setPlaying(true);
}

/** One tick of playback: the next step, and stop on reaching the last one (of the range, if any). */
export function playTick(store: LabStore = labStore): void {
  const s = store.getState();
  const { hi } = selectNav(s);
  if (s.cursor >= hi) {
    s.setPlaying(false);
    return;
  }
  s.next();
  if (store.getState().cursor >= hi) s.setPlaying(false);
}

/**
 * ←/→/Home/End move through the steps anywhere on the page except inside text fields; space plays or
 * pauses, except where space has a meaning of its own (text fields, buttons, switches, tree items); Esc
 * unpins the entry the decision path shows. On the start view they are the page's own (scrolling): the
 * run left behind by "All stories" is not on screen to be stepped or played.
 */
export function useStepKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || isTextEntry(e.target))
        return;
      const s = labStore.getState();
      if (s.start) return;
      if (e.key === 'Escape') {
        // Unpins the entry: the decision path follows the step again. An open popover or menu that
        // handles Escape itself calls preventDefault() first.
        if (s.selected === null) return;
        e.preventDefault();
        s.selectEntry(null);
        return;
      }
      if (s.steps.length === 0) return;
      if (e.key === ' ') {
        if (takesSpace(e.target)) return;
        e.preventDefault();
        togglePlaying();
        return;
      }
      const keys: Record<string, (() => void) | undefined> = {
        ArrowLeft: s.prev,
        ArrowRight: s.next,
        Home: s.first,
        End: s.last,
      };
      const act = keys[e.key];
      if (!act) return;
      e.preventDefault();
      act();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
