import { useEffect } from 'react';
import { labStore } from '../state/store';

/** Text entry keeps its own arrow, Home and End keys. */
function isTextEntry(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable) return true;
  if (t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return true;
  if (t instanceof HTMLInputElement)
    return !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(t.type);
  return false;
}

/** ←/→/Home/End move through the steps anywhere on the page except inside text fields. */
export function useStepKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || isTextEntry(e.target))
        return;
      const s = labStore.getState();
      if (s.steps.length === 0) return;
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
