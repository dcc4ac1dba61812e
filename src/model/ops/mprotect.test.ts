/** mprotect(): VMAs, entries, and the huge zero PMD (S-54). */

import { describe, expect, it } from 'vitest';
import type { ArchPresetId } from '../config';
import type { VariantId } from '../variants';
import { VM } from '../vma';
import {
  A0,
  at,
  calls,
  entry,
  inject,
  leafAt,
  mmap,
  mprotect,
  proc,
  RO,
  RW,
  run,
  sites,
  T0,
  thpFault,
  world,
} from './testkit';

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
