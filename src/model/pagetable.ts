import { type Entry, LEVELS_4, LEVELS_5, type LeafEntry, type Level, leafAt, type SwapEntry } from './entry';
import { familyOf, frozen, makeFamily, member, nextAlike } from './family';
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
  /** Takes the next n ids at once (the ids of a run of alike tables made without making each). */
  skip(n: number): void;
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

  /** Whether `t` may be written in place: made in this generation and in no run of alike tables. */
  private owns(t: Table): boolean {
    return t.gen === this.gen && !frozen(t);
  }

  private cloneOf(t: Table): Table {
    this.epoch++;
    return { id: t.id, level: t.level, gen: this.gen, entries: t.entries.clone(), used: t.used };
  }

  private writable(path: Table[], depth: number, v: number): Table {
    const t = path[depth] as Table;
    if (this.owns(t)) return t;
    const clone = this.cloneOf(t);
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
      if (t && this.owns(t)) {
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
   * advanced by the slot's span (Slots.setRun). The slots may lie in many tables, which must all exist.
   */
  setRun(v: Vpn, level: Level, n: number, first: LeafEntry): void {
    this.writeRange(v, level, n, first);
  }

  /** Clears n slots of `level` from `v`, in as many tables as they lie in. */
  clearRun(v: Vpn, level: Level, n: number): void {
    this.writeRange(v, level, n, undefined);
  }

  private writeRange(v: Vpn, level: Level, n: number, first: LeafEntry | undefined): void {
    if (n <= 0) return;
    this.epoch++;
    if (!this.owns(this.root)) this.root = this.cloneOf(this.root);
    this.writeIn(this.root, 0, v, v + n * entrySpan(level, this.nlevels), level, v, first);
  }

  /**
   * The writable child table at slot i of writable `t`: itself when `t` owns it, else a clone put in its
   * place (which splits a run of alike tables around it).
   */
  private childOf(t: Table, i: number): Table {
    const e = t.entries.get(i);
    if (e?.kind !== 'table') throw new Error(`no table under ${t.level} slot ${i}`);
    if (this.owns(e.table)) return e.table;
    const clone = this.cloneOf(e.table);
    t.entries.set(i, { kind: 'table', table: clone });
    return clone;
  }

  /**
   * Writes [s, e) of `level` under writable `t` (which covers pages from `base`): the leaf at page p is
   * `first` with its pfn p - v0 pages on, or none. Where the range covers whole members of a run of alike
   * tables, the write is the same for each of them, shifted by the pages between them (pfns advance one
   * page per page), so the first is written and the run rewritten from it (family.ts).
   */
  private writeIn(
    t: Table,
    base: number,
    s: number,
    e: number,
    level: Level,
    v0: number,
    first: LeafEntry | undefined,
  ): void {
    const span = entrySpan(t.level, this.nlevels);
    const i0 = Math.floor((s - base) / span);
    const i1 = Math.floor((e - 1 - base) / span);
    const ents = t.entries;
    if (t.level === level) {
      const len = i1 - i0 + 1;
      const had = ents.countIn(i0, len);
      if (first) {
        t.used += len - had;
        ents.setRun(i0, len, leafAt(first, s - v0, 1));
      } else {
        t.used -= had;
        ents.clearRange(i0, len);
      }
      return;
    }
    for (let i = i0; i <= i1; ) {
      const cb = base + i * span;
      const run = ents.coalesces ? Math.min(ents.runLength(i), i1 - i + 1) : 1;
      // Members wholly inside [s, e): from i when the range starts at or before it.
      const whole = cb >= s ? Math.min(run, Math.floor((e - cb) / span)) : 0;
      // A run of two or more slots is a run of alike tables: its members' ids keep their stride.
      const x = ents.get(i);
      const idStride = whole >= 2 && x?.kind === 'table' ? familyOf(x.table)?.fam.idStride : undefined;
      const child = this.childOf(t, i);
      if (idStride !== undefined) {
        this.writeIn(child, cb, cb, cb + span, level, v0, first);
        makeFamily(child, idStride, span);
        ents.setTableRun(i, whole, { kind: 'table', table: child });
        i += whole;
        continue;
      }
      this.writeIn(child, cb, Math.max(s, cb), Math.min(e, cb + span), level, v0, first);
      i++;
    }
  }

  /**
   * How many slots of `level` from `v` (n of them, in as many tables as they lie in) are present (or hold
   * an entry of `kind`); a missing table counts none. A run of alike tables counts the same in each member.
   */
  countRun(v: number, level: Level, n: number, kind?: Entry['kind']): number {
    const count = (t: Table, base: number, s: number, e: number): number => {
      const span = entrySpan(t.level, this.nlevels);
      const i0 = Math.floor((s - base) / span);
      const i1 = Math.floor((e - 1 - base) / span);
      const ents = t.entries;
      if (t.level === level) {
        if (!kind) return ents.countIn(i0, i1 - i0 + 1);
        // Only the slots holding an entry of that kind, a stored run at a time.
        let c = 0;
        for (const r of ents.runs())
          if (r.e.kind === kind) c += Math.max(0, Math.min(r.start + r.len, i1 + 1) - Math.max(r.start, i0));
        return c;
      }
      let c = 0;
      for (let i = ents.next(i0); i <= i1; ) {
        const x = ents.get(i);
        const cb = base + i * span;
        if (x?.kind !== 'table') {
          i = ents.next(i + 1);
          continue;
        }
        const run = ents.coalesces ? Math.min(ents.runLength(i), i1 - i + 1) : 1;
        const whole = cb >= s ? Math.min(run, Math.floor((e - cb) / span)) : 0;
        if (whole >= 2) {
          c += whole * count(x.table, cb, cb, cb + span);
          i = ents.next(i + whole);
          continue;
        }
        c += count(x.table, cb, Math.max(s, cb), Math.min(e, cb + span));
        i = ents.next(i + 1);
      }
      return c;
    };
    return n <= 0 ? 0 : count(this.root, 0, v, v + n * entrySpan(level, this.nlevels));
  }

  /**
   * Allocates n empty tables of `level` for the n slots of its parent from `v` (all none, in one parent
   * table, which must exist), as n pte_alloc()s in a row would: consecutive ids, one run of alike tables.
   * Tables of the PTE level only: they have no tables under them.
   */
  allocRun(v: Vpn, level: 'pte', n: number): void {
    const parentLevel = this.levels[this.levels.indexOf(level) - 1] as Level;
    const w = this.walk(v, parentLevel);
    if (w.level !== parentLevel) throw new Error(`no ${parentLevel} table for vpn ${v}`);
    this.epoch++;
    const t = this.writable(w.path, w.path.length - 1, v);
    const i = levelIndex(v, parentLevel, this.nlevels);
    if (t.entries.countIn(i, n) !== 0) throw new Error(`allocRun over present ${parentLevel} slots`);
    const head = this.newTable(level);
    this.ids.skip(n - 1);
    if (n > 1) makeFamily(head, 1, entrySpan(parentLevel, this.nlevels));
    t.entries.setTableRun(i, n, { kind: 'table', table: head });
    t.used += n;
  }

  /**
   * Puts after the `level` table holding `v` (its parent's slot) n more like it in the n slots after it,
   * all none: each the table before with its leaves one slot's span on and its table ids (and those under
   * it) as many on as it and the tables under it hold. What filling the next n slots the same way would
   * make, where the ids taken for them come next (checked). One run of alike tables (family.ts). Returns
   * how many tables it made that mm_pgtables_bytes() counts (pgtablesCounted(), mm.ts).
   */
  repeatTable(v: Vpn, level: Level, n: number, counted: (l: Level) => boolean = () => true): number {
    const parentLevel = this.levels[this.levels.indexOf(level) - 1] as Level;
    const w = this.walk(v, parentLevel);
    if (w.level !== parentLevel || w.entry?.kind !== 'table' || w.entry.table.level !== level)
      throw new Error(`repeatTable: no ${level} table for vpn ${v}`);
    const from = w.entry.table;
    const idStride = countTables(from);
    const head = nextAlike(from, idStride, entrySpan(parentLevel, this.nlevels));
    const first = this.ids.next();
    if (first !== head.id)
      throw new Error(`repeatTable: the next table id is ${first}, not ${head.id}: ids were taken between`);
    this.ids.skip(n * idStride - 1);
    if (n > 1) makeFamily(head, idStride, entrySpan(parentLevel, this.nlevels));
    this.epoch++;
    const t = this.writable(w.path, w.path.length - 1, v);
    const i = w.index + 1;
    if (i + n > PTRS_PER_TABLE || t.entries.countIn(i, n) !== 0)
      throw new Error(`repeatTable over present ${parentLevel} slots`);
    t.entries.setTableRun(i, n, { kind: 'table', table: head });
    t.used += n;
    return n * countTables(from, counted);
  }

  /**
   * Frees the n tables under the `level` slots from `v` (one parent table), leaving the slots none, as n
   * freeTableAt()s would. Returns how many tables that `counted` accepts were freed.
   */
  freeTableRun(v: Vpn, level: Level, n: number, counted: (l: Level) => boolean = () => true): number {
    const w = this.walk(v, level);
    if (w.level !== level) return 0;
    const i = levelIndex(v, level, this.nlevels);
    let freed = 0;
    for (let j = i; j < i + n; ) {
      const x = w.table.entries.get(j);
      if (x?.kind !== 'table') throw new Error(`freeTableRun over a slot with no table`);
      const run = Math.min(w.table.entries.coalesces ? w.table.entries.runLength(j) : 1, i + n - j);
      freed += run * countTables(x.table, counted);
      j += run;
    }
    this.epoch++;
    const t = this.writable(w.path, w.path.length - 1, v);
    t.entries.clearRange(i, n);
    t.used -= n;
    return freed;
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
  // A run of alike tables counts as many times its first (family.ts): the members are never made.
  for (const r of t.entries.runs()) if (r.e.kind === 'table') n += r.len * countTables(r.e.table, counted);
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
 * forEachTable() until `fn` returns true: the walk stops there, so the tables after it (the members of a
 * run of alike tables among them, family.ts) are never made.
 */
export function forEachTableUntil(
  root: Table,
  nlevels: 4 | 5,
  fn: (t: Table, base: number) => boolean,
  base = 0,
): boolean {
  if (fn(root, base)) return true;
  if (root.level === 'pte') return false;
  const span = entrySpan(root.level, nlevels);
  const ents = root.entries;
  for (let i = ents.next(0); i < PTRS_PER_TABLE; i = ents.next(i + 1)) {
    const e = ents.get(i);
    if (e?.kind === 'table' && forEachTableUntil(e.table, nlevels, fn, base + i * span)) return true;
  }
  return false;
}

/**
 * forEachTable() a run of alike tables at a time (family.ts): `fn` gets each table with 1, and the first
 * of each run of two or more tables with how many there are, each covering as many pages as the one
 * before, from `base`. The walk does not go under a run: a caller that wants the tables under its members
 * visits each member itself (forEachTableRun(member(...), ...)), or takes them all at once.
 */
export function forEachTableRun(
  root: Table,
  nlevels: 4 | 5,
  fn: (t: Table, base: number, n: number) => void,
  base = 0,
): void {
  fn(root, base, 1);
  if (root.level === 'pte') return;
  const span = entrySpan(root.level, nlevels);
  const ents = root.entries;
  for (let i = ents.next(0); i < PTRS_PER_TABLE; ) {
    const e = ents.get(i);
    if (e?.kind !== 'table') {
      i = ents.next(i + 1);
      continue;
    }
    const run = ents.coalesces ? ents.runLength(i) : 1;
    if (run > 1) {
      fn(e.table, base + i * span, run);
      i = ents.next(i + run);
      continue;
    }
    forEachTableRun(e.table, nlevels, fn, base + i * span);
    i = ents.next(i + 1);
  }
}

/** The tables of a run of alike tables (family.ts) that `first` begins, n of them. */
export function runMember(first: Table, j: number): Table {
  if (j === 0) return first;
  const m = familyOf(first);
  if (!m) throw new Error(`table ${first.id} heads no run of alike tables`);
  return member(m.fam, m.index + j);
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
  const visit = (t: Table, base: number, from: number) => {
    const span = entrySpan(t.level, nlevels);
    const first = Math.max(0, Math.floor((from - base) / span));
    const last = Math.min(PTRS_PER_TABLE - 1, Math.floor((end - 1 - base) / span));
    const ents = t.entries;
    for (let i = ents.next(first); i <= last; ) {
      const e = ents.get(i);
      if (e === undefined) {
        i = ents.next(i + 1);
        continue;
      }
      if (e.kind === 'table') {
        const cb = base + i * span;
        const tables = ents.coalesces ? Math.min(ents.runLength(i), last - i + 1) : 1;
        const whole = wholeRun(e.table, nlevels);
        if (!whole) {
          visit(e.table, cb, from);
          i = ents.next(i + 1);
          continue;
        }
        // A table (or a run of alike tables, family.ts) whose entries, and those of the tables under
        // it, are one run of leaves: worked as one run across the tables.
        // From the entry holding `from` to the one holding end - 1, as the per-table walk goes (a run of
        // huge PMDs is walked by whole entries even where the range starts or ends inside one).
        const ls = entrySpan(whole.level, nlevels);
        const a = from <= cb ? cb : cb + Math.floor((from - cb) / ls) * ls;
        const b = Math.min(cb + tables * span, cb + Math.ceil((end - cb) / ls) * ls);
        const n = (b - a) / ls;
        const done = Math.max(1, Math.min(n, fn(a, whole.level, leafAt(whole.leaf, (a - cb) / ls, ls), n)));
        const p = a + done * ls;
        if (p >= b) {
          i = ents.next(i + tables);
          continue;
        }
        // Dealt with part of the run: go on inside the table where it stopped.
        const j = Math.floor((p - cb) / span);
        const at = ents.get(i + j);
        if (at?.kind === 'table') visit(at.table, cb + j * span, p);
        i = ents.next(i + j + 1);
        continue;
      }
      const n = Math.min(ents.runLength(i), last - i + 1);
      const done = Math.max(1, Math.min(n, fn(base + i * span, t.level, e, n)));
      i = ents.next(i + done);
    }
  };
  visit(root, 0, start);
}

interface WholeRun {
  leaf: LeafEntry;
  level: Level;
}

/** wholeRun() of tables that are never written again (family.ts frozen()): null for none. */
const wholeRuns = new WeakMap<Table, WholeRun | null>();

/**
 * Where every slot of `t`, and of every table under it, is one run of leaves (the same bits, the pfn one
 * page on per page, as remap_pfn_range() writes): its first leaf and their level. Else undefined.
 */
function wholeRun(t: Table, nlevels: 4 | 5): WholeRun | undefined {
  const ents = t.entries;
  if (!ents.coalesces || ents.runLength(0) === 0) return undefined;
  const known = wholeRuns.get(t);
  if (known !== undefined) return known ?? undefined;
  let out: WholeRun | undefined;
  const e = ents.get(0);
  if (e?.kind === 'leaf') {
    if (ents.runLength(0) === PTRS_PER_TABLE) out = { leaf: e, level: t.level };
  } else if (e?.kind === 'table') {
    // Runs of tables over all the slots, each run's first one run all through, going on from the last.
    const span = entrySpan(t.level, nlevels);
    const first = wholeRun(e.table, nlevels);
    let ok = first !== undefined;
    for (let i = 0; ok && first && i < PTRS_PER_TABLE; ) {
      const x = ents.get(i);
      const w = x?.kind === 'table' ? wholeRun(x.table, nlevels) : undefined;
      ok =
        w !== undefined &&
        w.level === first.level &&
        w.leaf.pfn === first.leaf.pfn + i * span &&
        w.leaf.write === first.leaf.write &&
        w.leaf.dirty === first.leaf.dirty &&
        w.leaf.young === first.leaf.young &&
        w.leaf.special === first.leaf.special &&
        !!w.leaf.deposit === !!first.leaf.deposit;
      i += Math.max(1, ents.runLength(i));
    }
    if (ok) out = first;
  }
  if (frozen(t)) wholeRuns.set(t, out ?? null);
  return out;
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
