/**
 * What the tree highlights beyond a step's own marks: the entries a filter picks (by class under
 * vm_normal_page*() and by state), and the entries that map a chosen folio. A lens answers, per run or
 * entry the tree draws, whether it matches; views only draw the answer.
 */
import type { Level } from '../../model/entry';
import type { Badge } from '../../model/inspect';
import type { KernelSnapshot } from '../../model/kernel';
import type { FilterTerm } from '../../share/link';
import type { KernelSettings } from '../settings';
import { differingEntries, type EntryDiffResult } from './diff';
import { type StepMarks, writtenIn } from './marks';
import { forEachEntryRun, type RunsOf } from './runs';

/** What a filter can ask about a run or an entry. */
export interface RowFacts {
  readonly proc: string;
  readonly level: Level;
  /** First pages of the first and the last entry. */
  readonly lo: number;
  readonly hi: number;
  readonly badge: Badge;
  readonly write: boolean;
  readonly dirty: boolean;
  /** pfns mapped, first and last (null for a non-present entry). */
  readonly pfns: readonly [number, number] | null;
}

const CLASSES: Partial<Record<FilterTerm, readonly Badge[]>> = {
  normal: ['normal', 'normal-warn'],
  special: ['special'],
  zero: ['zero'],
  'huge-zero': ['huge-zero'],
  bad: ['bad'],
};

export interface Lens {
  /** What the lens picks, in words ("special, writable"). */
  readonly label: string;
  match(f: RowFacts): boolean;
}

/** Whether an entry of [lo, hi] at `level` differs between the compared runs at this step. */
function differsIn(d: EntryDiffResult, proc: string, level: Level, lo: number, hi: number): boolean {
  return d.diffs.some((x) => {
    if (x.proc !== proc || x.level !== level) return false;
    const span = level === 'pte' ? 1 : level === 'pmd' ? 512 : 512 * 512;
    return x.v <= hi && x.v + x.count * span > lo;
  });
}

/**
 * The lens of a filter: an entry matches when its class is one the filter names (any class, when it names
 * none) and every attribute it names holds. `diff` is the comparison at this step, for "differs".
 */
export function filterLens(
  terms: readonly FilterTerm[],
  marks: StepMarks,
  diff: EntryDiffResult | null,
): Lens | null {
  if (!terms.length) return null;
  const classes = terms.flatMap((t) => CLASSES[t] ?? []);
  const has = (t: FilterTerm) => terms.includes(t);
  return {
    label: terms.join(', '),
    match: (f) =>
      (classes.length === 0 || classes.includes(f.badge)) &&
      (!has('writable') || f.write) &&
      (!has('dirty') || f.dirty) &&
      (!has('written') || writtenIn(marks, f.proc, f.level, f.lo, f.hi)) &&
      (!has('differs') || (diff !== null && differsIn(diff, f.proc, f.level, f.lo, f.hi))),
  };
}

/** The lens of a comparison: the entries of a step that differ between runs A and B. */
export function diffLens(diff: EntryDiffResult): Lens {
  return {
    label: 'differs in the other run',
    match: (f) => differsIn(diff, f.proc, f.level, f.lo, f.hi),
  };
}

/** The lens of a folio: entries whose pfns overlap [first, last]. */
export function folioLens(first: number, last: number): Lens {
  return {
    label: `maps pfn ${first.toString(16)}${last > first ? `-${last.toString(16)}` : ''}`,
    match: (f) => f.pfns !== null && f.pfns[0] <= last && f.pfns[1] >= first,
  };
}

/** Both lenses: an entry matches when it matches each that is given. */
export function bothLenses(a: Lens | null, b: Lens | null): Lens | null {
  if (!a || !b) return a ?? b;
  return { label: `${a.label}; ${b.label}`, match: (f) => a.match(f) && b.match(f) };
}

/** How many entries of the step a lens matches (each entry of a run counts), over every process. */
export function lensCount(state: KernelSnapshot, runsOf: RunsOf, lens: Lens): number {
  let n = 0;
  for (const proc of state.procs) {
    forEachEntryRun(proc, runsOf, (r) => {
      const span = r.level === 'pte' ? 1 : r.level === 'pmd' ? 512 : 512 * 512;
      const e = r.entry;
      const pfn0 = e.kind === 'leaf' ? e.pfn : null;
      const facts: RowFacts = {
        proc: proc.name,
        level: r.level,
        lo: r.v,
        hi: r.v + (r.count - 1) * span,
        badge: r.badge,
        write: e.write,
        dirty: e.kind === 'leaf' && e.dirty,
        pfns: pfn0 === null ? null : [pfn0, pfn0 + (r.count - 1) * r.pfnStep + span - 1],
      };
      if (lens.match(facts)) n += r.count;
    });
  }
  return n;
}

/** The comparison at one step, as "differs" needs it (null when there is nothing to compare). */
export function stepDiff(
  a: { state: KernelSnapshot; settings: KernelSettings } | null,
  b: { state: KernelSnapshot; settings: KernelSettings } | null,
): EntryDiffResult | null {
  if (!a || !b) return null;
  return differingEntries(a, b);
}
