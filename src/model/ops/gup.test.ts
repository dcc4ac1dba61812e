/** pin_user_pages() / unpin_user_pages() and the pinned page at fork (kernel-semantics.md §3.18). */
import { describe, expect, it } from 'vitest';
import type { ArchPresetId } from '../config';
import type { Kernel } from '../kernel';
import { asPfn } from '../units';
import { VARIANT_IDS, type VariantId } from '../variants';
import { GUP_PIN_COUNTING_BIAS } from './gup';
import {
  A0,
  branchIds,
  calls,
  inject,
  leafAt,
  leafSpec,
  mmap,
  pin,
  proc,
  RO,
  RW,
  reports,
  run,
  T0,
  thpFault,
  unpin,
  world,
} from './testkit';

const ZERO = 0x42;
const HZ = 0x200;
const BIAS = GUP_PIN_COUNTING_BIAS;
const YN: readonly ArchPresetId[] = ['x86-64', 'no-pte-special'];
/** One variant of each vm_normal_page() body (B-, R-, M-) and the 2026 trees. */
const BODIES: readonly VariantId[] = [
  'baseline',
  'v6.17',
  'rfc-10',
  'rfc-14',
  'v6.18',
  'mm-2026',
  'fix-2026',
];

const folio = (k: Kernel, pfn: number) => {
  const f = k.mem.folioAt(asPfn(pfn));
  if (!f) throw new Error(`no folio at ${pfn.toString(16)}`);
  return f;
};
const take = (k: Kernel) => k.trace.take();
const touch = (k: Kernel, vpn: number, write = false, procName = 'A') =>
  run(
    k,
    write
      ? { op: 'write', proc: procName, addr: { vpn: vpn as never, off: 0 } }
      : {
          op: 'read',
          proc: procName,
          addr: { vpn: vpn as never, off: 0 },
        },
  );
const fork = (k: Kernel, child = 'B') => run(k, { op: 'fork', proc: 'A', child });

describe('pin_user_pages(): the pin itself (try_grab_folio)', () => {
  for (const v of BODIES)
    for (const p of YN)
      it(`${v} ${p}: FOLL_WRITE faults in a new anon page and adds GUP_PIN_COUNTING_BIAS`, () => {
        const k = world(v, p);
        mmap(k, A0, 4, RW, { type: 'anon' });
        const r = pin(k, A0, 1, { write: true });
        expect(r.result).toBe('1');
        const e = leafAt(proc(k), A0);
        expect(e).toMatchObject({ write: true, dirty: true, special: false });
        expect(folio(k, e.pfn)).toMatchObject({ refcount: 1 + BIAS, mapcount: 1, anonExclusive: true });
        expect(folio(k, e.pfn).pincount).toBeUndefined();
        expect(proc(k).hasPinned).toBe(true);
        const ids = branchIds(take(k));
        expect(ids).toEqual(expect.arrayContaining(['GUP-M1', 'GUP-V0', 'GUP-F1', 'GUP-T3']));
        expect(unpin(k, A0).result).toBe('0');
        expect(folio(k, e.pfn).refcount).toBe(1);
        expect(branchIds(take(k))).toContain('GUP-P3');
      });

  for (const p of YN)
    it(`${p}: a short-term R/O pin of an unpopulated page returns the zero page without pinning it`, () => {
      const k = world('v6.18', p);
      mmap(k, A0, 1, RW, { type: 'anon' });
      const before = folio(k, ZERO).refcount;
      expect(pin(k, A0, 1).result).toBe('1');
      const ev = take(k);
      expect(leafAt(proc(k), A0).pfn).toBe(ZERO);
      // vm_normal_page() says "special" (M-S1c with the bit, M-N3 without) and GUP takes pte_page() anyway.
      expect(branchIds(ev)).toEqual(
        expect.arrayContaining([p === 'x86-64' ? 'M-S1c' : 'M-N3', 'GUP-F3', 'GUP-U2', 'GUP-T1']),
      );
      expect(folio(k, ZERO).refcount).toBe(before);
      expect(unpin(k, A0).result).toBe('0');
      expect(branchIds(take(k))).toEqual(expect.arrayContaining(['GUP-P1']));
      expect(folio(k, ZERO).refcount).toBe(before);
    });

  it('pins a PTE-mapped page of a large folio in _pincount (one reference per pin)', () => {
    const k = world('v6.18');
    mmap(k, A0, 4, RW, { type: 'anon' });
    inject(k, A0, 'pte', leafSpec(0x1401, { write: true, dirty: true }));
    expect(pin(k, A0, 1).result).toBe('1');
    expect(folio(k, 0x1400)).toMatchObject({ refcount: 2, pincount: 1 });
    expect(branchIds(take(k))).toContain('GUP-T2');
    unpin(k, A0);
    expect(folio(k, 0x1400)).toMatchObject({ refcount: 1, pincount: 0 });
  });

  it('a page without references (a free page) is a WARN_ON_ONCE and -ENOMEM', () => {
    const k = world('v6.18');
    mmap(k, A0, 1, RW, { type: 'anon' });
    inject(k, A0, 'pte', leafSpec(0x5000, { write: true }));
    expect(pin(k, A0, 1).result).toBe('-ENOMEM');
    const ev = take(k);
    expect(branchIds(ev)).toContain('GUP-T0');
    expect(reports(ev, 'warn')).toHaveLength(1);
  });

  it('returns the pages pinned before an error, and the error only when none was', () => {
    const k = world('v6.18');
    mmap(k, A0, 1, RW, { type: 'anon' });
    expect(pin(k, A0, 2, { write: true }).result).toBe('1');
    expect(pin(k, A0 - 1, 1).result).toBe('-EFAULT');
    expect(branchIds(take(k))).toContain('GUP-E1');
    const k2 = world('v6.18');
    expect(pin(k2, A0, 0).result).toBe('0');
    // __get_user_pages_locked() returns 0 for nr_pages 0 before it sets MMF_HAS_PINNED.
    expect(proc(k2).hasPinned).toBe(false);
    expect(unpin(k, A0 + 5).result).toBe('ENOENT');
  });

  it('a swap entry is beyond the model: the pin stops there and says so', () => {
    const k = world('v6.18');
    mmap(k, A0, 2, RW, { type: 'anon' });
    touch(k, A0, true);
    inject(k, A0 + 1, 'pte', { type: 'swap', offset: 7, write: false });
    take(k);
    expect(pin(k, A0, 2).result).toBe('1');
    const ev = take(k);
    expect(branchIds(ev)).toEqual(expect.arrayContaining(['GUP-F1', 'GUP-E2']));
    expect(reports(ev, 'info').length).toBeGreaterThan(0);
  });

  it('unpin after munmap drops the last reference and frees the page', () => {
    const k = world('v6.18');
    mmap(k, A0, 1, RW, { type: 'anon' });
    pin(k, A0, 1, { write: true, longterm: true });
    const pfn = leafAt(proc(k), A0).pfn;
    run(k, { op: 'munmap', proc: 'A', addr: { vpn: A0 as never, off: 0 }, bytes: 4096 });
    expect(folio(k, pfn)).toMatchObject({ refcount: BIAS, mapcount: 0 });
    unpin(k, A0);
    expect(k.mem.folioAt(pfn)).toBeUndefined();
  });
});

describe('check_vma_flags(): what cannot be pinned', () => {
  for (const v of VARIANT_IDS)
    it(`${v}: VM_PFNMAP (a /dev/mem mapping) is -EFAULT, long-term or not`, () => {
      const k = world(v);
      mmap(k, A0, 2, RW, { type: 'devmem', openMode: 'rdwr' }, { offsetBytes: 0x4000 * 4096 });
      expect(pin(k, A0, 1, { longterm: true }).result).toBe('-EFAULT');
      expect(pin(k, A0, 1).result).toBe('-EFAULT');
      const ev = take(k);
      expect(branchIds(ev).filter((b) => b === 'GUP-V1')).toHaveLength(2);
      // The entries are never looked at: no vm_normal_page().
      expect(calls(ev, 'vm_normal_page')).toHaveLength(0);
    });

  it('FOLL_LONGTERM on fsdax is -EOPNOTSUPP; a short-term pin of the hole pins nothing but the zero page', () => {
    const k = world('v6.18');
    mmap(k, A0, 2, RW, { type: 'dax', file: 'pmem' }, { shared: true });
    expect(pin(k, A0, 1, { longterm: true }).result).toBe('-EOPNOTSUPP');
    expect(branchIds(take(k))).toContain('GUP-V2');
    expect(pin(k, A0, 1).result).toBe('1');
  });

  it('FOLL_WRITE needs VM_WRITE; FOLL_WRITE | FOLL_LONGTERM refuses a shared file mapping (dirty tracking)', () => {
    const k = world('v6.18');
    mmap(k, A0, 1, RO, { type: 'anon' });
    expect(pin(k, A0, 1, { write: true }).result).toBe('-EFAULT');
    expect(branchIds(take(k))).toContain('GUP-V4');
    mmap(k, A0 + 16, 1, RW, { type: 'file', file: 'f' }, { shared: true });
    expect(pin(k, A0 + 16, 1, { write: true, longterm: true }).result).toBe('-EFAULT');
    expect(branchIds(take(k))).toContain('GUP-V3');
    // Short-term, the page cache page is pinned: the cache's reference, the mapping's, and the pin's 1024.
    expect(pin(k, A0 + 16, 1, { write: true }).result).toBe('1');
    expect(folio(k, leafAt(proc(k), A0 + 16).pfn).refcount).toBe(1 + 1 + BIAS);
  });
});

describe('follow_page_pte(): vm_normal_page() decides whether there is a page to pin', () => {
  for (const v of BODIES)
    for (const p of YN)
      it(`${v} ${p}: a MIXEDMAP driver's RAM pfn is special with pte_special (-EEXIST), a refcounted page without`, () => {
        const k = world(v, p);
        mmap(k, A0, 1, RW, { type: 'mixedmap-driver', pfnBase: asPfn(0x2000) }, { shared: true });
        const r = pin(k, A0, 1);
        if (p === 'x86-64') {
          expect(r.result).toBe('-EEXIST');
          expect(branchIds(take(k))).toContain('GUP-F4');
        } else {
          expect(r.result).toBe('1');
          expect(folio(k, 0x2000).refcount).toBe(1 + 1 + BIAS);
        }
      });

  // §2.7 row "PTE in M, huge zero subpage": B-N1c gives the page, R-N3/M-N3 NULL (not the small zero page).
  for (const v of BODIES)
    for (const p of YN)
      it(`${v} ${p}: a plain MIXEDMAP PTE of a huge zero subpage`, () => {
        const k = world(v, p);
        mmap(k, A0, 1, RW, { type: 'mixedmap-driver', pfnBase: asPfn(0xfe000) }, { shared: true });
        inject(k, A0, 'pte', leafSpec(HZ + 3));
        const r = pin(k, A0, 1);
        const pinned = p === 'x86-64' || v === 'baseline' || v === 'v6.17';
        expect(r.result).toBe(pinned ? '1' : '-EEXIST');
        expect(folio(k, HZ).pincount ?? 0).toBe(pinned ? 1 : 0);
      });

  for (const v of ['baseline', 'rfc-13', 'rfc-14', 'v6.18'] as const)
    for (const findNormalPage of [true, false])
      it(`${v} findNormalPage=${findNormalPage}: a gntdev special PTE is pinned through find_*_page() only where it is compiled`, () => {
        const k = world(v, 'x86-64', undefined, { findNormalPage });
        k.mem.put({
          pfn: asPfn(0x6000),
          order: 0,
          kind: 'kernel',
          refcount: 1,
          mapcount: 0,
          anonExclusive: false,
          content: 'grant',
        });
        mmap(k, A0, 1, RW, { type: 'gntdev', pages: [asPfn(0x6000)] }, { shared: true });
        inject(k, A0, 'pte', leafSpec(0x6000, { special: true, write: true }));
        const r = pin(k, A0, 1);
        // RFC 14 and v6.18 compile the callback only with CONFIG_FIND_NORMAL_PAGE (§4.5).
        const callback = findNormalPage || v === 'baseline' || v === 'rfc-13';
        expect(r.result).toBe(callback ? '1' : '-EEXIST');
      });
});

describe('gup_must_unshare(): R/O pins of pages that are not exclusive (cow.c)', () => {
  for (const p of YN)
    it(`${p}: a R/O long-term pin of the shared zero page unshares it: a read-only exclusive copy, pinned`, () => {
      const k = world('v6.18', p);
      mmap(k, A0, 1, RW, { type: 'anon' });
      touch(k, A0);
      take(k);
      expect(pin(k, A0, 1, { longterm: true }).result).toBe('1');
      const ev = take(k);
      expect(branchIds(ev)).toEqual(
        expect.arrayContaining(['GUP-U3a', 'GUP-F5', 'UNS-2', 'GUP-U4b', 'GUP-T3']),
      );
      const e = leafAt(proc(k), A0);
      expect(e).toMatchObject({ write: false, dirty: false, special: false });
      expect(e.pfn).not.toBe(ZERO);
      expect(folio(k, e.pfn)).toMatchObject({
        kind: 'anon',
        content: 'zeroes',
        anonExclusive: true,
        refcount: 1 + BIAS,
      });
      expect(proc(k).counters.anon).toBe(1);
    });

  it('the same in a PROT_READ private mapping (still a CoW mapping: VM_MAYWRITE)', () => {
    const k = world('v6.18');
    mmap(k, A0, 1, RO, { type: 'anon' });
    touch(k, A0);
    expect(pin(k, A0, 1, { longterm: true }).result).toBe('1');
    expect(leafAt(proc(k), A0)).toMatchObject({ write: false });
    expect(leafAt(proc(k), A0).pfn).not.toBe(ZERO);
  });

  it('a R/W pin of the zero page is a write fault: a writable copy', () => {
    const k = world('v6.18');
    mmap(k, A0, 1, RW, { type: 'anon' });
    touch(k, A0);
    take(k);
    expect(pin(k, A0, 1, { write: true }).result).toBe('1');
    expect(branchIds(take(k))).toEqual(expect.arrayContaining(['GUP-F2', 'WPC-zero']));
    expect(leafAt(proc(k), A0)).toMatchObject({ write: true, dirty: true });
  });

  it('a R/O pin of an anon page shared with a child unshares it; the child keeps the old page', () => {
    const k = world('v6.18');
    mmap(k, A0, 1, RW, { type: 'anon' });
    touch(k, A0, true);
    const old = leafAt(proc(k), A0).pfn;
    fork(k);
    take(k);
    expect(pin(k, A0, 1).result).toBe('1');
    expect(branchIds(take(k))).toEqual(expect.arrayContaining(['GUP-U4a', 'GUP-F5', 'UNS-2']));
    const mine = leafAt(proc(k), A0);
    expect(mine.pfn).not.toBe(old);
    expect(mine.write).toBe(false);
    expect(leafAt(proc(k, 'B'), A0).pfn).toBe(old);
    expect(folio(k, old)).toMatchObject({ refcount: 1, mapcount: 1 });
    expect(folio(k, mine.pfn)).toMatchObject({ refcount: 1 + BIAS, anonExclusive: true });
  });

  it('cow.c "R/O pin on R/O-mapped exclusive page": mprotect(PROT_READ) keeps it exclusive, no unshare', () => {
    const k = world('v6.18');
    mmap(k, A0, 1, RW, { type: 'anon' });
    touch(k, A0, true);
    const pfn = leafAt(proc(k), A0).pfn;
    run(k, { op: 'mprotect', proc: 'A', addr: { vpn: A0 as never, off: 0 }, bytes: 4096, prot: RO });
    take(k);
    expect(pin(k, A0, 1, { longterm: true }).result).toBe('1');
    const ids = branchIds(take(k));
    expect(ids).toContain('GUP-U4b');
    expect(ids).not.toContain('GUP-F5');
    expect(leafAt(proc(k), A0)).toMatchObject({ pfn, write: false });
    expect(folio(k, pfn).refcount).toBe(1 + BIAS);
  });

  it('cow.c "R/O pin on R/O-mapped previously-shared page": UNS-1 marks the last user\'s page exclusive', () => {
    const k = world('v6.18');
    mmap(k, A0, 1, RW, { type: 'anon' });
    touch(k, A0, true);
    fork(k);
    run(k, { op: 'exit', proc: 'B' });
    const pfn = leafAt(proc(k), A0).pfn;
    expect(folio(k, pfn)).toMatchObject({ refcount: 1, mapcount: 1, anonExclusive: false });
    take(k);
    expect(pin(k, A0, 1).result).toBe('1');
    expect(branchIds(take(k))).toEqual(expect.arrayContaining(['GUP-U4a', 'UNS-1', 'GUP-U4b']));
    expect(leafAt(proc(k), A0)).toMatchObject({ pfn, write: false });
    expect(folio(k, pfn)).toMatchObject({ anonExclusive: true, refcount: 1 + BIAS });
  });

  it('a short-term R/O pin of the huge zero PMD pins the huge zero folio (_pincount), not its huge zero references', () => {
    const k = world('v6.18');
    mmap(k, T0, 1024, RW, { type: 'anon' }, { hugepage: true });
    thpFault(k, T0, false);
    const snap0 = k.snapshot().hugeZeroRefcount;
    expect(pin(k, T0, 512).result).toBe('512');
    expect(folio(k, HZ).pincount).toBe(512);
    expect(k.snapshot().hugeZeroRefcount).toBe(snap0);
    unpin(k, T0);
    expect(folio(k, HZ).pincount).toBe(0);
    expect(k.snapshot().hugeZeroRefcount).toBe(snap0);
  });

  for (const thpAllocSucceeds of [true, false])
    it(`a R/O long-term pin of the huge zero PMD unshares it (THP allocation ${thpAllocSucceeds ? 'succeeds' : 'fails'})`, () => {
      const k = world('v6.18', 'x86-64', undefined, { thpAllocSucceeds });
      mmap(k, T0, 1024, RW, { type: 'anon' }, { hugepage: true });
      thpFault(k, T0, false);
      take(k);
      expect(pin(k, T0 + 1, 1, { longterm: true }).result).toBe('1');
      const ids = branchIds(take(k));
      expect(ids).toEqual(expect.arrayContaining(['GUP-U3a', 'GUP-F5', 'UNS-4']));
      if (thpAllocSucceeds) {
        // do_huge_zero_wp_pmd(): a new THP, mapped as for a write fault, pinned once.
        const e = leafAt(proc(k), T0, 'pmd');
        expect(e.pfn).not.toBe(HZ);
        expect(folio(k, e.pfn)).toMatchObject({ order: 9, pincount: 1, anonExclusive: true });
        expect(proc(k).counters.anon).toBe(512);
      } else {
        // The split leaves 511 zero PTEs; the faulting one gets a read-only exclusive copy, pinned.
        expect(ids).toContain('UNS-2');
        const e = leafAt(proc(k), T0 + 1);
        expect(e).toMatchObject({ write: false });
        expect(folio(k, e.pfn).refcount).toBe(1 + BIAS);
        expect(leafAt(proc(k), T0).pfn).toBe(ZERO);
        expect(proc(k).counters.anon).toBe(1);
      }
    });
});

describe('fork with a pinned page (copy_present_page, folio_needs_cow_for_dma)', () => {
  for (const v of BODIES)
    for (const p of YN)
      it(`${v} ${p}: the child gets a copy of the pinned page; the parent keeps it writable and exclusive`, () => {
        const k = world(v, p);
        mmap(k, A0, 2, RW, { type: 'anon' });
        run(k, { op: 'write', proc: 'A', addr: { vpn: A0 as never, off: 0 }, value: 'dma' });
        touch(k, A0 + 1, true);
        const pinned = leafAt(proc(k), A0).pfn;
        const plain = leafAt(proc(k), A0 + 1).pfn;
        pin(k, A0, 1, { write: true, longterm: true });
        take(k);
        fork(k);
        const ev = take(k);
        expect(branchIds(ev)).toEqual(expect.arrayContaining(['FORK-PIN1', 'FORK-PIN2']));
        expect(leafAt(proc(k), A0)).toMatchObject({ pfn: pinned, write: true });
        expect(folio(k, pinned)).toMatchObject({ refcount: 1 + BIAS, mapcount: 1, anonExclusive: true });
        const copy = leafAt(proc(k, 'B'), A0);
        expect(copy.pfn).not.toBe(pinned);
        expect(copy).toMatchObject({ write: true, dirty: true, special: false });
        expect(folio(k, copy.pfn)).toMatchObject({
          content: 'dma',
          refcount: 1,
          mapcount: 1,
          anonExclusive: true,
        });
        // The unpinned page is shared as usual.
        expect(leafAt(proc(k), A0 + 1)).toMatchObject({ pfn: plain, write: false });
        expect(folio(k, plain)).toMatchObject({ refcount: 2, mapcount: 2, anonExclusive: false });
        expect(proc(k, 'B').counters.anon).toBe(2);
        expect(proc(k, 'B').hasPinned).toBe(false);
      });

  it('after the unpin the page is shared again at the next fork, though MMF_HAS_PINNED stays set', () => {
    const k = world('v6.18');
    mmap(k, A0, 1, RW, { type: 'anon' });
    pin(k, A0, 1, { write: true });
    unpin(k, A0);
    take(k);
    fork(k);
    const ev = take(k);
    expect(proc(k).hasPinned).toBe(true);
    expect(branchIds(ev)).toContain('FORK-PIN0');
    expect(leafAt(proc(k, 'B'), A0).pfn).toBe(leafAt(proc(k), A0).pfn);
  });

  it('without MMF_HAS_PINNED fork never asks folio_maybe_dma_pinned(), even for a refcount above the bias', () => {
    const k = world('v6.18');
    mmap(k, A0, 1, RW, { type: 'anon' });
    touch(k, A0, true);
    const pfn = leafAt(proc(k), A0).pfn;
    k.updateFolio(folio(k, pfn), { refcount: 2000 }, 'test');
    take(k);
    fork(k);
    expect(calls(take(k), 'folio_needs_cow_for_dma')).toHaveLength(0);
    expect(leafAt(proc(k, 'B'), A0).pfn).toBe(pfn);
  });

  it('a pinned anon THP: the PMD is split and every exclusive page copied for the child', () => {
    const k = world('v6.18');
    mmap(k, T0, 512, RW, { type: 'anon' }, { hugepage: true });
    thpFault(k, T0, true);
    const head = leafAt(proc(k), T0, 'pmd').pfn;
    expect(pin(k, T0, 1, { write: true }).result).toBe('1');
    take(k);
    fork(k);
    const ev = take(k);
    expect(branchIds(ev)).toEqual(expect.arrayContaining(['FORK-PIN3', 'FORK-PIN2']));
    expect(leafAt(proc(k), T0 + 7)).toMatchObject({ pfn: head + 7, write: true });
    expect(leafAt(proc(k, 'B'), T0 + 7).pfn).not.toBe(head + 7);
    expect(proc(k, 'B').counters.anon).toBe(512);
    expect(folio(k, head)).toMatchObject({ pincount: 1, mapcount: 512, anonExclusive: true });
  });
});
