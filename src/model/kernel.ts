import type { MachineConfig } from './config';
import { type Entry, entryRawValue, type LeafEntry, type Level, rawHex, type SwapEntry } from './entry';
import { Mm, type ProcSnapshot } from './mm';
import type { Table } from './pagetable';
import { type Folio, type FolioSnapshot, type MemLayout, PhysMem } from './physmem';
import { type ReportKind, type TraceEvent, Tracer } from './trace';
import { hex, type Vpn, vaddrHex } from './units';
import { type VariantFeatures, type VariantId, variantInfo } from './variants';
import { flagNames, type Vma, vmaRangeText } from './vma';

/** Thrown by BUG_ON(): the current operation stops, its process is marked oopsed, the scenario goes on. */
export class KernelBug extends Error {
  constructor(
    readonly where: string,
    readonly cond: string,
  ) {
    super(`kernel BUG in ${where}: ${cond}`);
  }
}

export interface KernelSnapshot {
  readonly procs: readonly ProcSnapshot[];
  readonly folios: FolioSnapshot;
  readonly layout: MemLayout;
  /** References held on the huge zero folio: one by the huge zero shrinker's base plus one per mm. */
  readonly hugeZeroRefcount: number;
  readonly taint: string;
  readonly clock: number;
  readonly warned: readonly string[];
}

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
  readonly pageCache = new Map<string, Map<number, number>>();
  clock = 0;
  private nextId = 1;
  private nextPid = 1000;
  private nextVmaId = 1;
  private nextContent = 1;
  private readonly badMap: BurstLimiter = { resume: 0, nrShown: 0, nrUnshown: 0 };
  private readonly badState: BurstLimiter = { resume: 0, nrShown: 0, nrUnshown: 0 };
  readonly ids = { next: () => this.nextId++ };
  /** The process an operation runs on behalf of ("current"), for report text. */
  current: Mm | undefined;

  constructor(
    readonly variant: VariantId,
    readonly cfg: MachineConfig,
    layout: MemLayout,
  ) {
    this.feat = variantInfo(variant).features;
    this.mem = new PhysMem(layout);
    this.mem.put({
      pfn: layout.zeroPfn,
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
    const hz = this.mem.folioAt(this.mem.layout.hugeZeroPfn);
    if (hz) this.updateFolio(hz, { refcount: hz.refcount + (v ? 1 : -1) }, fn);
  }

  /** Replaces a folio's fields, recording each change. Materialises free pages on first change. */
  updateFolio(f: Folio, changes: Partial<Folio>, fn: string): Folio {
    const next = { ...f, ...changes } as Folio;
    for (const k of Object.keys(changes) as (keyof Folio)[]) {
      if (k === 'refcount' || k === 'mapcount' || k === 'anonExclusive' || k === 'kind' || k === 'content') {
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

  report(kind: ReportKind, lines: string[], site?: string, suppressed = false): void {
    const e: TraceEvent = { t: 'report', kind, lines, depth: this.trace.depth };
    if (site) e.site = site;
    if (suppressed) e.suppressed = true;
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
    if (this.warned.has(site)) {
      this.report(
        kind,
        [
          `(${kind === 'warn' ? 'WARN_ON_ONCE' : 'VM_WARN_ON_ONCE'}(${cond}) at ${site} already fired: silent)`,
        ],
        site,
        true,
      );
      return false;
    }
    this.warned.add(site);
    this.taint.add('W');
    const pid = this.current?.pid ?? 0;
    const comm = this.current?.name ?? 'swapper';
    this.report(
      kind,
      [
        `WARNING: CPU: 0 PID: ${pid} at ${site}`,
        `Comm: ${comm} Tainted: ${this.taintString()}`,
        `${kind === 'warn' ? 'WARN_ON_ONCE' : 'VM_WARN_ON_ONCE'}(${cond})`,
      ],
      site,
    );
    return true;
  }

  /** BUG_ON(cond): oops. Throws; the step runner marks the process and records the report. */
  bug(where: string, cond: string): never {
    throw new KernelBug(where, cond);
  }

  recordBug(b: KernelBug): void {
    const mm = this.current;
    this.taint.add('D');
    this.report('bug', [
      `kernel BUG at ${b.where}!`,
      'Oops: invalid opcode: 0000 [#1] SMP',
      `CPU: 0 UID: 0 PID: ${mm?.pid ?? 0} Comm: ${mm?.name ?? 'swapper'} Tainted: ${this.taintString()}`,
      `BUG_ON(${b.cond})`,
    ]);
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
   * 60 reports per 60 s, taints TAINT_BAD_PAGE. semantics.md §3.15.
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
    this.taint.add('B');
    if (!rl.print) {
      this.report('bad_page_map', ['BUG: Bad page map (suppressed by the rate limit)'], undefined, true);
      return;
    }
    const lines = [...rl.pre];
    const walk = mm.pt.walk(v, level);
    if (this.feat.printBadPageMap) {
      lines.push(`BUG: Bad page map in process ${mm.name}  ${level}:${rawHex(entryRawValue(e, level))}`);
      const upper: string[] = [];
      for (const t of walk.path) {
        if (t.level === level) break;
        const pe = t.entries[Math.floor(v / 2 ** shiftOf(t.level, this.cfg.pgtableLevels)) % 512];
        upper.push(`${t.level}:${rawHex(entryRawValue(pe, t.level))}`);
        if (pe?.kind !== 'table') break;
      }
      if (upper.length) lines.push(upper.join(' '));
    } else {
      const pmdT = walk.path.find((t) => t.level === 'pmd');
      const pmdE = pmdT ? pmdT.entries[Math.floor(v / 512) % 512] : undefined;
      lines.push(
        `BUG: Bad page map in process ${mm.name}  pte:${rawHex(entryRawValue(e, 'pte'))} pmd:${rawHex(entryRawValue(pmdE, 'pmd'))}`,
      );
    }
    if (page) {
      lines.push(
        `page: refcount:${page.refcount} mapcount:${page.mapcount} mapping:${page.kind === 'anon' ? 'anon' : '0'} index:0x0 pfn:${hex(page.pfn)}`,
      );
      lines.push(`page dumped because: ${this.feat.printBadPageMap ? 'bad page map' : reason}`);
    }
    lines.push(
      `addr:${vaddrHex(v)} vm_flags:${vma.flags.toString(16).padStart(8, '0')} (${flagNames(vma.flags).join('|')}) anon_vma:${vma.anonVma ? 'set' : '0'} mapping:${vma.backing.type === 'anon' ? '0' : vma.backing.type} index:${hex(vma.pgoff + (v - vma.start))}`,
    );
    lines.push(`VMA ${vmaRangeText(vma)} (${vma.name})`);
    lines.push(`Tainted: ${this.taintString()}`);
    this.report(
      'bad_page_map',
      lines,
      this.feat.printBadPageMap ? 'mm/memory.c:print_bad_page_map' : 'mm/memory.c:print_bad_pte',
    );
  }

  /** bad_page() in mm/page_alloc.c: "BUG: Bad page state", same burst limit shape. */
  badPageState(f: Folio, reason: string): void {
    const rl = this.ratelimit(this.badState, 'Bad page state');
    this.taint.add('B');
    if (!rl.print) {
      this.report('bad_page_state', ['BUG: Bad page state (suppressed by the rate limit)'], undefined, true);
      return;
    }
    const mm = this.current;
    this.report(
      'bad_page_state',
      [
        ...rl.pre,
        `BUG: Bad page state in process ${mm?.name ?? 'swapper'}  pfn:${f.pfn.toString(16).padStart(5, '0')}`,
        `page: refcount:${f.refcount} mapcount:${f.mapcount} mapping:${f.kind === 'anon' ? 'anon' : '0'} index:0x0 pfn:${hex(f.pfn)}`,
        `page dumped because: ${reason}`,
        `Tainted: ${this.taintString()}`,
      ],
      'mm/page_alloc.c:bad_page',
    );
  }

  /** The kernel's taint line: "Not tainted" or e.g. "[B]=BAD_PAGE, [W]=WARN" (kernel/panic.c). */
  taintString(): string {
    const names: Record<string, string> = { B: 'BAD_PAGE', D: 'DIE', W: 'WARN' };
    const t = ['B', 'D', 'W'].filter((x) => this.taint.has(x));
    return t.length ? t.map((x) => `[${x}]=${names[x]}`).join(', ') : 'Not tainted';
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
    const hz = this.mem.folioAt(this.mem.layout.hugeZeroPfn);
    return {
      procs,
      folios: this.mem.snapshot(),
      layout: this.mem.layout,
      hugeZeroRefcount: hz?.refcount ?? 0,
      taint: this.taintString(),
      clock: this.clock,
      warned: [...this.warned].sort(),
    };
  }
}

function shiftOf(level: Level, levels: 4 | 5): number {
  return { pte: 0, pmd: 9, pud: 18, p4d: 27, pgd: levels === 5 ? 36 : 27 }[level];
}
