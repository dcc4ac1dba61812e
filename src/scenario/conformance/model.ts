/**
 * The model's side of a conformance check: each step of a run, read the way the real kernel's /proc files
 * would show it to the exported program (exportC.ts). The readers follow the kernel's own code:
 * - /proc/self/pagemap, fs/proc/task_mmu.c: walk_page_test() (mm/pagewalk.c) skips VM_PFNMAP VMAs, so those
 *   pages read as not present; pte_to_pagemap_entry() takes the page from vm_normal_page() and sets PM_FILE
 *   for a page that is not anon; pagemap_pmd_range_thp() takes pmd_page() (no vm_normal_page_pmd(), so the
 *   huge zero folio is a page there, and not anon: PM_FILE); PM_MMAP_EXCLUSIVE for a page mapped once.
 * - /proc/kpageflags, fs/proc/page.c stable_page_flags(): KPF_ZERO_PAGE for the zero page and the huge zero
 *   folio (with KPF_THP for the latter), KPF_ANON, KPF_THP for a large anon folio, KPF_NOPAGE without a memmap.
 * - /proc/self/status RssAnon/RssFile: MM_ANONPAGES and MM_FILEPAGES (task_mem()).
 */
import type { MachineConfig } from '../../model/config';
import { entryBase, levelIndex } from '../../model/geometry';
import type { KernelSnapshot } from '../../model/kernel';
import type { ProcSnapshot } from '../../model/mm';
import type { Table } from '../../model/pagetable';
import { SnapshotMem } from '../../model/physmem';
import { runModel } from '../../model/run';
import { parseNum } from '../../model/units';
import { type VariantId, variantInfo } from '../../model/variants';
import { classify } from '../../model/vm_normal_page';
import { VM, type Vma } from '../../model/vma';
import { compileScenario } from '../compile';
import { namedPages } from '../exportC';
import type { Scenario } from '../schema';
import { normalResult, type PageView, type ProcView, type StepView } from './views';

/**
 * The configuration of a Debian kernel on x86-64: pte_special and PMD/PUD pfnmaps, no CONFIG_DEBUG_VM,
 * 4-level paging (QEMU's default CPU has no LA57), THP in "madvise" mode with the zero page; `own` sets
 * what differs between kernels (CONFIG_FIND_NORMAL_PAGE; whether a huge zero write fault allocates a THP).
 */
export function distroConfig(base: MachineConfig, own: Partial<MachineConfig>): MachineConfig {
  return {
    ...base,
    pteSpecial: true,
    pmdPfnmap: true,
    pudPfnmap: true,
    debugVm: false,
    thp: true,
    useZeroPage: true,
    findNormalPage: false,
    pgtableLevels: 4,
    thpAllocSucceeds: true,
    ...own,
  };
}

/** The leaf (or nothing) mapping page v, and its level. */
function leafOf(proc: ProcSnapshot, v: number) {
  let t: Table = proc.root;
  for (;;) {
    const e = t.entries.get(levelIndex(v, t.level, proc.levels));
    if (!e) return undefined;
    if (e.kind === 'table') {
      t = e.table;
      continue;
    }
    return { entry: e, level: t.level };
  }
}

const tokenOrZero = (
  content: string | undefined,
  tokens: ReadonlySet<string>,
  mmio: (c: string) => string,
) => {
  if (content === undefined || content === 'zeroes') return 'zero';
  if (tokens.has(content)) return content;
  if (/^(mmio|ram)@/.test(content)) return mmio(content);
  return 'other';
};

/**
 * How pagemap decides PM_MMAP_EXCLUSIVE: "page", folio_precise_page_mapcount(folio, page) == 1 (6.12);
 * "folio", !folio_maybe_mapped_shared(folio) (__folio_page_mapped_exclusively() without
 * CONFIG_PAGE_MAPCOUNT, since David Hildenbrand's CONFIG_NO_PAGE_MAPCOUNT work in v6.15).
 */
export type ExclusiveRule = 'page' | 'folio';

interface Ctx {
  readonly exclusive: ExclusiveRule;
  readonly s: KernelSnapshot;
  readonly mem: SnapshotMem;
  readonly variant: VariantId;
  readonly cfg: MachineConfig;
  readonly tokens: ReadonlySet<string>;
  /** The MMIO word of each device pfn, as the scenario's writes left it. */
  readonly mmio: Map<number, string>;
}

function vmaOf(proc: ProcSnapshot, v: number): Vma | undefined {
  return proc.vmas.find((m) => v >= m.start && v < m.end);
}

function contentAt(c: Ctx, pfn: number): string | undefined {
  const f = c.mem.folioAt(pfn as never);
  if (!f) return c.mem.pfnValid(pfn as never) ? `ram@${pfn}` : `mmio@${pfn}`;
  if (f.kind === 'zero' || f.kind === 'huge_zero') return 'zeroes';
  return f.pageContent?.[pfn - f.pfn] ?? f.content;
}

/**
 * How often one page of a large folio is mapped: what kpagecount and PM_MMAP_EXCLUSIVE read,
 * folio_precise_page_mapcount() (the folio's PMD mappings plus this page's PTE mappings), where the
 * model's folio.mapcount counts every mapping of the folio. Anon pages stay at the same address across
 * fork(), and the scenarios never mremap(), so the other processes are looked up at the same address.
 */
function pageMapcount(c: Ctx, pfn: number, v: number): number {
  let n = 0;
  for (const p of c.s.procs) {
    if (p.exited) continue;
    const l = leafOf(p, v);
    if (l?.entry.kind === 'leaf' && l.entry.pfn + (v - entryBase(v, l.level, p.levels)) === pfn) n++;
  }
  return n;
}

/** folio_maybe_mapped_shared(): some page of the folio is mapped by more than one process. */
function mappedShared(c: Ctx, head: number, order: number, vHead: number): boolean {
  let mms = 0;
  for (const p of c.s.procs) {
    if (p.exited) continue;
    for (let k = 0; k < 1 << order; k++) {
      const l = leafOf(p, vHead + k);
      if (
        l?.entry.kind === 'leaf' &&
        l.entry.pfn + (vHead + k - entryBase(vHead + k, l.level, p.levels)) === head + k
      ) {
        mms++;
        break;
      }
    }
  }
  return mms > 1;
}

function pageView(c: Ctx, proc: ProcSnapshot, v: number): PageView {
  const vma = vmaOf(proc, v);
  const devPfn = vma && vma.backing.type === 'devmem' ? vma.pgoff + (v - vma.start) : undefined;
  const mmio = devPfn !== undefined ? (c.mmio.get(devPfn) ?? 'zero') : null;
  const none: PageView = {
    present: false,
    pfn: null,
    file: null,
    excl: null,
    kind: null,
    mapcount: null,
    mmio,
  };
  if (!vma) return none;
  // walk_page_test() skips a VM_PFNMAP VMA: the model's view is kept, marked so that the comparison
  // counts it as not observable rather than compare it with pagemap's empty entries.
  const pfnmap = (vma.flags & VM.PFNMAP) !== 0 ? { pfnmap: true } : {};
  const leaf = leafOf(proc, v);
  if (leaf?.entry.kind !== 'leaf') return { ...none, ...pfnmap };
  const { entry, level } = leaf;
  const pfn = entry.pfn + (v - entryBase(v, level, proc.levels));
  const folio = c.mem.folioAt(pfn as never);
  const zero = c.mem.isZeroPfn(pfn as never);
  const hugeZero = c.mem.isHugeZeroAny(pfn as never);
  // The device's own pfn in a /dev/mem mapping: MMIO on the guest (KPF_NOPAGE), whatever memory the story
  // put there; only a CoW copy (an anon folio) is a page of the process.
  const device = devPfn !== undefined && pfn === devPfn && folio?.kind !== 'anon';
  const kind = device
    ? 'mmio'
    : zero
      ? 'zero'
      : hugeZero
        ? 'huge_zero'
        : folio?.kind === 'anon'
          ? folio.order > 0
            ? 'anon-thp'
            : 'anon'
          : c.mem.pfnValid(pfn as never)
            ? 'other'
            : 'mmio';
  let page: boolean;
  if (level === 'pte') {
    const ctx = { cfg: c.cfg, feat: variantInfo(c.variant).features, mem: c.mem };
    page = classify(ctx, vma, v, 'pte', entry, false).page !== null;
  } else page = c.mem.pfnValid(pfn as never); // pmd_page()/pud_page(): a page whenever there is a memmap
  const anon = folio?.kind === 'anon';
  const mapcount =
    folio && !zero && !hugeZero ? (folio.order === 0 ? folio.mapcount : pageMapcount(c, pfn, v)) : 0;
  const excl =
    c.exclusive === 'folio' && folio && folio.order > 0 && !zero && !hugeZero
      ? page && !mappedShared(c, folio.pfn, folio.order, v - (pfn - folio.pfn))
      : page && mapcount === 1;
  return {
    present: true,
    pfn,
    file: page && !anon,
    excl,
    kind,
    mapcount: anon ? mapcount : null,
    mmio,
    ...pfnmap,
  };
}

function procView(c: Ctx, proc: ProcSnapshot, pages: readonly bigint[]): ProcView {
  const out: Record<string, PageView> = {};
  for (const p of pages) out[`0x${p.toString(16)}`] = pageView(c, proc, Number(p / 4096n));
  return { rssAnon: proc.counters.anon, rssFile: proc.counters.file, pages: out };
}

/**
 * The model's view of every step of `s`, run as `variant` on a distribution kernel's configuration. The
 * scenario's `memory.allocStart` (where the page allocator starts, which a story may set so that a THP
 * allocation fails) is the model's own: the guest's allocator has its own memory, so the default is used.
 */
export function modelViews(
  s: Scenario,
  variant: VariantId,
  cfg: MachineConfig,
  exclusive: ExclusiveRule = 'page',
): StepView[] {
  const { allocStart: _own, ...memory } = s.memory;
  const run = compileScenario({ ...s, memory, kernel: { ...s.kernel, variant } });
  const records = runModel({ ...run, variant, config: cfg });
  const pages = namedPages(s);
  const tokens = new Set(s.steps.flatMap((st) => (st.op === 'write' && st.value ? [st.value] : [])));
  const mmio = new Map<number, string>();
  const out: StepView[] = [];
  const first = s.processes[0]?.name ?? 'A';
  for (const r of records) {
    const st = r.index > 0 ? s.steps[r.index - 1] : undefined;
    const mem = new SnapshotMem(r.state.layout, r.state.folios);
    const c: Ctx = { exclusive, s: r.state, mem, variant, cfg, tokens, mmio };
    const proc = r.proc ?? first;
    let value: string | null = null;
    if (st && (st.op === 'read' || st.op === 'write') && normalResult(r.result) === 'ok') {
      const ps = r.state.procs.find((p) => p.name === proc);
      const v = Number((parseNum(st.addr) ?? 0n) / 4096n);
      const leaf = ps && leafOf(ps, v);
      if (ps && leaf?.entry.kind === 'leaf') {
        const pfn = leaf.entry.pfn + (v - entryBase(v, leaf.level, ps.levels));
        const vma = vmaOf(ps, v);
        // A write that lands on the device's own pfn (a MAP_SHARED /dev/mem mapping) changes the MMIO.
        if (st.op === 'write' && st.value && vma?.backing.type === 'devmem' && !mem.folioAt(pfn as never))
          mmio.set(pfn, st.value);
        value = tokenOrZero(
          contentAt(c, pfn),
          tokens,
          (x) => mmio.get(Number(x.slice(x.indexOf('@') + 1))) ?? 'zero',
        );
        if (st.op === 'write' && !st.value && value === 'other') value = null;
      }
    }
    const procs: Record<string, ProcView> = {};
    for (const p of r.state.procs) if (!p.exited && !p.oopsed) procs[p.name] = procView(c, p, pages);
    const lookup = st?.op === 'query' || st?.op === 'folio_walk_start';
    out.push({
      step: r.index,
      op: st?.op ?? 'init',
      proc,
      result: r.index === 0 || lookup ? null : normalResult(r.result),
      value,
      procs,
      reports: [
        ...new Set(
          r.events.flatMap((e) =>
            e.t === 'report' && !e.suppressed && e.kind !== 'info' && e.kind !== 'vm_warn'
              ? [e.kind === 'warn' ? 'warn' : e.kind]
              : [],
          ),
        ),
      ].sort(),
    });
  }
  return out;
}
