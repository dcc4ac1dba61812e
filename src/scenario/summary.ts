/**
 * A compact, JSON-friendly view of a kernel state: VMAs, counters, mappings coalesced into runs (as ptdump
 * does) and folios. Used by the CLI output and by tests; its size follows the number of runs, not pages.
 */

import type { Level } from '../model/entry';
import { entrySpan } from '../model/geometry';
import type { KernelSnapshot } from '../model/kernel';
import { forEachMapping } from '../model/pagetable';
import { snapshotFolios } from '../model/physmem';
import { hex } from '../model/units';
import { flagNames, isCowMapping, type Vma } from '../model/vma';

export interface MappingRun {
  level: Level;
  /** First and last virtual address of the run's entries. */
  from: string;
  to: string;
  count: number;
  kind: 'leaf' | 'swap' | 'migration' | 'marker';
  /** pfn of the first entry; `pfnStep` is 1 for linear runs and 0 for runs of one pfn (the zero page). */
  pfn: string;
  pfnStep: number;
  write: boolean;
  dirty: boolean;
  young: boolean;
  special: boolean;
}

export interface VmaSummary {
  range: string;
  pgoff: string;
  flags: string[];
  backing: string;
  cow: boolean;
  anonVma: boolean;
  name: string;
}

export interface StateSummary {
  procs: {
    name: string;
    pid: number;
    status: 'running' | 'oopsed' | 'exited';
    counters: { anon: number; file: number; pgtables: number };
    hugeZeroRef: boolean;
    vmas: VmaSummary[];
    mappings: MappingRun[];
  }[];
  folios: {
    pfn: string;
    order: number;
    kind: string;
    refcount: number;
    mapcount: number;
    anonExclusive: boolean;
    /** _pincount of a large folio, once it has been pinned (order-0 folios count pins in refcount). */
    pincount?: number;
    content: string;
    owner?: string;
  }[];
  hugeZeroRefcount: number;
  taint: string;
  clock: number;
}

export function vmaSummary(v: Vma): VmaSummary {
  return {
    range: `${hex(BigInt(v.start) << 12n)}-${hex(BigInt(v.end) << 12n)}`,
    pgoff: hex(v.pgoff),
    flags: flagNames(v.flags),
    backing:
      v.backing.type === 'file' || v.backing.type === 'dax'
        ? `${v.backing.type}:${v.backing.file}`
        : v.backing.type,
    cow: isCowMapping(v.flags),
    anonVma: v.anonVma,
    name: v.name,
  };
}

export function mappingRuns(root: KernelSnapshot['procs'][number]['root'], levels: 4 | 5): MappingRun[] {
  type Open = MappingRun & { lastV: number; lastPfn: number };
  const runs: Open[] = [];
  let cur: Open | undefined;
  forEachMapping(root, levels, (v, level, e) => {
    const span = entrySpan(level, levels);
    const kind = e.kind === 'leaf' ? 'leaf' : e.type;
    const pfn = e.kind === 'leaf' ? e.pfn : e.offset;
    const bits =
      e.kind === 'leaf'
        ? { write: e.write, dirty: e.dirty, young: e.young, special: e.special }
        : { write: e.write, dirty: false, young: false, special: false };
    if (
      cur &&
      cur.level === level &&
      cur.kind === kind &&
      cur.lastV + span === v &&
      cur.write === bits.write &&
      cur.dirty === bits.dirty &&
      cur.young === bits.young &&
      cur.special === bits.special
    ) {
      const step = pfn - cur.lastPfn;
      const want = cur.count === 1 ? (step === 0 || step === span ? step : -1) : cur.pfnStep * span;
      if (step === want && want !== -1) {
        if (cur.count === 1) cur.pfnStep = step === 0 ? 0 : 1;
        cur.count++;
        cur.lastV = v;
        cur.lastPfn = pfn;
        cur.to = hex(BigInt(v) << 12n);
        return;
      }
    }
    cur = {
      level,
      from: hex(BigInt(v) << 12n),
      to: hex(BigInt(v) << 12n),
      count: 1,
      kind,
      pfn: hex(pfn),
      pfnStep: 1,
      ...bits,
      lastV: v,
      lastPfn: pfn,
    };
    runs.push(cur);
  });
  return runs.map(({ lastV: _a, lastPfn: _b, ...r }) => r);
}

export function summarizeState(s: KernelSnapshot): StateSummary {
  return {
    procs: s.procs.map((p) => ({
      name: p.name,
      pid: p.pid,
      status: p.exited ? 'exited' : p.oopsed ? 'oopsed' : 'running',
      counters: { ...p.counters },
      hugeZeroRef: p.hugeZeroRef,
      vmas: p.vmas.map(vmaSummary),
      mappings: mappingRuns(p.root, p.levels),
    })),
    folios: snapshotFolios(s.folios).map((f) => ({
      pfn: hex(f.pfn),
      order: f.order,
      kind: f.kind,
      refcount: f.refcount,
      mapcount: f.mapcount,
      anonExclusive: f.anonExclusive,
      ...(f.pincount !== undefined ? { pincount: f.pincount } : {}),
      content: f.content,
      ...(f.owner ? { owner: f.owner } : {}),
    })),
    hugeZeroRefcount: s.hugeZeroRefcount,
    taint: s.taint,
    clock: s.clock,
  };
}

/** A process of a summary, by name (throws when it is not there: for tests and tools). */
export function procSummary(s: StateSummary, name: string): StateSummary['procs'][number] {
  const p = s.procs.find((x) => x.name === name);
  if (!p) throw new Error(`no process ${name}`);
  return p;
}

const SPAN_PAGES: Record<string, number> = { pte: 1, pmd: 512, pud: 512 * 512 };

/** One entry as read back from the coalesced runs of a summary. */
export interface EntryInRun {
  level: MappingRun['level'];
  kind: MappingRun['kind'];
  pfn: number;
  write: boolean;
  dirty: boolean;
  young: boolean;
  special: boolean;
}

/** The entry mapping a user address (in bytes) in a process, from the summary's coalesced runs. */
export function entryAtAddress(s: StateSummary, name: string, vaddr: number): EntryInRun | undefined {
  for (const r of procSummary(s, name).mappings) {
    const pages = SPAN_PAGES[r.level] ?? 1;
    const span = pages * 4096;
    const from = Number(r.from);
    if (vaddr < from || vaddr >= Number(r.to) + span) continue;
    const i = Math.floor((vaddr - from) / span);
    return {
      level: r.level,
      kind: r.kind,
      pfn: Number(r.pfn) + i * r.pfnStep * pages,
      write: r.write,
      dirty: r.dirty,
      young: r.young,
      special: r.special,
    };
  }
  return undefined;
}
