import type { EntryRef } from '../../state/store';

/** What the drawn tree can ask for; one object per tree so memoized nodes keep their props. */
export interface TreeActions {
  select(ref: EntryRef): void;
  /** toggleExpanded() of the store: runs (their entries), runs of a table, groups of tables. */
  toggle(key: string): void;
  /** Shows more entries of an expanded run. */
  more(runKey: string): void;
  /** Pans so that a rectangle of the layout is visible. */
  reveal(x: number, y: number, w: number, h: number): void;
}

/** Enter and Space activate a role="button" element, as they do a <button>. */
export function onActivateKey(act: () => void) {
  return (e: { key: string; preventDefault(): void }) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      act();
    }
  };
}
