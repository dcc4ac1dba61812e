/**
 * Reading a step's state the way the UI shows it: every leaf classified by vm_normal_page*() under the
 * chosen variant and configuration (without printing anything), and runs of alike entries coalesced as
 * ptdump does. Pure: a function of (snapshot, variant, config).
 */
import type { MachineConfig } from './config';
import { isLeafLevel, type LeafEntry, type LeafLevel, type Level, type SwapEntry } from './entry';
import { entryBase, entrySpan, levelIndex } from './geometry';
import type { KernelSnapshot } from './kernel';
import type { ProcSnapshot } from './mm';
import type { Table } from './pagetable';
import { SnapshotMem } from './physmem';
import { classifyAlike } from './uniform';
import type { Pfn, Vpn } from './units';
import { type VariantId, variantInfo } from './variants';
import { type Classification, type ClassifyCtx, classify } from './vm_normal_page';
import type { Vma } from './vma';

/** How an entry is shown: its classification under the current variant and config. */
export type Badge =
  | 'normal' // a refcounted page
  | 'normal-warn' // a page, but a VM_WARN_ON_ONCE fires on the way
  | 'special' // NULL: special / PFNMAP / no struct page
  | 'zero' // NULL: the shared zero page
  | 'huge-zero' // NULL: the huge zero folio
  | 'bad' // "Bad page map", NULL
  | 'no-vma' // not covered by any VMA (only possible by injection)
  | 'n/a' // the classifier does not exist at this level in this variant
  | 'swap'; // not present

export function classifyCtx(s: KernelSnapshot, variant: VariantId, cfg: MachineConfig): ClassifyCtx {
  return { cfg, feat: variantInfo(variant).features, mem: new SnapshotMem(s.layout, s.folios) };
}

/** Branches that return NULL because the pfn is a shared zero folio (rather than for being special). */
const ZERO_BRANCHES = new Set(['B-P4', 'B-N1b', 'B-N3', 'B-M4', 'R-P1c', 'R-N3', 'M-S1c', 'M-N3']);

export function badgeOf(ctx: ClassifyCtx, c: Classification, pfn: Pfn): Badge {
  if (c.missing) return 'n/a';
  if (c.bad) return 'bad';
  if (c.page !== null) return c.warns.length ? 'normal-warn' : 'normal';
  if (ZERO_BRANCHES.has(c.branch)) return ctx.mem.isZeroPfn(pfn) ? 'zero' : 'huge-zero';
  return 'special';
}

/** The VMA covering v (VMAs are sorted by start). */
export function vmaAt(vmas: readonly Vma[], v: number): Vma | undefined {
  let lo = 0;
  let hi = vmas.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = vmas[mid] as Vma;
    if (v < m.start) hi = mid - 1;
    else if (v >= m.end) lo = mid + 1;
    else return m;
  }
  return undefined;
}

/** A run of consecutive entries of one table with the same bits, a constant pfn stride and one badge. */
export interface EntryRun {
  readonly level: LeafLevel;
  /** First and last index in the table. */
  readonly firstIndex: number;
  readonly lastIndex: number;
  /** First virtual page of the first entry. */
  readonly v: number;
  readonly count: number;
  readonly entry: LeafEntry | SwapEntry;
  /** pfn delta from one entry to the next: 0 (one page mapped again and again) or the entry span. */
  readonly pfnStep: number;
  readonly badge: Badge;
  /** Branch ID that decided, for leaves. */
  readonly branch?: string;
  readonly page?: number | null;
}

/** Whether two entries have the same bits (pfn and address aside): what a run of alike entries shares. */
export function sameBits(a: LeafEntry | SwapEntry, b: LeafEntry | SwapEntry): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'swap' && b.kind === 'swap') return a.type === b.type && a.write === b.write;
  const x = a as LeafEntry;
  const y = b as LeafEntry;
  return (
    x.write === y.write &&
    x.dirty === y.dirty &&
    x.young === y.young &&
    x.special === y.special &&
    !!x.deposit === !!y.deposit
  );
}

/** The pfn of a leaf, the offset of a swap entry: the number that advances along a run. */
export const pfnOf = (e: LeafEntry | SwapEntry) => (e.kind === 'leaf' ? e.pfn : e.offset);

/** Runs of the leaf and swap entries of one table, classified. `base` is the first page the table covers. */
export function tableRuns(ctx: ClassifyCtx, proc: ProcSnapshot, t: Table, base: number): EntryRun[] {
  if (!isLeafLevel(t.level)) return [];
  const level = t.level;
  const span = entrySpan(level, proc.levels);
  type Open = EntryRun & { lastPfn: number };
  const out: Open[] = [];
  let cur: Open | undefined;
  const one = (i: number, e: LeafEntry | SwapEntry) => {
    const v = base + i * span;
    let badge: Badge = 'swap';
    let branch: string | undefined;
    let page: number | null | undefined;
    if (e.kind === 'leaf') {
      const vma = vmaAt(proc.vmas, v);
      if (!vma) badge = 'no-vma';
      else {
        const c = classify(ctx, vma, v, level, e, false);
        badge = badgeOf(ctx, c, e.pfn);
        branch = c.branch;
        page = c.page;
      }
    }
    const pfn = pfnOf(e);
    if (
      cur &&
      cur.lastIndex === i - 1 &&
      sameBits(cur.entry, e) &&
      cur.badge === badge &&
      cur.branch === branch
    ) {
      const step = pfn - cur.lastPfn;
      const ok = cur.count === 1 ? step === 0 || step === span : step === cur.pfnStep;
      if (ok) {
        cur = { ...cur, lastIndex: i, count: cur.count + 1, pfnStep: step, lastPfn: pfn };
        out[out.length - 1] = cur;
        return;
      }
    }
    cur = {
      level,
      firstIndex: i,
      lastIndex: i,
      v,
      count: 1,
      entry: e,
      pfnStep: span,
      badge,
      lastPfn: pfn,
      ...(branch ? { branch } : {}),
      ...(page !== undefined ? { page } : {}),
    };
    out.push(cur);
  };
  const ents = t.entries;
  for (let i = 0; i < ents.length; i++) {
    const e = ents.get(i);
    if (!e || e.kind === 'table') {
      cur = undefined;
      // Past a run of tables at once: reading its other slots would make each of them (family.ts).
      if (e) i += Math.max(1, ents.runLength(i)) - 1;
      continue;
    }
    // A stored run of leaves the classifier decides alike (uniform.ts, badge and branch included): its
    // first two entries go one by one (the first may join the EntryRun before it); when the second joined
    // the first with the run's pfn step, the others join too, one step further each, as the loop would.
    const stored = e.kind === 'leaf' ? ents.runLength(i) : 0;
    const vma = stored >= 3 ? vmaAt(proc.vmas, base + i * span) : undefined;
    const n =
      e.kind === 'leaf' && vma && base + (i + stored) * span <= vma.end
        ? (classifyAlike(ctx, vma, base + i * span, level, e, stored, span)?.n ?? 0)
        : 0;
    if (n >= 3 && e.kind === 'leaf') {
      one(i, e);
      one(i + 1, ents.get(i + 1) as LeafEntry);
      const c = cur as Open | undefined;
      if (c && c.lastIndex === i + 1 && c.firstIndex <= i && c.pfnStep === span) {
        const rest = n - 2;
        cur = { ...c, lastIndex: i + 1 + rest, count: c.count + rest, lastPfn: c.lastPfn + rest * span };
        out[out.length - 1] = cur;
        i += 1 + rest;
      } else i += 1;
      continue;
    }
    one(i, e);
  }
  return out.map(({ lastPfn: _l, ...r }) => r);
}

export interface EntryAt {
  readonly level: Level;
  readonly entry: LeafEntry | SwapEntry | undefined;
  readonly vma: Vma | undefined;
  readonly classification?: Classification;
}

/** The entry of `level` mapping v in a process of a snapshot, with its full decision path. */
export function inspectEntry(
  ctx: ClassifyCtx,
  proc: ProcSnapshot,
  v: number,
  level: Level,
  asked?: number,
): EntryAt {
  let t: Table = proc.root;
  for (;;) {
    const e = t.entries.get(levelIndex(v, t.level, proc.levels));
    if (t.level === level || !e || e.kind !== 'table') {
      const entry = t.level === level && e && e.kind !== 'table' ? e : undefined;
      const vma = vmaAt(proc.vmas, v);
      if (entry?.kind === 'leaf' && vma && isLeafLevel(level)) {
        // Classified at the entry's first address, as the tree does and as zap and fork pass it; or at
        // the page a lookup asked at inside a huge entry (folio_walk_start(), a query), whose linear test
        // reads that address and may give another answer (kernel-semantics.md §1).
        const first = entryBase(v, level, proc.levels) as Vpn;
        const addr = (asked ?? first) as Vpn;
        return { level, entry, vma, classification: classify(ctx, vma, addr, level, entry, true) };
      }
      return { level, entry, vma };
    }
    t = e.table;
  }
}
