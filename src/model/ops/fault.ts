/**
 * User-space access: handle_mm_fault() and what it calls (mm/memory.c do_anonymous_page, do_fault,
 * do_wp_page, wp_page_copy, wp_page_reuse, wp_pfn_shared; mm/huge_memory.c do_huge_pmd_anonymous_page,
 * do_huge_pmd_wp_page, do_huge_zero_wp_pmd; fs/dax.c dax_pmd_load_hole). kernel-semantics.md §3.5-§3.9, §3.14.
 */
import { vmNormalPage } from '../callers';
import { type LeafEntry, leaf, mkspecial } from '../entry';
import type { Kernel } from '../kernel';
import type { Mm } from '../mm';
import { type Folio, myZeroPfn } from '../physmem';
import { asPfn, hex, type Pfn, type Vpn } from '../units';
import { VM, type Vma, vmaIsAnonymous, vmPageProtWrite } from '../vma';
import { A, allocTables, isResult, procOf } from './common';
import { folioPut, rmapAdd, rmapRemove } from './folio_ref';
import {
  FALLBACK,
  NOPAGE,
  SIGBUS,
  vmfInsertFolioPmd,
  vmfInsertMixed,
  vmfInsertPageMkwrite,
  vmfInsertPfn,
  vmfInsertPfnPmd,
  vmfInsertPfnPud,
} from './insert';
import { replaceVma } from './remap';
import { splitHugePmd } from './split';
import type { Op, OpResult } from './types';

type AccessOp = Extract<Op, { op: 'read' | 'write' }>;

interface FaultCtx {
  k: Kernel;
  mm: Mm;
  vma: Vma;
  v: Vpn;
  write: boolean;
  /**
   * FAULT_FLAG_UNSHARE (a R/O pin that must unshare, gup_must_unshare()): do_wp_page() and
   * do_huge_pmd_wp_page() make the page exclusive without mapping it writable.
   */
  unshare?: boolean;
  value: string | undefined;
  /** The scenario's allocPfn until the allocation it names is made. */
  allocPfn: Pfn | undefined;
}

/** ptlab refuses a write step whose allocPfn the page allocator could not hand out (thrown, then undone). */
class AllocRefused extends Error {}

/**
 * Why the page allocator could not hand out `pfn` as the head of an order-`order` folio, or undefined when
 * it could: its blocks are naturally aligned (__rmqueue() splits buddies of 2^order pages), and every page
 * must be RAM with a memmap and free (not the zero page, the huge zero folio or part of a folio).
 */
function allocPfnRefusal(k: Kernel, pfn: Pfn, order: number): string | undefined {
  const n = 2 ** order;
  const what = order ? `an order-${order} folio (${n} pages)` : 'a page';
  if (pfn % n !== 0)
    return `pfn ${hex(pfn)} is not aligned for ${what}: the allocator hands out blocks of ${n} pages at multiples of ${n}`;
  for (let q = pfn; q < pfn + n; q++) {
    if (!k.mem.pfnValid(asPfn(q)) || q > k.mem.highestMemmapPfn)
      return `pfn ${hex(q)} is not RAM with a memmap (${k.mem.pfnValid(asPfn(q)) ? 'above highest_memmap_pfn' : 'device memory or a hole'}): the page allocator cannot hand out ${what} at ${hex(pfn)}`;
  }
  for (let q = pfn; q < pfn + n; q++) {
    const p = asPfn(q);
    if (k.mem.isZeroPfn(p))
      return `pfn ${hex(q)} is the shared zero page: ${what} at ${hex(pfn)} is not free`;
    if (k.mem.isHugeZeroAny(p))
      return `pfn ${hex(q)} is in the huge zero folio: ${what} at ${hex(pfn)} is not free`;
    const f = k.mem.folioAt(p);
    if (f)
      return `pfn ${hex(q)} is in use (${f.kind} folio ${hex(f.pfn)}, order ${f.order}): ${what} at ${hex(pfn)} is not free`;
  }
  return undefined;
}

export function accessOp(k: Kernel, op: AccessOp): OpResult {
  const asked = op.op === 'write' ? op.allocPfn : undefined;
  if (asked === undefined) return accessFault(k, op, undefined).r;
  // allocPfn names the pfn of the folio the write allocates. The step runs on a checkpoint: if the
  // allocator could not hand that pfn out at the order the fault asks for, or the write allocates nothing,
  // the step is undone and refused (no input is silently ignored).
  const restore = k.checkpoint();
  let why: string | undefined;
  try {
    const { r, c } = accessFault(k, op, asked);
    if (c && c.allocPfn === undefined) return r;
    why = `this write allocates no folio (${r.result}${r.detail ? `: ${r.detail.trim()}` : ''}), so allocPfn would be ignored`;
  } catch (e) {
    if (!(e instanceof AllocRefused)) throw e;
    why = e.message;
  }
  restore();
  const detail = `allocPfn ${hex(asked)} refused: ${why}; the step was not run`;
  k.report('info', [`ptlab: ${detail}`]);
  return { result: 'refused', detail };
}

/** The access and its faults; `c` is undefined when no fault could run (no VMA, or one that forbids it). */
function accessFault(k: Kernel, op: AccessOp, allocPfn: Pfn | undefined): { r: OpResult; c?: FaultCtx } {
  const mm = procOf(k, op.proc);
  if (isResult(mm)) return { r: mm };
  const v = op.addr.vpn;
  const write = op.op === 'write';
  const vma = mm.findVma(v);
  if (!vma) return { r: { result: 'SIGSEGV', detail: `no VMA at ${A(v)} (SEGV_MAPERR)` } };
  // access_error(): the VMA must allow the access.
  if (write ? !(vma.flags & VM.WRITE) : !(vma.flags & (VM.READ | VM.WRITE | VM.EXEC))) {
    return {
      r: {
        result: 'SIGSEGV',
        detail: `the VMA does not allow ${write ? 'writing' : 'reading'} (SEGV_ACCERR)`,
      },
    };
  }
  const c: FaultCtx = {
    k,
    mm,
    vma,
    v,
    write,
    value: op.op === 'write' ? op.value : undefined,
    allocPfn,
  };
  return { r: access(c), c };
}

function access(c: FaultCtx): OpResult {
  const { k, mm, v, write } = c;
  // The CPU tries the access; a missing or read-only entry faults, and the access is retried after the
  // fault handler returns (a private driver fault, for one, inserts read-only and the retry CoWs).
  for (let attempt = 0; attempt < 3; attempt++) {
    const done = translate(c);
    if (done) return attempt ? done : { ...done, detail: `${done.detail ?? ''} (no fault)` };
    const r = k.call('handle_mm_fault', `${A(v)}, ${write ? 'FAULT_FLAG_WRITE' : 'read'}`, () =>
      handleMmFault(c),
    );
    if (r.result !== '0' && r.result !== NOPAGE) return r;
    c.vma = mm.findVma(v) ?? c.vma;
  }
  return { result: 'VM_FAULT_RETRY', detail: 'the access still faults after three tries' };
}

/**
 * faultin_page() (mm/gup.c) for one address: handle_mm_fault() with FAULT_FLAG_WRITE for FOLL_WRITE, or with
 * FAULT_FLAG_UNSHARE when follow_page_mask() answered -EMLINK (the two flags never come together). Returns
 * the fault's result as handle_mm_fault() gives it.
 */
export function faultinPage(k: Kernel, mm: Mm, vma: Vma, v: Vpn, write: boolean, unshare: boolean): string {
  const c: FaultCtx = { k, mm, vma, v, write, unshare, value: undefined, allocPfn: undefined };
  const flags = write ? 'FAULT_FLAG_WRITE' : unshare ? 'FAULT_FLAG_UNSHARE' : 'read';
  return k.call('faultin_page', `${A(v)}${unshare ? ', unshare' : ''}`, () =>
    k.call('handle_mm_fault', `${A(v)}, ${flags}`, () => handleMmFault(c)),
  ).result;
}

/** After a successful fault, the access hits the page: a write stores its value token. */
function translate(c: FaultCtx): OpResult | undefined {
  const { k, mm, v } = c;
  const w = mm.pt.walk(v);
  const e = w.entry;
  if (e?.kind !== 'leaf') return undefined;
  if (c.write && !e.write) return undefined;
  const span = w.level === 'pte' ? 1 : w.level === 'pmd' ? 512 : 512 * 512;
  const pfn = asPfn(e.pfn + (v % span));
  const f = k.mem.folioAt(pfn);
  if (c.write && c.value !== undefined && f && f.kind !== 'zero' && f.kind !== 'huge_zero') {
    if (f.order === 0) k.updateFolio(f, { content: c.value }, 'copy_to_user');
    else
      k.updateFolio(f, { pageContent: { ...(f.pageContent ?? {}), [pfn - f.pfn]: c.value } }, 'copy_to_user');
  }
  const content = f
    ? (f.pageContent?.[pfn - f.pfn] ?? f.content)
    : k.mem.pfnValid(pfn)
      ? `ram@${hex(pfn)}`
      : `mmio@${hex(pfn)}`;
  return {
    result: '0',
    detail: `${c.write ? 'wrote' : 'read'} pfn ${hex(pfn)} via ${w.level} (${c.write && c.value !== undefined ? `"${c.value}"` : content})`,
  };
}

function thpEligible(k: Kernel, vma: Vma, v: number): boolean {
  // THP in "madvise" mode: VMAs with MADV_HUGEPAGE (and DAX, which sets VM_HUGEPAGE itself).
  if (!k.cfg.thp || !(vma.flags & VM.HUGEPAGE)) return false;
  // thp_vma_suitable_order(): the PMD lies inside the VMA and, for a file VMA, vm_pgoff has the address's
  // colour (the file's PMD-sized blocks line up with the page table's).
  if (!vmaIsAnonymous(vma) && (((vma.start - vma.pgoff) % 512) + 512) % 512 !== 0) return false;
  const h = v - (v % 512);
  return h >= vma.start && h + 512 <= vma.end;
}

function handleMmFault(c: FaultCtx): OpResult {
  const { k, mm, vma, v } = c;
  // __handle_mm_fault(): p4d_alloc/pud_alloc first; a driver may install a PUD leaf.
  allocTables(k, mm, v, 'pud', 'pud_alloc');
  if (vma.backing.type === 'pfnmap-driver' && vma.backing.fault === 'pud') {
    const w = mm.pt.walk(v, 'pud');
    const shared = (vma.flags & (VM.SHARED | VM.MAYSHARE)) !== 0;
    if (w.level === 'pud' && w.entry?.kind === 'leaf' && c.write && !w.entry.write && !shared) {
      // wp_huge_pud(): CoW is handled at PTE level: __split_huge_pud() zaps a file/PFNMAP PUD.
      k.branch(
        'wp_huge_pud',
        'WPH-split',
        'not shared (CoW): split (zap) the PUD, handle the write at PTE level',
      );
      k.setEntry(mm, (v - (v % (512 * 512))) as Vpn, 'pud', undefined, '__split_huge_pud');
    } else if (w.level === 'pud' && (!w.entry || (w.entry.kind === 'leaf' && c.write && !w.entry.write))) {
      const base = vma.backing.pfnBase + (v - vma.start);
      const r = k.call('create_huge_pud', A(v), () =>
        vmfInsertPfnPud(k, mm, vma, v, asPfn(base - (v % (512 * 512))), c.write),
      );
      if (r !== FALLBACK && r !== SIGBUS) return { result: r };
    }
  }
  const pud = mm.pt.walk(v, 'pud');
  if (pud.level === 'pud' && pud.entry && pud.entry.kind !== 'table') {
    if (pud.entry.kind === 'leaf' && (!c.write || pud.entry.write)) return { result: '0' };
    return { result: SIGBUS, detail: 'write to a read-only PUD leaf: only driver PUD faults are modelled' };
  }
  // pmd_alloc(), then a huge PMD fault where the PMD is none.
  allocTables(k, mm, v, 'pmd', 'pmd_alloc');
  const wp = mm.pt.walk(v, 'pmd');
  if (wp.level === 'pmd') {
    const e = wp.entry;
    if (!e) {
      const r = createHugePmd(c);
      if (r !== FALLBACK) return { result: r };
    } else if (e.kind === 'leaf') {
      if (!(c.write || c.unshare) || e.write) {
        k.branch('handle_mm_fault', 'F-pmd-present', 'a huge PMD maps the address: nothing to fault');
        return { result: '0' };
      }
      const r = wpHugePmd(c, e);
      if (r !== FALLBACK) return { result: r };
    }
  }
  return { result: handlePteFault(c) };
}

function createHugePmd(c: FaultCtx): string {
  const { k, mm, vma, v } = c;
  if (vmaIsAnonymous(vma)) {
    if (!thpEligible(k, vma, v)) return FALLBACK;
    return doHugePmdAnonymousPage(c);
  }
  if (vma.backing.type === 'dax' && thpEligible(k, vma, v) && !c.write) {
    return daxIomapPmdFault(k, mm, vma, v);
  }
  if (vma.backing.type === 'pfnmap-driver' && vma.backing.fault === 'pmd') {
    const h = v - (v % 512);
    if (h < vma.start || h + 512 > vma.end) return FALLBACK;
    const base = asPfn(vma.backing.pfnBase + (h - vma.start));
    return k.call('create_huge_pmd', A(v), () => vmfInsertPfnPmd(k, mm, vma, h as Vpn, base, c.write));
  }
  return FALLBACK;
}

/** anon_vma_prepare(): attach an anon_vma to the VMA (needed before any anon page is mapped). */
function anonVmaPrepare(k: Kernel, mm: Mm, vma: Vma): Vma {
  if (vma.anonVma) return vma;
  k.emit({
    t: 'vma',
    proc: mm.name,
    action: 'change',
    range: `${A(vma.start)}-${A(vma.end)}`,
    text: 'anon_vma attached',
    fn: 'anon_vma_prepare',
    depth: k.trace.depth,
  });
  return replaceVma(mm, vma, { ...vma, anonVma: true });
}

/** Allocates a new anon folio (zeroed or with copied content) through the page allocator. */
function allocAnon(c: FaultCtx, order: number, content: string): Folio | undefined {
  const { k, mm } = c;
  let p: Pfn | undefined;
  if (c.allocPfn !== undefined) {
    const why = allocPfnRefusal(k, c.allocPfn, order);
    if (why) throw new AllocRefused(why);
    p = c.allocPfn;
    c.allocPfn = undefined;
    k.branch('vma_alloc_folio', 'ALLOC-pfn', `the scenario's allocPfn: the allocator hands out ${hex(p)}`);
  }
  p ??= k.mem.allocPfn(order);
  if (p === undefined) return undefined;
  return k.addFolio(
    { pfn: p, order, kind: 'anon', refcount: 1, mapcount: 0, anonExclusive: true, content, owner: mm.name },
    'vma_alloc_folio',
  );
}

/** do_huge_pmd_anonymous_page(): the huge zero folio for a read, a THP for a write. */
function doHugePmdAnonymousPage(c: FaultCtx): string {
  const { k, mm, v } = c;
  const fn = 'do_huge_pmd_anonymous_page';
  const h = (v - (v % 512)) as Vpn;
  return k.call(fn, A(h), () => {
    c.vma = anonVmaPrepare(k, mm, c.vma);
    if (!allocTables(k, mm, h, 'pmd', 'pmd_alloc')) return FALLBACK;
    if (!c.write && k.cfg.useZeroPage) {
      k.branch(fn, 'THP-huge-zero', 'read fault with use_zero_page: map the huge zero folio');
      const hz = k.mmGetHugeZeroFolio(mm);
      if (!hz) return FALLBACK; // count_vm_event(THP_FAULT_FALLBACK)
      let e = leaf(hz.pfn, { deposit: true });
      if (k.feat.hugeZeroPmdSpecial) e = mkspecial(k.cfg, 'pmd', e);
      k.call('set_huge_zero_folio', A(h), () => {
        k.branch(
          'set_huge_zero_folio',
          k.feat.hugeZeroPmdSpecial ? 'HZ-special' : 'HZ-plain',
          k.feat.hugeZeroPmdSpecial
            ? k.cfg.pmdPfnmap
              ? 'RFC 08+: pmd_mkspecial()'
              : 'RFC 08+: pmd_mkspecial() is a no-op without ARCH_SUPPORTS_PMD_PFNMAP'
            : 'not marked special (before RFC 08)',
        );
        k.setEntry(mm, h, 'pmd', e, 'set_huge_zero_folio');
        k.counter(mm, 'pgtables', 1, 'pgtable_trans_huge_deposit');
      });
      return '0';
    }
    if (!k.cfg.thpAllocSucceeds) {
      k.branch(fn, 'THP-alloc-fail', 'no THP available: VM_FAULT_FALLBACK to PTEs');
      return FALLBACK;
    }
    const f = allocAnon(c, 9, 'zeroes');
    if (!f) return FALLBACK;
    k.branch(fn, 'THP-alloc', 'write fault: a new anon THP mapped by the PMD');
    mapAnonPmd(c, h, f);
    return '0';
  });
}

function mapAnonPmd(c: FaultCtx, h: Vpn, f: Folio, hadDeposit = false, keepDeposit = true): void {
  const { k, mm, vma } = c;
  rmapAdd(k, f, 'folio_add_new_anon_rmap', true);
  k.setEntry(
    mm,
    h,
    'pmd',
    leaf(f.pfn, { write: (vma.flags & VM.WRITE) !== 0, dirty: true, young: true, deposit: keepDeposit }),
    'map_anon_folio_pmd',
  );
  if (!hadDeposit) k.counter(mm, 'pgtables', 1, 'pgtable_trans_huge_deposit');
  k.counter(mm, 'anon', 512, 'map_anon_folio_pmd');
}

/** wp_huge_pmd(): do_huge_pmd_wp_page() for anon VMAs, the driver/DAX ->huge_fault otherwise. */
function wpHugePmd(c: FaultCtx, e: LeafEntry): string {
  const { k, mm, vma, v } = c;
  const h = (v - (v % 512)) as Vpn;
  if (!vmaIsAnonymous(vma)) {
    // wp_huge_pmd(): only shared mappings go to ->huge_fault; CoW or write-notify is handled at PTE
    // level after a split.
    if (
      vma.flags & (VM.SHARED | VM.MAYSHARE) &&
      vma.backing.type === 'pfnmap-driver' &&
      vma.backing.fault === 'pmd'
    ) {
      k.branch(
        'wp_huge_pmd',
        'WPH-huge-fault',
        "a shared mapping: the driver's ->huge_fault() makes the PMD writable",
      );
      const base = asPfn(vma.backing.pfnBase + (h - vma.start));
      return vmfInsertPfnPmd(k, mm, vma, h, base, true);
    }
    k.branch(
      'wp_huge_pmd',
      'WPH-split',
      'not shared (CoW) or no ->huge_fault(): split the PMD, handle the write at PTE level',
    );
    splitHugePmd(k, mm, vma, h, 'wp_huge_pmd');
    return FALLBACK;
  }
  const fn = 'do_huge_pmd_wp_page';
  return k.call(fn, A(h), () => {
    const isHz = k.feat.hugeZeroAnyPfn ? k.mem.isHugeZeroAny(e.pfn) : k.mem.isHugeZeroExact(e.pfn);
    if (isHz) {
      if (c.unshare)
        k.branch(
          fn,
          'UNS-4',
          'FAULT_FLAG_UNSHARE on the huge zero PMD: handled as a write (is_huge_zero_pmd() comes before any unshare test)',
        );
      // do_huge_zero_wp_pmd() (Dev Jain): replace the huge zero PMD by a new THP, or fall back to a split.
      if (k.cfg.thpAllocSucceeds) {
        const f = allocAnon(c, 9, 'zeroes');
        if (f) {
          k.branch('do_huge_zero_wp_pmd', 'HZWP-thp', 'a new anon THP replaces the huge zero PMD');
          k.setEntry(mm, h, 'pmd', undefined, 'pmdp_huge_clear_flush');
          // map_anon_folio_pmd() deposits nothing: the huge zero PMD's deposit (if it had one) stays.
          mapAnonPmd(c, h, f, true, !!e.deposit);
          return '0';
        }
      }
      k.branch(
        'do_huge_zero_wp_pmd',
        'HZWP-split',
        'no THP: split the huge zero PMD into 512 zero-page PTEs and retry at PTE level',
      );
      splitHugePmd(k, mm, vma, h, fn);
      return FALLBACK;
    }
    const f = k.mem.folioAt(e.pfn);
    if (f && f.kind === 'anon' && (f.anonExclusive || (f.refcount === 1 && f.mapcount === 1))) {
      if (c.unshare) {
        // "reuse: if (unlikely(unshare)) return 0;": SetPageAnonExclusive(), the PMD stays read-only.
        k.branch(fn, 'UNS-3', 'FAULT_FLAG_UNSHARE: the anon THP is exclusive now; the PMD stays read-only');
        if (!f.anonExclusive) k.updateFolio(f, { anonExclusive: true }, 'folio_move_anon_rmap');
        return '0';
      }
      k.branch(fn, 'THPWP-reuse', 'an exclusive anon THP: reuse it writable');
      k.setEntry(mm, h, 'pmd', { ...e, write: true, dirty: true, young: true }, fn);
      return '0';
    }
    k.branch(fn, 'THPWP-split', 'a shared anon THP: split and CoW at PTE level');
    splitHugePmd(k, mm, vma, h, fn);
    return FALLBACK;
  });
}

function handlePteFault(c: FaultCtx): string {
  const { k, mm, v } = c;
  if (!allocTables(k, mm, v, 'pte', 'pte_alloc')) return SIGBUS;
  const e = mm.pt.walk(v, 'pte').entry;
  if (!e) return doPteMissing(c);
  if (e.kind === 'swap') {
    k.branch('do_swap_page', 'F-swap', `a ${e.type} entry: swap-in and migration waits are not modelled`);
    return 'VM_FAULT_RETRY';
  }
  if (e.kind !== 'leaf') return SIGBUS;
  // handle_pte_fault(): FAULT_FLAG_WRITE or FAULT_FLAG_UNSHARE on a read-only PTE goes to do_wp_page().
  if ((c.write || c.unshare) && !e.write) return doWpPage(c, e);
  k.branch(
    'handle_pte_fault',
    'F-present',
    'the PTE is present and allows the access: the fault was spurious',
  );
  return '0';
}

function doPteMissing(c: FaultCtx): string {
  const { k, mm, vma, v } = c;
  const b = vma.backing;
  if (b.type === 'anon') return doAnonymousPage(c);
  const idx = v - vma.start;
  switch (b.type) {
    case 'devmem':
    case 'gntdev':
    case 'raw':
      k.branch(
        'do_fault',
        'F-no-fault-handler',
        'no ->fault handler (all PTEs were set up at mmap time): VM_FAULT_SIGBUS',
      );
      return SIGBUS;
    case 'pfnmap-driver':
      if (b.fault === 'none') return SIGBUS;
      return k.call('driver_fault', A(v), () => vmfInsertPfn(k, mm, vma, v, asPfn(b.pfnBase + idx)));
    case 'mixedmap-driver':
      // A private write fault goes through do_cow_fault(): the handler inserts read-only, the retry CoWs.
      return k.call('driver_fault', A(v), () =>
        vmfInsertMixed(k, mm, vma, v, asPfn(b.pfnBase + idx), c.write && (vma.flags & VM.SHARED) !== 0),
      );
    case 'dax':
      return k.call('dax_iomap_pte_fault', A(v), () => {
        // grab_mapping_entry(xas, mapping, 0), then dax_insert_entry(): a PTE-order entry for the page.
        daxPteEntriesOf(k, b.file).add(vma.pgoff + idx);
        if (!c.write) {
          k.branch('dax_load_hole', 'DAX-pte-hole', 'a hole: map the shared zero page');
          // dax_load_hole(): my_zero_pfn(vaddr), the zero page of the address's colour.
          return vmfInsertPageMkwrite(k, mm, vma, v, myZeroPfn(k.mem.layout, v), false);
        }
        const p = fileFolio(k, b.file, vma.pgoff + idx);
        if (p === undefined) return 'VM_FAULT_OOM';
        k.branch('dax_fault_iter', 'DAX-pte-block', 'write: a pmem block is allocated and mapped');
        return vmfInsertPageMkwrite(k, mm, vma, v, p, true);
      });
    case 'file':
      return doFileFault(c, b.file, vma.pgoff + idx);
  }
}

/** The page-cache folio of a file page, allocated on first use (filemap_fault). */
function fileFolio(k: Kernel, file: string, index: number): Pfn | undefined {
  let pc = k.pageCache.get(file);
  if (!pc) {
    pc = new Map();
    k.pageCache.set(file, pc);
  }
  const have = pc.get(index);
  if (have !== undefined && k.mem.folioAt(have)) return have;
  const p = k.mem.allocPfn(0);
  if (p === undefined) return undefined;
  // The page cache holds one reference.
  k.addFolio(
    {
      pfn: p,
      order: 0,
      kind: 'file',
      refcount: 1,
      mapcount: 0,
      anonExclusive: false,
      content: `${file}[${index}]`,
      owner: file,
    },
    'filemap_fault',
  );
  pc.set(index, p);
  return p;
}

function doFileFault(c: FaultCtx, file: string, index: number): string {
  const { k, mm, vma, v } = c;
  const p = fileFolio(k, file, index);
  if (p === undefined) return 'VM_FAULT_OOM';
  const f = k.mem.folioAt(p) as Folio;
  if (c.write && !(vma.flags & VM.SHARED)) {
    k.branch(
      'do_cow_fault',
      'F-cow-fault',
      'write to a private file mapping: copy the page cache page into a new anon page',
    );
    c.vma = anonVmaPrepare(k, mm, vma);
    const n = allocAnon(c, 0, f.content);
    if (!n) return 'VM_FAULT_OOM';
    rmapAdd(k, n, 'folio_add_new_anon_rmap', true);
    k.counter(mm, 'anon', 1, 'do_cow_fault');
    k.setEntry(mm, v, 'pte', leaf(n.pfn, { write: true, dirty: true, young: true }), 'finish_fault');
    return '0';
  }
  k.branch(
    c.write ? 'do_shared_fault' : 'do_read_fault',
    'F-file-page',
    'map the page cache page: refcount, file rmap, file RSS +1',
  );
  const g = k.updateFolio(f, { refcount: f.refcount + 1 }, 'filemap_fault');
  rmapAdd(k, g, 'folio_add_file_rmap_pte');
  k.counter(mm, 'file', 1, 'set_pte_range');
  const write = c.write && (vma.flags & VM.SHARED) !== 0;
  k.setEntry(
    mm,
    v,
    'pte',
    leaf(p, { write: write || vmPageProtWrite(vma), dirty: write, young: true }),
    'set_pte_range',
  );
  return '0';
}

/** do_anonymous_page(). */
function doAnonymousPage(c: FaultCtx): string {
  const { k, mm, vma, v } = c;
  const fn = 'do_anonymous_page';
  return k.call(fn, A(v), () => {
    if (vma.flags & VM.SHARED) return SIGBUS;
    if (!c.write) {
      k.branch(
        fn,
        'ANON-zero',
        'read fault: map the shared zero page read-only (no RSS, no refcount, no anon_vma)',
      );
      // pte_mkspecial(pfn_pte(my_zero_pfn(vmf->address), ...)): the zero page of the address's colour.
      k.setEntry(mm, v, 'pte', mkspecial(k.cfg, 'pte', leaf(myZeroPfn(k.mem.layout, v))), fn);
      return '0';
    }
    c.vma = anonVmaPrepare(k, mm, vma);
    const f = allocAnon(c, 0, 'zeroes');
    if (!f) return 'VM_FAULT_OOM';
    k.branch(fn, 'ANON-new', 'write fault: a new zeroed anon page, exclusive, MM_ANONPAGES +1');
    rmapAdd(k, f, 'folio_add_new_anon_rmap', true);
    k.counter(mm, 'anon', 1, fn);
    k.setEntry(
      mm,
      v,
      'pte',
      leaf(f.pfn, { write: (vma.flags & VM.WRITE) !== 0, dirty: true, young: true }),
      fn,
    );
    return '0';
  });
}

/** do_wp_page(): a write to a present read-only PTE. */
function doWpPage(c: FaultCtx, e: LeafEntry): string {
  const { k, mm, vma, v } = c;
  const fn = 'do_wp_page';
  return k.call(fn, A(v), () => {
    const cl = vmNormalPage(k, mm, vma, v, 'pte', e);
    // Shared mappings first: no CoW, the PTE is made writable (after ->pfn_mkwrite / ->page_mkwrite).
    if (vma.flags & (VM.SHARED | VM.MAYSHARE)) {
      if (cl.page === null) {
        k.branch(
          fn,
          'WP-pfn-shared',
          'shared mapping, no "normal" page: wp_pfn_shared() makes the PTE writable',
        );
        k.setEntry(mm, v, 'pte', { ...e, write: true, dirty: true, young: true }, 'wp_pfn_shared');
        return '0';
      }
      k.branch(fn, 'WP-shared', 'shared mapping: wp_page_shared() makes the page writable');
      k.setEntry(mm, v, 'pte', { ...e, write: true, dirty: true, young: true }, 'wp_page_shared');
      return '0';
    }
    if (cl.page === null) {
      k.branch(
        fn,
        'WP-copy-nopage',
        'no "normal" page (special or zero): wp_page_copy() without a source folio',
      );
      return wpPageCopy(c, e, undefined);
    }
    const f = k.mem.folioOrFree(cl.page);
    if (f && f.kind === 'anon' && (f.anonExclusive || (f.refcount === 1 && f.mapcount === 1))) {
      if (c.unshare) {
        // "if (unlikely(unshare)) { pte_unmap_unlock(); return 0; }": exclusive now, the PTE unchanged.
        k.branch(fn, 'UNS-1', 'FAULT_FLAG_UNSHARE: the anon page is exclusive now; the PTE stays read-only');
        if (!f.anonExclusive) k.updateFolio(f, { anonExclusive: true }, 'folio_move_anon_rmap');
        return '0';
      }
      k.branch(fn, 'WP-reuse', 'an exclusive anon page: wp_page_reuse() makes it writable');
      if (!f.anonExclusive) k.updateFolio(f, { anonExclusive: true }, 'folio_move_anon_rmap');
      k.setEntry(mm, v, 'pte', { ...e, write: true, dirty: true, young: true }, 'wp_page_reuse');
      return '0';
    }
    k.branch(fn, 'WP-copy', 'a page others may see: wp_page_copy()');
    return wpPageCopy(c, e, f);
  });
}

/** wp_page_copy(): a new anon page replaces the old mapping (copied, or zeroed for the zero page). */
function wpPageCopy(c: FaultCtx, e: LeafEntry, old: Folio | undefined): string {
  const { k, mm, v } = c;
  const fn = 'wp_page_copy';
  return k.call(fn, A(v), () => {
    c.vma = anonVmaPrepare(k, mm, c.vma);
    const zero = k.mem.isZeroPfn(e.pfn);
    let content: string;
    if (zero) content = 'zeroes';
    else if (old) content = old.pageContent?.[e.pfn - old.pfn] ?? old.content;
    else {
      // No struct page: __wp_page_copy_user() copies from the user virtual address.
      const src = k.mem.folioAt(e.pfn);
      content = src
        ? (src.pageContent?.[e.pfn - src.pfn] ?? src.content)
        : k.mem.pfnValid(e.pfn)
          ? `ram@${hex(e.pfn)}`
          : `mmio@${hex(e.pfn)}`;
    }
    k.branch(
      fn,
      zero ? 'WPC-zero' : old ? 'WPC-copy' : 'WPC-copy-user',
      zero
        ? 'the zero page: allocate a zeroed page (no copy)'
        : old
          ? 'copy the old page'
          : 'copy from the user address (no struct page to copy from)',
    );
    const n = allocAnon(c, 0, content);
    if (!n) return 'VM_FAULT_OOM';
    // The zero page's copy is allocated zeroed; anything else is copied by __wp_page_copy_user().
    if (!zero)
      k.call(
        '__wp_page_copy_user',
        `pfn ${hex(n.pfn)}, ${old ? 'from the old page' : 'from the user address'}`,
        () => {},
      );
    if (old) {
      if (old.kind !== 'anon') {
        k.counter(mm, 'file', -1, fn);
        k.counter(mm, 'anon', 1, fn);
      }
    } else {
      k.counter(mm, 'anon', 1, fn);
    }
    rmapAdd(k, n, 'folio_add_new_anon_rmap', true);
    if (c.unshare)
      // wp_page_copy(): "if (unlikely(unshare))" the new PTE is neither made dirty nor writable.
      k.branch(fn, 'UNS-2', 'FAULT_FLAG_UNSHARE: the exclusive copy is mapped read-only and clean');
    k.setEntry(
      mm,
      v,
      'pte',
      c.unshare
        ? leaf(n.pfn, { young: true })
        : leaf(n.pfn, { write: (c.vma.flags & VM.WRITE) !== 0, dirty: true, young: true }),
      fn,
    );
    if (old) {
      // No mapcount check here (unlike zap): folio_remove_rmap_pte() is silent.
      const r = rmapRemove(k, old, 'folio_remove_rmap_pte');
      folioPut(k, r.folio, 1, fn);
    }
    return '0';
  });
}

/** The PTE-order entries of a DAX file's mapping (Kernel.daxPteEntries). */
function daxPteEntriesOf(k: Kernel, file: string): Set<number> {
  let set = k.daxPteEntries.get(file);
  if (!set) {
    set = new Set();
    k.daxPteEntries.set(file, set);
  }
  return set;
}

/**
 * dax_iomap_pmd_fault() (fs/dax.c) for a read fault on a hole, as create_huge_pmd() calls it after
 * __handle_mm_fault() saw pmd_none(). Two checks stand before dax_fault_iter() -> dax_pmd_load_hole(), in
 * every variant: grab_mapping_entry(xas, mapping, PMD_ORDER) falls back when a PTE-order entry lies in the
 * PMD's range (dax_load_hole() leaves one), and "!pmd_none(*vmf->pmd) && !pmd_trans_huge(*vmf->pmd)" (a PTE
 * fault raced and installed a table) returns 0, so the fault is retried. dax_pmd_load_hole() therefore only
 * meets a populated PMD when a racing PMD fault mapped the huge zero folio first. On VM_FAULT_FALLBACK it
 * calls split_huge_pmd() and the caller goes on with a PTE fault. kernel-semantics.md §3.14, §4.3.
 */
export function daxIomapPmdFault(k: Kernel, mm: Mm, vma: Vma, v: number): string {
  const fn = 'dax_iomap_pmd_fault';
  const h = (v - (v % 512)) as Vpn;
  return k.call(fn, A(v), () => {
    const fallback = (): string => {
      splitHugePmd(k, mm, vma, h, fn);
      return FALLBACK;
    };
    // dax_fault_check_fallback(): the PMD must lie inside the VMA, with the file offset's colour.
    const first = vma.pgoff + (h - vma.start);
    if (h < vma.start || h + 512 > vma.end || first % 512 !== 0) {
      k.branch(
        'dax_fault_check_fallback',
        'DAX-check-fallback',
        'the PMD would reach outside the VMA, or the file offset is not PMD aligned: VM_FAULT_FALLBACK',
      );
      return fallback();
    }
    const file = vma.backing.type === 'dax' ? vma.backing.file : '';
    const entries = k.daxPteEntries.get(file);
    let pteEntry: number | undefined;
    if (entries)
      for (let i = first; i < first + 512 && pteEntry === undefined; i++) if (entries.has(i)) pteEntry = i;
    if (pteEntry !== undefined) {
      k.branch(
        'grab_mapping_entry',
        'DAX-entry-conflict',
        `a PTE-order entry (page ${hex(pteEntry)} of the file) lies in the PMD's range: VM_FAULT_FALLBACK`,
      );
      return fallback();
    }
    const w = mm.pt.walk(h, 'pmd');
    if (w.level === 'pmd' && w.entry && w.entry.kind !== 'leaf') {
      k.branch(
        fn,
        'DAX-pmd-table',
        '!pmd_none(*vmf->pmd) && !pmd_trans_huge(*vmf->pmd): a PTE fault populated the PMD; return 0 before dax_fault_iter(), the fault is retried',
      );
      return '0';
    }
    const r = k.call('dax_fault_iter', 'a hole, pmd', () => daxPmdLoadHole(k, mm, vma, h));
    return r === FALLBACK ? fallback() : r;
  });
}

/**
 * dax_pmd_load_hole() (fs/dax.c): map the huge zero folio for a PMD hole. Before RFC 07 an occupied PMD
 * gives VM_FAULT_FALLBACK; after it vmf_insert_folio_pmd() answers VM_FAULT_NOPAGE. Reached only through
 * daxIomapPmdFault(), where an occupied PMD can only be a huge one. kernel-semantics.md §3.14.
 */
export function daxPmdLoadHole(k: Kernel, mm: Mm, vma: Vma, v: number): string {
  const fn = 'dax_pmd_load_hole';
  const h = (v - (v % 512)) as Vpn;
  return k.call(fn, A(h), () => {
    const hz = k.mmGetHugeZeroFolio(mm);
    if (!hz) return FALLBACK;
    if (k.feat.daxUsesFolioPmd) {
      k.branch(fn, 'DAX-folio-pmd', 'RFC 07+: vmf_insert_folio_pmd(vmf, huge_zero_folio, false)');
      return vmfInsertFolioPmd(k, mm, vma, h, hz, false);
    }
    if (!allocTables(k, mm, h, 'pmd', 'pmd_alloc')) return FALLBACK;
    const w = mm.pt.walk(h, 'pmd');
    if (w.level === 'pmd' && w.entry) {
      k.branch(fn, 'DAX-fallback', 'the PMD is already populated (a racing fault): VM_FAULT_FALLBACK');
      return FALLBACK;
    }
    k.branch(fn, 'DAX-own-pmd', 'install a (non-special) huge zero PMD itself');
    k.setEntry(mm, h, 'pmd', leaf(hz.pfn), fn);
    return NOPAGE;
  });
}

/**
 * The operation: a DAX PMD read fault on a hole at addr that raced with another fault, so that it runs
 * dax_iomap_pmd_fault() (create_huge_pmd()) although the PMD may be populated by now.
 */
export function daxPmdLoadHoleOp(k: Kernel, op: Extract<Op, { op: 'dax_pmd_load_hole' }>): OpResult {
  const mm = procOf(k, op.proc);
  if (isResult(mm)) return mm;
  const vma = mm.findVma(op.addr.vpn);
  if (vma?.backing.type !== 'dax') return { result: SIGBUS, detail: 'not a DAX VMA' };
  return { result: daxIomapPmdFault(k, mm, vma, op.addr.vpn) };
}
