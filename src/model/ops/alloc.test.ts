/**
 * A write's allocPfn: the pfn of the folio the fault allocates, honoured at every order the fault allocates
 * at (order 0 in do_anonymous_page(), do_cow_fault() and wp_page_copy(); the PMD order in
 * do_huge_pmd_anonymous_page() and do_huge_zero_wp_pmd()), or the step is undone and refused with the
 * reason: not aligned, not RAM, not free, or no folio allocated at all. kernel-semantics.md §3.5, §3.8.
 */
import { describe, expect, it } from 'vitest';
import type { Kernel } from '../kernel';
import type { VariantId } from '../variants';
import { A0, entry, leafAt, mmap, proc, RO, RW, run, T0, thpFault, world, writeOp } from './testkit';

const VARIANTS: VariantId[] = ['baseline', 'rfc-14', 'v6.18', 'fix-2026'];

/** What a refused step must leave as it was. */
function state(k: Kernel) {
  const s = k.snapshot();
  return { procs: s.procs.map((p) => ({ ...p, root: undefined })), folios: k.mem.all(), warned: s.warned };
}

function thpWorld(variant: VariantId) {
  const k = world(variant);
  mmap(k, T0, 512, RW, { type: 'anon' }, { hugepage: true });
  return k;
}

for (const variant of VARIANTS) {
  describe(`allocPfn is honoured at every order (${variant})`, () => {
    it('order 0: do_anonymous_page() maps the pfn asked for', () => {
      const k = world(variant);
      mmap(k, A0, 4, RW, { type: 'anon' });
      expect(run(k, writeOp(A0 + 1, 'x', 0x5001)).result).toBe('0');
      expect(leafAt(proc(k), A0 + 1)).toMatchObject({ pfn: 0x5001, write: true });
      expect(k.mem.folioAt(0x5001 as never)).toMatchObject({ kind: 'anon', order: 0, content: 'x' });
    });

    it('order 0: wp_page_copy() of a CoW /dev/mem page copies into the pfn asked for', () => {
      const k = world(variant);
      mmap(k, A0, 4, RW, { type: 'devmem', openMode: 'rdwr' }, { offsetBytes: 0x4000 * 4096 });
      expect(run(k, writeOp(A0 + 2, undefined, 0x5002)).result).toBe('0');
      expect(leafAt(proc(k), A0 + 2)).toMatchObject({ pfn: 0x5002, write: true, special: false });
    });

    it('PMD order: a THP write fault maps the 512 pages at the pfn asked for', () => {
      const k = thpWorld(variant);
      expect(thpFault(k, T0 + 3, true, 'big', 0x6000).result).toBe('0');
      expect(leafAt(proc(k), T0, 'pmd')).toMatchObject({ pfn: 0x6000, write: true });
      expect(k.mem.folioAt(0x6000 as never)).toMatchObject({ kind: 'anon', order: 9 });
    });

    it('PMD order: do_huge_zero_wp_pmd() replaces the huge zero PMD by the THP asked for', () => {
      const k = thpWorld(variant);
      thpFault(k, T0, false);
      expect(run(k, writeOp(T0 + 1, undefined, 0x6200)).result).toBe('0');
      expect(leafAt(proc(k), T0, 'pmd')).toMatchObject({ pfn: 0x6200, write: true });
    });
  });

  describe(`allocPfn the allocator cannot hand out: refused, nothing runs (${variant})`, () => {
    const refused = (k: Kernel, op: ReturnType<typeof writeOp>, why: RegExp) => {
      k.trace.take();
      const before = state(k);
      const r = run(k, op);
      expect(r.result).toBe('refused');
      expect(r.detail).toMatch(why);
      expect(state(k)).toEqual(before);
      const ev = k.trace.take();
      expect(ev).toEqual([expect.objectContaining({ t: 'report', kind: 'info' })]);
    };

    it('not aligned for the PMD order of a THP fault', () => {
      const k = thpWorld(variant);
      refused(k, writeOp(T0, undefined, 0x6001), /0x6001 is not aligned for an order-9 folio/);
      expect(entry(proc(k), T0, 'pmd')).toBeUndefined();
    });

    it('not RAM: device memory, or above highest_memmap_pfn', () => {
      const k = world(variant);
      mmap(k, A0, 4, RW, { type: 'anon' });
      refused(k, writeOp(A0, undefined, 0xfe000), /0xfe000 is not RAM with a memmap \(device memory/);
    });

    it('not free: the zero page, a folio in use, a THP range with a page in use', () => {
      const k = world(variant);
      mmap(k, A0, 4, RW, { type: 'anon' });
      refused(k, writeOp(A0, undefined, 0x42), /shared zero page/);
      refused(k, writeOp(A0, undefined, 0x2000), /in use \(file folio 0x2000, order 0\)/);
      const t = thpWorld(variant);
      // 0x3000 is a slab page of the world: the order-9 block at 0x3000 is not free.
      refused(t, writeOp(T0, undefined, 0x3000), /0x3000 is in use \(slab folio/);
    });

    it('a write that allocates nothing: writable already, or no VMA', () => {
      const k = world(variant);
      mmap(k, A0, 4, RW, { type: 'anon' });
      run(k, writeOp(A0));
      refused(k, writeOp(A0, undefined, 0x5000), /this write allocates no folio \(0: .*no fault/);
      refused(k, writeOp(A0 + 100, undefined, 0x5000), /allocates no folio \(SIGSEGV/);
      mmap(k, A0 + 8, 1, RO, { type: 'anon' });
      refused(
        k,
        writeOp(A0 + 8, undefined, 0x5000),
        /allocates no folio \(SIGSEGV: the VMA does not allow writing/,
      );
    });
  });
}
