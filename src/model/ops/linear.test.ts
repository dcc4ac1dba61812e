/**
 * The PFNMAP linearity test at PMD and PUD level reads the address the caller passed (kernel-semantics.md
 * §1 LINEAR, §2.2 B-M3a, §2.3 R-N2a, §2.4 M-N2a): `off = (addr - vma->vm_start) >> PAGE_SHIFT` and
 * `pmd_pfn(pmd) == vma->vm_pgoff + off` (mm/memory.c vm_normal_page_pmd() before the series,
 * vm_normal_page_pfn() in RFC 10, __vm_normal_page() from v6.18). folio_walk_start() passes the address it
 * walks, so inside a huge entry the head pfn is compared with the pfn linear at that address.
 *
 * The world: a CoW PFNMAP VMA (VM_PFNMAP | VM_MAYWRITE, not shared) with vm_pgoff 0x1000, a non-special
 * huge entry at its start, asked at vm_start + 0x5000. "case": the entry's pfn is 0x1005, linear at the
 * address asked (the kernel answers NULL); "mirror": its pfn is 0x1000, linear at the entry's start only
 * (the kernel answers the page).
 */
import { describe, expect, it } from 'vitest';
import { type ArchPresetId, presetConfig } from '../config';
import type { LeafLevel } from '../entry';
import { VARIANT_IDS, type VariantId, variantInfo } from '../variants';
import { VM } from '../vma';
import { G0, inject, leafSpec, mmap, query, RO, T0, walk, world } from './testkit';

const PGOFF = 0x1000;
const COW_PFNMAP = VM.READ | VM.MAYREAD | VM.MAYWRITE | VM.PFNMAP | VM.IO;
const PRESETS: ArchPresetId[] = ['x86-64', 'no-pte-special', 'x86-32-thp'];

function setUp(variant: VariantId, preset: ArchPresetId, level: 'pmd' | 'pud', pfn: number) {
  const k = world(variant, preset);
  const start = level === 'pmd' ? T0 : G0;
  mmap(k, start, level === 'pmd' ? 512 : 512 * 512, RO, {
    type: 'raw-flags',
    flags: COW_PFNMAP,
    pgoff: PGOFF,
  });
  inject(k, start, level, leafSpec(pfn));
  return { k, start };
}

/** Whether the variant and configuration reach the linearity test for a non-special entry at `level`. */
function linearTested(variant: VariantId, preset: ArchPresetId, level: LeafLevel): boolean {
  const f = variantInfo(variant).features;
  const cfg = presetConfig(preset);
  if (level === 'pud' && !f.normalPagePud) return false;
  if (f.classifier === 'base') return level === 'pmd'; // vm_normal_page_pmd() tests the VMA rules itself
  if (f.classifier === 'rfc') return !f.cowPfnmapAnonRule && !cfg.pteSpecial; // R-N2a, RFC 10 without pte_special
  // __vm_normal_page(): the M-N rows where the level has no special bit (per level in fix-2026).
  const hasBit = f.perLevelSpecial ? (level === 'pmd' ? cfg.pmdPfnmap : cfg.pudPfnmap) : cfg.pteSpecial;
  return !hasBit;
}

const BRANCH = { base: 'B-M3a', rfc: 'R-N2a', merged: 'M-N2a' } as const;

for (const level of ['pmd', 'pud'] as const) {
  const fn = level === 'pmd' ? 'vm_normal_page_pmd' : 'vm_normal_page_pud';
  describe(`${fn}() at vm_start + 0x5000, inside the ${level.toUpperCase()}: LINEAR reads addr`, () => {
    for (const variant of VARIANT_IDS) {
      for (const preset of PRESETS) {
        if (!linearTested(variant, preset, level)) continue;
        const branch = BRANCH[variantInfo(variant).features.classifier];
        it(`${variant}, ${preset}: pfn 0x1005 is linear at addr: NULL (${branch})`, () => {
          const { k, start } = setUp(variant, preset, level, PGOFF + 5);
          k.trace.take();
          expect(query(k, start + 5, fn).result).toBe('NULL');
          const ev = k.trace.take();
          expect(ev).toContainEqual(expect.objectContaining({ t: 'branch', id: branch }));
          // The entry's first address gives the other answer: the head pfn is not linear there.
          expect(query(k, start, fn).result).toBe(`page 0x1005`);
        });
        it(`${variant}, ${preset}: mirror, pfn 0x1000 is linear at the entry's start only: the page`, () => {
          const { k, start } = setUp(variant, preset, level, PGOFF);
          k.trace.take();
          expect(query(k, start + 5, fn).result).toBe('page 0x1000');
          expect(k.trace.take()).not.toContainEqual(expect.objectContaining({ t: 'branch', id: branch }));
          expect(query(k, start, fn).result).toBe('NULL');
        });
      }
    }
  });
}

describe('folio_walk_start() passes the address it walks to vm_normal_page_pmd()', () => {
  const cases: { variant: VariantId; preset: ArchPresetId }[] = [
    { variant: 'baseline', preset: 'x86-64' },
    { variant: 'rfc-10', preset: 'no-pte-special' },
    { variant: 'v6.18', preset: 'no-pte-special' },
    { variant: 'fix-2026', preset: 'x86-32-thp' },
  ];
  for (const { variant, preset } of cases) {
    it(`${variant}, ${preset}: pfn 0x1005 is not found, pfn 0x1000 is found, at vm_start + 0x5000`, () => {
      expect(walk(setUp(variant, preset, 'pmd', PGOFF + 5).k, T0 + 5).result).toBe('not found');
      expect(walk(setUp(variant, preset, 'pmd', PGOFF).k, T0 + 5).result).toMatch(/^found 0x1000 /);
    });
  }
});

describe('where the linearity test is not reached, the address inside the entry changes nothing', () => {
  const cases: { variant: VariantId; preset: ArchPresetId; page: boolean }[] = [
    // R-C1 / M-Y0: a non-special entry is normal where the level's bit exists.
    { variant: 'rfc-10', preset: 'x86-64', page: true },
    { variant: 'v6.18', preset: 'x86-64', page: true },
    // RFC 11-14: vm_pfnmap_normal_page_pfn() asks whether the pfn is an anon folio, not where it lies.
    { variant: 'rfc-14', preset: 'no-pte-special', page: false },
  ];
  for (const { variant, preset, page } of cases) {
    it(`${variant}, ${preset}`, () => {
      for (const pfn of [PGOFF, PGOFF + 5]) {
        const { k } = setUp(variant, preset, 'pmd', pfn);
        const want = page ? `page 0x${pfn.toString(16)}` : 'NULL';
        expect(query(k, T0 + 5, 'vm_normal_page_pmd').result).toBe(want);
        expect(query(k, T0, 'vm_normal_page_pmd').result).toBe(want);
      }
    });
  }
});
