import { asPfn, HPAGE_PMD_NR, hex, type Pfn } from './units';

/**
 * Physical memory: pfn ranges (with or without a memmap), folios, the shared zero page and the huge zero
 * folio. A pfn with a memmap and no explicit folio is a free order-0 page (refcount 0, mapcount 0).
 */
export type RangeType = 'ram' | 'device' | 'hole';
export interface PhysRange {
  readonly start: Pfn; // first pfn
  readonly end: Pfn; // last pfn + 1
  readonly type: RangeType;
  readonly name?: string;
}

export type FolioKind = 'anon' | 'file' | 'slab' | 'kernel' | 'free' | 'zero' | 'huge_zero';

export interface Folio {
  readonly pfn: Pfn; // head pfn
  readonly order: number;
  readonly kind: FolioKind;
  readonly refcount: number;
  /** Total mappings: each PTE mapping counts 1, each PMD/PUD mapping counts 1 (folio_mapcount()). */
  readonly mapcount: number;
  readonly anonExclusive: boolean;
  /**
   * folio->_pincount of a large folio: FOLL_PIN pins (try_grab_folio(), mm/gup.c). Absent until the first
   * pin, and never set on an order-0 folio, whose pins are counted in `refcount` as GUP_PIN_COUNTING_BIAS
   * each (include/linux/mm.h folio_maybe_dma_pinned()).
   */
  readonly pincount?: number;
  /** A small content token: a CoW copy carries the source's token, a write stores the written value. */
  readonly content: string;
  /** Per-page content of a large folio, where a page differs from `content`. */
  readonly pageContent?: Readonly<Record<number, string>>;
  /** Who allocated it (a process name or file), for the story. */
  readonly owner?: string;
}

export interface MemLayout {
  readonly ranges: readonly PhysRange[];
  readonly zeroPfn: Pfn;
  /**
   * How many coloured zero pages start at zeroPfn (__HAVE_COLOR_ZERO_PAGE: MIPS with virtual aliasing
   * caches, s390): one block of 2^order pages (setup_zero_pages()), zero_page_mask = (PAGE_SIZE << order) - 1
   * with the page offset bits cleared. Absent: 1, the single zero page of every other architecture.
   */
  readonly zeroPages?: number;
  readonly hugeZeroPfn: Pfn;
  readonly highestMemmapPfn: Pfn;
  /** Where the page allocator starts looking for free pages. */
  readonly allocStart: Pfn;
}

/** A memory layout given in plain numbers (a test, a fixture), branded as the pfns they are. */
export interface LayoutSpec {
  readonly ranges: readonly { start: number; end: number; type: RangeType; name?: string }[];
  readonly zeroPfn: number;
  readonly zeroPages?: number;
  readonly hugeZeroPfn: number;
  readonly highestMemmapPfn: number;
  readonly allocStart: number;
}

export function memLayout(s: LayoutSpec): MemLayout {
  return {
    ranges: s.ranges.map((r) => ({ ...r, start: asPfn(r.start), end: asPfn(r.end) })),
    zeroPfn: asPfn(s.zeroPfn),
    ...(s.zeroPages && s.zeroPages > 1 ? { zeroPages: s.zeroPages } : {}),
    hugeZeroPfn: asPfn(s.hugeZeroPfn),
    highestMemmapPfn: asPfn(s.highestMemmapPfn),
    allocStart: asPfn(s.allocStart),
  };
}

/**
 * is_zero_pfn() (include/linux/pgtable.h): with __HAVE_COLOR_ZERO_PAGE, `pfn - zero_pfn <= (zero_page_mask >>
 * PAGE_SHIFT)` in unsigned arithmetic, so any of the coloured zero pages; otherwise `pfn == zero_pfn`.
 */
export function isZeroPfnIn(layout: MemLayout, p: number): boolean {
  const off = p - layout.zeroPfn;
  return off >= 0 && off < (layout.zeroPages ?? 1);
}

/**
 * my_zero_pfn(addr) (include/linux/pgtable.h): page_to_pfn(ZERO_PAGE(addr)), where arch/mips and arch/s390
 * define ZERO_PAGE(vaddr) as empty_zero_page + (vaddr & zero_page_mask): the zero page of the address's
 * colour, its page-index bits below the block's order. Without colours it is zero_pfn. `v` is the page.
 */
export function myZeroPfn(layout: MemLayout, v: number): Pfn {
  return asPfn(layout.zeroPfn + (v % (layout.zeroPages ?? 1)));
}

/** A folio as a test or a scenario states it, its pfn a plain number. */
export type FolioSpec = Omit<Folio, 'pfn'> & { readonly pfn: number };

const CHUNK_SHIFT = 12;

interface Chunk {
  gen: number;
  readonly folios: Map<number, Folio>;
}

/** A frozen view of the folio store at a step. */
export interface FolioSnapshot {
  readonly chunks: ReadonlyMap<number, { readonly folios: ReadonlyMap<number, Folio> }>;
}

export function snapshotFolios(s: FolioSnapshot): Folio[] {
  const out: Folio[] = [];
  const keys = [...s.chunks.keys()].sort((a, b) => a - b);
  for (const k of keys) {
    const c = s.chunks.get(k);
    if (!c) continue;
    out.push(...[...c.folios.values()].sort((a, b) => a.pfn - b.pfn));
  }
  return out;
}

export function snapshotFolioAt(s: FolioSnapshot, p: Pfn): Folio | undefined {
  for (let order = 0; order <= 18; order++) {
    const head = p - (p % 2 ** order);
    const f = s.chunks.get(Math.floor(head / 2 ** CHUNK_SHIFT))?.folios.get(head);
    if (f && f.order >= order && p < head + 2 ** f.order) return f;
  }
  return undefined;
}

/**
 * The first pfn in (lo, hi] where the folio covering a pfn changes from the one covering lo (another
 * folio, or none), or hi. A folio's head lies at most 2^18 pages before a pfn it covers, so only the
 * chunks from there to hi can hold one; the store is walked when that is fewer entries than those chunks
 * (a 256 GiB range spans 16,384 chunks, a model run fills a few).
 */
function folioBoundary(chunks: FolioSnapshot['chunks'], lo: number, hi: number): number {
  let at = hi;
  if (hi <= lo) return at;
  const first = Math.floor(Math.max(0, lo - 2 ** 18) / 2 ** CHUNK_SHIFT);
  const last = Math.floor((hi - 1) / 2 ** CHUNK_SHIFT);
  const visit = (c: FolioSnapshot['chunks'] extends ReadonlyMap<number, infer C> ? C | undefined : never) => {
    if (!c) return;
    for (const f of c.folios.values()) {
      const end = f.pfn + 2 ** f.order;
      if (f.pfn <= lo && end > lo) at = Math.min(at, end);
      else if (f.pfn > lo && f.pfn < at) at = f.pfn;
    }
  };
  if (last - first + 1 <= chunks.size) for (let k = first; k <= last; k++) visit(chunks.get(k));
  else for (const [k, c] of chunks) if (k >= first && k <= last) visit(c);
  return at;
}

/** What the classifier reads of physical memory: the live kernel's PhysMem, or a step's snapshot. */
export interface MemView {
  readonly layout: MemLayout;
  readonly highestMemmapPfn: number;
  pfnValid(p: Pfn): boolean;
  isZeroPfn(p: Pfn): boolean;
  isHugeZeroAny(p: Pfn): boolean;
  isHugeZeroExact(p: Pfn): boolean;
  folioAt(p: Pfn): Folio | undefined;
  /**
   * Where in (lo, hi] the folio covering a pfn first changes from lo's (folioBoundary()), and the huge zero
   * folio's head (null while freed): what uniform.ts asks of a run. A view without them has every run
   * taken entry by entry.
   */
  folioBoundary?(lo: number, hi: number): number;
  readonly hugeZeroHead?: Pfn | null;
}

/** A read-only MemView of one step's state (for classifying entries the UI shows). */
export class SnapshotMem implements MemView {
  constructor(
    readonly layout: MemLayout,
    private readonly folios: FolioSnapshot,
  ) {}
  get highestMemmapPfn(): number {
    return this.layout.highestMemmapPfn;
  }
  pfnValid(p: Pfn): boolean {
    for (const r of this.layout.ranges) if (p >= r.start && p < r.end) return r.type === 'ram';
    return false;
  }
  isZeroPfn(p: Pfn): boolean {
    return isZeroPfnIn(this.layout, p);
  }
  private hzHead: Pfn | null | undefined;
  /** The head of the huge zero folio at this step, or null while the shrinker has freed it. */
  get hugeZeroHead(): Pfn | null {
    if (this.hzHead === undefined) {
      const atLayout = snapshotFolioAt(this.folios, this.layout.hugeZeroPfn);
      this.hzHead =
        atLayout?.kind === 'huge_zero'
          ? atLayout.pfn
          : (snapshotFolios(this.folios).find((f) => f.kind === 'huge_zero')?.pfn ?? null);
    }
    return this.hzHead;
  }
  isHugeZeroAny(p: Pfn): boolean {
    return p - (p % HPAGE_PMD_NR) === this.hugeZeroHead;
  }
  isHugeZeroExact(p: Pfn): boolean {
    return p === this.hugeZeroHead;
  }
  folioAt(p: Pfn): Folio | undefined {
    return snapshotFolioAt(this.folios, p);
  }
  folioBoundary(lo: number, hi: number): number {
    return folioBoundary(this.folios.chunks, lo, hi);
  }
}

export class PhysMem implements MemView {
  private chunks = new Map<number, Chunk>();
  gen = 1;
  private allocCursor: number;
  /**
   * huge_zero_pfn (mm/huge_memory.c): the head of the huge zero folio, or null (the kernel's ~0UL) once
   * shrink_huge_zero_folio_scan() has freed it and until get_huge_zero_folio() allocates the next one.
   * The scenario's layout says where the first one is.
   */
  hugeZeroHead: Pfn | null;

  constructor(readonly layout: MemLayout) {
    this.allocCursor = layout.allocStart;
    this.hugeZeroHead = layout.hugeZeroPfn;
  }

  rangeOf(p: Pfn): PhysRange | undefined {
    for (const r of this.layout.ranges) if (p >= r.start && p < r.end) return r;
    return undefined;
  }

  /** pfn_valid(): the pfn has a struct page (a memmap). */
  pfnValid(p: Pfn): boolean {
    return this.rangeOf(p)?.type === 'ram';
  }

  /** is_zero_pfn(): any of the coloured zero pages (isZeroPfnIn()). */
  isZeroPfn(p: Pfn): boolean {
    return isZeroPfnIn(this.layout, p);
  }

  /** is_huge_zero_pfn() (v6.17+): any pfn inside the huge zero folio. */
  isHugeZeroAny(p: Pfn): boolean {
    return p - (p % HPAGE_PMD_NR) === this.hugeZeroHead;
  }

  /** The older exact test (is_huge_zero_pmd() comparing pmd_pfn with the folio's head pfn). */
  isHugeZeroExact(p: Pfn): boolean {
    return p === this.hugeZeroHead;
  }

  get highestMemmapPfn(): number {
    return this.layout.highestMemmapPfn;
  }

  private chunkFor(head: number, write: boolean): Chunk | undefined {
    const k = Math.floor(head / 2 ** CHUNK_SHIFT);
    let c = this.chunks.get(k);
    if (!write) return c;
    if (!c) {
      c = { gen: this.gen, folios: new Map() };
      this.chunks.set(k, c);
    } else if (c.gen !== this.gen) {
      c = { gen: this.gen, folios: new Map(c.folios) };
      this.chunks.set(k, c);
    }
    return c;
  }

  /** The explicit folio covering `p`, if any. */
  folioAt(p: Pfn): Folio | undefined {
    for (let order = 0; order <= 18; order++) {
      const head = p - (p % 2 ** order);
      const f = this.chunkFor(head, false)?.folios.get(head);
      if (f && f.order >= order && p < head + 2 ** f.order) return f;
    }
    return undefined;
  }

  /** Where the explicit folio covering a pfn first changes after lo (folioBoundary()). */
  folioBoundary(lo: number, hi: number): number {
    return folioBoundary(this.chunks, lo, hi);
  }

  /** The folio covering `p`, materialising a free order-0 page for a memmap pfn without one. */
  folioOrFree(p: Pfn): Folio | undefined {
    const f = this.folioAt(p);
    if (f) return f;
    if (!this.pfnValid(p)) return undefined;
    return {
      pfn: p,
      order: 0,
      kind: 'free',
      refcount: 0,
      mapcount: 0,
      anonExclusive: false,
      content: `ram@${hex(p)}`,
      owner: 'free',
    };
  }

  /** Places a folio (a head pfn given as a plain number is taken as the pfn it is). */
  put(spec: Folio | FolioSpec): void {
    // The brand is a compile-time one: the same object is kept, and others may hold it.
    const f = spec as Folio;
    this.chunkFor(f.pfn, true)?.folios.set(f.pfn, f);
  }

  remove(head: number): void {
    this.chunkFor(head, true)?.folios.delete(head);
  }

  /** Whether [p, p + n) is free RAM: memmap, no folio, not the zero page or huge zero folio. */
  isFreeRange(p: Pfn, n: number): boolean {
    for (let q = p; q < p + n; q++) {
      const r = this.rangeOf(q);
      if (r?.type !== 'ram') return false;
      if (this.isZeroPfn(q) || this.isHugeZeroAny(q)) return false;
      if (this.folioAt(q)) return false;
    }
    return true;
  }

  /**
   * The page allocator: the next free, naturally aligned block of 2^order pages at or after a cursor that
   * moves forward (next fit), so runs are deterministic. Returns undefined when memory is exhausted.
   */
  allocPfn(order: number): Pfn | undefined {
    const n = 2 ** order;
    const limit = this.layout.highestMemmapPfn + 1;
    for (const from of [this.allocCursor, this.layout.allocStart]) {
      let p = asPfn(Math.ceil(from / n) * n);
      while (p + n <= limit) {
        if (this.isFreeRange(p, n)) {
          this.allocCursor = p + n;
          return p;
        }
        const r = this.rangeOf(p);
        if (r?.type !== 'ram') {
          // skip to the next RAM range
          const next = this.layout.ranges
            .filter((x) => x.type === 'ram' && x.start > p)
            .sort((a, b) => a.start - b.start)[0];
          if (!next) break;
          p = asPfn(Math.ceil(next.start / n) * n);
        } else {
          p = asPfn(p + n);
        }
      }
    }
    return undefined;
  }

  snapshot(): FolioSnapshot {
    this.gen++;
    return { chunks: new Map(this.chunks) };
  }

  /** Freezes the folios, the allocator's cursor and huge_zero_pfn; the closure puts them back (Kernel.checkpoint()). */
  checkpoint(): () => void {
    const { chunks } = this.snapshot();
    const cursor = this.allocCursor;
    const hugeZeroHead = this.hugeZeroHead;
    return () => {
      // Chunks of the saved map are older than any generation written since: later writes clone them.
      this.chunks = new Map(chunks as Map<number, Chunk>);
      this.gen++;
      this.allocCursor = cursor;
      this.hugeZeroHead = hugeZeroHead;
    };
  }

  all(): Folio[] {
    return snapshotFolios({ chunks: this.chunks });
  }
}
