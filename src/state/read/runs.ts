/**
 * tableRuns() memoized by table identity. A table that no step wrote is the same object in every later
 * snapshot, so after the first step its runs cost one lookup, not 512 classifications.
 *
 * The cached runs are reused only while everything the classifier read is unchanged: the settings, the
 * process's VMA list, the table's base and the memory layout (the same objects), and the folio snapshot
 * when the classifier looked at a folio (RFC 11's vm_pfnmap_normal_page_pfn() reads folio_test_anon()).
 */
import type { MachineConfig } from '../../model/config';
import { leafAt } from '../../model/entry';
import { entrySpan } from '../../model/geometry';
import { classifyCtx, type EntryRun, tableRuns, vmaAt } from '../../model/inspect';
import type { KernelSnapshot } from '../../model/kernel';
import type { ProcSnapshot } from '../../model/mm';
import { forEachTableRun, runMember, type Table } from '../../model/pagetable';
import type { FolioSnapshot, MemLayout, MemView } from '../../model/physmem';
import { entriesShape } from '../../model/shape';
import { classifyAlike } from '../../model/uniform';
import type { Pfn } from '../../model/units';
import type { VariantId } from '../../model/variants';
import type { ClassifyCtx } from '../../model/vm_normal_page';
import { packedShape } from '../../worker/wire';

interface Cached {
  readonly base: number;
  readonly vmas: ProcSnapshot['vmas'];
  readonly layout: MemLayout;
  /** The folio snapshot read, or null when no folio was looked at. */
  readonly folios: FolioSnapshot | null;
  readonly runs: readonly EntryRun[];
}

const cache = new WeakMap<Table, Map<string, Cached>>();

/** Records whether the classifier looked at a folio. */
class TrackingMem implements MemView {
  readFolio = false;
  constructor(private readonly inner: MemView) {}
  get layout(): MemLayout {
    return this.inner.layout;
  }
  get highestMemmapPfn(): number {
    return this.inner.highestMemmapPfn;
  }
  pfnValid(p: Pfn): boolean {
    return this.inner.pfnValid(p);
  }
  isZeroPfn(p: Pfn): boolean {
    return this.inner.isZeroPfn(p);
  }
  isHugeZeroAny(p: Pfn): boolean {
    return this.inner.isHugeZeroAny(p);
  }
  isHugeZeroExact(p: Pfn): boolean {
    return this.inner.isHugeZeroExact(p);
  }
  folioAt(p: Pfn) {
    this.readFolio = true;
    return this.inner.folioAt(p);
  }
  get hugeZeroHead(): Pfn | null | undefined {
    return this.inner.hugeZeroHead;
  }
  folioBoundary(lo: number, hi: number): number {
    this.readFolio = true;
    return this.inner.folioBoundary ? this.inner.folioBoundary(lo, hi) : lo + 1;
  }
}

export interface RunsOf {
  (proc: ProcSnapshot, t: Table, base: number): readonly EntryRun[];
  /**
   * For a run of n alike PTE tables (model/family.ts) from `first` at `base`: the one classified run of
   * the first table, when the classifier decides all n tables' entries alike (uniform.ts), so that each
   * table's runs are that run one table on. Undefined otherwise.
   */
  alike?(proc: ProcSnapshot, first: Table, base: number, n: number): EntryRun | undefined;
}

export function settingsKey(variant: VariantId, cfg: MachineConfig): string {
  const keys = Object.keys(cfg).sort() as (keyof MachineConfig)[];
  return `${variant}|${keys.map((k) => `${k}=${String(cfg[k])}`).join(',')}`;
}

/** The classified runs of tables of one snapshot under one variant and configuration. */
export function runsReader(s: KernelSnapshot, variant: VariantId, cfg: MachineConfig): RunsOf {
  const key = settingsKey(variant, cfg);
  let ctx: (ClassifyCtx & { mem: TrackingMem }) | undefined;
  const runsOf: RunsOf = (proc, t, base) => {
    let perTable = cache.get(t);
    const hit = perTable?.get(key);
    if (
      hit &&
      hit.base === base &&
      hit.vmas === proc.vmas &&
      hit.layout === s.layout &&
      (hit.folios === null || hit.folios === s.folios)
    ) {
      return hit.runs;
    }
    if (!ctx) {
      const c = classifyCtx(s, variant, cfg);
      ctx = { ...c, mem: new TrackingMem(c.mem) };
    }
    ctx.mem.readFolio = false;
    const fresh = tableRuns(ctx, proc, t, base);
    // Runs that come out the same keep their identity, so what is built from them is reused too.
    const runs = hit && hit.base === base && sameRuns(hit.runs, fresh) ? hit.runs : fresh;
    if (!perTable) {
      perTable = new Map();
      cache.set(t, perTable);
    }
    perTable.set(key, {
      base,
      vmas: proc.vmas,
      layout: s.layout,
      folios: ctx.mem.readFolio ? s.folios : null,
      runs,
    });
    return runs;
  };
  runsOf.alike = (proc, first, base, n) => {
    const [r, more] = runsOf(proc, first, base);
    if (!r || more || r.level !== 'pte' || r.count !== 512 || r.entry.kind !== 'leaf' || r.pfnStep !== 1)
      return undefined;
    const vma = vmaAt(proc.vmas, base);
    if (!vma || base + n * 512 > vma.end) return undefined;
    if (!ctx) {
      const c = classifyCtx(s, variant, cfg);
      ctx = { ...c, mem: new TrackingMem(c.mem) };
    }
    const all = classifyAlike(ctx, vma, base, 'pte', r.entry, n * 512, 1);
    return all && all.n >= n * 512 ? r : undefined;
  };
  return runsOf;
}

/** Table j of the run of alike tables that `first` begins (model/family.ts), made when asked. */
export function tableOfRun(first: Table, j: number): Table {
  return runMember(first, j);
}

/** Run `r` of the first of a run of alike tables, as it is in the table j tables on (`span` pages each). */
function runOn(r: EntryRun, j: number, span: number): EntryRun {
  if (j === 0) return r;
  const d = j * span;
  const entry = r.entry.kind === 'leaf' ? leafAt(r.entry, d, 1) : r.entry;
  const page = typeof r.page === 'number' ? { page: r.page + d } : {};
  return { ...r, v: r.v + d, entry, ...page };
}

/**
 * Every classified run of the leaf tables (PUD, PMD, PTE) of a process, in the order forEachTable() meets
 * the tables. A run of alike PTE tables (model/family.ts) that the classifier decides alike all through
 * gives each table's run without making the tables; any other run of tables is read table by table.
 */
export function forEachEntryRun(proc: ProcSnapshot, runsOf: RunsOf, fn: (r: EntryRun) => void): void {
  const visit = (t: Table, base: number, n: number): void => {
    if (t.level === 'pgd' || t.level === 'p4d') return;
    const span = entrySpan(t.level, proc.levels) * 512;
    if (n > 1) {
      const r = t.level === 'pte' ? runsOf.alike?.(proc, t, base, n) : undefined;
      if (r) {
        for (let j = 0; j < n; j++) fn(runOn(r, j, span));
        return;
      }
      for (let j = 0; j < n; j++) forEachTableRun(runMember(t, j), proc.levels, visit, base + j * span);
      return;
    }
    for (const x of runsOf(proc, t, base)) fn(x);
  };
  forEachTableRun(proc.root, proc.levels, visit);
}

function sameRun(a: EntryRun, b: EntryRun): boolean {
  return (
    a.firstIndex === b.firstIndex &&
    a.lastIndex === b.lastIndex &&
    a.v === b.v &&
    a.count === b.count &&
    a.entry === b.entry &&
    a.pfnStep === b.pfnStep &&
    a.badge === b.badge &&
    a.branch === b.branch &&
    a.page === b.page
  );
}

function sameRuns(a: readonly EntryRun[], b: readonly EntryRun[]): boolean {
  return a.length === b.length && a.every((r, i) => sameRun(r, b[i] as EntryRun));
}

const shapes = new WeakMap<Table, string>();

/**
 * The shape of a table without classifying it (see model/shape.ts). Tables of one big mapping have the
 * same shape. A table that arrived packed carries the shape the worker computed when it packed it:
 * folding the 512 PTE tables of a 1 GiB mapping then reads no slot on the page.
 */
export function tableShape(t: Table): string {
  const known = shapes.get(t) ?? packedShape(t);
  if (known !== undefined) return known;
  const shape = entriesShape(t.entries);
  shapes.set(t, shape);
  return shape;
}
