import type { KeyboardEvent, ReactNode } from 'react';

/** The sizes of a box that may scroll (an element's own). */
export interface ScrollBox {
  readonly scrollWidth: number;
  readonly clientWidth: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
}

/**
 * Whether a key pressed on a focused scroll region is the region's own: ← → while it scrolls sideways,
 * Home and End while it scrolls down. Elsewhere those keys move through the steps (useStepKeys); here
 * they scroll, which is what focusing a scroll region is for. A region that does not scroll that way
 * leaves them to the steps.
 */
export function scrollKey(key: string, box: ScrollBox): boolean {
  if (key === 'ArrowLeft' || key === 'ArrowRight') return box.scrollWidth > box.clientWidth;
  if (key === 'Home' || key === 'End') return box.scrollHeight > box.clientHeight;
  return false;
}

/** onKeyDown of a focusable scroll box: its own keys scroll it (scrollKey), the rest go to the page. */
export function keepScrollKeys(e: KeyboardEvent<HTMLElement>): void {
  // Only on the region itself: a button inside keeps the page's keys.
  if (e.target === e.currentTarget && scrollKey(e.key, e.currentTarget)) e.stopPropagation();
}

/**
 * A box that scrolls what is too wide (or tall) for its panel: a keyboard can reach it (axe's
 * scrollable-region-focusable) and scroll it, and screen readers find it as a named region. `relative`
 * holds the screen-reader-only text of its cells: absolutely positioned, that text would otherwise
 * belong to a box outside the scroller, escape its clipping and widen the panel.
 */
export function ScrollRegion({
  label,
  className = '',
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
      tabIndex={0}
      onKeyDown={keepScrollKeys}
      className={`relative min-w-0 overflow-auto focus-visible:outline-2 focus-visible:outline-accent ${className}`}
    >
      {children}
    </section>
  );
}
