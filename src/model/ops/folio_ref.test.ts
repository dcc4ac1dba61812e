/**
 * folio_put() of the last reference of a page still mapped: free_pages_prepare() (mm/page_alloc.c) checks
 * the page only while check_pages_enabled is on, DEFINE_STATIC_KEY_MAYBE(CONFIG_DEBUG_VM, ...): "BUG: Bad
 * page state" (nonzero mapcount) with DEBUG_VM, the page freed unchecked without it.
 */
import { describe, expect, it } from 'vitest';
import { folioPut } from './folio_ref';
import { reports, world } from './testkit';

describe('folio_put() of a still-mapped page', () => {
  for (const debugVm of [true, false]) {
    it(`${debugVm ? 'with' : 'without'} DEBUG_VM: ${debugVm ? 'Bad page state, and the page is not freed' : 'freed unchecked'}`, () => {
      const k = world('v6.18', 'x86-64', undefined, { debugVm });
      const f = k.mem.folioAt(0x2000 as never);
      if (!f) throw new Error('no folio at 0x2000');
      k.updateFolio(f, { mapcount: 1 }, 'test');
      k.trace.take();
      folioPut(k, k.mem.folioAt(0x2000 as never) ?? f, 1, 'test');
      const ev = k.trace.take();
      expect(reports(ev, 'bad_page_state')).toHaveLength(debugVm ? 1 : 0);
      // With the check, bad_page() leaves the page out of the allocator (free_pages_prepare() returns false).
      if (debugVm) expect(k.mem.folioAt(0x2000 as never)?.owner).toBe('leaked by bad_page()');
      else expect(k.mem.folioAt(0x2000 as never)).toBeUndefined();
    });
  }
});
