import { type Entry, LEVELS_4, LEVELS_5, type LeafEntry, type Level, type SwapEntry } from './entry';
import { entrySpan, levelIndex } from './geometry';
import { Slots, type SlotsLike, slotStride } from './slots';
import { PTRS_PER_TABLE, type Vpn } from './units';

/**
 * One page-table page: 512 entries. Tables are shared between step snapshots: a table written in the
 * current generation is mutated in place; one from an older generation is cloned first (with its id kept,
 * since it is the same kernel page-table page), so a snapshot is a root pointer and never a copy.
 */
export interface Table {
  readonly id: number;
  readonly level: Level;
  gen: number;
  /** The 512 slots, kept as runs of alike entries (slots.ts). */
  readonly entries: SlotsLike;
  used: number;
}

/**
 * Makes a table's slots. Tests swap in the per-entry reference (slots.reference.ts) to compare the two over
 * whole scenarios; nothing else changes it.
 */
let makeSlots: (level: Level) => SlotsLike = (level) => new Slots(slotStride(level));

/** Runs fn with tables whose slots `make` makes (for tests), then restores the run-based ones. */
export function withSlots<T>(make: (level: Level, stride: number) => SlotsLike, fn: () => T): T {
  const prev = makeSlots;
  makeSlots = (level) => make(level, slotStride(level));
  try {
    return fn();
  } finally {
    makeSlots = prev;
  }
}

export interface IdSource {
  next(): number;
}

/** Where a walk stopped: the entry at `level` (possibly undefined = none) in `table` at `index`. */
export interface WalkResult {
  level: Level;
  table: Table;
  index: number;
  entry: Entry | undefined;
  /** The tables from the root down to `table`. */
  path: Table[];
}

export class PageTables {
  readonly levels: readonly Level[];
  root: Table;
  gen = 1;
  /**
   * The PTE table last looked up, valid while no table object in the tree was replaced (epoch): loops over
   * consecutive PTEs then cost an array access instead of a walk from the PGD.
   */
  private epoch = 0;
  private cacheEpoch = -1;
  private cacheBase = -1;
  private cacheTable: Table | undefined;
  constructor(
    readonly nlevels: 4 | 5,
    private readonly ids: IdSource,
  ) {
    this.levels = nlevels === 5 ? LEVELS_5 : LEVELS_4;
    this.root = this.newTable('pgd');
  }

  private newTable(level: Level): Table {
    return { id: this.ids.next(), level, gen: this.gen, entries: makeSlots(level), used: 0 };
  }

  nextLevel(level: Level): Level | undefined {
    const i = this.levels.indexOf(level);
    return this.levels[i + 1];
  }

  /** Freezes the current tables: later writes clone them. */
  snapshot(): Table {
    this.gen++;
    return this.root;
  }

  /** Freezes the tables; the closure makes the frozen root current again (Kernel.checkpoint()). */
  checkpoint(): () => void {
    const root = this.snapshot();
    return () => {
      this.root = root;
      this.gen++;
      this.epoch++;
    };
  }

  /** The PTE table mapping `v`, if one exists (fast path for loops). */
  pteTable(v: number): Table | undefined {
    const base = v - (v % PTRS_PER_TABLE);
    if (this.cacheEpoch === this.epoch && this.cacheBase === base) return this.cacheTable;
    const w = this.walk(v as Vpn, 'pte');
    const t = w.level === 'pte' ? w.table : undefined;
    this.cacheEpoch = this.epoch;
    this.cacheBase = base;
    this.cacheTable = t;
    return t;
  }

  /** Walks down to the deepest entry for `v`: a leaf, a swap entry, a none entry, or the PTE slot. */
  walk(v: Vpn, stopAt: Level = 'pte'): WalkResult {
    let table = this.root;
    const path: Table[] = [table];
    for (;;) {
      const index = levelIndex(v, table.level, this.nlevels);
      const entry = table.entries.get(index);
      if (table.level === stopAt || !entry || entry.kind !== 'table') {
        return { level: table.level, table, index, entry, path };
      }
      table = entry.table;
      path.push(table);
    }
  }

  /** The entry at exactly `level` for `v`, or undefined when the walk ends above it. */
  entryAt(v: Vpn, level: Level): { entry: Entry | undefined; reached: boolean } {
    const w = this.walk(v, level);
    return { entry: w.entry, reached: w.level === level };
  }

  private writable(path: Table[], depth: number, v: number): Table {
    const t = path[depth] as Table;
    if (t.gen === this.gen) return t;
    this.epoch++;
    const clone: Table = {
      id: t.id,
      level: t.level,
      gen: this.gen,
      entries: t.entries.clone(),
      used: t.used,
    };
    path[depth] = clone;
    if (depth === 0) {
      this.root = clone;
    } else {
      const parent = this.writable(path, depth - 1, v);
      parent.entries.set(levelIndex(v, parent.level, this.nlevels), { kind: 'table', table: clone });
    }
    return clone;
  }

  /**
   * The table of `level` for `v`, allocating missing tables on the way (pgd_alloc/p4d_alloc/pud_alloc/
   * pmd_alloc/pte_alloc). Returns undefined when a leaf or swap entry above blocks the way.
   * `onAlloc` is told of each table allocated (page-table accounting).
   */
  ensureTable(v: Vpn, level: Level, onAlloc?: (t: Table) => void): Table | undefined {
    const path: Table[] = [this.root];
    let depth = 0;
    while ((path[depth] as Table).level !== level) {
      const t = path[depth] as Table;
      const i = levelIndex(v, t.level, this.nlevels);
      const e = t.entries.get(i);
      if (e && e.kind !== 'table') return undefined;
      if (!e) {
        this.epoch++;
        const w = this.writable(path, depth, v);
        const nl = this.nextLevel(w.level) as Level;
        const nt = this.newTable(nl);
        w.entries.set(i, { kind: 'table', table: nt });
        w.used++;
        onAlloc?.(nt);
        path.push(nt);
      } else {
        path.push(e.table);
      }
      depth++;
    }
    return this.writable(path, depth, v);
  }

  /** Writes (or clears, with undefined) the entry of `level` for `v`. The table must exist. */
  set(v: Vpn, level: Level, e: LeafEntry | SwapEntry | undefined): Entry | undefined {
    if (level === 'pte') {
      const t = this.pteTable(v);
      if (t && t.gen === this.gen) {
        const i = v % PTRS_PER_TABLE;
        const old = t.entries.get(i);
        if (old && !e) t.used--;
        if (!old && e) t.used++;
        t.entries.set(i, e);
        return old;
      }
    }
    const w = this.walk(v, level);
    if (w.level !== level) throw new Error(`no ${level} table for vpn ${v}`);
    if (level !== 'pte') this.epoch++;
    const t = this.writable(w.path, w.path.length - 1, v);
    const old = t.entries.get(w.index);
    if (old && !e) t.used--;
    if (!old && e) t.used++;
    t.entries.set(w.index, e);
    return old;
  }

  /**
   * Writes n leaves of `level` from `v`, the first `first` and each next one a slot on with its pfn
   * advanced by the slot's span (Slots.setRun). All n slots lie in one table, which must exist.
   */
  setRun(v: Vpn, level: Level, n: number, first: LeafEntry): void {
    const t = this.writableAt(v, level);
    const i = levelIndex(v, level, this.nlevels);
    t.used += n - t.entries.countIn(i, n);
    t.entries.setRun(i, n, first);
  }

  /** Clears n slots of `level` from `v`, all in one table. */
  clearRun(v: Vpn, level: Level, n: number): void {
    const t = this.writableAt(v, level);
    const i = levelIndex(v, level, this.nlevels);
    t.used -= t.entries.countIn(i, n);
    t.entries.clearRange(i, n);
  }

  private writableAt(v: Vpn, level: Level): Table {
    const w = this.walk(v, level);
    if (w.level !== level) throw new Error(`no ${level} table for vpn ${v}`);
    if (level !== 'pte') this.epoch++;
    return this.writable(w.path, w.path.length - 1, v);
  }

  /**
   * Frees the table below the `level` entry for `v` (free_pte_range() & co.), leaving that entry none.
   * Returns the number of tables freed (the table and everything under it) that `counted` accepts.
   */
  freeTableAt(v: Vpn, level: Level, counted: (l: Level) => boolean = () => true): number {
    const w = this.walk(v, level);
    if (w.level !== level || !w.entry || w.entry.kind !== 'table') return 0;
    const n = countTables(w.entry.table, counted);
    this.epoch++;
    const t = this.writable(w.path, w.path.length - 1, v);
    t.entries.set(w.index, undefined);
    t.used--;
    return n;
  }

  /** Replaces a none entry of `level` by `e`, returning it; used to install a withdrawn table or a huge leaf. */
  setAny(v: Vpn, level: Level, e: Entry | undefined): void {
    const w = this.walk(v, level);
    if (w.level !== level) throw new Error(`no ${level} table for vpn ${v}`);
    this.epoch++;
    const t = this.writable(w.path, w.path.length - 1, v);
    const old = t.entries.get(w.index);
    if (old && !e) t.used--;
    if (!old && e) t.used++;
    t.entries.set(w.index, e);
  }

  /** Builds a fresh, writable table (for a split or a withdrawn deposit) that the caller fills and installs. */
  makeTable(level: Level): Table {
    return this.newTable(level);
  }
}

export function countTables(t: Table, counted: (l: Level) => boolean = () => true): number {
  let n = counted(t.level) ? 1 : 0;
  if (t.level === 'pte') return n;
  t.entries.forEach((e) => {
    if (e.kind === 'table') n += countTables(e.table, counted);
  });
  return n;
}

/** Visits every leaf and swap entry in address order under a root (for summaries and invariants). */
export function forEachMapping(
  root: Table,
  nlevels: 4 | 5,
  fn: (v: number, level: Level, e: LeafEntry | SwapEntry) => void,
  base = 0,
): void {
  const span = entrySpan(root.level, nlevels);
  root.entries.forEach((e, i) => {
    const v = base + i * span;
    if (e.kind === 'table') forEachMapping(e.table, nlevels, fn, v);
    else fn(v, root.level, e);
  });
}

/** Visits every table under a root, with the first virtual page it covers. */
export function forEachTable(
  root: Table,
  nlevels: 4 | 5,
  fn: (t: Table, base: number) => void,
  base = 0,
): void {
  fn(root, base);
  if (root.level === 'pte') return;
  const span = entrySpan(root.level, nlevels);
  root.entries.forEach((e, i) => {
    if (e.kind === 'table') forEachTable(e.table, nlevels, fn, base + i * span);
  });
}

/**
 * walkMappings() a run at a time: `fn` gets each leaf or swap entry with how many alike entries follow it
 * in its table within [start, end) (its own included; 1 where the table does not coalesce, slots.ts), and
 * returns how many of them it dealt with (at least 1). The walk goes on after those. The visitor may change
 * the tables: each table's entries are read from the table object as it was when the walk reached it.
 */
export function walkMappingRuns(
  root: Table,
  nlevels: 4 | 5,
  start: number,
  end: number,
  fn: (v: number, level: Level, e: LeafEntry | SwapEntry, n: number) => number,
): void {
  const visit = (t: Table, base: number) => {
    const span = entrySpan(t.level, nlevels);
    const first = Math.max(0, Math.floor((start - base) / span));
    const last = Math.min(PTRS_PER_TABLE - 1, Math.floor((end - 1 - base) / span));
    const ents = t.entries;
    for (let i = ents.next(first); i <= last; ) {
      const e = ents.get(i);
      if (e === undefined) {
        i = ents.next(i + 1);
        continue;
      }
      if (e.kind === 'table') {
        visit(e.table, base + i * span);
        i = ents.next(i + 1);
        continue;
      }
      const n = Math.min(ents.runLength(i), last - i + 1);
      const done = Math.max(1, Math.min(n, fn(base + i * span, t.level, e, n)));
      i = ents.next(i + done);
    }
  };
  visit(root, 0);
}

/**
 * Visits the leaves and swap entries overlapping [start, end) in address order, skipping subtrees outside
 * it. The visitor may change the tables: each table's entries are read from the table object as it was
 * when the walk reached it, one index at a time.
 */
export function walkMappings(
  root: Table,
  nlevels: 4 | 5,
  start: number,
  end: number,
  fn: (v: number, level: Level, e: LeafEntry | SwapEntry) => void,
): void {
  // The run-at-a-time walk, one entry at a time.
  walkMappingRuns(root, nlevels, start, end, (v, level, e) => {
    fn(v, level, e);
    return 1;
  });
}
