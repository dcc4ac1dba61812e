import { describe, expect, it } from 'vitest';
import { asPfn } from '../units';
import type { VariantId } from '../variants';
import { VM } from '../vma';
import {
  A0,
  at,
  calls,
  entry,
  G0,
  inject,
  leafAt,
  leafSpec,
  mmap,
  proc,
  query,
  RO,
  RW,
  reports,
  run,
  sites,
  T0,
  world,
} from './testkit';

// ---- inject ---------------------------------------------------------------------------------------------

describe('injectOp', () => {
  it('writes a raw PTE, allocating (and counting) the tables, without any other counter', () => {
    const k = world('v6.18');
    const f = k.mem.folioAt(asPfn(0x2000));
    const r = inject(k, A0 + 1, 'pte', leafSpec(0x2000, { write: true, dirty: true }));
    expect(r.result).toBe('0');
    expect(r.detail).toContain('no VMA');
    const a = proc(k);
    expect(leafAt(a, A0 + 1)).toEqual({
      kind: 'leaf',
      pfn: 0x2000,
      write: true,
      dirty: true,
      young: true,
      special: false,
    });
    expect(a.counters).toEqual({ anon: 0, file: 0, pgtables: 3 });
    expect(k.mem.folioAt(asPfn(0x2000))).toEqual(f);
  });

  it('stores the special bit raw even where the accessor cannot see it', () => {
    const k = world('baseline', 'no-pte-special');
    mmap(k, A0, 1, RW, { type: 'anon' });
    inject(k, A0, 'pte', leafSpec(0x42, { special: true }));
    expect(leafAt(proc(k), A0).special).toBe(true);
    const q = query(k, A0, 'vm_normal_page');
    expect(q).toMatchObject({ result: 'NULL' });
    expect(q.detail?.startsWith('B-N3:')).toBe(true);
  });

  it('replaces a PTE table by a PMD leaf (freeing it), refuses a PTE under a PMD leaf, clears with none', () => {
    const k = world('v6.18');
    mmap(k, T0, 512, RW, { type: 'anon' });
    inject(k, T0 + 1, 'pte', leafSpec(0x2000));
    const a = proc(k);
    expect(a.counters.pgtables).toBe(3);
    expect(inject(k, T0 + 7, 'pmd', leafSpec(0x1400, { write: true })).result).toBe('0');
    expect(a.counters.pgtables).toBe(2);
    expect(leafAt(a, T0 + 300, 'pmd').pfn).toBe(0x1400);
    const r = inject(k, T0 + 1, 'pte', leafSpec(0x2000));
    expect(r.result).toBe('-EEXIST');
    expect(r.detail).toContain('pmd leaf');
    expect(inject(k, T0, 'pmd', { type: 'none' }).result).toBe('0');
    expect(entry(a, T0, 'pmd')).toBeUndefined();
    expect(inject(k, T0 + 1, 'pte', leafSpec(0x2000)).result).toBe('0');
    expect(a.counters.pgtables).toBe(3);
    expect(inject(k, T0 + 1, 'pte', { type: 'none' }).result).toBe('0');
    expect(entry(a, T0 + 1)).toBeUndefined();
    expect(inject(k, 0x7000000, 'pte', { type: 'none' }).detail).toContain('already none');
  });

  it('writes swap, migration and marker entries', () => {
    const k = world('v6.18');
    mmap(k, A0, 4, RW, { type: 'anon' });
    for (const [i, type] of (['swap', 'migration', 'marker'] as const).entries()) {
      inject(k, A0 + i, 'pte', { type, offset: 0x100 + i, write: i === 1 });
      expect(entry(proc(k), A0 + i)).toEqual({ kind: 'swap', type, offset: 0x100 + i, write: i === 1 });
    }
    expect(query(k, A0 + 1, 'vm_normal_page').result).toBe(`no pte leaf at 0x${(A0 + 1).toString(16)}000`);
  });
});

// ---- query ----------------------------------------------------------------------------------------------

describe('queryOp', () => {
  it('EFAULT without a VMA; "no leaf" messages; ENOSYS for vm_normal_page_pud before RFC 13', () => {
    const k = world('baseline');
    expect(query(k, A0, 'vm_normal_page').result).toBe('EFAULT');
    mmap(k, A0, 4, RW, { type: 'anon' });
    expect(query(k, A0, 'vm_normal_page')).toMatchObject({
      result: 'no pte leaf at 0x10000000',
      detail: 'no page tables there',
    });
    expect(query(k, A0, 'vm_normal_page_pmd').result).toBe('no pmd leaf at 0x10000000');
    const pud = query(k, A0, 'vm_normal_page_pud');
    expect(pud.result).toBe('ENOSYS');
    expect(pud.detail).toContain('does not exist');
    const k13 = world('rfc-13');
    mmap(k13, A0, 4, RW, { type: 'anon' });
    expect(query(k13, A0, 'vm_normal_page_pud').result).toBe('no pud leaf at 0x10000000');
  });

  it('a special zero PTE: NULL in every variant, by its own branch', () => {
    const ids: [VariantId, string][] = [
      ['baseline', 'B-P4'],
      ['rfc-10', 'R-P1c'],
      ['v6.18', 'M-S1c'],
    ];
    for (const [variant, id] of ids) {
      const k = world(variant);
      mmap(k, A0, 1, RW, { type: 'anon' });
      run(k, { op: 'read', proc: 'A', addr: at(A0) });
      const q = query(k, A0, 'vm_normal_page');
      expect(q.result, variant).toBe('NULL');
      expect(q.detail?.startsWith(`${id}:`), variant).toBe(true);
    }
  });

  it('a non-special zero-pfn PTE: the zero page with a VM_WARN (Y), NULL (N)', () => {
    const y = world('baseline');
    mmap(y, A0, 1, RW, { type: 'anon' });
    inject(y, A0, 'pte', leafSpec(0x42));
    y.trace.take();
    expect(query(y, A0, 'vm_normal_page').result).toBe('page 0x42');
    expect(sites(y.trace.take(), 'vm_warn')).toEqual(['mm/memory.c:vm_normal_page:is_zero_pfn']);
    const n = world('baseline', 'no-pte-special');
    mmap(n, A0, 1, RW, { type: 'anon' });
    inject(n, A0, 'pte', leafSpec(0x42));
    expect(query(n, A0, 'vm_normal_page').result).toBe('NULL');
  });

  it('a special huge-zero subpage PTE: "Bad page map" before v6.18, NULL (M-S1c) in v6.18', () => {
    const base = world('baseline');
    mmap(base, A0, 1, RW, { type: 'anon' });
    inject(base, A0, 'pte', leafSpec(0x201, { special: true }));
    base.trace.take();
    expect(query(base, A0, 'vm_normal_page').detail?.startsWith('B-P5:')).toBe(true);
    expect(reports(base.trace.take(), 'bad_page_map')).toHaveLength(1);
    const m = world('v6.18');
    mmap(m, A0, 1, RW, { type: 'anon' });
    inject(m, A0, 'pte', leafSpec(0x201, { special: true }));
    expect(query(m, A0, 'vm_normal_page')).toMatchObject({ result: 'NULL' });
    expect(reports(m.trace.take(), 'bad_page_map')).toHaveLength(0);
  });

  it('a non-special PMD beyond the memmap: silent NULL (baseline), page + W (RFC 10), "Bad page map" (v6.18)', () => {
    const expectations: [VariantId, string, boolean][] = [
      ['baseline', 'NULL', false],
      ['rfc-10', 'page 0x100000', false],
      ['v6.18', 'NULL', true],
    ];
    for (const [variant, result, bad] of expectations) {
      const k = world(variant);
      mmap(k, T0, 512, RW, { type: 'anon' });
      inject(k, T0, 'pmd', leafSpec(0x100000));
      k.trace.take();
      expect(query(k, T0 + 1, 'vm_normal_page_pmd').result, variant).toBe(result);
      const ev = k.trace.take();
      expect(reports(ev, 'bad_page_map').length > 0, variant).toBe(bad);
      if (variant === 'rfc-10')
        expect(sites(ev, 'vm_warn')).toEqual(['mm/memory.c:vm_normal_page_pfn:!pfn_valid']);
    }
  });

  it('folio variants return the folio head', () => {
    const k = world('v6.18');
    mmap(k, A0, 1, RW, { type: 'anon' });
    mmap(k, T0, 512, RW, { type: 'anon' });
    inject(k, A0, 'pte', leafSpec(0x1401));
    inject(k, T0, 'pmd', leafSpec(0x1400));
    expect(query(k, A0, 'vm_normal_page').result).toBe('page 0x1401');
    expect(query(k, A0, 'vm_normal_folio').result).toBe('folio 0x1400');
    expect(query(k, T0 + 3, 'vm_normal_folio_pmd').result).toBe('folio 0x1400');
    expect(query(k, T0 + 3, 'vm_normal_page_pmd')).toMatchObject({
      result: 'page 0x1400',
      detail: 'M-OK: a normal page',
    });
    expect(calls(k.trace.take(), 'vm_normal_folio')).toHaveLength(1);
  });

  it('a PUD leaf in v6.18 (config N): linear PFNMAP NULL; vm_normal_page_pud exists', () => {
    const k = world('v6.18', 'no-pte-special');
    const flags = VM.READ | VM.MAYREAD | VM.MAYWRITE | VM.PFNMAP | VM.IO;
    mmap(k, G0, 0x40000, RO, { type: 'raw-flags', flags, pgoff: 0x40000 });
    inject(k, G0, 'pud', leafSpec(0x40000));
    expect(query(k, G0, 'vm_normal_page_pud')).toMatchObject({ result: 'NULL' });
    expect(query(k, G0, 'vm_normal_page_pud').detail?.startsWith('M-N2a:')).toBe(true);
    // Inside the PUD the head pfn is not the pfn linear at addr: CoW, so the page (kernel-semantics.md §1).
    expect(query(k, G0 + 5, 'vm_normal_page_pud').result).toBe('page 0x40000');
  });
});

describe('tickOp', () => {
  it('advances the clock', () => {
    const k = world('v6.18');
    expect(run(k, { op: 'tick', seconds: 5 }).result).toBe('t=5s');
    expect(run(k, { op: 'tick', seconds: 60 }).result).toBe('t=65s');
    expect(k.clock).toBe(65);
  });
});
