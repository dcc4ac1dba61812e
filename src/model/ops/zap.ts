/**
 * Unmapping: zap_pte_range()/zap_present_ptes(), zap_huge_pmd(), zap_huge_pud() (mm/memory.c,
 * mm/huge_memory.c), munmap (do_vmi_munmap) and exit (exit_mmap, check_mm). kernel-semantics.md §3.11.
 */
import { vmNormalPage } from '../callers';
import type { LeafEntry, LeafLevel } from '../entry';
import { entrySpan } from '../geometry';
import type { Kernel } from '../kernel';
import { type Mm, pgtablesCounted } from '../mm';
import { forEachTableRun, runMember, type Table, walkMappingRuns } from '../pagetable';
import { leafAt } from '../slots';
import { classifyRun } from '../uniform';
import type { Pfn, Vpn } from '../units';
import { VM, type Vma, vmaIsAnonymous } from '../vma';
import { A, isResult, procOf } from './common';
import { zapDepositedTable } from './deposit';
import { addRss, folioPut, rmapRemove } from './folio_ref';
import { MIN_RUN, workRun } from './runs';
import { splitHugePmd } from './split';
import type { Addr, OpResult } from './types';

/**
 * vma_is_special_huge(): a file VMA with VM_PFNMAP/VM_MIXEDMAP. DAX used to be one too; since the fs/dax
 * refcount series (v6.15) zap_huge_pmd(), zap_huge_pud() and __split_huge_pmd_locked() test
 * `!vma_is_dax(vma) && vma_is_special_huge(vma)`, so DAX folios are rmap'd, refcounted and counted.
 */
export function vmaIsSpecialHuge(vma: Vma): boolean {
  if (vma.backing.type === 'dax') return false;
  return vma.backing.type !== 'anon' && (vma.flags & (VM.PFNMAP | VM.MIXEDMAP)) !== 0;
}

/** zap_page_range_single()/unmap_page_range() over [start, end) of one VMA. */
export function zapRange(k: Kernel, mm: Mm, vma: Vma, start: number, end: number, caller: string): void {
  k.call('unmap_page_range', `${A(start)}-${A(end)}`, () => {
    // Split huge PMDs that the range covers only in part (__split_huge_pmd via split_huge_pmd_address).
    const levels = mm.pt.nlevels;
    const huge: number[] = [];
    walkMappingRuns(mm.pt.root, levels, start, end, (v, level, e, n) => {
      if (level === 'pmd' && e.kind === 'leaf' && (v < start || v + 512 > end)) huge.push(v);
      return level === 'pte' ? n : 1; // PTEs are never split: a run of them is passed over at once
    });
    for (const v of huge) splitHugePmd(k, mm, vma, v as Vpn, caller);
    const f = k.trace.loopBegin();
    walkMappingRuns(mm.pt.root, levels, start, end, (v0, level0, e, n) => {
      const v = v0 as Vpn;
      const level = level0 as LeafLevel;
      // A run of PTEs vm_normal_page() finds special alike (uniform.ts): each is only cleared.
      const alike =
        level === 'pte' && e.kind === 'leaf' && n >= MIN_RUN ? classifyRun(k, vma, v, 'pte', e, n, 1) : 0;
      if (alike >= MIN_RUN && e.kind === 'leaf') {
        return workRun(
          k,
          f,
          v,
          alike,
          1,
          (vj, j) => zapPresentPte(k, mm, vma, vj as Vpn, leafAt(e, j, 1)),
          (vj, _j, m) => mm.pt.clearRun(vj as Vpn, 'pte', m),
          [mm.name],
          'pte',
        );
      }
      k.trace.iterBegin(f);
      if (e.kind !== 'leaf') {
        // zap_nonpresent_ptes(): swap/migration entries and markers are dropped.
        k.setEntry(mm, v, level, undefined, 'zap_nonpresent_ptes');
      } else if (level === 'pte') zapPresentPte(k, mm, vma, v, e);
      else if (level === 'pmd') zapHugePmd(k, mm, vma, v, e);
      else zapHugePud(k, mm, vma, v, e);
      k.trace.iterEnd(f);
      return 1;
    });
  });
}

/** zap_present_ptes() for one PTE. */
function zapPresentPte(k: Kernel, mm: Mm, vma: Vma, v: Vpn, e: LeafEntry): void {
  const fn = 'zap_present_ptes';
  const c = vmNormalPage(k, mm, vma, v, 'pte', e);
  k.setEntry(mm, v, 'pte', undefined, fn);
  if (c.page === null) return; // special: no counters (kernel-semantics.md §3.11)
  const f = k.mem.folioOrFree(c.page);
  if (!f) return;
  addRss(k, mm, f, -1, fn);
  const { folio, underflow } = rmapRemove(k, f, 'folio_remove_rmap_ptes');
  // zap_present_folio_ptes(): "if (unlikely(folio_mapcount(folio) < 0)) print_bad_pte(...)".
  if (underflow) k.badPageMap(mm, vma, v, 'pte', e, folio, 'bad pte');
  // Freed through the mmu_gather batch (folios_put_refs()): no VM_BUG_ON on an underflow there.
  folioPut(k, folio, 1, 'tlb_flush_mmu', true);
}

/** zap_huge_pmd() (mm/huge_memory.c). */
function zapHugePmd(k: Kernel, mm: Mm, vma: Vma, v: Vpn, e: LeafEntry): void {
  const fn = 'zap_huge_pmd';
  k.call(fn, A(v), () => {
    k.setEntry(mm, v, 'pmd', undefined, fn);
    const isDax = vma.backing.type === 'dax';
    if (k.feat.zapHugePmdViaNormalFolio) {
      // d80a9cb1a64a: the folio comes from vm_normal_folio_pmd(); NULL means special or a zero folio.
      const c = vmNormalPage(k, mm, vma, v, 'pmd', e);
      if (c.page === null) {
        const hz = k.mem.isHugeZeroAny(e.pfn);
        k.branch(
          fn,
          hz ? 'zap-huge-zero' : 'zap-special',
          hz
            ? 'no normal folio, the huge zero PMD: free the deposited table'
            : 'no normal folio: just clear the PMD',
        );
        if (hz && !isDax) zapDepositedTable(k, mm, v, e);
        return;
      }
      k.branch(fn, 'zap-folio', 'vm_normal_folio_pmd() returned a folio: remove rmap, RSS and the reference');
      releasePmdFolio(k, mm, v, e, c.page, isDax);
      return;
    }
    if (vmaIsSpecialHuge(vma)) {
      k.branch(fn, 'zap-special-huge', 'vma_is_special_huge() (not DAX): just clear the PMD');
      return;
    }
    const hz = k.feat.hugeZeroAnyPfn ? k.mem.isHugeZeroAny(e.pfn) : k.mem.isHugeZeroExact(e.pfn);
    if (hz) {
      k.branch(fn, 'zap-huge-zero', 'is_huge_zero_pmd(): clear, and free the deposited table (none for DAX)');
      if (!isDax) zapDepositedTable(k, mm, v, e);
      return;
    }
    k.branch(fn, 'zap-folio', 'a PMD-mapped folio: remove rmap, RSS and the reference');
    releasePmdFolio(k, mm, v, e, e.pfn, isDax);
  });
}

/** The folio branch of zap_huge_pmd(). */
function releasePmdFolio(k: Kernel, mm: Mm, v: Vpn, e: LeafEntry, page: Pfn, isDax: boolean): void {
  const fn = 'zap_huge_pmd';
  const f = k.mem.folioOrFree(page);
  if (!f) return;
  const { folio } = rmapRemove(k, f, 'folio_remove_rmap_pmd');
  if (folio.mapcount < 0) k.warnOnce('mm/huge_memory.c:zap_huge_pmd', 'folio_mapcount(folio) < 0');
  if (folio.kind === 'anon') {
    zapDepositedTable(k, mm, v, e);
    k.counter(mm, 'anon', -512, fn);
  } else {
    // x86 has no arch_needs_pgtable_deposit(): a file/DAX PMD has no deposit to free. (The huge zero
    // folio only gets here when it is taken for a normal folio: the 2026 bug.)
    void isDax;
    k.counter(mm, 'file', -512, fn);
  }
  if (folio.kind === 'huge_zero')
    // tlb_remove_page_size() queues the page; folios_put_refs() (mm/swap.c) skips the huge zero folio
    // ("if (is_huge_zero_folio(folio)) continue;"), so its refcount stays. Only the mapcount went wrong.
    k.branch('folios_put_refs', 'HZ-P1', 'is_huge_zero_folio(): no reference dropped');
  else folioPut(k, folio, 1, 'tlb_remove_page_size', true);
}

/** zap_huge_pud(): special-huge VMAs are just cleared; a PUD-mapped folio is released. */
function zapHugePud(k: Kernel, mm: Mm, vma: Vma, v: Vpn, e: LeafEntry): void {
  const fn = 'zap_huge_pud';
  k.call(fn, A(v), () => {
    k.setEntry(mm, v, 'pud', undefined, fn);
    if (vmaIsSpecialHuge(vma)) {
      k.branch(fn, 'zap-special-huge', 'vma_is_special_huge() (not DAX): just clear the PUD');
      return;
    }
    k.branch(fn, 'zap-folio', 'a PUD-mapped folio: remove rmap, RSS and the reference');
    // "No support for anonymous PUD pages or migration yet"
    if (vmaIsAnonymous(vma))
      k.vmWarnOnce('mm/huge_memory.c:zap_huge_pud', 'vma_is_anonymous(vma) || !pud_present(orig_pud)');
    const f = k.mem.folioOrFree(e.pfn);
    if (!f) return;
    const { folio } = rmapRemove(k, f, 'folio_remove_rmap_pud');
    k.counter(mm, folio.kind === 'anon' ? 'anon' : 'file', -512 * 512, fn);
    folioPut(k, folio, 1, 'tlb_remove_page_size', true);
  });
}

/** free_pgtables(): frees tables in [start, end) that no remaining VMA uses and that are empty. */
export function freePgtables(k: Kernel, mm: Mm, start: number, end: number): void {
  const levels = mm.pt.nlevels;
  type Level = 'pte' | 'pmd' | 'pud' | 'p4d';
  // Runs of n tables, `span` pages apart from v (a run of alike tables, family.ts, or one table); with
  // `under`, the PTE tables under a run of alike PMD tables that go wholly, slot by slot.
  const candidates: { v: number; level: Level; n: number; span: number; under?: boolean }[] = [];
  const usedBy = (a: number, b: number) => mm.vmas.some((m) => m.start < b && m.end > a);
  const visit = (t: Table, base: number, n: number) => {
    if (t.level === 'pgd') return;
    const span = entrySpan(t.level, levels) * 512;
    const level = t.level as Level;
    if (n > 1 && level !== 'pte') {
      // A run of alike PMD tables wholly in [start, end) and used by no VMA goes with every PTE table
      // under it; any other run above the PTE level, member by member (each visits its own).
      const a = base;
      const b = base + n * span;
      if (level === 'pmd' && a >= start && b <= end && !usedBy(a, b)) {
        candidates.push({ v: a, level: 'pte', n: n * 512, span: 512, under: true });
        candidates.push({ v: a, level, n, span });
        return;
      }
      for (let j = 0; j < n; j++) forEachTableRun(runMember(t, j), levels, visit, base + j * span);
      return;
    }
    // The tables of the run inside [start, end), less those a remaining VMA still covers.
    let lo = Math.max(0, Math.floor((start - base) / span));
    const hi = Math.min(n, Math.ceil((end - base) / span));
    const used = mm.vmas
      .filter((m) => m.start < base + hi * span && m.end > base + lo * span)
      .map((m) => [Math.floor((m.start - base) / span), Math.ceil((m.end - base) / span)] as const)
      .sort((x, y) => x[0] - y[0]);
    for (const [x, y] of used) {
      if (x > lo) candidates.push({ v: base + lo * span, level, n: Math.min(x, hi) - lo, span });
      lo = Math.max(lo, y);
    }
    if (hi > lo) candidates.push({ v: base + lo * span, level, n: hi - lo, span });
  };
  forEachTableRun(mm.pt.root, levels, visit);
  // Deepest first, so a PMD table empties before its PUD entry is looked at.
  const order = { pte: 0, pmd: 1, pud: 2, p4d: 3 };
  candidates.sort((a, b) => order[a.level] - order[b.level] || a.v - b.v);
  const f = k.trace.loopBegin();
  // The last iteration freed one empty table (and so counted -1).
  let lastOne = false;
  for (const c of candidates) {
    const parent = mm.pt.levels[mm.pt.levels.indexOf(c.level) - 1] as (typeof mm.pt.levels)[number];
    for (let j = 0; j < c.n; j++) {
      const v = c.v + j * c.span;
      const rest = c.n - j;
      // The rest of a run of alike empty tables (or all the PTE tables under a run of alike PMD tables,
      // every slot one, all empty): each iteration would free one, as the last did.
      if (
        lastOne &&
        rest >= 2 &&
        (c.under ? allEmptyTables(v, rest) : emptyRun(v, parent, rest)) &&
        k.trace.repeat(f, rest)
      ) {
        const freed = c.under
          ? mm.pt.countRun(v, 'pmd', rest)
          : mm.pt.freeTableRun(v as Vpn, parent, rest, pgtablesCounted);
        if (c.under) mm.pt.clearRun(v as Vpn, 'pmd', rest);
        mm.counters = { ...mm.counters, pgtables: mm.counters.pgtables - freed };
        break;
      }
      // Under a run of PMD tables, a slot without a PTE table is no candidate at all.
      if (c.under && mm.pt.walk(v as Vpn, 'pmd').entry?.kind !== 'table') continue;
      const before = mm.counters.pgtables;
      k.trace.iterBegin(f);
      try {
        freeOne(v, c.level);
      } finally {
        k.trace.iterEnd(f);
      }
      lastOne = mm.counters.pgtables === before - 1;
    }
  }
  function freeOne(v: number, level: Level): void {
    const parent = mm.pt.levels[mm.pt.levels.indexOf(level) - 1];
    if (!parent) return;
    const w = mm.pt.walk(v as Vpn, parent);
    if (w.level !== parent || w.entry?.kind !== 'table') return;
    if (w.entry.table.used !== 0) return;
    const n = mm.pt.freeTableAt(v as Vpn, parent, pgtablesCounted);
    k.counter(mm, 'pgtables', -n, 'free_pgtables');
  }
  /** Whether the n `parent` slots from v hold one run of alike empty tables. */
  function emptyRun(v: number, parent: Level | 'pgd', n: number): boolean {
    const w = mm.pt.walk(v as Vpn, parent);
    if (w.level !== parent || w.entry?.kind !== 'table' || w.entry.table.used !== 0) return false;
    return w.table.entries.coalesces && w.table.entries.runLength(w.index) >= n;
  }
  /** Whether each of the n PMD slots from v holds a PTE table (not a huge PMD), and none of them a PTE. */
  function allEmptyTables(v: number, n: number): boolean {
    return mm.pt.countRun(v, 'pmd', n, 'table') === n && mm.pt.countRun(v, 'pte', n * 512) === 0;
  }
}

/** munmap(): zap, drop or trim the VMAs, free page tables. */
export function munmap(k: Kernel, procName: string, addr: Addr, bytes: number): OpResult {
  const mm = procOf(k, procName);
  if (isResult(mm)) return mm;
  if (addr.off !== 0 || bytes === 0)
    return { result: '-EINVAL', detail: 'munmap needs a page-aligned address and a non-zero length' };
  const start = addr.vpn;
  const end = start + Math.ceil(bytes / 4096);
  return k.call('do_vmi_munmap', `${A(start)}-${A(end)}`, () => {
    unmapRegion(k, mm, start, end);
    return { result: '0' };
  });
}

/** Zaps and removes every VMA part inside [start, end). */
export function unmapRegion(k: Kernel, mm: Mm, start: number, end: number): void {
  const keep: Vma[] = [];
  for (const vma of mm.vmas) {
    if (vma.end <= start || vma.start >= end) {
      keep.push(vma);
      continue;
    }
    const s = Math.max(start, vma.start);
    const e = Math.min(end, vma.end);
    zapRange(k, mm, vma, s, e, 'munmap');
    if (vma.start < s) keep.push({ ...vma, end: s as Vpn, id: vma.id });
    if (vma.end > e)
      keep.push({ ...vma, start: e as Vpn, pgoff: vma.pgoff + (e - vma.start), id: k.newVmaId() });
    k.emit({
      t: 'vma',
      proc: mm.name,
      action: 'unmap',
      range: `${A(s)}-${A(e)}`,
      text: `unmap ${vma.name} ${A(s)}-${A(e)}`,
      fn: 'do_vmi_munmap',
      depth: k.trace.depth,
    });
  }
  mm.setVmas(keep);
  freePgtables(k, mm, start, end);
}

/**
 * exit_mmap() then check_mm() (kernel/fork.c, from __mmdrop()): "BUG: Bad rss-counter state" for rss counters
 * left non-zero, "BUG: non-zero pgtables_bytes on freeing mm" for page tables left counted. kernel-semantics.md
 * §3.16.
 */
export function exitMm(k: Kernel, procName: string): OpResult {
  const mm = procOf(k, procName);
  if (isResult(mm)) return mm;
  k.call('exit_mmap', mm.name, () => {
    unmapRegion(k, mm, 0, Number.MAX_SAFE_INTEGER);
  });
  // __mmput() (kernel/fork.c): exit_mmap(), then mm_put_huge_zero_folio().
  k.mmPutHugeZeroFolio(mm);
  // check_mm() (kernel/fork.c), from __mmdrop() once the mm goes away.
  return k.call('check_mm', mm.name, () => {
    const bad: string[] = [];
    if (mm.counters.anon !== 0)
      bad.push(
        `BUG: Bad rss-counter state mm:${mm.pid} type:MM_ANONPAGES val:${mm.counters.anon} Comm:${mm.name} Pid:${mm.pid}`,
      );
    if (mm.counters.file !== 0)
      bad.push(
        `BUG: Bad rss-counter state mm:${mm.pid} type:MM_FILEPAGES val:${mm.counters.file} Comm:${mm.name} Pid:${mm.pid}`,
      );
    if (bad.length) {
      k.branch('check_mm', 'CM-rss', 'an rss counter is not 0: "Bad rss-counter state"');
      k.report('bad_rss', bad, 'kernel/fork.c:check_mm');
    }
    // "if (mm_pgtables_bytes(mm)) pr_alert(...)": a message of its own, not an rss counter
    // (kernel-semantics.md §3.16).
    const bytes = mm.counters.pgtables * 4096;
    if (bytes !== 0) {
      k.branch('check_mm', 'CM-pgtables', 'mm_pgtables_bytes(mm) is not 0: "non-zero pgtables_bytes"');
      k.report(
        'bad_pgtables',
        [`BUG: non-zero pgtables_bytes on freeing mm: ${bytes}`],
        'kernel/fork.c:check_mm',
      );
    }
    mm.exited = true;
    const wrong = [bad.length && 'bad rss-counter state', bytes && 'non-zero pgtables_bytes'].filter(Boolean);
    return { result: '0', detail: wrong.length ? `exited with ${wrong.join(' and ')}` : 'exited' };
  });
}
