/**
 * tableRuns() memoized by table identity. A table that no step wrote is the same object in every later
 * snapshot, so after the first step its runs cost one lookup, not 512 classifications.
 *
 * The cached runs are reused only while everything the classifier read is unchanged: the settings, the
 * process's VMA list, the table's base and the memory layout (the same objects), and the folio snapshot
 * when the classifier looked at a folio (RFC 11's vm_pfnmap_normal_page_pfn() reads folio_test_anon()).
 */
import type { MachineConfig } from '../../model/config';
import { classifyCtx, type EntryRun, tableRuns } from '../../model/inspect';
import type { KernelSnapshot } from '../../model/kernel';
import type { ProcSnapshot } from '../../model/mm';
import type { Table } from '../../model/pagetable';
import type { FolioSnapshot, MemLayout, MemView } from '../../model/physmem';
import { entriesShape } from '../../model/shape';
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

export type RunsOf = (proc: ProcSnapshot, t: Table, base: number) => readonly EntryRun[];

export function settingsKey(variant: VariantId, cfg: MachineConfig): string {
  const keys = Object.keys(cfg).sort() as (keyof MachineConfig)[];
  return `${variant}|${keys.map((k) => `${k}=${String(cfg[k])}`).join(',')}`;
}

/** The classified runs of tables of one snapshot under one variant and configuration. */
export function runsReader(s: KernelSnapshot, variant: VariantId, cfg: MachineConfig): RunsOf {
  const key = settingsKey(variant, cfg);
  let ctx: (ClassifyCtx & { mem: TrackingMem }) | undefined;
  return (proc, t, base) => {
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
