/**
 * Every entry, in every process, that maps a pfn range: the folio view. Each is classified as
 * vm_normal_page*() would (the same cached runs the trees draw), and said what it holds: an entry whose
 * page vm_normal_page*() returns holds a reference and a mapping of the folio and counts in the process's
 * RSS (zap_present_ptes() and zap_huge_pmd() give them back when it goes); one it returns NULL for (special,
 * the zero pages, "Bad page map") holds none of these, which is the point of the series.
 */
import type { LeafLevel } from '../../model/entry';
import { entrySpan } from '../../model/geometry';
import type { Badge } from '../../model/inspect';
import type { KernelSnapshot } from '../../model/kernel';
import { snapshotFolioAt } from '../../model/physmem';
import { asPfn } from '../../model/units';
import { forEachEntryRun, type RunsOf } from './runs';

/** What one mapping entry holds of its folio, per entry. */
export interface Holds {
  readonly refcount: number;
  readonly mapcount: number;
  /** Pages the entry adds to the process's RSS, and which counter. */
  readonly rss: number;
  readonly rssCounter: 'anon' | 'file' | null;
}

export interface Mapping {
  readonly proc: string;
  readonly level: LeafLevel;
  /** First page of the first entry, and how many entries of the run map the range. */
  readonly v: number;
  readonly count: number;
  /** The pfn the first of them maps. */
  readonly pfn: number;
  readonly badge: Badge;
  readonly branch?: string;
  /** Per entry. */
  readonly holds: Holds;
}

const NOTHING: Holds = { refcount: 0, mapcount: 0, rss: 0, rssCounter: null };

/** The entries mapping a pfn in [first, last], process by process, PUD, PMD then PTE, in address order. */
export function mappingsOf(state: KernelSnapshot, runsOf: RunsOf, first: number, last: number): Mapping[] {
  const out: Mapping[] = [];
  for (const proc of state.procs) {
    forEachEntryRun(proc, runsOf, (r) => {
      const span = entrySpan(r.level, proc.levels);
      if (r.entry.kind !== 'leaf') return;
      // Entry k of the run maps pfns p0 + k·step … p0 + k·step + span - 1.
      const p0 = r.entry.pfn;
      const step = r.pfnStep;
      let k0 = 0;
      let k1 = r.count - 1;
      if (step > 0) {
        k0 = Math.max(0, Math.ceil((first - (span - 1) - p0) / step));
        k1 = Math.min(r.count - 1, Math.floor((last - p0) / step));
      } else if (p0 + span - 1 < first || p0 > last) return;
      if (k1 < k0) return;
      const pfn = p0 + k0 * step;
      const counted = r.badge === 'normal' || r.badge === 'normal-warn';
      const folio = counted ? snapshotFolioAt(state.folios, asPfn(pfn)) : undefined;
      out.push({
        proc: proc.name,
        level: r.level,
        v: r.v + k0 * span,
        count: k1 - k0 + 1,
        pfn,
        badge: r.badge,
        ...(r.branch ? { branch: r.branch } : {}),
        holds: counted
          ? { refcount: 1, mapcount: 1, rss: span, rssCounter: folio?.kind === 'anon' ? 'anon' : 'file' }
          : NOTHING,
      });
    });
  }
  return out;
}

/** The sums over the mappings: what the entries hold of the folio together. */
export function totalHolds(ms: readonly Mapping[]): { refcount: number; mapcount: number; rss: number } {
  let refcount = 0;
  let mapcount = 0;
  let rss = 0;
  for (const m of ms) {
    refcount += m.holds.refcount * m.count;
    mapcount += m.holds.mapcount * m.count;
    rss += m.holds.rss * m.count;
  }
  return { refcount, mapcount, rss };
}
