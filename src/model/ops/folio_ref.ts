/** Reference and mapcount changes on folios, with the kernel's complaints when they go wrong. */
import type { Kernel } from '../kernel';
import type { Mm } from '../mm';
import type { Folio } from '../physmem';
import { hex } from '../units';

/** folio_get()/folio_ref_add(). */
export function folioGet(k: Kernel, f: Folio, n: number, fn: string): Folio {
  return k.updateFolio(f, { refcount: f.refcount + n }, fn);
}

/**
 * folio_put()/folio_put_refs(). Dropping the last reference frees the folio; free_pages_prepare() finds a
 * nonzero mapcount to be a bad page. Putting a folio whose refcount is already 0 is VM_BUG_ON_FOLIO()
 * with DEBUG_VM (include/linux/mm.h folio_put_testzero()) and an unnoticed underflow without it.
 */
export function folioPut(k: Kernel, f0: Folio, n: number, fn: string, batched = false): void {
  let f = k.mem.folioAt(f0.pfn) ?? f0;
  if (f.kind === 'zero' || f.kind === 'huge_zero') return; // never refcounted per mapping
  if (f.refcount - n < 0) {
    // folio_put() has VM_BUG_ON_FOLIO(folio_ref_count(folio) == 0); the mmu_gather batch frees through
    // folios_put_refs() -> folio_ref_sub_and_test(), which has no such check.
    if (k.cfg.debugVm && !batched) {
      k.bug('include/linux/mm.h:folio_put_testzero', 'VM_BUG_ON_FOLIO(folio_ref_count(folio) == 0)', [
        `page: refcount:0 mapcount:${f.mapcount} mapping:0000000000000000 index:0x0 pfn:${hex(f.pfn)}`,
        'page dumped because: VM_BUG_ON_FOLIO(folio_ref_count(folio) == 0)',
        'kernel BUG at include/linux/mm.h!',
        'Oops: invalid opcode: 0000 [#1] SMP NOPTI',
      ]);
    }
    k.updateFolio(f, { refcount: f.refcount - n }, fn);
    k.report('info', [
      `ptlab: the refcount of pfn ${hex(f.pfn)} underflows to ${f.refcount - n}; nothing checks it here`,
    ]);
    return;
  }
  f = k.updateFolio(f, { refcount: f.refcount - n }, fn);
  if (f.refcount === 0) {
    // free_pages_prepare() (mm/page_alloc.c) checks the page only when check_pages_enabled is on:
    // DEFINE_STATIC_KEY_MAYBE(CONFIG_DEBUG_VM, ...), so by default with DEBUG_VM (the options that also
    // turn it on, debug_pagealloc, page poisoning and init_on_free, are not modelled). Without it the page
    // goes back to the allocator with its mapcount unchecked, as the shrinker's path does (shrink.ts).
    if (f.mapcount !== 0 && k.cfg.debugVm) {
      // bad_page() reports it, and free_pages_prepare() returns false: the page is not freed.
      k.badPageState(f, 'nonzero mapcount');
      k.updateFolio(f, { owner: 'leaked by bad_page()' }, fn);
      return;
    }
    k.freeFolio(f, fn);
  }
}

/** folio_add_*_rmap_*(): +1 mapping. Anon pages mapped by one process are exclusive. */
export function rmapAdd(k: Kernel, f: Folio, fn: string, exclusive?: boolean): Folio {
  const changes: Partial<Folio> = { mapcount: f.mapcount + 1 };
  if (exclusive !== undefined) (changes as { anonExclusive: boolean }).anonExclusive = exclusive;
  return k.updateFolio(f, changes, fn);
}

/**
 * folio_remove_rmap_*(): -1 mapping. A mapcount going negative is reported by the zap code as a bad page
 * map (zap_present_folio_ptes -> print_bad_pte with the page dumped).
 */
export function rmapRemove(k: Kernel, f: Folio, fn: string): { folio: Folio; underflow: boolean } {
  const next = k.updateFolio(
    f,
    { mapcount: f.mapcount - 1, ...(f.mapcount - 1 <= 0 ? { anonExclusive: false } : {}) },
    fn,
  );
  return { folio: next, underflow: next.mapcount < 0 };
}

/** The counter a folio is accounted in (mm_counter()). */
export function mmCounterOf(f: Folio): 'anon' | 'file' {
  return f.kind === 'anon' ? 'anon' : 'file';
}

export function addRss(k: Kernel, mm: Mm, f: Folio, n: number, fn: string): void {
  k.counter(mm, mmCounterOf(f), n, fn);
}
