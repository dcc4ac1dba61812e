/** The entries the decision panel's picker lists: the first runs of a step's leaf tables, as ptdump coalesces them. */
import type { LeafLevel } from '../../model/entry';
import type { Badge } from '../../model/inspect';
import type { KernelSnapshot } from '../../model/kernel';
import { forEachTableUntil } from '../../model/pagetable';
import { hex } from '../../model/units';
import type { EntryRef } from '../lab';
import { effectiveConfig, type KernelSettings } from '../settings';
import { runsReader } from './runs';

/** Options listed; the tree reaches every entry, the picker only the first runs (it costs a table walk). */
export const MAX_OPTIONS = 64;
/**
 * Tables with entries classified for the list, at most: each costs up to 512 classifications. A 1 GiB remap
 * is one run per PTE table, so the first 64 runs alone classified 32,768 entries when it was opened.
 */
export const MAX_TABLES = 16;
export const entryKey = (r: EntryRef) => `${r.proc}:${r.level}:${r.v}`;
export const entryVaddr = (v: number) => hex(BigInt(v) << 12n);

export interface Option {
  readonly ref: EntryRef;
  /** Entries in the run (as ptdump coalesces them). */
  readonly count: number;
  /** "pfn 0x…" for a leaf, the swap type for a non-present entry. */
  readonly what: string;
  readonly badge: Badge;
}

/** An option as the picker lists it; `label` names the badge ("zero page"). */
export function optionText(o: Option, label: (b: Badge) => string): string {
  const n = o.count > 1 ? ` ×${o.count}` : '';
  return `${o.ref.proc} ${o.ref.level.toUpperCase()} ${entryVaddr(o.ref.v)}${n}: ${o.what}, ${label(o.badge)}`;
}

/** The present leaf and swap entries of a step, coalesced into runs as ptdump does. */
export function entryOptions(
  state: KernelSnapshot,
  settings: KernelSettings,
): { options: Option[]; more: boolean } {
  // The tree's cache of classified runs: unchanged tables are not classified again on every step.
  const runsOf = runsReader(state, settings.variant, effectiveConfig(settings));
  const out: Option[] = [];
  let more = false;
  let tables = 0;
  for (const proc of state.procs) {
    // Once the list is full and one more entry is known to exist, nothing after changes the answer: the
    // walk stops, so the tables after it (131,072 PTE tables in a 256 GiB mapping) are never made.
    const stop = forEachTableUntil(proc.root, proc.levels, (t, base) => {
      if (t.level === 'pgd' || t.level === 'p4d') return false;
      if (out.length >= MAX_OPTIONS || tables >= MAX_TABLES) {
        more ||= t.level === 'pte' ? t.used > 0 : t.entries.some((e) => e && e.kind !== 'table');
        return more;
      }
      const runs = runsOf(proc, t, base);
      if (runs.length > 0) tables++;
      for (const r of runs) {
        if (out.length >= MAX_OPTIONS) {
          more = true;
          return false;
        }
        const level = r.level as LeafLevel;
        const what = r.entry.kind === 'leaf' ? `pfn ${hex(r.entry.pfn)}` : r.entry.type;
        out.push({ ref: { proc: proc.name, level, v: r.v }, count: r.count, what, badge: r.badge });
      }
      return false;
    });
    if (stop) break;
  }
  return { options: out, more };
}
