/** Shared set-up for the operation tests: the example world of kernel-semantics.md §5 and op shorthands. */
import { type ArchPresetId, type MachineConfig, presetConfig } from '../config';
import type { LeafEntry, Level } from '../entry';
import { Kernel } from '../kernel';
import type { Mm } from '../mm';
import { forEachTable, type Table } from '../pagetable';
import { type MemLayout, memLayout } from '../physmem';
import type { TraceEvent } from '../trace';
import { asPfn, type Vpn } from '../units';
import type { VariantId } from '../variants';
import { allocTables } from './common';
import { applyOp } from './index';
import type { Addr, InjectSpec, MmapBacking, Op, OpResult, Prot } from './types';

/** The world of kernel-semantics.md §5. */
export const LAYOUT: MemLayout = memLayout({
  ranges: [
    { start: 0, end: 0x80000, type: 'ram', name: 'System RAM' },
    { start: 0xfe000, end: 0x100000, type: 'device', name: 'MMIO' },
  ],
  zeroPfn: 0x42,
  hugeZeroPfn: 0x200,
  highestMemmapPfn: 0x7ffff,
  allocStart: 0x10000,
});

export const RW: Prot = { read: true, write: true, exec: false };
export const RO: Prot = { read: true, write: false, exec: false };
export const at = (vpn: number, off = 0): Addr => ({ vpn: vpn as Vpn, off });

/** A kernel with one process "A" (options on top of the preset in `cfg`). */
export function newKernel(
  variant: VariantId,
  preset: ArchPresetId = 'x86-64',
  layout: MemLayout = LAYOUT,
  cfg: Partial<MachineConfig> = {},
): Kernel {
  const k = new Kernel(variant, { ...presetConfig(preset), ...cfg }, layout);
  k.newProcess('A');
  return k;
}

/** Runs an op as the step runner does (with `current` set to the op's process). */
export function run(k: Kernel, op: Op): OpResult {
  k.current = 'proc' in op ? k.procs.get(op.proc) : undefined;
  return applyOp(k, op);
}

/** mmap into process A (or `extra.proc`). */
export function mmap(
  k: Kernel,
  vpn: number,
  pages: number,
  prot: Prot,
  backing: MmapBacking,
  extra: Partial<Extract<Op, { op: 'mmap' }>> = {},
): OpResult {
  return run(k, {
    op: 'mmap',
    proc: 'A',
    addr: at(vpn),
    bytes: pages * 4096,
    prot,
    shared: false,
    backing,
    offsetBytes: 0,
    hugepage: false,
    ...extra,
  });
}

// ---- a richer world, and shorthands for the exploration operations ---------------------------------

export const A0 = 0x10000; // anon private
export const T0 = 0x200; // THP-eligible, 2 MiB aligned
export const G0 = 0x40000; // 1 GiB aligned, for PUD leaves

export function world(
  variant: VariantId,
  preset: ArchPresetId = 'x86-64',
  layout?: MemLayout,
  cfg: Partial<MachineConfig> = {},
): Kernel {
  const k = newKernel(variant, preset, layout, cfg);
  // KIND of §5: an anon THP at 0x1400 (not mapped anywhere yet), a file page at 0x2000, a slab page at 0x3000.
  k.mem.put({
    pfn: 0x1400,
    order: 9,
    kind: 'anon',
    refcount: 1,
    mapcount: 1,
    anonExclusive: true,
    content: 'thp',
  });
  k.mem.put({
    pfn: 0x2000,
    order: 0,
    kind: 'file',
    refcount: 1,
    mapcount: 0,
    anonExclusive: false,
    content: 'file',
  });
  k.mem.put({
    pfn: 0x3000,
    order: 0,
    kind: 'slab',
    refcount: 1,
    mapcount: 0,
    anonExclusive: false,
    content: 'slab',
  });
  return k;
}

export const inject = (k: Kernel, vpn: number, level: 'pte' | 'pmd' | 'pud', entry: InjectSpec) =>
  run(k, { op: 'inject', proc: 'A', addr: at(vpn), level, entry });
export const leafSpec = (
  pfn: number,
  bits: Partial<{ special: boolean; write: boolean; dirty: boolean; young: boolean }> = {},
): InjectSpec => ({
  type: 'leaf',
  pfn,
  special: bits.special ?? false,
  write: bits.write ?? false,
  dirty: bits.dirty ?? false,
  young: bits.young ?? true,
});
export const query = (k: Kernel, vpn: number, fn: Extract<Op, { op: 'query' }>['fn']) =>
  run(k, { op: 'query', proc: 'A', addr: at(vpn), fn });
export const walk = (k: Kernel, vpn: number, zeropage = false, migration = false) =>
  run(k, { op: 'folio_walk_start', proc: 'A', addr: at(vpn), zeropage, migration });
export const mprotect = (k: Kernel, vpn: number, pages: number, prot: Prot, off = 0) =>
  run(k, { op: 'mprotect', proc: 'A', addr: at(vpn, off), bytes: pages * 4096, prot });

export function proc(k: Kernel, name = 'A'): Mm {
  const mm = k.procs.get(name);
  if (!mm) throw new Error(`no process ${name}`);
  return mm;
}

export function entry(mm: Mm, vpn: number, level: Level = 'pte') {
  const w = mm.pt.walk(vpn as Vpn, level);
  return w.level === level ? w.entry : undefined;
}

export function leafAt(mm: Mm, vpn: number, level: Level = 'pte'): LeafEntry {
  const e = entry(mm, vpn, level);
  if (e?.kind !== 'leaf') throw new Error(`no ${level} leaf at vpn ${vpn.toString(16)}`);
  return e;
}

/**
 * A THP fault: __handle_mm_fault() allocates the PUD and PMD tables (pud_alloc/pmd_alloc) before it looks at
 * the PMD. fault.ts only tries the huge PMD path when the PMD table already exists, so the tests allocate it
 * first, as the kernel would.
 */
export function thpFault(
  k: Kernel,
  vpn: number,
  write: boolean,
  value?: string,
  allocPfn?: number,
): OpResult {
  allocTables(k, proc(k), vpn as Vpn, 'pmd', 'pmd_alloc');
  return run(k, write ? writeOp(vpn, value, allocPfn) : { op: 'read', proc: 'A', addr: at(vpn) });
}

/** A write by process A, with the content token and the pfn the allocator is to hand out. */
export const writeOp = (vpn: number, value?: string, allocPfn?: number): Op => ({
  op: 'write',
  proc: 'A',
  addr: at(vpn),
  ...(value ? { value } : {}),
  ...(allocPfn !== undefined ? { allocPfn: asPfn(allocPfn) } : {}),
});

export const reports = (ev: readonly TraceEvent[], kind: string) =>
  ev.filter((e) => e.t === 'report' && e.kind === kind && !e.suppressed);
export const sites = (ev: readonly TraceEvent[], kind: string) =>
  reports(ev, kind).map((e) => (e.t === 'report' ? e.site : undefined));
export const calls = (ev: readonly TraceEvent[], fn: string) =>
  ev.filter((e) => e.t === 'call' && e.fn === fn);

/** pin_user_pages(vpn, nrPages, FOLL_PIN | flags) on behalf of a process (A by default). */
export const pin = (
  k: Kernel,
  vpn: number,
  nrPages: number,
  flags: Partial<{ write: boolean; longterm: boolean }> = {},
  procName = 'A',
) =>
  run(k, {
    op: 'pin_user_pages',
    proc: procName,
    addr: at(vpn),
    nrPages,
    write: flags.write ?? false,
    longterm: flags.longterm ?? false,
  });
/** unpin_user_pages() of what the latest pin of that process at vpn returned. */
export const unpin = (k: Kernel, vpn: number, procName = 'A') =>
  run(k, { op: 'unpin_user_pages', proc: procName, addr: at(vpn) });
/** The branch IDs a step's events took, in order (all functions). */
export const branchIds = (ev: readonly TraceEvent[]) => ev.flatMap((e) => (e.t === 'branch' ? [e.id] : []));

/** One pass of the huge zero folio's shrinker (kernel-semantics.md §3.19). */
export const shrink = (k: Kernel) => run(k, { op: 'shrink' });

/** madvise(2) in process A (kernel-semantics.md §3.20). */
export const madvise = (
  k: Kernel,
  vpn: number,
  pages: number,
  advice: Extract<Op, { op: 'madvise' }>['advice'],
) => run(k, { op: 'madvise', proc: 'A', addr: at(vpn), bytes: pages * 4096, advice });

/** mremap(2) in process A (kernel-semantics.md §3.21): lengths in pages, flags by name. */
export const mremap = (
  k: Kernel,
  vpn: number,
  oldPages: number,
  newPages: number,
  flags: readonly ('maymove' | 'fixed' | 'dontunmap')[] = [],
  newVpn?: number,
) =>
  run(k, {
    op: 'mremap',
    proc: 'A',
    addr: at(vpn),
    oldBytes: oldPages * 4096,
    newBytes: newPages * 4096,
    maymove: flags.includes('maymove'),
    fixed: flags.includes('fixed'),
    dontunmap: flags.includes('dontunmap'),
    ...(newVpn !== undefined ? { newAddr: at(newVpn) } : {}),
  });

/**
 * Every table under a root, reached through every slot (so each member of a run of tables is made), as
 * text: ids, levels, generations, counts, the tables each slot points at, and leaves as maximal runs.
 */
export function tablesDigest(root: Table, levels: 4 | 5): string {
  const out: string[] = [];
  forEachTable(root, levels, (t, base) => {
    const slots: string[] = [];
    let open: { i: number; n: number; pfn: number; bits: string } | undefined;
    const close = () => {
      if (open) slots.push(`${open.i}+${open.n}:${open.pfn}/${open.bits}`);
      open = undefined;
    };
    const stride = t.entries.stride;
    for (const { start, len, e } of t.entries.runs()) {
      if (e.kind !== 'leaf') {
        // A run of tables: each slot names its own table (made here, as a per-entry walk would).
        close();
        for (let i = start; i < start + len; i++) {
          const x = len === 1 ? e : t.entries.get(i);
          slots.push(`${i}:${x?.kind === 'table' ? `T${x.table.id}` : JSON.stringify(x)}`);
        }
        continue;
      }
      const bits = `${+e.write}${+e.dirty}${+e.young}${+e.special}${+!!e.deposit}`;
      if (open && open.i + open.n === start && open.bits === bits && open.pfn + open.n * stride === e.pfn)
        open.n += len;
      else {
        close();
        open = { i: start, n: len, pfn: e.pfn, bits };
      }
    }
    close();
    out.push(`${t.level}#${t.id}@${base} g${t.gen} u${t.used} [${slots.join(' ')}]`);
  });
  return out.join('\n');
}
