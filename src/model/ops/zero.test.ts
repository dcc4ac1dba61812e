/**
 * Coloured zero pages (kernel-semantics.md §3.17): with __HAVE_COLOR_ZERO_PAGE (arch/mips, arch/s390) there
 * are 2^order zero pages, is_zero_pfn() is true for each (include/linux/pgtable.h) and my_zero_pfn(addr)
 * picks the one of the address's colour (ZERO_PAGE(vaddr) = empty_zero_page + (vaddr & zero_page_mask)).
 * do_anonymous_page(), __split_huge_zero_page_pmd() and dax_load_hole() map my_zero_pfn(addr).
 */
import { describe, expect, it } from 'vitest';
import type { ArchPresetId } from '../config';
import { memLayout } from '../physmem';
import { asPfn } from '../units';
import type { VariantId } from '../variants';
import {
  A0,
  inject,
  LAYOUT,
  leafAt,
  leafSpec,
  mmap,
  proc,
  query,
  RW,
  run,
  T0,
  thpFault,
  walk,
  world,
  writeOp,
} from './testkit';

/** Eight zero pages at 0x40-0x47, as MIPS with virtual aliasing caches has (order 3). */
const COLOURED = memLayout({ ...LAYOUT, zeroPfn: 0x40, zeroPages: 8 });
const Z = 0x40;

const VARIANTS: VariantId[] = ['baseline', 'v6.17', 'rfc-10', 'rfc-14', 'v6.18', 'fix-2026'];
const PRESETS: ArchPresetId[] = ['x86-64', 'no-pte-special'];

/** The branch that calls a zero pfn NULL, per body and configuration (kernel-semantics.md §2). */
function zeroBranch(variant: VariantId, preset: ArchPresetId): string {
  const y = preset !== 'no-pte-special';
  if (variant === 'baseline' || variant === 'v6.17') return y ? 'B-P4' : 'B-N3';
  if (variant.startsWith('rfc-')) return y ? 'R-P1c' : 'R-N3';
  return y ? 'M-S1c' : 'M-N3';
}

for (const variant of VARIANTS) {
  for (const preset of PRESETS) {
    describe(`coloured zero pages, ${variant} ${preset}`, () => {
      it('a read fault maps the zero page of the address colour; each is NULL to vm_normal_page()', () => {
        const k = world(variant, preset, COLOURED);
        mmap(k, A0, 16, RW, { type: 'anon' });
        for (let i = 0; i < 16; i++) {
          expect(run(k, { op: 'read', proc: 'A', addr: { vpn: (A0 + i) as never, off: 0 } }).result).toBe(
            '0',
          );
          expect(leafAt(proc(k), A0 + i)).toMatchObject({
            pfn: Z + (i % 8),
            special: preset !== 'no-pte-special',
          });
        }
        for (const i of [0, 3, 15]) {
          const q = query(k, A0 + i, 'vm_normal_page');
          expect(q.result, `colour ${i % 8}`).toBe('NULL');
          expect(q.detail?.startsWith(`${zeroBranch(variant, preset)}:`)).toBe(true);
        }
        // FW_ZEROPAGE finds any colour as the zero page.
        expect(walk(k, A0 + 5, true).result).toBe('found 0x45 (zeropage, pte)');
      });

      it('a write on a coloured zero PTE copies nothing: wp_page_copy() of the zero page', () => {
        const k = world(variant, preset, COLOURED);
        mmap(k, A0, 8, RW, { type: 'anon' });
        run(k, { op: 'read', proc: 'A', addr: { vpn: (A0 + 6) as never, off: 0 } });
        k.trace.take();
        expect(run(k, writeOp(A0 + 6, 'x')).result).toBe('0');
        expect(k.trace.take()).toContainEqual(expect.objectContaining({ t: 'branch', id: 'WPC-zero' }));
        expect(leafAt(proc(k), A0 + 6).pfn).not.toBe(Z + 6);
        expect(k.mem.folioAt(asPfn(Z + 6))).toMatchObject({ kind: 'zero', refcount: 1, mapcount: 0 });
      });

      it('is_zero_pfn() covers exactly the block: the last colour is zero, the page after it is not', () => {
        const k = world(variant, preset, COLOURED);
        mmap(k, A0, 4, RW, { type: 'anon' });
        inject(k, A0, 'pte', leafSpec(Z + 7, { special: true }));
        inject(k, A0 + 1, 'pte', leafSpec(Z + 8, { special: true }));
        expect(query(k, A0, 'vm_normal_page').result).toBe('NULL');
        const after = query(k, A0 + 1, 'vm_normal_page');
        // With pte_special the special PTE of a non-zero pfn in an anon VMA is a "Bad page map"; without
        // it the pfn is an ordinary page.
        expect(after.result).toBe(preset === 'no-pte-special' ? 'page 0x48' : 'NULL');
        expect(after.detail).not.toMatch(/zero/);
      });
    });
  }

  it(`${variant}: a split of the huge zero PMD fills 512 PTEs colour by colour`, () => {
    const k = world(variant, 'x86-64', COLOURED);
    k.cfg.thpAllocSucceeds = false;
    mmap(k, T0, 512, RW, { type: 'anon' }, { hugepage: true });
    thpFault(k, T0, false);
    expect(leafAt(proc(k), T0, 'pmd').pfn).toBe(0x200);
    thpFault(k, T0 + 9, true, 'w');
    const mm = proc(k);
    for (const i of [0, 1, 7, 8, 100, 511]) expect(leafAt(mm, T0 + i).pfn, `PTE ${i}`).toBe(Z + (i % 8));
    expect(leafAt(mm, T0 + 9).pfn).not.toBe(Z + 1);
  });

  it(`${variant}: dax_load_hole() maps my_zero_pfn(vaddr)`, () => {
    const k = world(variant, 'x86-64', COLOURED);
    mmap(
      k,
      A0,
      8,
      { read: true, write: false, exec: false },
      { type: 'dax', file: 'pmem' },
      { shared: true },
    );
    run(k, { op: 'read', proc: 'A', addr: { vpn: (A0 + 3) as never, off: 0 } });
    expect(leafAt(proc(k), A0 + 3).pfn).toBe(Z + 3);
  });
}

describe('without colours (every other architecture)', () => {
  it('my_zero_pfn() is zero_pfn at every address and the next pfn is not a zero page', () => {
    const k = world('v6.18', 'no-pte-special');
    mmap(k, A0, 4, RW, { type: 'anon' });
    for (let i = 0; i < 4; i++) {
      run(k, { op: 'read', proc: 'A', addr: { vpn: (A0 + i) as never, off: 0 } });
      expect(leafAt(proc(k), A0 + i).pfn).toBe(0x42);
    }
    expect(k.mem.isZeroPfn(asPfn(0x43))).toBe(false);
  });
});
