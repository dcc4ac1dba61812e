/**
 * Unmapping: zap_pte_range()/zap_present_ptes(), zap_huge_pmd(), zap_huge_pud() (mm/memory.c,
 * mm/huge_memory.c), munmap (do_vmi_munmap) and exit (exit_mmap, check_mm). semantics.md §3.11.
 */
import { vmNormalPage } from '../callers';
import type { LeafEntry, LeafLevel } from '../entry';
import type { Kernel } from '../kernel';
import type { Mm } from '../mm';
import { entrySpan, forEachTable, walkMappings } from '../pagetable';
import type { Vpn } from '../units';
import { VM, type Vma } from '../vma';
import { A, isResult, procOf } from './common';
import { addRss, folioPut, rmapRemove } from './folio_ref';
import { splitHugePmd } from './split';
import type { Addr, OpResult } from './types';

/** vma_is_special_huge(): DAX, or a file VMA with VM_PFNMAP/VM_MIXEDMAP. */
export function vmaIsSpecialHuge(vma: Vma): boolean {
  if (vma.backing.type === 'dax') return true;
  return vma.backing.type !== 'anon' && (vma.flags & (VM.PFNMAP | VM.MIXEDMAP)) !== 0;
}

/** zap_page_range_single()/unmap_page_range() over [start, end) of one VMA. */
export function zapRange(k: Kernel, mm: Mm, vma: Vma, start: number, end: number, caller: string): void {
  k.call('unmap_page_range', `${A(start)}-${A(end)}`, () => {
    // Split huge PMDs that the range covers only in part (__split_huge_pmd via split_huge_pmd_address).
    const levels = mm.pt.nlevels;
    const huge: number[] = [];
    walkMappings(mm.pt.root, levels, start, end, (v, level, e) => {
      if (level === 'pmd' && e.kind === 'leaf' && (v < start || v + 512 > end)) huge.push(v);
    });
    for (const v of huge) splitHugePmd(k, mm, vma, v as Vpn, caller);
    const f = k.trace.loopBegin();
    walkMappings(mm.pt.root, levels, start, end, (v0, level0, e) => {
      const v = v0 as Vpn;
      const level = level0 as LeafLevel;
      k.trace.iterBegin(f);
      if (e.kind !== 'leaf') {
        // zap_nonpresent_ptes(): swap/migration entries and markers are dropped.
        k.setEntry(mm, v, level, undefined, 'zap_nonpresent_ptes');
      } else if (level === 'pte') zapPresentPte(k, mm, vma, v, e);
      else if (level === 'pmd') zapHugePmd(k, mm, vma, v, e);
      else zapHugePud(k, mm, vma, v, e);
      k.trace.iterEnd(f);
    });
  });
}

/** zap_present_ptes() for one PTE. */
function zapPresentPte(k: Kernel, mm: Mm, vma: Vma, v: Vpn, e: LeafEntry): void {
  const fn = 'zap_present_ptes';
  const c = vmNormalPage(k, mm, vma, v, 'pte', e);
  k.setEntry(mm, v, 'pte', undefined, fn);
  if (c.page === null) return; // special: no counters (semantics.md §3.11)
  const f = k.mem.folioOrFree(c.page);
  if (!f) return;
  addRss(k, mm, f, -1, fn);
  const { folio, underflow } = rmapRemove(k, f, 'folio_remove_rmap_ptes');
  if (underflow) k.badPageMap(mm, vma, v, 'pte', e, folio, 'bad pte');
  folioPut(k, folio, 1, 'tlb_flush_mmu');
}

/** zap_huge_pmd(). */
function zapHugePmd(k: Kernel, mm: Mm, vma: Vma, v: Vpn, e: LeafEntry): void {
  const fn = 'zap_huge_pmd';
  k.call(fn, A(v), () => {
    if (k.feat.perLevelSpecial) {
      // Trees with d80a9cb1a64a decide through vm_normal_folio_pmd() (what exposed the 2026 bug).
      const c = vmNormalPage(k, mm, vma, v, 'pmd', e);
      k.setEntry(mm, v, 'pmd', undefined, fn);
      if (e.deposit) k.counter(mm, 'pgtables', -1, 'zap_deposited_table');
      if (c.page === null) return;
      releaseHuge(k, mm, vma, v, 'pmd', e, c.page, 512);
      return;
    }
    if (vmaIsSpecialHuge(vma)) {
      k.branch(fn, 'zap-special-huge', 'vma_is_special_huge(): just clear the PMD');
      k.setEntry(mm, v, 'pmd', undefined, fn);
      if (e.deposit) k.counter(mm, 'pgtables', -1, 'zap_deposited_table');
      return;
    }
    const hz = k.feat.hugeZeroAnyPfn ? k.mem.isHugeZeroAny(e.pfn) : k.mem.isHugeZeroExact(e.pfn);
    if (hz) {
      k.branch(fn, 'zap-huge-zero', 'is_huge_zero_pmd(): clear and free the deposited table');
      k.setEntry(mm, v, 'pmd', undefined, fn);
      // zap_deposited_table() is unconditional here: a huge zero PMD copied without its deposit (the
      // RFC 08-14 copy_huge_pmd() shortcut) makes nr_ptes go wrong, which check_mm() reports at exit.
      if (!e.deposit)
        k.report('info', [
          'zap_deposited_table(): no page table was deposited for this huge zero PMD; the withdraw takes a bogus table and nr_ptes goes wrong',
        ]);
      k.counter(mm, 'pgtables', -1, 'zap_deposited_table');
      return;
    }
    k.branch(fn, 'zap-folio', 'a PMD-mapped folio: remove rmap, RSS and the reference');
    k.setEntry(mm, v, 'pmd', undefined, fn);
    if (e.deposit) k.counter(mm, 'pgtables', -1, 'zap_deposited_table');
    releaseHuge(k, mm, vma, v, 'pmd', e, e.pfn, 512);
  });
}

function releaseHuge(
  k: Kernel,
  mm: Mm,
  vma: Vma,
  v: Vpn,
  level: LeafLevel,
  e: LeafEntry,
  page: number,
  nr: number,
): void {
  const f = k.mem.folioOrFree(page);
  if (!f) return;
  if (f.kind === 'zero' || f.kind === 'huge_zero') {
    // A huge zero PMD taken for a normal page (2026 bug): the counters go wrong, as the kernel's do.
    addRss(k, mm, { ...f, kind: 'file' }, -nr, 'zap_huge_pmd');
    return;
  }
  addRss(k, mm, f, -nr, level === 'pmd' ? 'zap_huge_pmd' : 'zap_huge_pud');
  const { folio, underflow } = rmapRemove(k, f, `folio_remove_rmap_${level}`);
  if (underflow) k.badPageMap(mm, vma, v, level, e, folio, 'bad pmd');
  folioPut(k, folio, 1, 'tlb_remove_page_size');
}

/** zap_huge_pud(): special-huge VMAs are just cleared; a PUD-mapped folio is released. */
function zapHugePud(k: Kernel, mm: Mm, vma: Vma, v: Vpn, e: LeafEntry): void {
  const fn = 'zap_huge_pud';
  k.call(fn, A(v), () => {
    k.setEntry(mm, v, 'pud', undefined, fn);
    if (vmaIsSpecialHuge(vma)) {
      k.branch(fn, 'zap-special-huge', 'vma_is_special_huge(): just clear the PUD');
      return;
    }
    k.branch(fn, 'zap-folio', 'a PUD-mapped folio: remove rmap, RSS and the reference');
    releaseHuge(k, mm, vma, v, 'pud', e, e.pfn, 512 * 512);
  });
}

/** free_pgtables(): frees tables in [start, end) that no remaining VMA uses and that are empty. */
export function freePgtables(k: Kernel, mm: Mm, start: number, end: number): void {
  const levels = mm.pt.nlevels;
  const candidates: { v: number; level: 'pte' | 'pmd' | 'pud' | 'p4d' }[] = [];
  forEachTable(mm.pt.root, levels, (t, base) => {
    if (t.level === 'pgd') return;
    const span = entrySpan(t.level, levels) * 512;
    if (base + span <= start || base >= end) return;
    const used = mm.vmas.some((m) => m.start < base + span && m.end > base);
    if (!used) candidates.push({ v: base, level: t.level as 'pte' | 'pmd' | 'pud' | 'p4d' });
  });
  // Deepest first, so a PMD table empties before its PUD entry is looked at.
  const order = { pte: 0, pmd: 1, pud: 2, p4d: 3 };
  candidates.sort((a, b) => order[a.level] - order[b.level] || a.v - b.v);
  const f = k.trace.loopBegin();
  for (const c of candidates) {
    k.trace.iterBegin(f);
    try {
      freeOne(c);
    } finally {
      k.trace.iterEnd(f);
    }
  }
  function freeOne(c: { v: number; level: 'pte' | 'pmd' | 'pud' | 'p4d' }): void {
    const parent = mm.pt.levels[mm.pt.levels.indexOf(c.level) - 1];
    if (!parent) return;
    const w = mm.pt.walk(c.v as Vpn, parent);
    if (w.level !== parent || !w.entry || w.entry.kind !== 'table') return;
    if (w.entry.table.used !== 0) return;
    const n = mm.pt.freeTableAt(c.v as Vpn, parent);
    k.counter(mm, 'pgtables', -n, 'free_pgtables');
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

/** exit_mmap() then check_mm(): "BUG: Bad rss-counter state" for counters left non-zero. */
export function exitMm(k: Kernel, procName: string): OpResult {
  const mm = procOf(k, procName);
  if (isResult(mm)) return mm;
  return k.call('exit_mmap', mm.name, () => {
    unmapRegion(k, mm, 0, Number.MAX_SAFE_INTEGER);
    if (mm.hugeZeroRef) k.setHugeZeroRef(mm, false, 'mm_put_huge_zero_folio');
    const bad: string[] = [];
    if (mm.counters.anon !== 0)
      bad.push(
        `BUG: Bad rss-counter state mm:${mm.pid} type:MM_ANONPAGES val:${mm.counters.anon} Comm:${mm.name} Pid:${mm.pid}`,
      );
    if (mm.counters.file !== 0)
      bad.push(
        `BUG: Bad rss-counter state mm:${mm.pid} type:MM_FILEPAGES val:${mm.counters.file} Comm:${mm.name} Pid:${mm.pid}`,
      );
    if (bad.length) k.report('bad_rss', bad, 'kernel/fork.c:check_mm');
    const tables = mm.counters.pgtables - 1;
    if (tables !== 0)
      k.report(
        'bad_rss',
        [`BUG: non-zero pgtables_bytes on freeing mm: ${tables * 4096}`],
        'kernel/fork.c:check_mm',
      );
    mm.exited = true;
    return { result: '0', detail: bad.length ? 'exited with bad rss-counter state' : 'exited' };
  });
}
