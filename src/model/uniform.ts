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
 * Memory as seen from the first pfn of [lo, hi): each answer is the one for that pfn, and `uniform` turns
 * false as soon as an answer asked would differ for some other pfn of the range.
 */
export class RunMem implements MemView {
  uniform = true;
  constructor(
    private readonly mem: MemView,
    private readonly lo: number,
    private readonly hi: number,
  ) {}

  get layout() {
    return this.mem.layout;
  }

  get hugeZeroHead(): Pfn | null | undefined {
    return this.mem.hugeZeroHead;
  }

  /** Any folio in [lo, hi); true (so: not uniform) where the view cannot tell. */
  anyFolioIn(lo: number, hi: number): boolean {
    return this.mem.anyFolioIn ? this.mem.anyFolioIn(lo, hi) : true;
  }

  get highestMemmapPfn(): number {
    const h = this.mem.highestMemmapPfn;
    if (this.lo <= h && this.hi - 1 > h) this.uniform = false;
    return h;
  }

  pfnValid(p: Pfn): boolean {
    // The same range type for every pfn: the run lies in one range of the layout, or touches none.
    const { lo, hi } = this;
    const inside = this.mem.layout.ranges.find((r) => lo >= r.start && hi <= r.end);
    if (!inside && this.mem.layout.ranges.some((r) => r.start < hi && r.end > lo)) this.uniform = false;
    return this.mem.pfnValid(p);
  }

  isZeroPfn(p: Pfn): boolean {
    const { zeroPfn, zeroPages } = this.mem.layout;
    if (zeroPfn < this.hi && zeroPfn + (zeroPages ?? 1) > this.lo && this.hi - this.lo > 1)
      this.uniform = false;
    return isZeroPfnIn(this.mem.layout, p);
  }

  private touchesHugeZero(): boolean {
    const h = this.mem.hugeZeroHead;
    if (h === undefined) return true;
    return h !== null && h < this.hi && h + HPAGE_PMD_NR > this.lo;
  }

  isHugeZeroAny(p: Pfn): boolean {
    if (this.touchesHugeZero()) this.uniform = false;
    return this.mem.isHugeZeroAny(p);
  }

  isHugeZeroExact(p: Pfn): boolean {
    if (this.touchesHugeZero()) this.uniform = false;
    return this.mem.isHugeZeroExact(p);
  }

  folioAt(p: Pfn) {
    if (this.anyFolioIn(this.lo, this.hi)) this.uniform = false;
    return this.mem.folioAt(p);
  }
}

/** The pfns a run of n entries from leaf e names: [e.pfn, last entry's pfn + 1). */
function pfnRange(e: LeafEntry, n: number, stride: number): [number, number] {
  return [e.pfn, e.pfn + (n - 1) * stride + 1];
}

/**
 * vm_normal_page*() for the n entries from `e` at `v` (a run: each next entry `stride` pages on, its pfn as
 * much further), when it decides the same for every one of them: the classification of the first, whose
 * branch, outcome, warnings and report every entry shares (only a returned page differs: each entry's own
 * pfn). Undefined when some entry could be decided otherwise.
 */
export function classifyAlike(
  ctx: ClassifyCtx,
  vma: Vma,
  v: number,
  level: LeafLevel,
  e: LeafEntry,
  n: number,
  stride: number,
): Classification | undefined {
  if (findPageCallback(vma, v) !== undefined) return undefined;
  const [lo, hi] = pfnRange(e, n, stride);
  const mem = new RunMem(ctx.mem, lo, hi);
  const c = classify({ cfg: ctx.cfg, feat: ctx.feat, mem }, vma, v, level, e, false);
  return mem.uniform ? c : undefined;
}

/**
 * classifyAlike() where the callers may work the run at once: only NULL ("special"), with nothing printed
 * (a VM_WARN or "Bad page map" has state of its own), and the function present in the variant. A page
 * returned differs per entry, and the callers' folio work is per page.
 */
export function classifyRun(
  k: Kernel,
  vma: Vma,
  v: number,
  level: LeafLevel,
  e: LeafEntry,
  n: number,
  stride: number,
): Classification | undefined {
  const c = classifyAlike(k, vma, v, level, e, n, stride);
  if (!c || c.missing || c.bad || c.warns.length || c.page !== null) return undefined;
  return c;
}

/**
 * RFC 11's pfnmap check in remap_pfn_range() (vm_pfnmap_normal_page_pfn()) for n consecutive pfns from
 * `pfn`: false for all of them, or undefined when it is not the same for all (the caller goes per pfn).
 */
export function pfnmapNormalPageRun(k: Kernel, vma: Vma, pfn: Pfn, n: number): false | undefined {
  const mem = new RunMem(k.mem, pfn, pfn + n);
  const normal = pfnmapNormalPage({ cfg: k.cfg, feat: k.feat, mem }, vma, pfn);
  return mem.uniform && !normal ? false : undefined;
}
