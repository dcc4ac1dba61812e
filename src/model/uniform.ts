/**
 * When the kernel's per-entry decision is the same for every entry of a run, so that an operation may work
 * the run at a time (issue: run-based page tables). Nothing is assumed about any kernel function: the
 * classifier itself is asked, for the run's first entry, through a view of memory that notes whether any
 * answer it gave would differ for another pfn of the run. If none would, and the decision does not read the
 * driver's per-address callback, every entry of the run takes the same branch with the same outcome.
 *
 * The one input that changes along a run besides the pfn is the address, and the classifier reads the
 * address only in the PFNMAP linearity test (pfn == vm_pgoff + off) and the find_*_page callback: along a
 * run the pfn and the address advance together, so the first is the same for every entry; a VMA with a
 * callback is never treated as uniform.
 */
import type { LeafEntry, LeafLevel } from './entry';
import type { Kernel } from './kernel';
import { isZeroPfnIn, type MemView } from './physmem';
import { HPAGE_PMD_NR, type Pfn } from './units';
import { type Classification, type ClassifyCtx, classify, pfnmapNormalPage } from './vm_normal_page';
import { findPageCallback, type Vma } from './vma';

/**
 * Memory as seen from the first pfn of [lo, hi): each answer is the one for that pfn, and `limit` comes down
 * to a pfn before which every answer asked is sure to be lo's (so every pfn in [lo, limit) gets the same
 * answers). It is a safe bound, not always the first pfn that differs: a range boundary stops it even
 * where the answer on the far side is the same. `uniform` says whether it is the whole range.
 */
export class RunMem implements MemView {
  limit: number;
  constructor(
    private readonly mem: MemView,
    private readonly lo: number,
    private readonly hi: number,
  ) {
    this.limit = hi;
  }

  get uniform(): boolean {
    return this.limit >= this.hi;
  }

  /** Notes that the answer asked changes at pfn `at` (> lo). */
  private upTo(at: number): void {
    if (at < this.limit) this.limit = Math.max(at, this.lo + 1);
  }

  get layout() {
    return this.mem.layout;
  }

  get hugeZeroHead(): Pfn | null | undefined {
    return this.mem.hugeZeroHead;
  }

  folioBoundary(lo: number, hi: number): number {
    return this.mem.folioBoundary ? this.mem.folioBoundary(lo, hi) : lo + 1;
  }

  get highestMemmapPfn(): number {
    const h = this.mem.highestMemmapPfn;
    // The classifier compares `pfn > highest_memmap_pfn`: it flips after h.
    if (this.lo <= h) this.upTo(h + 1);
    return h;
  }

  pfnValid(p: Pfn): boolean {
    // pfn_valid() answers from the first range listed that holds the pfn, and ranges may overlap: the
    // answer holds up to the nearest boundary of any range after lo (a safe bound: two adjacent RAM ranges
    // give the same answer on both sides).
    const { lo } = this;
    for (const r of this.mem.layout.ranges) {
      if (r.start > lo) this.upTo(r.start);
      if (r.end > lo) this.upTo(r.end);
    }
    return this.mem.pfnValid(p);
  }

  isZeroPfn(p: Pfn): boolean {
    const { zeroPfn, zeroPages } = this.mem.layout;
    const end = zeroPfn + (zeroPages ?? 1);
    if (this.lo >= zeroPfn && this.lo < end) this.upTo(end);
    else if (zeroPfn > this.lo) this.upTo(zeroPfn);
    return isZeroPfnIn(this.mem.layout, p);
  }

  isHugeZeroAny(p: Pfn): boolean {
    const h = this.mem.hugeZeroHead;
    if (h === undefined) this.upTo(this.lo + 1);
    else if (h !== null) {
      if (this.lo >= h && this.lo < h + HPAGE_PMD_NR) this.upTo(h + HPAGE_PMD_NR);
      else if (h > this.lo) this.upTo(h);
    }
    return this.mem.isHugeZeroAny(p);
  }

  isHugeZeroExact(p: Pfn): boolean {
    const h = this.mem.hugeZeroHead;
    if (h === undefined || h === this.lo) this.upTo(this.lo + 1);
    else if (h !== null && h > this.lo) this.upTo(h);
    return this.mem.isHugeZeroExact(p);
  }

  folioAt(p: Pfn) {
    this.upTo(this.folioBoundary(this.lo, this.hi));
    return this.mem.folioAt(p);
  }
}

/** The pfns a run of n entries from leaf e names: [e.pfn, last entry's pfn + 1). */
function pfnRange(e: LeafEntry, n: number, stride: number): [number, number] {
  return [e.pfn, e.pfn + (n - 1) * stride + 1];
}

/** How many of the n entries from pfn lo, `stride` apart, lie below `limit`. */
function entriesBelow(lo: number, limit: number, n: number, stride: number): number {
  return Math.min(n, Math.ceil((limit - lo) / stride));
}

/**
 * vm_normal_page*() for the n entries from `e` at `v` (a run: each next entry `stride` pages on, its pfn as
 * much further): the classification of the first, and how many entries from the first it decides alike
 * (at least 1): their branch, outcome, warnings and report are the first's (only a returned page differs:
 * each entry's own pfn). Undefined where a driver callback decides per address.
 */
export function classifyAlike(
  ctx: ClassifyCtx,
  vma: Vma,
  v: number,
  level: LeafLevel,
  e: LeafEntry,
  n: number,
  stride: number,
): { c: Classification; n: number } | undefined {
  if (findPageCallback(vma, v) !== undefined) return undefined;
  const [lo, hi] = pfnRange(e, n, stride);
  const mem = new RunMem(ctx.mem, lo, hi);
  const c = classify({ cfg: ctx.cfg, feat: ctx.feat, mem }, vma, v, level, e, false);
  return { c, n: entriesBelow(lo, mem.limit, n, stride) };
}

/**
 * How many of the n entries from `e` an operation may work at once (0 when not even the first): those
 * classifyAlike() decides alike, when that is NULL ("special") with nothing printed (a VM_WARN or "Bad page
 * map" has state of its own) and the function present in the variant. A page returned differs per entry,
 * and the callers' folio work is per page.
 */
export function classifyRun(
  k: Kernel,
  vma: Vma,
  v: number,
  level: LeafLevel,
  e: LeafEntry,
  n: number,
  stride: number,
): number {
  const a = classifyAlike(k, vma, v, level, e, n, stride);
  if (!a || a.c.missing || a.c.bad || a.c.warns.length || a.c.page !== null) return 0;
  return a.n;
}

/**
 * RFC 11's pfnmap check in remap_pfn_range() (vm_pfnmap_normal_page_pfn()) for n consecutive pfns from
 * `pfn`: how many from the first it refuses none of (0 when it refuses the first).
 */
export function pfnmapNormalPageRun(k: Kernel, vma: Vma, pfn: Pfn, n: number): number {
  const mem = new RunMem(k.mem, pfn, pfn + n);
  const normal = pfnmapNormalPage({ cfg: k.cfg, feat: k.feat, mem }, vma, pfn);
  return normal ? 0 : entriesBelow(pfn, mem.limit, n, 1);
}
