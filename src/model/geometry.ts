/**
 * Where a virtual page sits in the page tables: the index at each level, the pages one entry spans, and
 * the user address space's end. Pure arithmetic on page numbers (x86-64's 4- and 5-level layouts: 9 bits
 * of index per level, arch/x86/include/asm/pgtable_64_types.h), shared by the model and the page's layout.
 */
import type { Level } from './entry';
import { PTRS_PER_TABLE } from './units';

/** Shift, in pages, of a level's index within a virtual page number. */
export function levelShift(level: Level, levels: 4 | 5): number {
  switch (level) {
    case 'pte':
      return 0;
    case 'pmd':
      return 9;
    case 'pud':
      return 18;
    case 'p4d':
      return 27;
    case 'pgd':
      return levels === 5 ? 36 : 27;
  }
}

const DIV4: Record<Level, number> = { pte: 1, pmd: 2 ** 9, pud: 2 ** 18, p4d: 2 ** 27, pgd: 2 ** 27 };
const DIV5: Record<Level, number> = { ...DIV4, pgd: 2 ** 36 };

export function levelIndex(v: number, level: Level, levels: 4 | 5): number {
  return Math.floor(v / (levels === 5 ? DIV5 : DIV4)[level]) % PTRS_PER_TABLE;
}

/** Pages covered by one entry at `level`. */
export function entrySpan(level: Level, levels: 4 | 5): number {
  return (levels === 5 ? DIV5 : DIV4)[level];
}

/** The first page covered by the entry at `level` that maps `v`. */
export function entryBase(v: number, level: Level, levels: 4 | 5): number {
  const s = entrySpan(level, levels);
  return Math.floor(v / s) * s;
}

/** Highest user virtual page + 1: TASK_SIZE (47 bits with 4 levels, 56 with 5) >> PAGE_SHIFT. */
export function userVpnLimit(levels: 4 | 5): number {
  return levels === 5 ? 2 ** 44 : 2 ** 35;
}
