import type { MachineConfig } from './config';
import type { Entry, LeafEntry, LeafLevel, Level, SwapEntry } from './entry';
import { entryBase } from './geometry';
import { Mm, type ProcSnapshot } from './mm';
import type { Table } from './pagetable';
import { type Folio, type FolioSnapshot, type MemLayout, PhysMem } from './physmem';
import {
  badPageMapLines,
  badPageStateLines,
  bugLines,
  type Current,
  siteFunc,
  taintString,
  warningLines,
} from './printk';
import { type ReportKind, type TraceEvent, Tracer } from './trace';
import { asPfn, HPAGE_PMD_NR, type Pfn, type Vpn, vaddrHex } from './units';
import { type VariantFeatures, type VariantId, variantInfo } from './variants';
import type { Vma } from './vma';

/** Thrown by BUG_ON(): the current operation stops, its process is marked oopsed, the scenario goes on. */
export class KernelBug extends Error {
  constructor(
    readonly where: string,
    readonly cond: string,
    /** What the kernel prints, where it is not "kernel BUG at <file>!" (an oops, a VM_BUG_ON_FOLIO dump). */
    readonly lines?: readonly string[],
  ) {
    super(`kernel BUG in ${where}: ${cond}`);
  }
}

export interface KernelSnapshot {
  readonly procs: readonly ProcSnapshot[];
  readonly folios: FolioSnapshot;
  readonly layout: MemLayout;
  /** huge_zero_refcount: one for the huge zero shrinker plus one per mm holding it; 0 once it is freed. */
  readonly hugeZeroRefcount: number;
  readonly taint: string;
  readonly clock: number;
  readonly warned: readonly string[];
}

/** An entry a step is about: the process, its level and the first page it maps. */
export interface Subject {
  readonly proc: string;
  readonly level: LeafLevel;
  /** The entry's first page. */
  readonly v: number;
  /**
   * The page a query or folio_walk_start() asked at, when it lies inside the entry past its first page:
   * vm_normal_page_pmd()/_pud()'s linear test reads that address, so the answer may differ from the
   * entry's classification at its start (kernel-semantics.md §1).
   */
  readonly asked?: number;
}

/** Subjects a step keeps: the decision path shows the first and lists the others. */
const MAX_SUBJECTS = 8;

const RATELIMIT_BURST = 60;
const RATELIMIT_SECONDS = 60;

/** A "printk once per burst" limiter with the shape of print_bad_pte()'s and bad_page()'s. */
interface BurstLimiter {
  resume: number;
  nrShown: number;
  nrUnshown: number;
}

/**
 * The whole simulated kernel: configuration, variant, physical memory, processes and the report state
 * (WARN_ON_ONCE sites, rate limits, taint). Operations in ops/ drive it; every change goes through the
 * helpers here so that it lands in the trace.
 */
export class Kernel {
  readonly feat: VariantFeatures;
  readonly mem: PhysMem;
  readonly procs = new Map<string, Mm>();
  readonly trace = new Tracer();
  readonly warned = new Set<string>();
  readonly taint = new Set<string>();
  /** Page cache: file name -> page index -> pfn. */
  readonly pageCache = new Map<string, Map<number, Pfn>>();
  /**
   * DAX files: the page indices that have a PTE-order entry in the file's mapping (the xarray of fs/dax.c),
   * as grab_mapping_entry(xas, mapping, 0) and dax_insert_entry() leave them on every DAX PTE fault. They
   * outlive munmap(). PMD-order entries are not recorded, nor the downgrade of a PMD zero entry to PTE
   * entries (with unmap_mapping_pages()) that a PTE fault inside one makes.
   */
  readonly daxPteEntries = new Map<string, Set<number>>();
  clock = 0;
  private nextId = 1;
  private nextPid = 1000;
  private nextVmaId = 1;
  private nextContent = 1;
  private readonly badMap: BurstLimiter = { resume: 0, nrShown: 0, nrUnshown: 0 };
  private readonly badState: BurstLimiter = { resume: 0, nrShown: 0, nrUnshown: 0 };
  readonly ids = {
    next: () => this.nextId++,
    skip: (n: number) => {
      this.nextId += n;
    },
  };
  /** The process an operation runs on behalf of ("current"), for report text. */
  current: Mm | undefined;

  constructor(
    readonly variant: VariantId,
    readonly cfg: MachineConfig,
    layout: MemLayout,
  ) {
    this.feat = variantInfo(variant).features;
    this.mem = new PhysMem(layout);
    // setup_zero_pages() (arch/mips/mm/init.c, arch/s390/mm/init.c): a block of one zero page per colour,
    // each reserved as an order-0 page (one page without __HAVE_COLOR_ZERO_PAGE).
    for (let i = 0; i < (layout.zeroPages ?? 1); i++)
      this.mem.put({
        pfn: asPfn(layout.zeroPfn + i),
        order: 0,
        kind: 'zero',
        refcount: 1,
        mapcount: 0,
        anonExclusive: false,
        content: 'zeroes',
        owner: 'kernel',
      });
    this.mem.put({
      pfn: layout.hugeZeroPfn,
      order: 9,
      kind: 'huge_zero',
      refcount: 1,
      mapcount: 0,
      anonExclusive: false,
      content: 'zeroes',
      owner: 'kernel',
    });
  }

  newProcess(name: string): Mm {
    const mm = new Mm(name, this.nextPid++, this.cfg.pgtableLevels, this.ids);
    this.procs.set(name, mm);
    return mm;
  }

  newVmaId(): number {
    return this.nextVmaId++;
  }

  newContent(prefix: string): string {
    return `${prefix}#${this.nextContent++}`;
  }

  // ---- trace helpers -------------------------------------------------------------------------------

  call<T>(fn: string, args: string, body: () => T): T {
    return this.trace.call(fn, args, body);
  }

  branch(fn: string, id: string, text: string): void {
    this.trace.emit({ t: 'branch', fn, id, text, depth: this.trace.depth });
  }

  emit(e: TraceEvent): void {
    this.trace.emit(e);
  }

  /** Writes an entry through the page tables and records it. */
  setEntry(mm: Mm, v: Vpn, level: Level, e: LeafEntry | SwapEntry | undefined, fn: string): void {
    const old = mm.pt.set(v, level, e);
    this.trace.entry(mm.name, level, v, old, e, fn);
    this.touch(mm.name, level, v);
  }

  /** The entries this step is about, in the order it reached them (see StepRecord.subjects). */
  private touched: Subject[] = [];
  private touchedMore = false;

  /**
   * Notes that the step decided about, wrote or reported on the entry at `level` mapping v: the page's
   * decision path follows the first. Cheap when called per entry of a large mapping: a few are kept.
   */
  touch(proc: string, level: Level, v: number): void {
    if (this.touchedMore || (level !== 'pte' && level !== 'pmd' && level !== 'pud')) return;
    const base = entryBase(v, level, this.procs.get(proc)?.pt.nlevels ?? 4);
    const t = this.touched;
    if (t.some((s) => s.proc === proc && s.level === level && s.v === base)) return;
    if (t.length >= MAX_SUBJECTS) this.touchedMore = true;
    else t.push({ proc, level, v: base });
  }

  /**
   * touch() for n entries from v, `span` pages apart, in `procs` in turn at each (as a loop calling touch()
   * per entry would); stops once no more subjects are kept, so a run of any length costs a few calls.
   */
  touchRun(procs: readonly string[], level: Level, v: number, n: number, span: number): void {
    for (let j = 0; j < n && !this.touchedMore; j++)
      for (const p of procs) this.touch(p, level, v + j * span);
  }

  /** The step's subjects so far, and forgets them (the step runner takes them per step). */
  takeSubjects(): { subjects: Subject[]; more: boolean } {
    const out = { subjects: this.touched, more: this.touchedMore };
    this.touched = [];
    this.touchedMore = false;
    return out;
  }

  /** Installs a table entry (a withdrawn deposit or a new table) in place of a none/leaf entry. */
  setTableEntry(mm: Mm, v: Vpn, level: Level, e: Entry | undefined, fn: string): void {
    const before = mm.pt.walk(v, level);
    mm.pt.setAny(v, level, e);
    this.trace.entry(mm.name, level, v, before.level === level ? before.entry : undefined, e, fn);
  }

  counter(mm: Mm, c: 'anon' | 'file' | 'pgtables', delta: number, fn: string): void {
    if (delta === 0) return;
    const before = mm.counters[c];
    mm.counters = { ...mm.counters, [c]: before + delta };
    this.emit({
      t: 'counter',
      proc: mm.name,
      counter: c,
      before,
      after: before + delta,
      fn,
      depth: this.trace.depth,
    });
  }

  /**
   * huge_zero_refcount (mm/huge_memory.c): one reference for the shrinker plus one per mm that has
   * MMF_HUGE_ZERO_FOLIO set; 0 while no huge zero folio exists. The folio's own refcount is not these: it
   * stays at the 1 of its allocation until shrink_huge_zero_folio_scan() puts it. ptlab starts with the
   * folio allocated and only the shrinker's reference held, as if an earlier user had gone away.
   */
  hugeZeroRefcount = 1;

  /** The huge zero folio's names: v6.18 renamed get_huge_zero_page() & co. to *_folio(). */
  hzName(base: 'get' | 'put' | 'shrink_count' | 'shrink_scan'): string {
    const unit = this.feat.classifier === 'merged' ? 'folio' : 'page';
    if (base === 'shrink_count') return `shrink_huge_zero_${unit}_count`;
    if (base === 'shrink_scan') return `shrink_huge_zero_${unit}_scan`;
    return `${base}_huge_zero_${unit}`;
  }

  /** The huge zero folio as it is now (huge_zero_folio), or undefined while the shrinker has freed it. */
  hugeZeroFolio(): Folio | undefined {
    const head = this.mem.hugeZeroHead;
    return head === null ? undefined : this.mem.folioAt(head);
  }

  setHugeZeroRefcount(n: number, fn: string): void {
    this.emit({
      t: 'counter',
      proc: 'kernel',
      counter: 'hugeZeroRefcount',
      before: this.hugeZeroRefcount,
      after: n,
      fn,
      depth: this.trace.depth,
    });
    this.hugeZeroRefcount = n;
  }

  /**
   * get_huge_zero_folio() (mm/huge_memory.c; get_huge_zero_page() before v6.18): atomic_inc_not_zero() of
   * huge_zero_refcount, or, when the shrinker has freed the folio, a new PMD-order zeroed folio with
   * huge_zero_refcount set to 2 ("+1 for shrinker pin"). False when no folio can be allocated.
   */
  private getHugeZeroFolio(): boolean {
    const fn = this.hzName('get');
    return this.call(fn, '', () => {
      if (this.hugeZeroRefcount > 0) {
        this.branch(fn, 'HZ-G1', 'atomic_inc_not_zero(&huge_zero_refcount): the folio exists');
        this.setHugeZeroRefcount(this.hugeZeroRefcount + 1, fn);
        return true;
      }
      // ptlab: the first choice is the layout's pfn when it is free again; the kernel takes whatever
      // folio_alloc() returns.
      const want = this.mem.layout.hugeZeroPfn;
      const p = this.mem.isFreeRange(want, HPAGE_PMD_NR) ? want : this.mem.allocPfn(9);
      if (p === undefined) {
        this.branch(fn, 'HZ-G3', 'folio_alloc() failed: THP_ZERO_PAGE_ALLOC_FAILED');
        return false;
      }
      this.branch(fn, 'HZ-G2', 'no huge zero folio: folio_alloc(__GFP_ZERO, HPAGE_PMD_ORDER)');
      this.addFolio(
        {
          pfn: p,
          order: 9,
          kind: 'huge_zero',
          refcount: 1,
          mapcount: 0,
          anonExclusive: false,
          content: 'zeroes',
          owner: 'kernel',
        },
        'folio_alloc',
      );
      this.mem.hugeZeroHead = p;
      this.setHugeZeroRefcount(2, fn);
      return true;
    });
  }

  /**
   * mm_get_huge_zero_folio() (mm/huge_memory.c): the mm's huge zero reference is taken once per mm, when
   * MMF_HUGE_ZERO_FOLIO is not yet set; later calls find the flag and take nothing. Returns the folio, or
   * undefined when none could be allocated (the caller falls back).
   */
  mmGetHugeZeroFolio(mm: Mm): Folio | undefined {
    const fn = 'mm_get_huge_zero_folio';
    return this.call(fn, mm.name, () => {
      if (mm.hugeZeroRef) {
        this.branch(fn, 'HZ-G0', 'MMF_HUGE_ZERO_FOLIO is set: the mm holds its reference already');
        return this.hugeZeroFolio();
      }
      if (!this.getHugeZeroFolio()) return undefined;
      this.setHugeZeroRef(mm, true, fn);
      return this.hugeZeroFolio();
    });
  }

  /**
   * mm_put_huge_zero_folio() at exit: put_huge_zero_folio() drops the mm's reference. It never drops the
   * last one: "Counter should never go to zero here. Only shrinker can put last reference" (BUG_ON).
   */
  mmPutHugeZeroFolio(mm: Mm): void {
    const fn = 'mm_put_huge_zero_folio';
    if (!mm.hugeZeroRef) return;
    this.call(fn, mm.name, () => {
      this.setHugeZeroRef(mm, false, fn);
      const put = this.hzName('put');
      this.call(put, '', () => {
        this.setHugeZeroRefcount(this.hugeZeroRefcount - 1, put);
        if (this.hugeZeroRefcount === 0)
          this.bug(`mm/huge_memory.c:${put}`, 'atomic_dec_and_test(&huge_zero_refcount)');
      });
    });
  }

  /** Sets or clears the mm's MMF_HUGE_ZERO_FOLIO flag. */
  setHugeZeroRef(mm: Mm, v: boolean, fn: string): void {
    if (mm.hugeZeroRef === v) return;
    this.emit({
      t: 'counter',
      proc: mm.name,
      counter: 'hugeZeroRef',
      before: mm.hugeZeroRef,
      after: v,
      fn,
      depth: this.trace.depth,
    });
    mm.hugeZeroRef = v;
  }

  /** Replaces a folio's fields, recording each change. Materialises free pages on first change. */
  updateFolio(f: Folio, changes: Partial<Folio>, fn: string): Folio {
    const next = { ...f, ...changes } as Folio;
    for (const k of Object.keys(changes) as (keyof Folio)[]) {
      if (k === 'pincount') {
        if (f[k] !== next[k]) this.trace.folio(f.pfn, k, f[k] ?? 0, next[k] ?? 0, fn);
      } else if (
        k === 'refcount' ||
        k === 'mapcount' ||
        k === 'anonExclusive' ||
        k === 'kind' ||
        k === 'content'
      ) {
        if (f[k] !== next[k]) this.trace.folio(f.pfn, k, f[k], next[k], fn);
      }
    }
    this.mem.put(next);
    return next;
  }

  addFolio(f: Folio, fn: string): Folio {
    this.mem.put(f);
    this.trace.folio(f.pfn, 'allocated', null, `${f.kind} order ${f.order}`, fn);
    return f;
  }

  freeFolio(f: Folio, fn: string): void {
    this.mem.remove(f.pfn);
    this.trace.folio(f.pfn, 'freed', `${f.kind} order ${f.order}`, null, fn);
  }

  // ---- reports -------------------------------------------------------------------------------------

  /** The entry being decided about, if any: reports printed meanwhile point at it. */
  at: { proc: string; level: Level; v: number } | undefined;

  report(kind: ReportKind, lines: string[], site?: string, suppressed = false): void {
    const e: TraceEvent = { t: 'report', kind, lines, depth: this.trace.depth };
    if (site) e.site = site;
    if (suppressed) e.suppressed = true;
    if (this.at) {
      e.at = { proc: this.at.proc, level: this.at.level, vaddr: vaddrHex(this.at.v as Vpn) };
      this.touch(this.at.proc, this.at.level, this.at.v);
    }
    this.emit(e);
  }

  /** VM_WARN_ON_ONCE(cond): only with CONFIG_DEBUG_VM, once per call site. Returns whether it printed. */
  vmWarnOnce(site: string, cond: string): boolean {
    if (!this.cfg.debugVm) return false;
    return this.warnOnceInner('vm_warn', site, cond);
  }

  /** WARN_ON_ONCE(cond): unconditional, once per call site. */
  warnOnce(site: string, cond: string): boolean {
    return this.warnOnceInner('warn', site, cond);
  }

  private warnOnceInner(kind: 'warn' | 'vm_warn', site: string, cond: string): boolean {
    const macro = kind === 'warn' ? 'WARN_ON_ONCE' : 'VM_WARN_ON_ONCE';
    if (this.warned.has(site)) {
      this.report(
        kind,
        [`ptlab: ${macro}(${cond}) in ${siteFunc(site)} is true again; it printed once already`],
        site,
        true,
      );
      return false;
    }
    this.warned.add(site);
    // lib/bug.c __warn(): VM_WARN_ON_ONCE prints exactly like WARN_ON_ONCE. Line numbers and offsets are
    // not modelled; the "ptlab:" line is the model's note, not kernel output.
    const lines = warningLines(macro, site, cond, this.current, this.taint);
    this.taint.add('W');
    this.report(kind, lines, site);
    return true;
  }

  /** BUG_ON(cond): oops. Throws; the step runner marks the process and records the report. */
  bug(where: string, cond: string, lines?: readonly string[]): never {
    throw new KernelBug(where, cond, lines);
  }

  recordBug(b: KernelBug): void {
    const mm = this.current;
    const lines = bugLines(b, mm, this.taint);
    this.taint.add('D');
    this.report('bug', lines, b.where);
    if (mm) mm.oopsed = true;
  }

  private ratelimit(l: BurstLimiter, what: string): { print: boolean; pre: string[] } {
    const pre: string[] = [];
    if (l.nrShown === RATELIMIT_BURST) {
      if (this.clock < l.resume) {
        l.nrUnshown++;
        return { print: false, pre };
      }
      if (l.nrUnshown) {
        pre.push(`BUG: ${what}: ${l.nrUnshown} messages suppressed`);
        l.nrUnshown = 0;
      }
      l.nrShown = 0;
    }
    if (l.nrShown++ === 0) l.resume = this.clock + RATELIMIT_SECONDS;
    return { print: true, pre };
  }

  /**
   * print_bad_pte() (baseline, RFC) / print_bad_page_map() (v6.18): "BUG: Bad page map", rate limited to
   * 60 reports per 60 s (a suppressed report does not taint), then TAINT_BAD_PAGE. kernel-semantics.md §3.15.
   */
  badPageMap(
    mm: Mm,
    vma: Vma,
    v: Vpn,
    level: Level,
    e: Entry | undefined,
    page: Folio | undefined,
    reason = 'bad pte',
  ): void {
    const rl = this.ratelimit(this.badMap, 'Bad page map');
    if (!rl.print) {
      this.report(
        'bad_page_map',
        ['ptlab: "BUG: Bad page map" suppressed by the rate limit (60 per 60 s)'],
        undefined,
        true,
      );
      return;
    }
    const prevAt = this.at;
    this.at = { proc: mm.name, level, v };
    const lines = [
      ...rl.pre,
      ...badPageMapLines(
        { mm, vma, v, level, e, page, reason },
        this.feat.printBadPageMap,
        this.current,
        this.taint,
      ),
    ];
    this.taint.add('B');
    this.report(
      'bad_page_map',
      lines,
      this.feat.printBadPageMap ? 'mm/memory.c:print_bad_page_map' : 'mm/memory.c:print_bad_pte',
    );
    this.at = prevAt;
  }

  /**
   * bad_page() in mm/page_alloc.c: "BUG: Bad page state", same burst limit; taints even when suppressed.
   * `ctx` is the task it prints as when that is not the step's process (kswapd0 for the shrinker),
   * `note` adds the model's own lines, `pfn` is the page bad_page() was given when not the head.
   */
  badPageState(
    f: Folio,
    reason: string,
    ctx: Current = this.current,
    note: readonly string[] = [],
    pfn: number = f.pfn,
  ): void {
    const rl = this.ratelimit(this.badState, 'Bad page state');
    if (!rl.print) {
      this.taint.add('B');
      this.report(
        'bad_page_state',
        ['ptlab: "BUG: Bad page state" suppressed by the rate limit (60 per 60 s)'],
        undefined,
        true,
      );
      return;
    }
    const lines = [...rl.pre, ...badPageStateLines(f, reason, ctx, this.taint, pfn), ...note];
    this.taint.add('B');
    this.report('bad_page_state', lines, 'mm/page_alloc.c:bad_page');
  }

  /** "Not tainted", or the taint flags as /proc/sys/kernel/tainted names them. */
  taintString(): string {
    return taintString(this.taint);
  }

  /**
   * Freezes the whole kernel state; the closure restores it and drops the events and subjects recorded
   * since. A step that ptlab refuses after it started (a `write` whose `allocPfn` the allocator cannot hand
   * out) is undone with it, so it leaves no trace but the refusal.
   */
  checkpoint(): () => void {
    const mem = this.mem.checkpoint();
    const procs = new Map(this.procs);
    const mms = [...procs.values()].map((mm) => mm.checkpoint());
    const warned = [...this.warned];
    const taint = [...this.taint];
    const pageCache = [...this.pageCache].map(([f, m]) => [f, new Map(m)] as const);
    const dax = [...this.daxPteEntries].map(([f, s]) => [f, new Set(s)] as const);
    const scalars = {
      clock: this.clock,
      nextId: this.nextId,
      nextPid: this.nextPid,
      nextVmaId: this.nextVmaId,
      nextContent: this.nextContent,
      hugeZeroRefcount: this.hugeZeroRefcount,
    };
    const limiters = [{ ...this.badMap }, { ...this.badState }] as const;
    const { current, at } = this;
    const depth = this.trace.depth;
    return () => {
      mem();
      for (const m of mms) m();
      this.procs.clear();
      for (const [n, mm] of procs) this.procs.set(n, mm);
      const reset = <T>(set: Set<T>, items: readonly T[]) => {
        set.clear();
        for (const x of items) set.add(x);
      };
      reset(this.warned, warned);
      reset(this.taint, taint);
      this.pageCache.clear();
      for (const [f, m] of pageCache) this.pageCache.set(f, new Map(m));
      this.daxPteEntries.clear();
      for (const [f, s] of dax) this.daxPteEntries.set(f, new Set(s));
      Object.assign(this, scalars);
      Object.assign(this.badMap, limiters[0]);
      Object.assign(this.badState, limiters[1]);
      this.current = current;
      this.at = at;
      this.trace.take();
      this.trace.depth = depth;
      this.takeSubjects();
    };
  }

  snapshot(): KernelSnapshot {
    const procs: ProcSnapshot[] = [];
    for (const mm of this.procs.values()) {
      procs.push({
        name: mm.name,
        pid: mm.pid,
        levels: mm.pt.nlevels,
        root: mm.pt.snapshot() as Table,
        vmas: mm.vmas,
        counters: { ...mm.counters },
        hugeZeroRef: mm.hugeZeroRef,
        oopsed: mm.oopsed,
        exited: mm.exited,
      });
    }
    return {
      procs,
      folios: this.mem.snapshot(),
      layout: this.mem.layout,
      hugeZeroRefcount: this.hugeZeroRefcount,
      taint: this.taintString(),
      clock: this.clock,
      warned: [...this.warned].sort(),
    };
  }
}
