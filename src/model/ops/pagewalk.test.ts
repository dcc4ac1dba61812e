/** folio_walk_start() at every level (S-63). */

import { describe, expect, it } from 'vitest';
import type { ArchPresetId } from '../config';
import type { VariantId } from '../variants';
import { VM } from '../vma';
import {
  A0,
  at,
  G0,
  inject,
  leafAt,
  leafSpec,
  mmap,
  proc,
  RO,
  RW,
  reports,
  run,
  sites,
  T0,
  thpFault,
  walk,
  world,
} from './testkit';

// ---- folio_walk_start -----------------------------------------------------------------------------------

describe('S-63: folio_walk_start on the huge zero PMD', () => {
  const cases: { variant: VariantId; preset: ArchPresetId; plain: string }[] = [
    { variant: 'baseline', preset: 'x86-64', plain: 'not found' },
    { variant: 'v6.17', preset: 'x86-32-thp', plain: 'not found' },
    { variant: 'rfc-14', preset: 'x86-64', plain: 'not found' },
    // §2.7 "PMD huge zero with special bit missing": RFC 10-14 with Y give PAGE + W as v6.18 does.
    { variant: 'rfc-14', preset: 'x86-32-thp', plain: 'found 0x200 (huge_zero, pmd)' },
    { variant: 'v6.18', preset: 'x86-64', plain: 'not found' },
    { variant: 'v6.18', preset: 'x86-32-thp', plain: 'found 0x200 (huge_zero, pmd)' },
    { variant: 'fix-2026', preset: 'x86-32-thp', plain: 'not found' },
  ];
  for (const c of cases) {
    it(`${c.variant} ${c.preset}: ${c.plain} without FW_ZEROPAGE, the zero page with it`, () => {
      const k = world(c.variant, c.preset);
      mmap(k, T0, 512, RO, { type: 'anon' }, { hugepage: true });
      thpFault(k, T0 + 5, false);
      expect(walk(k, T0 + 5).result).toBe(c.plain);
      const z = walk(k, T0 + 5, true);
      expect(z.result).toBe(c.plain === 'not found' ? 'found 0x200 (zeropage, pmd)' : c.plain);
      if (c.plain === 'not found') expect(z.detail).toContain('fw->page = NULL');
      else expect(z.detail).toContain('fw->page = 0x205');
    });
  }
});

describe('folio_walk_start: PTE and PMD levels', () => {
  it('a normal anon PTE is found with its page; the zero PTE only with FW_ZEROPAGE', () => {
    const k = world('v6.18');
    mmap(k, A0, 2, RW, { type: 'anon' });
    run(k, { op: 'write', proc: 'A', addr: at(A0) });
    run(k, { op: 'read', proc: 'A', addr: at(A0 + 1) });
    const p = leafAt(proc(k), A0).pfn;
    expect(walk(k, A0).result).toBe(`found 0x${p.toString(16)} (anon, pte)`);
    expect(walk(k, A0 + 1).result).toBe('not found');
    expect(walk(k, A0 + 1, true).result).toBe('found 0x42 (zeropage, pte)');
  });

  it('a PTE of a THP subpage returns the folio head; none, and no VMA', () => {
    const k = world('baseline');
    mmap(k, A0, 4, RW, { type: 'anon' });
    inject(k, A0 + 2, 'pte', leafSpec(0x1401, { write: true }));
    const r = walk(k, A0 + 2);
    expect(r.result).toBe('found 0x1400 (anon, pte)');
    expect(r.detail).toContain('fw->page = 0x1401');
    expect(walk(k, A0 + 3).result).toBe('not found');
    expect(walk(k, 0x30000).result).toBe('EFAULT');
  });

  it('migration entries are found only with FW_MIGRATION (PTE and PMD)', () => {
    const k = world('v6.18');
    mmap(k, A0, 512, RW, { type: 'anon' });
    mmap(k, T0, 512, RW, { type: 'anon' });
    inject(k, A0, 'pte', { type: 'migration', offset: 0x2000, write: false });
    inject(k, T0, 'pmd', { type: 'migration', offset: 0x1400, write: false });
    expect(walk(k, A0).result).toBe('not found');
    expect(walk(k, A0, false, true).result).toBe('found 0x2000 (migration, pte)');
    expect(walk(k, T0 + 7).result).toBe('not found');
    expect(walk(k, T0 + 7, false, true).result).toBe('found 0x1400 (migration, pmd)');
    inject(k, A0 + 1, 'pte', { type: 'swap', offset: 0x9, write: false });
    expect(walk(k, A0 + 1, true, true).result).toBe('not found');
  });

  it('an anon THP PMD is found through vm_normal_page_pmd()', () => {
    const k = world('rfc-12');
    mmap(k, T0, 512, RW, { type: 'anon' });
    inject(k, T0, 'pmd', leafSpec(0x1400, { write: true }));
    const r = walk(k, T0 + 9);
    expect(r.result).toBe('found 0x1400 (anon, pmd)');
    expect(r.detail).toContain('fw->page = 0x1409');
    // RFC 12: vm_normal_page_pmd() without addr
    expect(
      k.trace.take().some((e) => e.t === 'call' && e.fn === 'vm_normal_page_pmd' && e.args === 'vma, pmd'),
    ).toBe(true);
  });
});

describe('folio_walk_start: PUD level before and after RFC 13', () => {
  const pfnmapFlags =
    VM.READ | VM.WRITE | VM.MAYREAD | VM.MAYWRITE | VM.SHARED | VM.MAYSHARE | VM.PFNMAP | VM.IO;

  it('a special PUD in a PFNMAP: not found in every variant', () => {
    for (const variant of ['baseline', 'rfc-12', 'rfc-13', 'v6.18'] as VariantId[]) {
      const k = world(variant);
      mmap(k, G0, 0x40000, RW, { type: 'raw-flags', flags: pfnmapFlags, pgoff: 0xc0000 });
      inject(k, G0, 'pud', leafSpec(0xc0000, { special: true, write: true }));
      expect(walk(k, G0 + 1).result, variant).toBe('not found');
    }
  });

  it('no pte_special: a linear PUD of a pfn without memmap is "found" via pud_page() before RFC 13, not after', () => {
    const before = world('rfc-12', 'no-pte-special');
    mmap(before, G0, 0x40000, RW, { type: 'raw-flags', flags: pfnmapFlags, pgoff: 0xc0000 });
    inject(before, G0, 'pud', leafSpec(0xc0000, { special: true }));
    const r = walk(before, G0 + 3);
    expect(r.result).toBe('found 0xc0000 (no struct page, pud)');
    expect(r.detail).toContain('bogus struct page');
    for (const variant of ['rfc-13', 'v6.18'] as VariantId[]) {
      const k = world(variant, 'no-pte-special');
      mmap(k, G0, 0x40000, RW, { type: 'raw-flags', flags: pfnmapFlags, pgoff: 0xc0000 });
      inject(k, G0, 'pud', leafSpec(0xc0000, { special: true }));
      expect(walk(k, G0 + 3).result, variant).toBe('not found');
      // RFC 13 has RFC 11's rule (R-F1: not CoW). v6.18 tests linearity at the address walked, where the
      // head pfn is not linear (kernel-semantics.md §1), then finds the VMA not CoW (M-N2b).
      const id = variant === 'rfc-13' ? 'R-F1' : 'M-N2b';
      expect(k.trace.take().some((e) => e.t === 'branch' && e.id === id)).toBe(true);
    }
  });

  it('a special PUD outside PFNMAP/MIXEDMAP: silent before RFC 13, VM_WARN in RFC 13, "Bad page map" in v6.18', () => {
    const expectations: [VariantId, string | undefined, boolean][] = [
      ['baseline', undefined, false],
      ['rfc-13', 'mm/memory.c:vm_normal_page_pud:unexpected special', false],
      ['v6.18', undefined, true],
    ];
    for (const [variant, warnSite, bad] of expectations) {
      const k = world(variant);
      mmap(k, G0, 0x40000, RW, { type: 'anon' });
      inject(k, G0, 'pud', leafSpec(0x40000, { special: true }));
      k.trace.take();
      expect(walk(k, G0).result, variant).toBe('not found');
      const ev = k.trace.take();
      expect(sites(ev, 'vm_warn'), variant).toEqual(warnSite ? [warnSite] : []);
      expect(reports(ev, 'bad_page_map').length > 0, variant).toBe(bad);
    }
  });

  it('a non-special PUD of RAM is found in both', () => {
    for (const variant of ['baseline', 'v6.18'] as VariantId[]) {
      const k = world(variant);
      mmap(k, G0, 0x40000, RW, { type: 'raw-flags', flags: pfnmapFlags | VM.MIXEDMAP, pgoff: 0 });
      inject(k, G0, 'pud', leafSpec(0x40000));
      const r = walk(k, G0 + 2);
      expect(r.result, variant).toBe('found 0x40000 (free, pud)');
      expect(r.detail).toContain('fw->page = 0x40002');
    }
  });
});
