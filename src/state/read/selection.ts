/** The entry the user selected, looked up in a step's state (it may not exist in every step). */
import type { LeafEntry, SwapEntry } from '../../model/entry';
import { entrySpan, levelIndex } from '../../model/geometry';
import type { KernelSnapshot } from '../../model/kernel';
import type { Table } from '../../model/pagetable';
import type { EntryRef } from '../lab';

export interface FoundEntry {
  readonly entry: LeafEntry | SwapEntry;
  /** Pages the entry maps. */
  readonly span: number;
  /** The pfns it maps (inclusive), for a present entry. */
  readonly pfns: readonly [number, number] | null;
}

/** The leaf or swap entry at exactly ref.level mapping ref.v, or null when there is none in this step. */
export function findEntry(s: KernelSnapshot | undefined, ref: EntryRef | null): FoundEntry | null {
  if (!s || !ref) return null;
  const proc = s.procs.find((p) => p.name === ref.proc);
  if (!proc) return null;
  let t: Table = proc.root;
  for (;;) {
    const e = t.entries.get(levelIndex(ref.v, t.level, proc.levels));
    if (!e) return null;
    if (t.level === ref.level) {
      if (e.kind === 'table') return null;
      const span = entrySpan(t.level, proc.levels);
      return { entry: e, span, pfns: e.kind === 'leaf' ? [e.pfn, e.pfn + span - 1] : null };
    }
    if (e.kind !== 'table') return null;
    t = e.table;
  }
}
