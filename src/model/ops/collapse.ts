/**
 * MADV_COLLAPSE of PTE-mapped private anonymous memory: mm/khugepaged.c hpage_collapse_scan_pmd(),
 * collapse_huge_page(), __collapse_huge_page_isolate(), __collapse_huge_page_copy() and
 * __collapse_huge_page_copy_succeeded(), with madvise_collapse()'s collapse_control (is_khugepaged = false),
 * as read in the v6.12-era source. kernel-semantics.md §3.20.
 *
 * With is_khugepaged false, the scan and the isolation apply no max_ptes_none, max_ptes_swap or
 * max_ptes_shared limit and do not ask for young/referenced pages (each such test is
 * `cc->is_khugepaged && ...`); alloc_charge_folio() uses GFP_TRANSHUGE.
 *
 * Not modelled (the step answers "not modelled" where it would matter): swap-in of non-present PTEs
 * (__collapse_huge_page_swapin() -> do_swap_page()), PTEs mapping a large folio (the compound_pagelist),
 * userfaultfd (ptlab has none: SCAN_PTE_UFFD_WP is never taken), ZONE_DEVICE pages, NUMA
 * (hpage_collapse_scan_abort() is false on one node), LRU isolation and page locks (ptlab's anon folios are
 * on the LRU and unlocked: SCAN_PAGE_LRU, SCAN_PAGE_LOCK and SCAN_DEL_PAGE_LRU are never taken), memcg
 * charge failure and machine-check copy failure (SCAN_COPY_MC). The mmap_lock is never dropped in ptlab, so
 * hugepage_vma_revalidate() and check_pmd_still_valid() see what the scan saw.
 */
import { vmNormalPage } from '../callers';
import { type LeafEntry, leaf } from '../entry';
import type { Kernel } from '../kernel';
import type { Mm } from '../mm';
import type { Folio } from '../physmem';
import type { Pfn, Vpn } from '../units';
import { VM, type Vma } from '../vma';
import { A, hex } from './common';
import { folioPut, rmapAdd, rmapRemove } from './folio_ref';

/** The enum scan_result values ptlab can reach. */
export type ScanResult =
  | 'SCAN_FAIL'
  | 'SCAN_SUCCEED'
  | 'SCAN_PMD_NULL'
  | 'SCAN_PMD_NONE'
  | 'SCAN_PMD_MAPPED'
  | 'SCAN_PAGE_RO'
  | 'SCAN_PAGE_NULL'
  | 'SCAN_PAGE_ANON'
  | 'SCAN_PAGE_COUNT'
  | 'SCAN_ALLOC_HUGE_PAGE_FAIL';

/** What one PMD's collapse came to, or "not modelled" with why. */
export type CollapseOutcome = { scan: ScanResult } | { notModelled: string };

/**
 * madvise_collapse()'s switch on the result: these let the loop go on to the next PMD (remembered as
 * last_fail); any other failure ends it.
 */
export const CONTINUES: ReadonlySet<ScanResult> = new Set([
  'SCAN_PMD_NULL',
  'SCAN_PAGE_RO',
  'SCAN_PAGE_NULL',
  'SCAN_PAGE_COUNT',
]);

/** madvise_collapse_errno(): the errno of the last failure when not every PMD ended as a THP. */
export function madviseCollapseErrno(r: ScanResult): string {
  switch (r) {
    case 'SCAN_ALLOC_HUGE_PAGE_FAIL':
      return '-ENOMEM';
    case 'SCAN_PAGE_COUNT':
      return '-EAGAIN';
    default:
      return '-EINVAL';
  }
}

/** One PTE of the 512 as the scan (or the isolation) reads it. */
interface Slot {
  readonly v: Vpn;
  readonly e: LeafEntry | undefined;
  /** pte_none() or is_zero_pfn(pte_pfn()): a zero-filled subpage of the new THP. */
  readonly noneOrZero: boolean;
  readonly folio?: Folio;
}

/**
 * The per-PTE checks hpage_collapse_scan_pmd() and __collapse_huge_page_isolate() share, in the scan's
 * order: pte_none()/is_zero_pfn() first (so a zero-page PTE is never passed to vm_normal_page(), special bit
 * or not), then vm_normal_page(), folio_test_anon(), folio_likely_mapped_shared(), is_refcount_suitable().
 * Returns the failing result, or the slots on success.
 */
function checkPtes(
  k: Kernel,
  mm: Mm,
  vma: Vma,
  h: Vpn,
  fn: string,
): { fail: CollapseOutcome } | { slots: Slot[]; writable: boolean } {
  const slots: Slot[] = [];
  let none = 0;
  let zero = 0;
  let shared = 0;
  let writable = false;
  for (let i = 0; i < 512; i++) {
    const v = (h + i) as Vpn;
    const w = mm.pt.walk(v, 'pte');
    const e = w.level === 'pte' ? w.entry : undefined;
    if (e === undefined) {
      none++;
      slots.push({ v, e: undefined, noneOrZero: true });
      continue;
    }
    if (e.kind === 'swap') {
      k.branch(fn, 'MADV-S2', `${A(v)}: a non-present (${e.type}) PTE: unmapped++`);
      return {
        fail: {
          notModelled: `${A(v)} holds a ${e.type} entry: __collapse_huge_page_swapin() (do_swap_page()) is not modelled`,
        },
      };
    }
    if (e.kind !== 'leaf') throw new Error('a PTE table holds a table entry');
    if (k.mem.isZeroPfn(e.pfn)) {
      zero++;
      slots.push({ v, e, noneOrZero: true });
      continue;
    }
    if (e.write) writable = true;
    const c = vmNormalPage(k, mm, vma, v, 'pte', e);
    if (c.page === null) {
      k.branch(fn, 'MADV-S3', `${A(v)}: vm_normal_page() returns NULL: SCAN_PAGE_NULL`);
      return { fail: { scan: 'SCAN_PAGE_NULL' } };
    }
    const f = k.mem.folioAt(c.page as Pfn);
    if (f?.kind !== 'anon') {
      k.branch(fn, 'MADV-S4', `${A(v)}: pfn ${hex(c.page)} is not an anon folio: SCAN_PAGE_ANON`);
      return { fail: { scan: 'SCAN_PAGE_ANON' } };
    }
    if (f.order > 0)
      return {
        fail: {
          notModelled: `${A(v)} maps a page of an order-${f.order} folio: collapsing PTE-mapped large folios (compound_pagelist) is not modelled`,
        },
      };
    if (f.mapcount > 1) {
      shared++;
      k.branch(
        fn,
        'MADV-S5',
        `${A(v)}: folio_likely_mapped_shared() (mapcount ${f.mapcount}): shared++, no max_ptes_shared for MADV_COLLAPSE`,
      );
    }
    // is_refcount_suitable(): no swap cache in ptlab, so the refcount must equal the mapcount; a GUP pin
    // (or any other reference) fails it.
    if (f.refcount !== f.mapcount) {
      k.branch(
        fn,
        'MADV-S6',
        `${A(v)}: refcount ${f.refcount} != mapcount ${f.mapcount} (a pin or other reference): SCAN_PAGE_COUNT`,
      );
      return { fail: { scan: 'SCAN_PAGE_COUNT' } };
    }
    slots.push({ v, e, noneOrZero: false, folio: f });
  }
  k.branch(
    fn,
    'MADV-S1',
    `${none} none and ${zero} zero-page PTEs (zero-filled subpages), ${shared} shared: no max_ptes_none/max_ptes_shared for MADV_COLLAPSE`,
  );
  if (!writable) {
    k.branch(fn, 'MADV-S7', 'no PTE is writable: SCAN_PAGE_RO');
    return { fail: { scan: 'SCAN_PAGE_RO' } };
  }
  return { slots, writable };
}

/**
 * hpage_collapse_scan_pmd() for the PMD at `h` (aligned), then collapse_huge_page() when the scan succeeds.
 * find_pmd_or_thp_or_none(): no PMD table (mm_find_pmd() NULL) or a non-present PMD is SCAN_PMD_NULL, a
 * none PMD SCAN_PMD_NONE, a huge PMD SCAN_PMD_MAPPED.
 */
export function collapsePmd(k: Kernel, mm: Mm, vma: Vma, h: Vpn): CollapseOutcome {
  const fn = 'hpage_collapse_scan_pmd';
  return k.call(fn, A(h), (): CollapseOutcome => {
    const w = mm.pt.walk(h, 'pmd');
    if (w.level !== 'pmd' || w.entry?.kind === 'swap') {
      k.branch(
        'find_pmd_or_thp_or_none',
        'MADV-C7',
        `${A(h)}: no PMD table or a non-present PMD: SCAN_PMD_NULL`,
      );
      return { scan: 'SCAN_PMD_NULL' };
    }
    if (w.entry === undefined) {
      k.branch('find_pmd_or_thp_or_none', 'MADV-C8', `${A(h)}: the PMD is none: SCAN_PMD_NONE`);
      return { scan: 'SCAN_PMD_NONE' };
    }
    if (w.entry.kind === 'leaf') {
      k.branch('find_pmd_or_thp_or_none', 'MADV-C6', `${A(h)}: SCAN_PMD_MAPPED, a huge PMD already maps it`);
      return { scan: 'SCAN_PMD_MAPPED' };
    }
    const scan = checkPtes(k, mm, vma, h, fn);
    if ('fail' in scan) return scan.fail;
    k.branch(fn, 'MADV-S9', 'SCAN_SUCCEED: collapse_huge_page()');
    return collapseHugePage(k, mm, vma, h);
  });
}

/**
 * collapse_huge_page(): alloc_charge_folio() (a failure is SCAN_ALLOC_HUGE_PAGE_FAIL), pmdp_collapse_flush(),
 * __collapse_huge_page_isolate() (the scan's checks again, vm_normal_page() included), the copy, then the
 * old PTE table deposited under the new huge PMD (pgtable_trans_huge_deposit(): not freed, so nr_ptes does
 * not change) and set_pmd_at() of mk_huge_pmd() made dirty and, in a VM_WRITE VMA, writable.
 */
function collapseHugePage(k: Kernel, mm: Mm, vma: Vma, h: Vpn): CollapseOutcome {
  const fn = 'collapse_huge_page';
  return k.call(fn, A(h), (): CollapseOutcome => {
    const p = k.cfg.thpAllocSucceeds ? k.mem.allocPfn(9) : undefined;
    if (p === undefined) {
      k.branch('alloc_charge_folio', 'MADV-K1', 'no PMD-order folio: SCAN_ALLOC_HUGE_PAGE_FAIL');
      return { scan: 'SCAN_ALLOC_HUGE_PAGE_FAIL' };
    }
    let thp = k.addFolio(
      {
        pfn: p,
        order: 9,
        kind: 'anon',
        refcount: 1,
        mapcount: 0,
        anonExclusive: false,
        content: 'zeroes',
        owner: mm.name,
      },
      'alloc_charge_folio',
    );
    const iso = k.call('__collapse_huge_page_isolate', A(h), () =>
      checkPtes(k, mm, vma, h, '__collapse_huge_page_isolate'),
    );
    if ('fail' in iso) {
      // Cannot differ from the scan in ptlab (nothing runs in between); the kernel restores the PMD and puts
      // the new folio.
      folioPut(k, thp, 1, 'folio_put');
      return iso.fail;
    }
    // __collapse_huge_page_copy(): none/zero PTEs become zero-filled subpages, others are copied.
    const pageContent: Record<number, string> = {};
    for (const [i, s] of iso.slots.entries()) {
      if (s.noneOrZero || !s.folio || !s.e) continue;
      const src = s.folio.pageContent?.[s.e.pfn - s.folio.pfn] ?? s.folio.content;
      if (src !== 'zeroes') pageContent[i] = src;
    }
    thp = k.updateFolio(thp, { pageContent }, '__collapse_huge_page_copy');
    // __collapse_huge_page_copy_succeeded(): a none/zero PTE adds 1 to MM_ANONPAGES (a zero PTE is cleared);
    // a page's PTE is cleared, its rmap removed and its reference put (free_page_and_swap_cache()). The old
    // pages are not subtracted from MM_ANONPAGES: the THP takes their place in the count.
    let added = 0;
    k.call('__collapse_huge_page_copy_succeeded', A(h), () => {
      for (const s of iso.slots) {
        if (s.noneOrZero) {
          added++;
          if (s.e) k.setEntry(mm, s.v, 'pte', undefined, 'ptep_clear');
          continue;
        }
        if (!s.folio) continue;
        k.setEntry(mm, s.v, 'pte', undefined, 'ptep_clear');
        const f = rmapRemove(k, k.mem.folioAt(s.folio.pfn) ?? s.folio, 'folio_remove_rmap_pte').folio;
        folioPut(k, f, 1, 'free_page_and_swap_cache');
      }
      k.counter(mm, 'anon', added, '__collapse_huge_page_copy_succeeded');
    });
    // The PTE table was unlinked by pmdp_collapse_flush() before the isolation; ptlab clears its PTEs through
    // the still linked table above and unlinks it here: the resulting tables are the same.
    k.setTableEntry(mm, h, 'pmd', undefined, 'pmdp_collapse_flush');
    rmapAdd(k, thp, 'folio_add_new_anon_rmap', true);
    k.setEntry(
      mm,
      h,
      'pmd',
      leaf(p, { write: (vma.flags & VM.WRITE) !== 0, dirty: true, young: true, deposit: true }),
      'set_pmd_at',
    );
    k.branch(
      fn,
      'MADV-K2',
      `collapsed into the THP at pfn ${hex(p)}: ${512 - added} pages copied and freed, ${added} zero-filled; the PTE table deposited`,
    );
    return { scan: 'SCAN_SUCCEED' };
  });
}
