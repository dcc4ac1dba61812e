import { describe, expect, it } from 'vitest';
import type { ArchPresetId } from '../config';
import type { LeafEntry, Level } from '../entry';
import type { Kernel } from '../kernel';
import type { Mm } from '../mm';
import type { TraceEvent } from '../trace';
import type { Vpn } from '../units';
import type { VariantId } from '../variants';
import { VM } from '../vma';
import { allocTables } from './common';
import { at, mmap, newKernel, RO, RW, run } from './testkit';
import type { InjectSpec, Op, OpResult, Prot } from './types';

const A0 = 0x10000; // anon private
const T0 = 0x200; // THP-eligible, 2 MiB aligned
const G0 = 0x40000; // 1 GiB aligned, for PUD leaves

function world(variant: VariantId, preset: ArchPresetId = 'x86-64'): Kernel {
  const k = newKernel(variant, preset);
  // KIND of §5: an anon THP at 0x1400 (not mapped anywhere yet), a file page at 0x2000, a slab page at 0x3000.
  k.mem.put({
    pfn: 0x1400,
    order: 9,
    kind: 'anon',
    refcount: 1,
    mapcount: 1,
    anonExclusive: true,
    content: 'thp',
  });
  k.mem.put({
    pfn: 0x2000,
    order: 0,
    kind: 'file',
    refcount: 1,
    mapcount: 0,
    anonExclusive: false,
    content: 'file',
  });
  k.mem.put({
    pfn: 0x3000,
    order: 0,
    kind: 'slab',
    refcount: 1,
    mapcount: 0,
    anonExclusive: false,
    content: 'slab',
  });
  return k;
}

const inject = (k: Kernel, vpn: number, level: 'pte' | 'pmd' | 'pud', entry: InjectSpec) =>
  run(k, { op: 'inject', proc: 'A', addr: at(vpn), level, entry });
const leafSpec = (
  pfn: number,
  bits: Partial<{ special: boolean; write: boolean; dirty: boolean; young: boolean }> = {},
): InjectSpec => ({
  type: 'leaf',
  pfn,
  special: bits.special ?? false,
  write: bits.write ?? false,
  dirty: bits.dirty ?? false,
  young: bits.young ?? true,
});
const query = (k: Kernel, vpn: number, fn: Extract<Op, { op: 'query' }>['fn']) =>
  run(k, { op: 'query', proc: 'A', addr: at(vpn), fn });
const walk = (k: Kernel, vpn: number, zeropage = false, migration = false) =>
  run(k, { op: 'folio_walk_start', proc: 'A', addr: at(vpn), zeropage, migration });
const mprotect = (k: Kernel, vpn: number, pages: number, prot: Prot, off = 0) =>
  run(k, { op: 'mprotect', proc: 'A', addr: at(vpn, off), bytes: pages * 4096, prot });

function proc(k: Kernel, name = 'A'): Mm {
  const mm = k.procs.get(name);
  if (!mm) throw new Error(`no process ${name}`);
  return mm;
}

function entry(mm: Mm, vpn: number, level: Level = 'pte') {
  const w = mm.pt.walk(vpn as Vpn, level);
  return w.level === level ? w.entry : undefined;
}

function leafAt(mm: Mm, vpn: number, level: Level = 'pte'): LeafEntry {
  const e = entry(mm, vpn, level);
  if (e?.kind !== 'leaf') throw new Error(`no ${level} leaf at vpn ${vpn.toString(16)}`);
  return e;
}

/** A THP read/write fault; the PMD table is allocated first as __handle_mm_fault() does (see fork.test.ts). */
function thpFault(k: Kernel, vpn: number, write: boolean): OpResult {
  allocTables(k, proc(k), vpn as Vpn, 'pmd', 'pmd_alloc');
  return run(k, write ? { op: 'write', proc: 'A', addr: at(vpn) } : { op: 'read', proc: 'A', addr: at(vpn) });
}

const reports = (ev: readonly TraceEvent[], kind: string) =>
  ev.filter((e) => e.t === 'report' && e.kind === kind && !e.suppressed);
const sites = (ev: readonly TraceEvent[], kind: string) =>
  reports(ev, kind).map((e) => (e.t === 'report' ? e.site : undefined));
const calls = (ev: readonly TraceEvent[], fn: string) => ev.filter((e) => e.t === 'call' && e.fn === fn);

// ---- mprotect -------------------------------------------------------------------------------------------

describe('mprotectOp: VMAs', () => {
  it('refuses an unaligned start (-EINVAL) and does nothing for len 0', () => {
    const k = world('v6.18');
    mmap(k, A0, 4, RW, { type: 'anon' });
    expect(mprotect(k, A0, 1, RO, 0x10).result).toBe('-EINVAL');
    expect(mprotect(k, A0, 0, RO).result).toBe('0');
    expect((proc(k).vmas[0]?.flags ?? 0) & VM.WRITE).toBe(VM.WRITE);
  });

  it('-ENOMEM when the range is not mapped; a hole stops the walk after the VMAs before it changed', () => {
    const k = world('v6.18');
    expect(mprotect(k, A0, 1, RO).result).toBe('-ENOMEM');
    mmap(k, A0, 2, RW, { type: 'anon' });
    mmap(k, A0 + 3, 2, RW, { type: 'anon' });
    expect(mprotect(k, A0, 5, RO).result).toBe('-ENOMEM');
    const [first, second] = proc(k).vmas;
    expect((first?.flags ?? 0) & VM.WRITE).toBe(0);
    expect((second?.flags ?? 0) & VM.WRITE).toBe(VM.WRITE);
    // Past the last VMA.
    expect(mprotect(k, A0 + 3, 4, RO).result).toBe('-ENOMEM');
  });

  it('-EACCES when adding write to a shared mapping without VM_MAYWRITE (/dev/mem O_RDONLY MAP_SHARED)', () => {
    const k = world('v6.18');
    const r = run(k, {
      op: 'mmap',
      proc: 'A',
      addr: at(A0),
      bytes: 2 * 4096,
      prot: RO,
      shared: true,
      backing: { type: 'devmem', openMode: 'rdonly' },
      offsetBytes: 0xfe000 * 4096,
      hugepage: false,
    });
    expect(r.result).toBe('0x10000000');
    expect(mprotect(k, A0, 2, RW).result).toBe('-EACCES');
    expect(mprotect(k, A0, 2, { read: true, write: false, exec: true }).result).toBe('0');
  });

  it('splits the VMA at the range boundaries, keeping pgoff continuous', () => {
    const k = world('v6.18');
    mmap(k, A0, 4, RW, { type: 'anon' });
    const id = proc(k).vmas[0]?.id;
    expect(mprotect(k, A0 + 1, 2, RO).result).toBe('0');
    const vmas = proc(k).vmas;
    expect(vmas.map((m) => [m.start - A0, m.end - A0, m.pgoff - A0, (m.flags & VM.WRITE) !== 0])).toEqual([
      [0, 1, 0, true],
      [1, 3, 1, false],
      [3, 4, 3, true],
    ]);
    expect(vmas[0]?.id).toBe(id);
    expect(new Set(vmas.map((m) => m.id)).size).toBe(3);
    const ev = k.trace.take();
    expect(ev.some((e) => e.t === 'vma' && e.action === 'change' && e.text.includes('split into 3'))).toBe(
      true,
    );
  });
});

describe('mprotectOp: entries (change_pte_range, can_change_pte_writable)', () => {
  it('removes write, then gives it back only to exclusive anon pages (not the zero page)', () => {
    const k = world('v6.18');
    mmap(k, A0, 4, RW, { type: 'anon' });
    run(k, { op: 'write', proc: 'A', addr: at(A0) });
    run(k, { op: 'write', proc: 'A', addr: at(A0 + 1) });
    run(k, { op: 'read', proc: 'A', addr: at(A0 + 2) });
    const a = proc(k);
    expect(mprotect(k, A0, 4, RO).result).toBe('0');
    expect([0, 1, 2].map((i) => leafAt(a, A0 + i).write)).toEqual([false, false, false]);
    k.trace.take();
    expect(mprotect(k, A0, 4, RW).result).toBe('0');
    expect([0, 1, 2].map((i) => leafAt(a, A0 + i).write)).toEqual([true, true, false]);
    const ev = k.trace.take();
    expect(calls(ev, 'vm_normal_page').reduce((n, e) => n + (e.count ?? 1), 0)).toBe(3);
  });

  it('after fork the anon page is not exclusive: it stays read-only', () => {
    const k = world('baseline');
    mmap(k, A0, 1, RW, { type: 'anon' });
    run(k, { op: 'write', proc: 'A', addr: at(A0) });
    run(k, { op: 'fork', proc: 'A', child: 'B' });
    mprotect(k, A0, 1, RO);
    mprotect(k, A0, 1, RW);
    expect(leafAt(proc(k), A0).write).toBe(false);
    expect(k.trace.take().some((e) => e.t === 'branch' && e.id === 'CCW-not-exclusive')).toBe(true);
  });

  it('a shared writable mapping gets the write bit from vm_page_prot', () => {
    const k = world('v6.18');
    const r = run(k, {
      op: 'mmap',
      proc: 'A',
      addr: at(A0),
      bytes: 4096,
      prot: RW,
      shared: true,
      backing: { type: 'devmem', openMode: 'rdwr' },
      offsetBytes: 0xfe000 * 4096,
      hugepage: false,
    });
    expect(r.result).toBe('0x10000000');
    expect(leafAt(proc(k), A0).write).toBe(true);
    mprotect(k, A0, 1, RO);
    expect(leafAt(proc(k), A0)).toMatchObject({ write: false, special: true, pfn: 0xfe000 });
    mprotect(k, A0, 1, RW);
    expect(leafAt(proc(k), A0).write).toBe(true);
  });

  it('makes a writable migration entry readable; other non-present entries are left alone', () => {
    const k = world('v6.18');
    mmap(k, A0, 2, RW, { type: 'anon' });
    inject(k, A0, 'pte', { type: 'migration', offset: 0x1000, write: true });
    inject(k, A0 + 1, 'pte', { type: 'swap', offset: 0x5, write: true });
    mprotect(k, A0, 2, { read: true, write: true, exec: true });
    expect(entry(proc(k), A0)).toEqual({ kind: 'swap', type: 'migration', offset: 0x1000, write: false });
    expect(entry(proc(k), A0 + 1)).toEqual({ kind: 'swap', type: 'swap', offset: 0x5, write: true });
  });

  it('splits a huge PMD the range covers in part', () => {
    const k = world('v6.18');
    mmap(k, T0, 512, RW, { type: 'anon' }, { hugepage: true });
    thpFault(k, T0, true);
    const pfn = leafAt(proc(k), T0, 'pmd').pfn;
    mprotect(k, T0, 4, RO);
    const a = proc(k);
    expect(leafAt(a, T0 + 3)).toMatchObject({ pfn: pfn + 3, write: false });
    expect(leafAt(a, T0 + 4)).toMatchObject({ pfn: pfn + 4, write: true });
  });
});

describe('S-54-like: mprotect(PROT_READ|PROT_WRITE) over a huge zero PMD (change_huge_pmd)', () => {
  const cases: { variant: VariantId; preset: ArchPresetId; branch: string; warn: boolean }[] = [
    { variant: 'baseline', preset: 'x86-64', branch: 'B-M4', warn: false },
    { variant: 'rfc-08', preset: 'x86-64', branch: 'B-M1', warn: false },
    { variant: 'v6.18', preset: 'x86-64', branch: 'M-S1c', warn: false },
    // §2.5: no PMD special bit, so v6.18 returns the huge zero page with a VM_WARN (powerpc's S-54 symptom).
    { variant: 'v6.18', preset: 'x86-32-thp', branch: 'M-OK', warn: true },
    { variant: 'fix-2026', preset: 'x86-32-thp', branch: 'M-N3', warn: false },
  ];
  for (const c of cases) {
    it(`${c.variant} ${c.preset}: stays read-only${c.warn ? ', with the VM_WARN of __vm_normal_page' : ''}`, () => {
      const k = world(c.variant, c.preset);
      mmap(k, T0, 1024, RO, { type: 'anon' }, { hugepage: true });
      expect(thpFault(k, T0, false).result).toBe('0');
      const before = leafAt(proc(k), T0, 'pmd');
      expect(before.pfn).toBe(0x200);
      k.trace.take();
      expect(mprotect(k, T0, 512, RW).result).toBe('0');
      const ev = k.trace.take();
      const after = leafAt(proc(k), T0, 'pmd');
      expect(after).toEqual(before);
      expect(ev.some((e) => e.t === 'branch' && e.id === c.branch)).toBe(true);
      expect(calls(ev, 'can_change_pmd_writable')).toHaveLength(1);
      expect(sites(ev, 'vm_warn')).toEqual(c.warn ? ['mm/memory.c:__vm_normal_page:zero'] : []);
    });
  }

  it('an exclusive anon THP becomes writable again', () => {
    const k = world('v6.18');
    mmap(k, T0, 512, RW, { type: 'anon' }, { hugepage: true });
    thpFault(k, T0, true);
    mprotect(k, T0, 512, RO);
    expect(leafAt(proc(k), T0, 'pmd').write).toBe(false);
    mprotect(k, T0, 512, RW);
    expect(leafAt(proc(k), T0, 'pmd')).toMatchObject({ write: true, deposit: true });
  });
});

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
      // RFC 13 has RFC 11's rule (R-F1: not CoW), v6.18 the linearity rule (M-N2a).
      const id = variant === 'rfc-13' ? 'R-F1' : 'M-N2a';
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

// ---- inject ---------------------------------------------------------------------------------------------

describe('injectOp', () => {
  it('writes a raw PTE, allocating (and counting) the tables, without any other counter', () => {
    const k = world('v6.18');
    const f = k.mem.folioAt(0x2000);
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
    expect(a.counters).toEqual({ anon: 0, file: 0, pgtables: 4 });
    expect(k.mem.folioAt(0x2000)).toEqual(f);
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
    expect(a.counters.pgtables).toBe(4);
    expect(inject(k, T0 + 7, 'pmd', leafSpec(0x1400, { write: true })).result).toBe('0');
    expect(a.counters.pgtables).toBe(3);
    expect(leafAt(a, T0 + 300, 'pmd').pfn).toBe(0x1400);
    const r = inject(k, T0 + 1, 'pte', leafSpec(0x2000));
    expect(r.result).toBe('-EEXIST');
    expect(r.detail).toContain('pmd leaf');
    expect(inject(k, T0, 'pmd', { type: 'none' }).result).toBe('0');
    expect(entry(a, T0, 'pmd')).toBeUndefined();
    expect(inject(k, T0 + 1, 'pte', leafSpec(0x2000)).result).toBe('0');
    expect(a.counters.pgtables).toBe(4);
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
    expect(query(k, G0 + 5, 'vm_normal_page_pud')).toMatchObject({ result: 'NULL' });
    expect(query(k, G0 + 5, 'vm_normal_page_pud').detail?.startsWith('M-N2a:')).toBe(true);
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
