/** mremap(): growing, shrinking and moving VMAs; what PFNMAP VMAs refuse; entries that move (§3.21). */
import { describe, expect, it } from 'vitest';
import { VARIANT_IDS, type VariantId } from '../variants';
import { VM } from '../vma';
import { A } from './common';
import { MAX_PTES_MOVED } from './mremap';
import {
  A0,
  at,
  branchIds,
  entry,
  mmap,
  mremap,
  proc,
  query,
  RO,
  RW,
  reports,
  run,
  T0,
  thpFault,
  world,
} from './testkit';

const B0 = 0x20000; // a free area, 2 MiB aligned
const take = (k: ReturnType<typeof world>) => k.trace.take();

/** The pfnmap selftest's fixture: /dev/mem O_RDONLY, MAP_SHARED, 2 pages, PROT_READ. */
function devmemShared(v: VariantId) {
  const k = world(v);
  mmap(k, A0, 2, RO, { type: 'devmem', openMode: 'rdonly' }, { shared: true, offsetBytes: 0xfe000 * 4096 });
  return k;
}

describe('mremap of a VM_PFNMAP VMA (the pfnmap selftest)', () => {
  it.each(VARIANT_IDS)('%s: mremap_expand fails with -EFAULT, the PTEs stay', (v) => {
    const k = devmemShared(v);
    take(k);
    const r = mremap(k, A0, 2, 3, ['maymove'], B0);
    expect(r.result).toBe('-EFAULT');
    expect(branchIds(take(k))).toContain('MREMAP-R4');
    expect(entry(proc(k), A0)).toMatchObject({ kind: 'leaf', pfn: 0xfe000 });
    expect(proc(k).vmas).toHaveLength(1);
  });

  it.each(VARIANT_IDS)('%s: mremap_fixed moves the special PTEs as they are', (v) => {
    const k = devmemShared(v);
    mmap(k, B0, 2, RO, { type: 'anon' }); // "Reserve a destination area"
    const before = { ...proc(k).counters };
    take(k);
    const r = mremap(k, A0, 2, 2, ['maymove', 'fixed'], B0);
    expect(r.result).toBe('0x20000000');
    const ev = take(k);
    expect(branchIds(ev)).toEqual(expect.arrayContaining(['MREMAP-T2', 'MREMAP-M1', 'MREMAP-P7']));
    expect(entry(proc(k), B0)).toMatchObject({ kind: 'leaf', pfn: 0xfe000, special: true });
    expect(entry(proc(k), B0 + 1)).toMatchObject({ kind: 'leaf', pfn: 0xfe001, special: true });
    expect(entry(proc(k), A0)).toBeUndefined();
    const vmas = proc(k).vmas;
    expect(vmas).toHaveLength(1);
    expect(vmas[0]).toMatchObject({ start: B0, end: B0 + 2, pgoff: 0xfe000 });
    expect((vmas[0]?.flags ?? 0) & VM.PFNMAP).toBe(VM.PFNMAP);
    expect({ ...proc(k).counters, pgtables: 0 }).toEqual({ ...before, pgtables: 0 });
    expect(reports(ev, 'bad_page_map')).toHaveLength(0);
  });

  it('mremap_shrink succeeds: the tail page is unmapped', () => {
    const k = devmemShared('v6.18');
    expect(mremap(k, A0, 2, 1).result).toBe('0x10000000');
    expect(proc(k).vmas[0]).toMatchObject({ start: A0, end: A0 + 1 });
    expect(entry(proc(k), A0 + 1)).toBeUndefined();
    expect(entry(proc(k), A0)).toMatchObject({ pfn: 0xfe000 });
  });

  it('MREMAP_DONTUNMAP is refused with -EINVAL', () => {
    const k = devmemShared('v6.18');
    take(k);
    expect(mremap(k, A0, 2, 2, ['maymove', 'dontunmap'], B0).result).toBe('-EINVAL');
    expect(branchIds(take(k))).toContain('MREMAP-R2');
  });

  it.each([
    ['baseline', 'x86-64'],
    ['v6.18', 'x86-64'],
    ['baseline', 'no-pte-special'],
    ['rfc-11', 'no-pte-special'],
    ['v6.18', 'no-pte-special'],
    ['fix-2026', 'no-pte-special'],
  ] as const)('%s %s: a CoW PFNMAP moved in part keeps vm_pgoff linear at the new place', (v, preset) => {
    const k = world(v, preset);
    // MAP_PRIVATE /dev/mem: a CoW PFNMAP whose vm_pgoff is the first pfn (§3.1); page 1 is CoW'd to anon.
    mmap(k, A0, 4, RW, { type: 'devmem', openMode: 'rdwr' }, { offsetBytes: 0xfe000 * 4096 });
    run(k, { op: 'write', proc: 'A', addr: at(A0 + 3) });
    expect(mremap(k, A0 + 2, 2, 2, ['maymove', 'fixed'], B0).result).toBe('0x20000000');
    expect(proc(k).findVma(B0)?.pgoff).toBe(0xfe002);
    // The pfn entry is still not "normal", whichever rule decides (special bit, linearity or anon).
    expect(query(k, B0, 'vm_normal_page').result).toBe('NULL');
    // The CoW'd anon page moved too and is still a normal page.
    expect(query(k, B0 + 1, 'vm_normal_page').result).toMatch(/^page /);
    expect(proc(k).counters.anon).toBe(1);
  });
});

describe('growing and shrinking', () => {
  it('grows in place when the pages after the VMA are free', () => {
    const k = world('v6.18');
    mmap(k, A0, 2, RW, { type: 'anon' });
    take(k);
    expect(mremap(k, A0, 2, 4).result).toBe('0x10000000');
    expect(branchIds(take(k))).toContain('MREMAP-G1');
    expect(proc(k).vmas[0]).toMatchObject({ start: A0, end: A0 + 4 });
  });

  it('cannot grow in place and may not move: -ENOMEM', () => {
    const k = world('v6.18');
    mmap(k, A0, 2, RW, { type: 'anon' });
    mmap(k, A0 + 2, 2, RW, { type: 'anon' });
    take(k);
    expect(mremap(k, A0, 2, 4).result).toBe('-ENOMEM');
    expect(branchIds(take(k))).toContain('MREMAP-G2');
  });

  it('a range past the end of the VMA: -EFAULT', () => {
    const k = world('v6.18');
    mmap(k, A0, 2, RW, { type: 'anon' });
    expect(mremap(k, A0 + 1, 2, 4, ['maymove'], B0).result).toBe('-EFAULT');
  });

  it('old_len 0 of a private mapping: -EINVAL', () => {
    const k = world('v6.18');
    mmap(k, A0, 2, RW, { type: 'anon' });
    take(k);
    expect(mremap(k, A0, 0, 2, ['maymove'], B0).result).toBe('-EINVAL');
    expect(branchIds(take(k))).toContain('MREMAP-R1');
  });
});

describe('moving anonymous memory', () => {
  it.each(['baseline', 'v6.18', 'fix-2026'] as const)(
    '%s: the page moves with no refcount, mapcount or RSS change; vm_pgoff follows',
    (v) => {
      const k = world(v);
      mmap(k, A0, 2, RW, { type: 'anon' });
      mmap(k, A0 + 2, 2, RW, { type: 'anon' }); // blocks growing in place
      run(k, { op: 'write', proc: 'A', addr: at(A0) });
      const pfn = entry(proc(k), A0)?.kind === 'leaf' ? (entry(proc(k), A0) as { pfn: number }).pfn : -1;
      const f0 = k.mem.folioAt(pfn as never);
      take(k);
      expect(mremap(k, A0, 2, 4, ['maymove'], B0).result).toBe('0x20000000');
      expect(branchIds(take(k))).toEqual(expect.arrayContaining(['MREMAP-M1', 'MREMAP-P7']));
      expect(entry(proc(k), B0)).toMatchObject({ kind: 'leaf', pfn });
      const f1 = k.mem.folioAt(pfn as never);
      expect([f1?.refcount, f1?.mapcount]).toEqual([f0?.refcount, f0?.mapcount]);
      expect(proc(k).counters.anon).toBe(1);
      const nv = proc(k).findVma(B0);
      expect(nv).toMatchObject({ start: B0, end: B0 + 4, pgoff: A0, anonVma: true });
      expect(run(k, { op: 'read', proc: 'A', addr: at(A0) }).result).toBe('SIGSEGV');
    },
  );

  it('an anon VMA never faulted gets vm_pgoff = new_addr >> PAGE_SHIFT', () => {
    const k = world('v6.18');
    mmap(k, A0, 2, RW, { type: 'anon' });
    take(k);
    expect(mremap(k, A0, 2, 2, ['maymove', 'fixed'], B0).result).toBe('0x20000000');
    expect(branchIds(take(k))).toContain('MREMAP-M2');
    expect(proc(k).findVma(B0)?.pgoff).toBe(B0);
  });

  it('a PMD of PTEs moves its PTE table whole (move_normal_pmd); the counter ends where it began', () => {
    const k = world('v6.18');
    mmap(k, T0, 512, RW, { type: 'anon' });
    run(k, { op: 'write', proc: 'A', addr: at(T0 + 5) });
    const table = proc(k).pt.walk(T0 as never, 'pmd').entry;
    const pgtables = proc(k).counters.pgtables;
    take(k);
    expect(mremap(k, T0, 512, 512, ['maymove', 'fixed'], B0).result).toBe('0x20000000');
    expect(branchIds(take(k))).toContain('MREMAP-P5');
    expect(proc(k).pt.walk(B0 as never, 'pmd').entry).toBe(table);
    expect(entry(proc(k), B0 + 5)).toMatchObject({ kind: 'leaf' });
    // The new PUD/PMD tables were allocated, the old ones freed by free_pgtables().
    expect(proc(k).counters.pgtables).toBe(pgtables);
  });

  it('try_realign_addr(): a VMA that starts inside a PMD and reaches its end moves the PTE table whole', () => {
    const k = world('v6.18');
    mmap(k, T0 + 16, 496, RW, { type: 'anon' });
    run(k, { op: 'write', proc: 'A', addr: at(T0 + 16) });
    take(k);
    expect(mremap(k, T0 + 16, 496, 496, ['maymove', 'fixed'], B0 + 16).result).toBe('0x20010000');
    const ids = branchIds(take(k));
    expect(ids).toEqual(expect.arrayContaining(['MREMAP-P1', 'MREMAP-P5']));
    expect(ids).not.toContain('MREMAP-P7');
    expect(entry(proc(k), B0 + 16)).toMatchObject({ kind: 'leaf' });
  });
});

describe('moving huge PMDs', () => {
  it.each(['baseline', 'rfc-08', 'v6.18', 'fix-2026'] as const)(
    '%s: a huge zero PMD moves as it is, deposit and special bit with it',
    (v) => {
      const k = world(v);
      mmap(k, T0, 512, RO, { type: 'anon' }, { hugepage: true });
      thpFault(k, T0, false);
      const pmd = entry(proc(k), T0, 'pmd');
      expect(pmd?.kind).toBe('leaf');
      const ref = k.hugeZeroRefcount;
      const pgtables = proc(k).counters.pgtables;
      take(k);
      expect(mremap(k, T0, 512, 512, ['maymove', 'fixed'], B0).result).toBe('0x20000000');
      expect(branchIds(take(k))).toContain('MREMAP-P3');
      expect(entry(proc(k), B0, 'pmd')).toEqual(pmd);
      expect(k.hugeZeroRefcount).toBe(ref);
      expect(proc(k).counters.pgtables).toBe(pgtables);
      // The deposit came along: unmapping the new place frees it and leaves the counter at 0.
      run(k, { op: 'munmap', proc: 'A', addr: at(B0), bytes: 512 * 4096 });
      expect(proc(k).counters.pgtables).toBe(0);
    },
  );

  it('shrinking first: mremap_to() unmaps the tail, which splits the THP, then the rest moves', () => {
    const k = world('v6.18');
    mmap(k, T0, 512, RW, { type: 'anon' }, { hugepage: true });
    thpFault(k, T0, true);
    expect(entry(proc(k), T0, 'pmd')?.kind).toBe('leaf');
    take(k);
    expect(mremap(k, T0, 512, 4, ['maymove', 'fixed'], B0).result).toBe('0x20000000');
    const ids = branchIds(take(k));
    expect(ids.indexOf('split-anon')).toBeLessThan(ids.indexOf('MREMAP-M1'));
    expect(ids).not.toContain('MREMAP-P4');
    expect(entry(proc(k), B0 + 3)?.kind).toBe('leaf');
    expect(entry(proc(k), T0)).toBeUndefined();
    expect(proc(k).counters.anon).toBe(4);
  });

  it('a huge PMD the move covers in part is split (split_huge_pmd()), then its PTEs move', () => {
    const k = world('v6.18');
    mmap(k, T0, 1024, RW, { type: 'anon' }, { hugepage: true });
    thpFault(k, T0, true);
    take(k);
    expect(mremap(k, T0 + 256, 512, 512, ['maymove', 'fixed'], B0 + 256).result).toBe('0x20100000');
    expect(branchIds(take(k))).toEqual(expect.arrayContaining(['MREMAP-P4', 'split-anon', 'MREMAP-P7']));
    expect(entry(proc(k), T0 + 255)?.kind).toBe('leaf');
    expect(entry(proc(k), B0 + 256)?.kind).toBe('leaf');
    expect(entry(proc(k), T0 + 256)).toBeUndefined();
    expect(proc(k).counters.anon).toBe(512);
  });
});

describe('argument checks', () => {
  it('refuses an unaligned address, FIXED without MAYMOVE, overlap, no VMA', () => {
    const k = world('v6.18');
    mmap(k, A0, 4, RW, { type: 'anon' });
    expect(run(k, { ...mremapStep(A0, 4, 4), addr: at(A0, 8) }).result).toBe('-EINVAL');
    expect(mremap(k, A0, 4, 4, ['fixed'], B0).result).toBe('-EINVAL');
    expect(mremap(k, A0, 4, 4, ['maymove', 'fixed'], A0 + 2).result).toBe('-EINVAL');
    expect(mremap(k, B0, 1, 1, ['maymove', 'fixed'], A0 + 8).result).toBe('-EFAULT');
    expect(mremap(k, A0, 2, 4, ['maymove', 'dontunmap'], B0).result).toBe('-EINVAL');
  });

  it('a move whose address the kernel would choose, with no newAddr: not modelled', () => {
    const k = world('v6.18');
    mmap(k, A0, 2, RW, { type: 'anon' });
    mmap(k, A0 + 2, 2, RW, { type: 'anon' });
    const r = mremap(k, A0, 2, 4, ['maymove']);
    expect(r.result).toBe('not modelled');
    expect(r.detail).toMatch(/get_unmapped_area/);
    expect(proc(k).vmas).toHaveLength(2);
  });

  it('MREMAP_DONTUNMAP keeps the old VMA, empty and without anon_vma', () => {
    const k = world('v6.18');
    mmap(k, A0, 2, RW, { type: 'anon' });
    run(k, { op: 'write', proc: 'A', addr: at(A0) });
    take(k);
    expect(mremap(k, A0, 2, 2, ['maymove', 'dontunmap'], B0).result).toBe('0x20000000');
    expect(branchIds(take(k))).toContain('MREMAP-D1');
    expect(proc(k).findVma(A0)).toMatchObject({ start: A0, end: A0 + 2, anonVma: false });
    expect(entry(proc(k), A0)).toBeUndefined();
    expect(entry(proc(k), B0)?.kind).toBe('leaf');
  });
});

function mremapStep(vpn: number, oldPages: number, newPages: number) {
  return {
    op: 'mremap' as const,
    proc: 'A',
    addr: at(vpn),
    oldBytes: oldPages * 4096,
    newBytes: newPages * 4096,
    maymove: false,
    fixed: false,
    dontunmap: false,
  };
}

describe('moving more PTEs one by one than ptlab models', () => {
  // /dev/mem over 9 GiB: 2,359,296 PTEs. Moved to a new address as far from a PMD boundary as the old one,
  // whole PTE tables move (move_normal_pmd()/move_normal_pud()); moved one page further, every PTE would
  // go by move_ptes() one by one, more than MAX_PTES_MOVED: refused before anything changes.
  const G = 0x40000; // 1 GiB in pages
  const PAGES = 9 * G;
  const devmem = () => {
    const k = world('v6.18');
    mmap(k, G, PAGES, RW, { type: 'devmem', openMode: 'rdwr' }, { shared: true, offsetBytes: 0x100000 });
    take(k);
    return k;
  };
  it('a move to the same distance from a PMD boundary moves the tables, at any size', () => {
    const k = devmem();
    const r = mremap(k, G, PAGES, PAGES, ['maymove', 'fixed'], 64 * G);
    expect(r.result).toBe(A(64 * G));
    expect(entry(proc(k), 64 * G + 5)).toMatchObject({ kind: 'leaf', pfn: 0x100 + 5 });
  });
  it('a move one page off is refused, naming the bound, and nothing changes', () => {
    const k = devmem();
    const r = mremap(k, G, PAGES, PAGES, ['maymove', 'fixed'], 64 * G + 1);
    expect(r.result).toBe('not modelled');
    expect(r.detail).toContain(`move_ptes() would move ${PAGES.toLocaleString('en')} PTEs one by one`);
    expect(r.detail).toContain(`at most ${MAX_PTES_MOVED.toLocaleString('en')}`);
    expect(entry(proc(k), G + 5)).toMatchObject({ kind: 'leaf', pfn: 0x100 + 5 });
    expect(proc(k).findVma(64 * G + 1)).toBeUndefined();
  });
  it('a move one page off of fewer PTEs than the bound goes one by one', () => {
    const k = devmem();
    const r = mremap(k, G, 2 * G, 2 * G, ['maymove', 'fixed'], 64 * G + 1);
    expect(r.result).toBe(A(64 * G + 1));
    expect(entry(proc(k), 64 * G + 1 + 5)).toMatchObject({ kind: 'leaf', pfn: 0x100 + 5 });
  });
});
