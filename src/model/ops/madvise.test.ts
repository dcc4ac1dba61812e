/** madvise(): DONTNEED, HUGEPAGE, NOHUGEPAGE, COLLAPSE, and what PFNMAP VMAs refuse (§3.20). */
import { describe, expect, it } from 'vitest';
import { presetConfig } from '../config';
import { Kernel } from '../kernel';
import { VARIANT_IDS, type VariantId } from '../variants';
import { VM } from '../vma';
import {
  A0,
  at,
  calls,
  entry,
  inject,
  LAYOUT,
  leafSpec,
  madvise,
  mmap,
  proc,
  RO,
  RW,
  reports,
  run,
  T0,
  thpFault,
  world,
} from './testkit';

const branches = (k: Kernel) =>
  k.trace
    .take()
    .filter((e) => e.t === 'branch')
    .map((e) => (e.t === 'branch' ? e.id : ''));

/** The pfnmap selftest's fixture: /dev/mem O_RDONLY, MAP_SHARED, 2 pages, PROT_READ. */
function devmemShared(v: VariantId) {
  const k = world(v);
  mmap(k, A0, 2, RO, { type: 'devmem', openMode: 'rdonly' }, { shared: true, offsetBytes: 0xfe000 * 4096 });
  return k;
}

describe('MADV_DONTNEED', () => {
  it.each(VARIANT_IDS)('%s: a VM_PFNMAP VMA refuses it (-EINVAL) and keeps its PTEs', (v) => {
    const k = devmemShared(v);
    k.trace.take();
    expect(madvise(k, A0, 2, 'dontneed').result).toBe('-EINVAL');
    expect(branches(k)).toContain('MADV-D1');
    expect(entry(proc(k), A0)).toMatchObject({ kind: 'leaf', pfn: 0xfe000 });
  });

  it('a VM_MIXEDMAP VMA is zapped: madvise_dontneed_free_valid_vma() forbids VM_PFNMAP only', () => {
    const k = world('v6.18');
    mmap(
      k,
      A0,
      2,
      RW,
      { type: 'raw-flags', flags: VM.MIXEDMAP | VM.SHARED | VM.MAYSHARE, pgoff: 0 },
      { shared: true },
    );
    inject(k, A0, 'pte', leafSpec(0xfe001, { special: true }));
    expect(madvise(k, A0, 2, 'dontneed').result).toBe('0');
    expect(entry(proc(k), A0)).toBeUndefined();
  });

  it('anon: the page is zapped and freed; a hole in the range answers -ENOMEM after the rest', () => {
    const k = world('v6.18');
    mmap(k, A0, 2, RW, { type: 'anon' });
    run(k, { op: 'write', proc: 'A', addr: at(A0) });
    expect(proc(k).counters.anon).toBe(1);
    expect(madvise(k, A0, 4, 'dontneed').result).toBe('-ENOMEM');
    expect(proc(k).counters.anon).toBe(0);
    expect(entry(proc(k), A0)).toBeUndefined();
  });

  it.each([
    ['mm-2026', true],
    ['fix-2026', false],
    ['v6.18', false],
  ] as const)(
    '%s on x86-32 THP: zapping a huge zero PMD through madvise takes it for a file THP: %s',
    (v, bug) => {
      const k = new Kernel(v, presetConfig('x86-32-thp'), LAYOUT);
      k.newProcess('A');
      mmap(k, T0, 512, RW, { type: 'anon' }, { hugepage: true });
      thpFault(k, T0, false);
      k.trace.take();
      expect(madvise(k, T0, 512, 'dontneed').result).toBe('0');
      expect(proc(k).counters.file).toBe(bug ? -512 : 0);
      expect(k.mem.folioAt(0x200 as never)?.mapcount).toBe(bug ? -1 : 0);
    },
  );
});

describe('MADV_HUGEPAGE and MADV_NOHUGEPAGE', () => {
  it('set and clear the flags on the range, splitting the VMA', () => {
    const k = world('v6.18');
    mmap(k, A0, 8, RW, { type: 'anon' });
    expect(madvise(k, A0 + 2, 2, 'hugepage').result).toBe('0');
    const vmas = proc(k).vmas;
    expect(vmas.map((m) => [m.start - A0, m.end - A0, (m.flags & VM.HUGEPAGE) !== 0])).toEqual([
      [0, 2, false],
      [2, 4, true],
      [4, 8, false],
    ]);
    expect(madvise(k, A0 + 2, 2, 'nohugepage').result).toBe('0');
    const mid = proc(k).vmas[1];
    expect((mid?.flags ?? 0) & (VM.HUGEPAGE | VM.NOHUGEPAGE)).toBe(VM.NOHUGEPAGE);
  });

  it("a VM_PFNMAP VMA accepts them (not in the selftest's disallowed list)", () => {
    const k = devmemShared('v6.18');
    expect(madvise(k, A0, 2, 'hugepage').result).toBe('0');
    expect((proc(k).vmas[0]?.flags ?? 0) & VM.HUGEPAGE).toBe(VM.HUGEPAGE);
  });

  it('VM_NOHUGEPAGE keeps a later THP fault at PTE level', () => {
    const k = world('v6.18');
    mmap(k, T0, 512, RW, { type: 'anon' }, { hugepage: true });
    madvise(k, T0, 512, 'nohugepage');
    thpFault(k, T0, false);
    expect(entry(proc(k), T0, 'pmd')?.kind).toBe('table');
  });
});

describe('MADV_COLLAPSE: thp_vma_allowable_order() refusals', () => {
  it.each(VARIANT_IDS)('%s: VM_PFNMAP is VM_NO_KHUGEPAGED: -EINVAL', (v) => {
    const k = devmemShared(v);
    k.trace.take();
    expect(madvise(k, A0, 2, 'collapse').result).toBe('-EINVAL');
    expect(branches(k)).toContain('MADV-C3');
  });

  it('VM_NOHUGEPAGE: -EINVAL; an anon VMA never faulted (no anon_vma): -EINVAL', () => {
    const k = world('v6.18');
    mmap(k, T0, 512, RW, { type: 'anon' });
    k.trace.take();
    expect(madvise(k, T0, 512, 'collapse').result).toBe('-EINVAL');
    expect(branches(k)).toContain('MADV-C5');
    madvise(k, T0, 512, 'nohugepage');
    k.trace.take();
    expect(madvise(k, T0, 512, 'collapse').result).toBe('-EINVAL');
    expect(branches(k)).toContain('MADV-C1');
  });

  it('a VMA too small for an aligned PMD: -EINVAL', () => {
    const k = world('v6.18');
    mmap(k, A0, 16, RW, { type: 'anon' });
    run(k, { op: 'write', proc: 'A', addr: at(A0) });
    k.trace.take();
    expect(madvise(k, A0, 16, 'collapse').result).toBe('-EINVAL');
    expect(branches(k)).toContain('MADV-C4');
  });

  it.each(['baseline', 'v6.18', 'fix-2026'] as const)('%s: a huge zero PMD is SCAN_PMD_MAPPED: 0', (v) => {
    const k = world(v);
    mmap(k, T0, 512, RW, { type: 'anon' }, { hugepage: true });
    thpFault(k, T0, false);
    k.trace.take();
    expect(madvise(k, T0, 512, 'collapse').result).toBe('0');
    expect(branches(k)).toContain('MADV-C6');
    expect(calls(k.trace.take(), 'collapse_huge_page')).toHaveLength(0);
    expect(reports(k.trace.take(), 'warn')).toHaveLength(0);
  });
});
