/** MADV_COLLAPSE of PTE-mapped private anonymous memory (§3.20, mm/khugepaged.c, is_khugepaged false). */
import { describe, expect, it } from 'vitest';
import type { Kernel } from '../kernel';
import { VARIANT_IDS, type VariantId } from '../variants';
import {
  at,
  branchIds,
  calls,
  entry,
  inject,
  LAYOUT,
  leafAt,
  leafSpec,
  madvise,
  mmap,
  mprotect,
  pin,
  proc,
  RO,
  RW,
  run,
  T0,
  unpin,
  world,
  writeOp,
} from './testkit';

/** A 2 MiB anon VMA at T0 with pages written at the given offsets (content `p<offset>`). */
function written(v: VariantId, offs: number[], preset: 'x86-64' | 'no-pte-special' = 'x86-64', cfg = {}) {
  const k = world(v, preset, undefined, cfg);
  mmap(k, T0, 512, RW, { type: 'anon' });
  for (const o of offs) run(k, writeOp(T0 + o, `p${o}`));
  return k;
}

const pfnAt = (k: Kernel, o: number) => leafAt(proc(k), T0 + o).pfn;

describe('MADV_COLLAPSE of PTE-mapped anon memory', () => {
  it.each(VARIANT_IDS)(
    '%s: pages copied into a new THP, none PTEs zero-filled, the PTE table deposited',
    (v) => {
      const k = written(v, [0, 5]);
      const old = [pfnAt(k, 0), pfnAt(k, 5)];
      const mm = proc(k);
      const pgtables = mm.counters.pgtables;
      expect(mm.counters.anon).toBe(2);
      k.trace.take();
      expect(madvise(k, T0, 512, 'collapse').result).toBe('0');
      const ev = k.trace.take();
      // vm_normal_page() on each present PTE, in the scan and again in __collapse_huge_page_isolate().
      expect(calls(ev, 'vm_normal_page')).toHaveLength(4);
      expect(branchIds(ev)).toEqual(expect.arrayContaining(['MADV-S1', 'MADV-S9', 'MADV-K2']));
      const pmd = leafAt(mm, T0, 'pmd');
      expect(pmd).toMatchObject({ write: true, dirty: true, deposit: true });
      const thp = k.mem.folioAt(pmd.pfn);
      expect(thp).toMatchObject({ order: 9, kind: 'anon', refcount: 1, mapcount: 1, anonExclusive: true });
      expect(thp?.pageContent).toEqual({ 0: 'p0', 5: 'p5' });
      // The old pages are freed; MM_ANONPAGES gains one per zero-filled subpage; the table is deposited, not freed.
      for (const p of old) expect(k.mem.folioAt(p)).toBeUndefined();
      expect(mm.counters.anon).toBe(512);
      expect(mm.counters.pgtables).toBe(pgtables);
    },
  );

  it.each([
    ['x86-64', true],
    ['no-pte-special', false],
  ] as const)(
    '%s: a zero-page PTE (special: %s) counts as none; vm_normal_page() is not asked',
    (preset, sp) => {
      const k = written('v6.18', [1], preset);
      run(k, { op: 'read', proc: 'A', addr: at(T0) });
      expect(leafAt(proc(k), T0)).toMatchObject({ pfn: LAYOUT.zeroPfn, special: sp });
      k.trace.take();
      expect(madvise(k, T0, 512, 'collapse').result).toBe('0');
      expect(calls(k.trace.take(), 'vm_normal_page')).toHaveLength(2);
      expect(proc(k).counters.anon).toBe(512);
    },
  );

  it.each(VARIANT_IDS)(
    '%s: a special PTE of another pfn: vm_normal_page() NULL, SCAN_PAGE_NULL, -EINVAL',
    (v) => {
      const k = written(v, [0]);
      inject(k, T0 + 2, 'pte', leafSpec(0x3000, { special: true, write: true }));
      k.trace.take();
      expect(madvise(k, T0, 512, 'collapse').result).toBe('-EINVAL');
      expect(branchIds(k.trace.take())).toContain('MADV-S3');
      expect(entry(proc(k), T0, 'pmd')?.kind).toBe('table');
    },
  );

  it('without pte_special the same PTE is normal: the slab page is not anon, SCAN_PAGE_ANON, -EINVAL', () => {
    const k = written('v6.18', [0], 'no-pte-special');
    inject(k, T0 + 2, 'pte', leafSpec(0x3000, { special: true, write: true }));
    k.trace.take();
    expect(madvise(k, T0, 512, 'collapse').result).toBe('-EINVAL');
    const ids = branchIds(k.trace.take());
    expect(ids).toContain('MADV-S4');
    expect(ids).not.toContain('MADV-S3');
  });

  it('a GUP-pinned page fails is_refcount_suitable(): SCAN_PAGE_COUNT, -EAGAIN; unpinned it collapses', () => {
    const k = written('v6.18', [0]);
    pin(k, T0, 1, { write: true });
    k.trace.take();
    expect(madvise(k, T0, 512, 'collapse').result).toBe('-EAGAIN');
    expect(branchIds(k.trace.take())).toContain('MADV-S6');
    expect(entry(proc(k), T0, 'pmd')?.kind).toBe('table');
    unpin(k, T0);
    expect(madvise(k, T0, 512, 'collapse').result).toBe('0');
  });

  it('no writable PTE: SCAN_PAGE_RO, -EINVAL (zero pages only, or pages made read-only)', () => {
    const k = world('v6.18');
    mmap(k, T0, 512, RW, { type: 'anon' });
    run(k, { op: 'read', proc: 'A', addr: at(T0) });
    expect(madvise(k, T0, 512, 'collapse').result).toBe('-EINVAL');
    const k2 = written('v6.18', [0]);
    mprotect(k2, T0, 512, RO);
    k2.trace.take();
    expect(madvise(k2, T0, 512, 'collapse').result).toBe('-EINVAL');
    expect(branchIds(k2.trace.take())).toContain('MADV-S7');
  });

  it('no THP to allocate: SCAN_ALLOC_HUGE_PAGE_FAIL, -ENOMEM, the PTEs stay', () => {
    const k = written('v6.18', [0], 'x86-64', { thpAllocSucceeds: false });
    const p = pfnAt(k, 0);
    k.trace.take();
    expect(madvise(k, T0, 512, 'collapse').result).toBe('-ENOMEM');
    expect(branchIds(k.trace.take())).toContain('MADV-K1');
    expect(pfnAt(k, 0)).toBe(p);
  });

  it('a none PMD after a collapsed one: SCAN_PMD_NONE ends the loop, -EINVAL', () => {
    const k = world('v6.18');
    mmap(k, T0, 1024, RW, { type: 'anon' });
    run(k, writeOp(T0));
    k.trace.take();
    expect(madvise(k, T0, 1024, 'collapse').result).toBe('-EINVAL');
    expect(branchIds(k.trace.take())).toEqual(expect.arrayContaining(['MADV-K2', 'MADV-C8', 'MADV-C9']));
    expect(entry(proc(k), T0, 'pmd')?.kind).toBe('leaf');
  });

  it('a page shared with a child after fork is copied; the child keeps it (no max_ptes_shared)', () => {
    const k = written('v6.18', [0]);
    const p = pfnAt(k, 0);
    run(k, { op: 'fork', proc: 'A', child: 'B' });
    // fork() write-protected A's PTE: alone it would be SCAN_PAGE_RO; a new page gives a writable PTE.
    expect(madvise(k, T0, 512, 'collapse').result).toBe('-EINVAL');
    run(k, writeOp(T0 + 1));
    k.trace.take();
    expect(madvise(k, T0, 512, 'collapse').result).toBe('0');
    expect(branchIds(k.trace.take())).toContain('MADV-S5');
    expect(k.mem.folioAt(p)).toMatchObject({ refcount: 1, mapcount: 1 });
    expect(leafAt(proc(k, 'B'), T0).pfn).toBe(p);
  });

  it('a swap PTE would be swapped in first: not modelled', () => {
    const k = written('v6.18', [0]);
    inject(k, T0 + 3, 'pte', { type: 'swap', offset: 0x40, write: false });
    expect(madvise(k, T0, 512, 'collapse').result).toBe('not modelled');
  });

  it('Kernel.checkpoint() undoes a collapse', () => {
    const k = written('v6.18', [0]);
    const p = pfnAt(k, 0);
    const undo = k.checkpoint();
    expect(madvise(k, T0, 512, 'collapse').result).toBe('0');
    undo();
    expect(pfnAt(k, 0)).toBe(p);
    expect(proc(k).counters.anon).toBe(1);
    expect(k.mem.folioAt(p)).toMatchObject({ refcount: 1, mapcount: 1 });
  });
});
