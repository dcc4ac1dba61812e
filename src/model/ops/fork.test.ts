import { describe, expect, it } from 'vitest';
import type { ArchPresetId } from '../config';
import type { Level } from '../entry';
import type { Kernel } from '../kernel';
import type { Mm } from '../mm';
import { forEachMapping } from '../pagetable';
import type { TraceEvent } from '../trace';
import { asPfn } from '../units';
import type { VariantId } from '../variants';
import { VM } from '../vma';
import {
  A0,
  at,
  calls,
  entry,
  leafAt,
  mmap,
  newKernel,
  proc,
  RO,
  RW,
  reports,
  run,
  T0,
  thpFault,
} from './testkit';

/** VMA A: anon private at vpn 0x10000; P: /dev/mem MAP_PRIVATE of pfn 0x4000 at vpn 0x20000; T: THP at vpn 0x200. */
const P0 = 0x20000;

function mappings(mm: Mm): { v: number; level: Level }[] {
  const out: { v: number; level: Level }[] = [];
  forEachMapping(mm.pt.root, mm.pt.nlevels, (v, level) => out.push({ v, level }));
  return out;
}

const folio = (k: Kernel, pfn: number) => {
  const f = k.mem.folioAt(asPfn(pfn));
  if (!f) throw new Error(`no folio at ${pfn.toString(16)}`);
  return f;
};

const branches = (ev: readonly TraceEvent[], id: string) => ev.filter((e) => e.t === 'branch' && e.id === id);

describe('forkOp: process handling', () => {
  it('creates the child with a new pid and copies the VMAs with new ids', () => {
    const k = newKernel('v6.18');
    mmap(k, A0, 4, RW, { type: 'anon' });
    const r = run(k, { op: 'fork', proc: 'A', child: 'B' });
    const b = proc(k, 'B');
    expect(r.result).toBe(String(b.pid));
    expect(b.pid).not.toBe(proc(k, 'A').pid);
    expect(b.vmas).toHaveLength(1);
    expect(b.vmas[0]?.start).toBe(A0);
    expect(b.vmas[0]?.id).not.toBe(proc(k, 'A').vmas[0]?.id);
    expect(k.trace.take().some((e) => e.t === 'vma' && e.proc === 'B' && e.fn === 'dup_mmap')).toBe(true);
  });

  it('refuses an existing child name (EEXIST) and a missing or dead parent (ESRCH)', () => {
    const k = newKernel('baseline');
    k.newProcess('B');
    expect(run(k, { op: 'fork', proc: 'A', child: 'B' }).result).toBe('EEXIST');
    expect(run(k, { op: 'fork', proc: 'nobody', child: 'C' }).result).toBe('ESRCH');
    proc(k, 'A').oopsed = true;
    expect(run(k, { op: 'fork', proc: 'A', child: 'C' }).result).toBe('ESRCH');
    expect(k.procs.has('C')).toBe(false);
  });

  it('does not duplicate VM_DONTCOPY VMAs (gntdev with use_ptemod)', () => {
    const k = newKernel('v6.18');
    mmap(k, A0, 2, RW, { type: 'gntdev', pages: [asPfn(0x6000), null] }, { shared: true });
    mmap(k, P0, 1, RW, { type: 'anon' });
    expect((proc(k, 'A').vmas.find((m) => m.start === A0)?.flags ?? 0) & VM.DONTCOPY).toBe(VM.DONTCOPY);
    run(k, { op: 'fork', proc: 'A', child: 'B' });
    const b = proc(k, 'B');
    expect(b.vmas.map((m) => m.start)).toEqual([P0]);
    expect(branches(k.trace.take(), 'fork-dontcopy')).toHaveLength(1);
  });
});

describe('S-55: fork with only zero-page PTEs and no anon_vma', () => {
  for (const variant of ['baseline', 'rfc-14', 'v6.18'] as VariantId[]) {
    for (const preset of ['x86-64', 'no-pte-special'] as ArchPresetId[]) {
      it(`${variant} ${preset}: VMA copied, page tables not, child refaults`, () => {
        const k = newKernel(variant, preset);
        mmap(k, A0, 4, RW, { type: 'anon' });
        for (let i = 0; i < 4; i++)
          expect(run(k, { op: 'read', proc: 'A', addr: at(A0 + i) }).result).toBe('0');
        const a = proc(k, 'A');
        expect(a.vmas[0]?.anonVma).toBe(false);
        k.trace.take();
        run(k, { op: 'fork', proc: 'A', child: 'B' });
        const b = proc(k, 'B');
        expect(b.vmas).toHaveLength(1);
        expect(mappings(b)).toEqual([]);
        expect(b.counters).toEqual({ anon: 0, file: 0, pgtables: 0 });
        const ev = k.trace.take();
        expect(branches(ev, 'fork-skip')).toHaveLength(1);
        expect(calls(ev, 'vm_normal_page')).toHaveLength(0);
        // The child refaults: a read maps the zero page again.
        expect(run(k, { op: 'read', proc: 'B', addr: at(A0 + 1) }).result).toBe('0');
        expect(leafAt(b, A0 + 1).pfn).toBe(0x42);
      });
    }
  }
});

describe('S-56: fork with an anon page and a zero PTE', () => {
  for (const variant of ['baseline', 'rfc-08', 'rfc-14', 'v6.18'] as VariantId[]) {
    for (const preset of ['x86-64', 'no-pte-special'] as ArchPresetId[]) {
      it(`${variant} ${preset}`, () => {
        const k = newKernel(variant, preset);
        mmap(k, A0, 4, RW, { type: 'anon' });
        run(k, { op: 'write', proc: 'A', addr: at(A0), value: 'p' });
        run(k, { op: 'read', proc: 'A', addr: at(A0 + 1) });
        const a = proc(k, 'A');
        const p = leafAt(a, A0).pfn;
        expect(leafAt(a, A0).write).toBe(true);
        expect(folio(k, p)).toMatchObject({ refcount: 1, mapcount: 1, anonExclusive: true });
        const zeroBefore = folio(k, 0x42);
        k.trace.take();
        run(k, { op: 'fork', proc: 'A', child: 'B' });
        const b = proc(k, 'B');
        expect(folio(k, p)).toMatchObject({ refcount: 2, mapcount: 2, anonExclusive: false });
        expect(leafAt(a, A0)).toMatchObject({ pfn: p, write: false });
        expect(leafAt(b, A0)).toMatchObject({ pfn: p, write: false, young: false });
        // zero PTE copied as is, no counters
        expect(leafAt(b, A0 + 1)).toMatchObject({
          pfn: 0x42,
          write: false,
          special: leafAt(a, A0 + 1).special,
        });
        expect(folio(k, 0x42)).toEqual(zeroBefore);
        expect(b.counters).toEqual({ anon: 1, file: 0, pgtables: 3 });
        expect(b.vmas[0]?.anonVma).toBe(true);
        const ev = k.trace.take();
        expect(calls(ev, 'vm_normal_page')).toHaveLength(2);
        expect(reports(ev, 'bad_page_map')).toHaveLength(0);
        // Both exit cleanly: the accounting balances.
        run(k, { op: 'exit', proc: 'B' });
        run(k, { op: 'exit', proc: 'A' });
        expect(reports(k.trace.take(), 'bad_rss')).toHaveLength(0);
        expect(k.mem.folioAt(asPfn(p))).toBeUndefined();
      });
    }
  }

  it('after fork, a write in the child copies the page; the parent keeps p', () => {
    const k = newKernel('v6.18');
    mmap(k, A0, 1, RW, { type: 'anon' });
    run(k, { op: 'write', proc: 'A', addr: at(A0), value: 'p' });
    const p = leafAt(proc(k, 'A'), A0).pfn;
    run(k, { op: 'fork', proc: 'A', child: 'B' });
    run(k, { op: 'write', proc: 'B', addr: at(A0), value: 'q' });
    const q = leafAt(proc(k, 'B'), A0).pfn;
    expect(q).not.toBe(p);
    expect(folio(k, p)).toMatchObject({ refcount: 1, mapcount: 1, content: 'p' });
    expect(folio(k, q).content).toBe('q');
  });

  it('a shared mapping: the child PTE is clean, nothing is write-protected, file rmap and RSS', () => {
    const k = newKernel('v6.18');
    mmap(k, A0, 1, RW, { type: 'anon' }, { shared: true });
    run(k, { op: 'write', proc: 'A', addr: at(A0), value: 's' });
    const a = proc(k, 'A');
    const pte = leafAt(a, A0);
    expect(pte).toMatchObject({ write: true, dirty: true });
    const before = folio(k, pte.pfn);
    run(k, { op: 'fork', proc: 'A', child: 'B' });
    const b = proc(k, 'B');
    // A shared anon mapping is shmem: no anon_vma, not PFNMAP, so vma_needs_copy() says refault.
    expect(mappings(b)).toEqual([]);
    expect(folio(k, pte.pfn)).toEqual(before);
    expect(leafAt(a, A0).write).toBe(true);
  });

  it('a shared PFNMAP is copied: child PTE clean and old, parent untouched, no refcount', () => {
    const k = newKernel('v6.18');
    run(k, {
      op: 'mmap',
      proc: 'A',
      addr: at(A0),
      bytes: 2 * 4096,
      prot: RW,
      shared: true,
      backing: { type: 'devmem', openMode: 'rdwr' },
      offsetBytes: 0xfe000 * 4096,
      hugepage: false,
    });
    run(k, {
      op: 'inject',
      proc: 'A',
      addr: at(A0 + 1),
      level: 'pte',
      entry: { type: 'leaf', pfn: 0xfe001, special: true, write: true, dirty: true, young: true },
    });
    const a = proc(k, 'A');
    run(k, { op: 'fork', proc: 'A', child: 'B' });
    const b = proc(k, 'B');
    expect(leafAt(b, A0 + 1)).toMatchObject({
      pfn: 0xfe001,
      write: true,
      dirty: false,
      young: false,
      special: true,
    });
    expect(leafAt(a, A0 + 1)).toMatchObject({ write: true, dirty: true, young: true });
    expect(b.counters.anon + b.counters.file).toBe(0);
  });
});

describe('S-57: fork with a CoW PFNMAP after a CoW write (S-52)', () => {
  for (const variant of ['baseline', 'rfc-14', 'v6.18'] as VariantId[]) {
    for (const preset of ['x86-64', 'no-pte-special'] as ArchPresetId[]) {
      it(`${variant} ${preset}`, () => {
        const k = newKernel(variant, preset);
        const r = run(k, {
          op: 'mmap',
          proc: 'A',
          addr: at(P0),
          bytes: 4 * 4096,
          prot: RW,
          shared: false,
          backing: { type: 'devmem', openMode: 'rdwr' },
          offsetBytes: 0x4000 * 4096,
          hugepage: false,
        });
        expect(r.result).toBe('0x20000000');
        expect(run(k, { op: 'write', proc: 'A', addr: at(P0 + 1), value: 'cow' }).result).toBe('0');
        const a = proc(k, 'A');
        const p = leafAt(a, P0 + 1).pfn;
        expect(p).not.toBe(0x4001);
        k.trace.take();
        run(k, { op: 'fork', proc: 'A', child: 'B' });
        const b = proc(k, 'B');
        expect((b.vmas[0]?.flags ?? 0) & VM.PFNMAP).toBe(VM.PFNMAP);
        for (const i of [0, 2, 3]) {
          expect(leafAt(b, P0 + i)).toMatchObject({ pfn: 0x4000 + i, write: false, young: false });
          expect(k.mem.folioAt(asPfn(0x4000 + i))).toBeUndefined();
        }
        expect(folio(k, p)).toMatchObject({ refcount: 2, mapcount: 2, anonExclusive: false });
        expect(leafAt(a, P0 + 1).write).toBe(false);
        expect(leafAt(b, P0 + 1)).toMatchObject({ pfn: p, write: false });
        expect(b.counters).toMatchObject({ anon: 1, file: 0 });
        const ev = k.trace.take();
        expect(calls(ev, 'vm_normal_page').reduce((n, e) => n + (e.count ?? 1), 0)).toBe(4);
        expect(reports(ev, 'bad_page_map')).toHaveLength(0);
      });
    }
  }
});

describe('S-58: fork with the huge zero PMD (baseline vs RFC 08 vs v6.18)', () => {
  function thpRead(variant: VariantId, preset: ArchPresetId) {
    const k = newKernel(variant, preset);
    mmap(k, T0, 512, RO, { type: 'anon' }, { hugepage: true });
    expect(thpFault(k, T0 + 3, false).result).toBe('0');
    const a = proc(k, 'A');
    const pmd = leafAt(a, T0, 'pmd');
    expect(pmd.pfn).toBe(0x200);
    expect(a.hugeZeroRef).toBe(true);
    k.trace.take();
    run(k, { op: 'fork', proc: 'A', child: 'B' });
    return { k, a, b: proc(k, 'B'), ev: k.trace.take(), parentPmd: pmd };
  }

  it('baseline: not special, huge zero path: reference, deposit, write-protected and old', () => {
    const { k, b, ev, parentPmd } = thpRead('baseline', 'x86-64');
    expect(parentPmd.special).toBe(false);
    expect(leafAt(b, T0, 'pmd')).toMatchObject({
      pfn: 0x200,
      write: false,
      young: false,
      special: false,
      deposit: true,
    });
    expect(b.hugeZeroRef).toBe(true);
    expect(b.counters).toEqual({ anon: 0, file: 0, pgtables: 3 });
    expect(k.snapshot().hugeZeroRefcount).toBe(3);
    expect(branches(ev, 'fork-pmd-huge-zero')).toHaveLength(1);
  });

  for (const variant of ['rfc-08', 'rfc-14'] as VariantId[]) {
    it(`${variant} x86-64: the special huge zero PMD takes the pmd_special shortcut (the bug)`, () => {
      const { k, b, ev, parentPmd } = thpRead(variant, 'x86-64');
      expect(parentPmd.special).toBe(true);
      const child = leafAt(b, T0, 'pmd');
      expect(child).toMatchObject({ pfn: 0x200, write: false, young: false, special: true });
      expect(child.deposit).toBeUndefined();
      expect(b.hugeZeroRef).toBe(false);
      expect(b.counters).toEqual({ anon: 0, file: 0, pgtables: 2 });
      expect(k.snapshot().hugeZeroRefcount).toBe(2);
      expect(branches(ev, 'fork-pmd-special-hz')).toHaveLength(1);
    });
  }

  it('rfc-08 x86-32 THP: pmd_mkspecial() is a no-op, so the huge zero path is taken', () => {
    const { b, parentPmd } = thpRead('rfc-08', 'x86-32-thp');
    expect(parentPmd.special).toBe(false);
    expect(leafAt(b, T0, 'pmd')).toMatchObject({ deposit: true, write: false });
    expect(b.hugeZeroRef).toBe(true);
  });

  for (const preset of ['x86-64', 'x86-32-thp'] as ArchPresetId[]) {
    it(`v6.18 ${preset}: the shortcut excludes the huge zero PMD`, () => {
      const { k, b, ev, parentPmd } = thpRead('v6.18', preset);
      expect(parentPmd.special).toBe(preset === 'x86-64');
      expect(leafAt(b, T0, 'pmd')).toMatchObject({
        pfn: 0x200,
        write: false,
        young: false,
        special: parentPmd.special,
        deposit: true,
      });
      expect(b.hugeZeroRef).toBe(true);
      expect(b.counters).toEqual({ anon: 0, file: 0, pgtables: 3 });
      expect(k.snapshot().hugeZeroRefcount).toBe(3);
      expect(branches(ev, 'fork-pmd-special-excl')).toHaveLength(preset === 'x86-64' ? 1 : 0);
      expect(branches(ev, 'fork-pmd-huge-zero')).toHaveLength(1);
      // The child exits cleanly and drops its reference.
      run(k, { op: 'exit', proc: 'B' });
      expect(reports(k.trace.take(), 'bad_rss')).toHaveLength(0);
      expect(k.snapshot().hugeZeroRefcount).toBe(2);
    });
  }

  it('an anon THP: refcount and mapcount +1, exclusive cleared, +512 anon, both write-protected', () => {
    const k = newKernel('v6.18');
    mmap(k, T0, 512, RW, { type: 'anon' }, { hugepage: true });
    thpFault(k, T0, true, 'x');
    const a = proc(k, 'A');
    const pmd = leafAt(a, T0, 'pmd');
    expect(pmd.write).toBe(true);
    run(k, { op: 'fork', proc: 'A', child: 'B' });
    const b = proc(k, 'B');
    expect(folio(k, pmd.pfn)).toMatchObject({ order: 9, refcount: 2, mapcount: 2, anonExclusive: false });
    expect(leafAt(a, T0, 'pmd').write).toBe(false);
    expect(leafAt(b, T0, 'pmd')).toMatchObject({ pfn: pmd.pfn, write: false, young: false, deposit: true });
    expect(b.counters).toEqual({ anon: 512, file: 0, pgtables: 3 });
    run(k, { op: 'exit', proc: 'B' });
    expect(reports(k.trace.take(), 'bad_rss')).toHaveLength(0);
    expect(folio(k, pmd.pfn)).toMatchObject({ refcount: 1, mapcount: 1 });
  });

  it('a non-special PMD in a non-anonymous VMA is skipped (refault); the PMD table is still allocated', () => {
    const k = newKernel('baseline', 'no-pte-special');
    const flags = VM.READ | VM.MAYREAD | VM.MAYWRITE | VM.PFNMAP | VM.IO;
    mmap(k, T0, 512, RO, { type: 'raw-flags', flags, pgoff: 0x40000 });
    run(k, {
      op: 'inject',
      proc: 'A',
      addr: at(T0),
      level: 'pmd',
      entry: { type: 'leaf', pfn: 0x40000, special: true, write: false, dirty: false, young: true },
    });
    run(k, { op: 'fork', proc: 'A', child: 'B' });
    const b = proc(k, 'B');
    expect(mappings(b)).toEqual([]);
    expect(b.counters.pgtables).toBe(2);
    expect(branches(k.trace.take(), 'fork-pmd-refault')).toHaveLength(1);
  });

  it('a special pfnmap PMD is copied as is; a writable one in a CoW mapping warns (VM_WARN_ON_ONCE)', () => {
    const k = newKernel('v6.18');
    const flags = VM.READ | VM.WRITE | VM.MAYREAD | VM.MAYWRITE | VM.PFNMAP | VM.IO;
    mmap(k, T0, 512, RW, { type: 'raw-flags', flags, pgoff: 0xfe000 });
    run(k, {
      op: 'inject',
      proc: 'A',
      addr: at(T0),
      level: 'pmd',
      entry: { type: 'leaf', pfn: 0x40000, special: true, write: true, dirty: true, young: true },
    });
    k.trace.take();
    run(k, { op: 'fork', proc: 'A', child: 'B' });
    const ev = k.trace.take();
    expect(leafAt(proc(k, 'B'), T0, 'pmd')).toMatchObject({
      pfn: 0x40000,
      special: true,
      write: true,
      young: false,
    });
    // copy_huge_pmd() does not write-protect on this path: it only warns.
    expect(leafAt(proc(k, 'A'), T0, 'pmd').write).toBe(true);
    expect(reports(ev, 'vm_warn').map((e) => (e.t === 'report' ? e.site : ''))).toEqual([
      'mm/huge_memory.c:copy_huge_pmd',
    ]);
  });
});

describe('copy_huge_pud and non-present entries', () => {
  it('a writable PUD leaf in a CoW PFNMAP is write-protected in both, the child is old', () => {
    const k = newKernel('v6.18');
    const flags = VM.READ | VM.WRITE | VM.MAYREAD | VM.MAYWRITE | VM.PFNMAP | VM.IO;
    mmap(k, 0x40000, 0x40000, RW, { type: 'raw-flags', flags, pgoff: 0xc0000 });
    run(k, {
      op: 'inject',
      proc: 'A',
      addr: at(0x40000),
      level: 'pud',
      entry: { type: 'leaf', pfn: 0xc0000, special: true, write: true, dirty: true, young: true },
    });
    run(k, { op: 'fork', proc: 'A', child: 'B' });
    expect(leafAt(proc(k, 'A'), 0x40000, 'pud').write).toBe(false);
    expect(leafAt(proc(k, 'B'), 0x40000, 'pud')).toMatchObject({
      pfn: 0xc0000,
      write: false,
      young: false,
      special: true,
    });
    expect(proc(k, 'B').counters.pgtables).toBe(1);
  });

  it('swap and migration PTEs are copied; a writable migration entry becomes readable in both', () => {
    const k = newKernel('baseline');
    mmap(k, A0, 4, RW, { type: 'anon' });
    run(k, { op: 'write', proc: 'A', addr: at(A0), value: 'x' });
    run(k, {
      op: 'inject',
      proc: 'A',
      addr: at(A0 + 1),
      level: 'pte',
      entry: { type: 'swap', offset: 0x77, write: false },
    });
    run(k, {
      op: 'inject',
      proc: 'A',
      addr: at(A0 + 2),
      level: 'pte',
      entry: { type: 'migration', offset: 0x1000, write: true },
    });
    run(k, { op: 'fork', proc: 'A', child: 'B' });
    const b = proc(k, 'B');
    expect(entry(b, A0 + 1)).toEqual({ kind: 'swap', type: 'swap', offset: 0x77, write: false });
    expect(entry(b, A0 + 2)).toEqual({ kind: 'swap', type: 'migration', offset: 0x1000, write: false });
    expect(entry(proc(k, 'A'), A0 + 2)).toEqual({
      kind: 'swap',
      type: 'migration',
      offset: 0x1000,
      write: false,
    });
  });
});

describe('trace folding', () => {
  it('a fork of 256 anon pages gives a compact trace', () => {
    const k = newKernel('v6.18');
    mmap(k, A0, 256, RW, { type: 'anon' });
    for (let i = 0; i < 256; i++) run(k, { op: 'write', proc: 'A', addr: at(A0 + i) });
    k.trace.take();
    run(k, { op: 'fork', proc: 'A', child: 'B' });
    const ev = k.trace.take();
    expect(ev.length).toBeLessThan(40);
    const childRun = ev.find((e) => e.t === 'entry' && e.proc === 'B' && e.level === 'pte');
    expect(childRun?.count).toBe(256);
    expect(proc(k, 'B').counters.anon).toBe(256);
  });
});
