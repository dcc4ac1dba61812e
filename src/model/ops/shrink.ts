/**
 * The huge zero folio's shrinker (mm/huge_memory.c): shrink_huge_zero_folio_count() and
 * shrink_huge_zero_folio_scan() (shrink_huge_zero_page_*() before v6.18), as reclaim's do_shrink_slab()
 * calls them under memory pressure or through drop_caches. kernel-semantics.md §3.19.
 */
import type { Kernel } from '../kernel';
import type { Folio } from '../physmem';
import type { Current } from '../printk';
import { HPAGE_PMD_NR, hex } from '../units';
import type { OpResult } from './types';

/** Reclaim under memory pressure runs the shrinkers in kswapd; its bad_page() reports name it. */
const KSWAPD: Current = { pid: 90, name: 'kswapd0' };

/** The `shrink` operation: one pass of the huge zero folio's shrinker. */
export function shrinkOp(k: Kernel): OpResult {
  const prev = k.current;
  k.current = undefined;
  try {
    return k.call('do_shrink_slab', 'huge_zero_folio_shrinker', () => {
      const count = k.hzName('shrink_count');
      const freeable = k.call(count, '', () => {
        // "we can free zero page only if last reference remains"
        if (k.hugeZeroRefcount === 1) {
          k.branch(count, 'HZ-S1b', 'huge_zero_refcount == 1: only the shrinker holds it, HPAGE_PMD_NR');
          return HPAGE_PMD_NR;
        }
        k.branch(
          count,
          'HZ-S1a',
          k.hugeZeroRefcount === 0
            ? 'huge_zero_refcount == 0: there is no huge zero folio'
            : `huge_zero_refcount == ${k.hugeZeroRefcount}: an mm holds it, 0`,
        );
        return 0;
      });
      if (freeable === 0) return { result: '0', detail: 'nothing to free' };
      return { result: String(shrinkScan(k)), detail: 'the huge zero folio was freed' };
    });
  } finally {
    k.current = prev;
  }
}

/**
 * shrink_huge_zero_folio_scan(): atomic_cmpxchg(&huge_zero_refcount, 1, 0), huge_zero_folio = NULL,
 * huge_zero_pfn = ~0UL, then folio_put() of the folio's own (allocation) reference. Returns HPAGE_PMD_NR.
 */
function shrinkScan(k: Kernel): number {
  const scan = k.hzName('shrink_scan');
  return k.call(scan, '', () => {
    const f = k.hugeZeroFolio();
    k.branch(scan, 'HZ-S2', 'atomic_cmpxchg(&huge_zero_refcount, 1, 0) == 1: huge_zero_pfn = ~0UL');
    k.setHugeZeroRefcount(0, scan);
    k.mem.hugeZeroHead = null;
    if (f) k.call('folio_put', hex(f.pfn), () => putLastRef(k, f));
    return HPAGE_PMD_NR;
  });
}

/**
 * folio_put() of the former huge zero folio. Its last reference frees it through free_pages_prepare()
 * (mm/page_alloc.c), whose checks run only with check_pages_enabled (CONFIG_DEBUG_VM, or init_on_alloc,
 * init_on_free, page poisoning; ptlab has debugVm): free_tail_page_prepare() finds a nonzero
 * folio_entire_mapcount() on the first tail page, bad_page() reports it and the pages are not freed.
 */
function putLastRef(k: Kernel, f0: Folio): void {
  const fn = 'folio_put';
  // No longer the huge zero folio: is_huge_zero_folio() compares with huge_zero_folio, now NULL.
  const f = k.updateFolio(f0, { refcount: f0.refcount - 1, kind: 'kernel' }, fn);
  if (f.refcount > 0) {
    k.branch(fn, 'put-ref-left', `refcount ${f.refcount} left: not freed (someone took a folio reference)`);
    return;
  }
  if (f.mapcount !== 0 && k.cfg.debugVm) {
    k.call('free_pages_prepare', `${hex(f.pfn)}, order ${f.order}`, () => {
      k.badPageState(
        f,
        'nonzero entire_mapcount',
        KSWAPD,
        [
          `ptlab: free_tail_page_prepare() checks the first tail page, pfn ${hex(f.pfn + 1)}: folio_entire_mapcount() is ${f.mapcount}; the pages are left out of the allocator`,
        ],
        f.pfn + 1,
      );
    });
    k.updateFolio(f, { owner: 'leaked by bad_page()' }, fn);
    return;
  }
  k.freeFolio(f, fn);
}
