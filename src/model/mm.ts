import type { IdSource, Table } from './pagetable';
import { PageTables } from './pagetable';
import type { Vma } from './vma';

/** The mm counters ptlab shows: MM_ANONPAGES, MM_FILEPAGES and page-table pages (mm_inc_nr_ptes & co.). */
export interface Counters {
  anon: number;
  file: number;
  pgtables: number;
}

/** A process: its mm_struct with page tables, VMAs and counters. */
export class Mm {
  readonly pt: PageTables;
  vmas: readonly Vma[] = [];
  counters: Counters = { anon: 0, file: 0, pgtables: 1 };
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
