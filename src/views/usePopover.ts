import { type KeyboardEvent, type RefObject, useEffect, useRef } from 'react';

/**
 * A <details> used as a popover (More config, Export): it closes on a pointer press outside it and on
 * Escape, and Escape gives the focus back to its summary. Returns the ref and the key handler to put on
 * the <details>.
 */
export function usePopover(): {
  ref: RefObject<HTMLDetailsElement | null>;
  onKeyDown: (e: KeyboardEvent<HTMLDetailsElement>) => void;
} {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const outside = (e: PointerEvent) => {
      const d = ref.current;
      if (d?.open && e.target instanceof Node && !d.contains(e.target)) d.open = false;
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, []);
  const onKeyDown = (e: KeyboardEvent<HTMLDetailsElement>) => {
    const d = ref.current;
    if (e.key === 'Escape' && d?.open) {
      e.preventDefault(); // closing the popover is all Escape does here (not unpinning the entry)
      e.stopPropagation();
      d.open = false;
      d.querySelector('summary')?.focus();
    }
  };
  return { ref, onKeyDown };
}
