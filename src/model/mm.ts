import type { Level } from './entry';
import type { IdSource, Table } from './pagetable';
import { PageTables } from './pagetable';
import type { Vma } from './vma';

/**
 * The mm counters ptlab shows: MM_ANONPAGES, MM_FILEPAGES and mm->pgtables_bytes in pages
 * (mm_pgtables_bytes() / PAGE_SIZE; a table is 512 entries of 8 bytes).
 */
export interface Counters {
  anon: number;
  file: number;
  pgtables: number;
}

/**
 * Whether a table of `level` counts in mm->pgtables_bytes. include/linux/mm.h: mm_inc_nr_ptes() (pmd_install(),
 * and pgtable_trans_huge_deposit()'s callers for a deposited table), mm_inc_nr_pmds() (__pmd_alloc()) and
 * mm_inc_nr_puds() (__pud_alloc()) add PTRS_PER_xxx * sizeof(entry); the last two are empty where the level is
 * folded (__PAGETABLE_PMD_FOLDED, __PAGETABLE_PUD_FOLDED) and return early where mm_pmd_folded() or
 * mm_pud_folded() says so at run time (s390's dynamic levels). There is no P4D counter (__p4d_alloc() adds
 * nothing), and the PGD is the mm's own (pgd_alloc() in mm_init(), after mm_pgtables_bytes_init() set 0).
 * ptlab's geometries (x86-64 with 4 or 5 levels) fold no PUD or PMD, so the PUD, PMD and PTE tables count.
 * kernel-semantics.md §3.16.
 */
export function pgtablesCounted(level: Level): boolean {
  return level === 'pud' || level === 'pmd' || level === 'pte';
}

/** A process: its mm_struct with page tables, VMAs and counters. */
export class Mm {
  readonly pt: PageTables;
  vmas: readonly Vma[] = [];
  counters: Counters = { anon: 0, file: 0, pgtables: 0 };
  /** MMF_HUGE_ZERO_PAGE: this mm holds a reference on the huge zero folio (mm_get_huge_zero_folio()). */
  hugeZeroRef = false;
  /**
   * MMF_HAS_PINNED: FOLL_PIN has run on this mm (mm_set_has_pinned_flag(), mm/gup.c). Never cleared, and not
   * inherited by fork's child (not in MMF_INIT_MASK). folio_needs_cow_for_dma() tests it first.
   */
  hasPinned = false;
  /** A BUG_ON fired while running on behalf of this process: it was killed (oops). */
  oopsed = false;
  exited = false;
  constructor(
    readonly name: string,
    readonly pid: number,
    levels: 4 | 5,
    ids: IdSource,
  ) {
    this.pt = new PageTables(levels, ids);
  }

  findVma(v: number): Vma | undefined {
    for (const m of this.vmas) if (v >= m.start && v < m.end) return m;
    return undefined;
  }

  setVmas(vmas: readonly Vma[]): void {
    this.vmas = [...vmas].sort((a, b) => a.start - b.start);
  }

  /** Freezes the mm; the closure restores its tables, VMAs, counters and flags (Kernel.checkpoint()). */
  checkpoint(): () => void {
    const pt = this.pt.checkpoint();
    const { vmas, counters, hugeZeroRef, oopsed, exited, hasPinned } = this;
    return () => {
      pt();
      Object.assign(this, { vmas, counters: { ...counters }, hugeZeroRef, oopsed, exited, hasPinned });
    };
  }
}

export interface ProcSnapshot {
  readonly name: string;
  readonly pid: number;
  readonly levels: 4 | 5;
  readonly root: Table;
  readonly vmas: readonly Vma[];
  readonly counters: Readonly<Counters>;
  readonly hugeZeroRef: boolean;
  readonly oopsed: boolean;
  readonly exited: boolean;
}
