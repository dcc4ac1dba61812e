/**
 * The 512 slots of one page-table page, stored as runs of alike entries rather than one object per entry.
 *
 * A run is a first index, a length and the entry of its first slot. A leaf run's later slots are the same
 * leaf with the pfn advanced by the level's span per slot (one page per PTE, 512 per huge PMD): what
 * remap_pfn_range() writes (mm/memory.c remap_pte_range(): pfn++ per PTE) and what fork copies, and what
 * ptdump already prints as one line. A run of table entries points at a run of alike tables (family.ts);
 * swap entries are runs of one. A write to one slot splits the
 * run it falls in; a write that continues its neighbour joins it. So a 1 GiB remap is 512 tables of one run
 * each, and the cost of a table follows the number of runs in it, not of entries.
 *
 * Reads and writes stay per entry (get/set); nothing the kernel does is decided per run here. An entry read
 * from the middle of a run is made on the read, equal to what a per-entry table would hold. `ArraySlots`
 * (slots.reference.ts, for tests) is the per-entry implementation the property tests compare this one with.
 */
import { type Entry, type LeafEntry, type Level, leafAt, type TableEntry } from './entry';
import { familyOf, follows, member } from './family';
import { PTRS_PER_TABLE } from './units';

export { leafAt };

/** Pages one slot of a level maps, for a leaf run's pfn step (LEVEL_SPAN; no leaves above the PUD). */
export function slotStride(level: Level): number {
  return level === 'pte' ? 1 : level === 'pmd' ? 512 : level === 'pud' ? 512 * 512 : 0;
}

/** One run: `len` slots from `start`; `e` is the first slot's entry. */
export interface SlotRun {
  readonly start: number;
  readonly len: number;
  readonly e: Entry;
}

/** The slot interface both implementations give: what the model and the page read and write. */
export interface SlotsLike extends Iterable<Entry | undefined> {
  readonly length: number;
  /** Pages one slot maps: a stored leaf run's pfn advances by this per slot. */
  readonly stride: number;
  /**
   * Whether alike entries are kept as one run. Operations work a run at a time only where this is true,
   * so the per-entry reference (slots.reference.ts) runs every operation entry by entry.
   */
  readonly coalesces: boolean;
  /** From slot i (present) to the end of its run: how many alike entries follow, i's own included. */
  runLength(i: number): number;
  /** How many of the `len` slots from `start` are present. */
  countIn(start: number, len: number): number;
  get(i: number): Entry | undefined;
  /** The first present slot at or after i, or 512 when there is none. */
  next(i: number): number;
  set(i: number, e: Entry | undefined): void;
  clone(): SlotsLike;
  /** Calls fn for every present slot in index order (like Array.prototype.forEach over a sparse array). */
  forEach(fn: (e: Entry, i: number) => void): void;
  some(fn: (e: Entry, i: number) => boolean): boolean;
  /** The present slots as runs of alike entries, in index order; read only. */
  runs(): readonly SlotRun[];
  /** Writes `len` leaves from `start`, the first `first`, each next one `stride` pages on. */
  setRun(start: number, len: number, first: LeafEntry): void;
  /** Clears `len` slots from `start`. */
  clearRange(start: number, len: number): void;
  /**
   * Points `len` slots from `start` at `first` and the tables after it in its run of alike tables
   * (family.ts): only the run-based slots make such runs; the reference never calls this with len > 1.
   */
  setTableRun(start: number, len: number, first: TableEntry): void;
  /** A copy whose runs have the same places, each first entry replaced by fn's (family.ts shifts tables). */
  mapRuns(fn: (r: SlotRun) => Entry): SlotsLike;
}

/** Whether `b` is the leaf `k` slots after leaf `a` in a run (same bits, pfn advanced). */
function continues(a: Entry, k: number, b: Entry, stride: number): boolean {
  if (a.kind === 'table') return b.kind === 'table' && follows(a.table, k, b.table);
  return (
    a.kind === 'leaf' &&
    b.kind === 'leaf' &&
    b.pfn === a.pfn + k * stride &&
    a.write === b.write &&
    a.dirty === b.dirty &&
    a.young === b.young &&
    a.special === b.special &&
    !!a.deposit === !!b.deposit
  );
}

export class Slots implements SlotsLike {
  /** Runs in index order, disjoint: starts[k], lens[k], firsts[k]. Plain arrays: a clone is three slices. */
  private starts: number[];
  private lens: number[];
  private firsts: Entry[];
  /** The run the last lookup found: loops over consecutive slots then skip the search. */
  private hint = 0;

  constructor(
    /** Pages one slot of this level maps: a leaf run's pfn advances by this per slot. */
    readonly stride: number,
    starts: number[] = [],
    lens: number[] = [],
    firsts: Entry[] = [],
  ) {
    this.starts = starts;
    this.lens = lens;
    this.firsts = firsts;
  }

  get length(): number {
    return PTRS_PER_TABLE;
  }

  get coalesces(): boolean {
    return true;
  }

  runLength(i: number): number {
    const k = this.find(i);
    return k < 0 ? 0 : (this.starts[k] as number) + (this.lens[k] as number) - i;
  }

  countIn(start: number, len: number): number {
    const end = start + len;
    let n = 0;
    let k = this.lowerBound(start);
    if (k > 0) k--;
    for (; k < this.starts.length && (this.starts[k] as number) < end; k++) {
      const s = this.starts[k] as number;
      const from = Math.max(s, start);
      const to = Math.min(s + (this.lens[k] as number), end);
      if (to > from) n += to - from;
    }
    return n;
  }

  /** The number of runs: what a table costs. */
  get runCount(): number {
    return this.starts.length;
  }

  /** Index of the run holding slot i, or -1. */
  private find(i: number): number {
    const s = this.starts;
    const n = s.length;
    const h = this.hint;
    if (h < n && (s[h] as number) <= i) {
      if (i < (s[h] as number) + (this.lens[h] as number)) return h;
      // The next run, as a loop over consecutive slots reaches it.
      const h1 = h + 1;
      if (h1 < n && (s[h1] as number) <= i && i < (s[h1] as number) + (this.lens[h1] as number)) {
        this.hint = h1;
        return h1;
      }
    }
    let lo = 0;
    let hi = n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const st = s[mid] as number;
      if (i < st) hi = mid - 1;
      else if (i >= st + (this.lens[mid] as number)) lo = mid + 1;
      else {
        this.hint = mid;
        return mid;
      }
    }
    return -1;
  }

  /** Index of the first run starting at or after i. */
  private lowerBound(i: number): number {
    const s = this.starts;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((s[mid] as number) < i) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private entryIn(k: number, i: number): Entry {
    const e = this.firsts[k] as Entry;
    const off = i - (this.starts[k] as number);
    if (off === 0 || e.kind === 'swap') return e;
    if (e.kind === 'leaf') return leafAt(e, off, this.stride);
    const m = familyOf(e.table);
    if (!m) throw new Error('a run of tables whose first is in no run of alike tables');
    return { kind: 'table', table: member(m.fam, m.index + off) };
  }

  get(i: number): Entry | undefined {
    const k = this.find(i);
    return k < 0 ? undefined : this.entryIn(k, i);
  }

  next(i: number): number {
    if (i >= PTRS_PER_TABLE) return PTRS_PER_TABLE;
    const k = this.find(i);
    if (k >= 0) return i;
    const j = this.lowerBound(i);
    return j < this.starts.length ? (this.starts[j] as number) : PTRS_PER_TABLE;
  }

  set(i: number, e: Entry | undefined): void {
    const k = this.find(i);
    if (k >= 0) {
      // Already there: a write of the same value changes nothing.
      const first = this.firsts[k] as Entry;
      if (e && continues(first, i - (this.starts[k] as number), e, this.stride)) return;
      this.clearRange(i, 1);
    }
    if (e) this.insert(i, 1, e);
  }

  setRun(start: number, len: number, first: LeafEntry): void {
    if (len <= 0) return;
    this.clearRange(start, len);
    this.insert(start, len, first);
  }

  setTableRun(start: number, len: number, first: TableEntry): void {
    if (len <= 0) return;
    if (len > 1 && !familyOf(first.table)) throw new Error('a run of tables needs a run of alike tables');
    this.clearRange(start, len);
    this.insert(start, len, first);
  }

  mapRuns(fn: (r: SlotRun) => Entry): Slots {
    const firsts = this.starts.map((start, k) =>
      fn({ start, len: this.lens[k] as number, e: this.firsts[k] as Entry }),
    );
    return new Slots(this.stride, this.starts.slice(), this.lens.slice(), firsts);
  }

  clearRange(start: number, len: number): void {
    const end = start + len;
    const s = this.starts;
    let k0 = this.lowerBound(start);
    if (k0 > 0 && (s[k0 - 1] as number) + (this.lens[k0 - 1] as number) > start) k0--;
    const k1 = this.lowerBound(end);
    if (k0 >= k1) return;
    // Runs k0..k1-1 overlap [start, end): keep the part of the first before it and of the last after it.
    const keepS: number[] = [];
    const keepL: number[] = [];
    const keepF: Entry[] = [];
    const s0 = s[k0] as number;
    if (s0 < start) {
      keepS.push(s0);
      keepL.push(start - s0);
      keepF.push(this.firsts[k0] as Entry);
    }
    const sl = s[k1 - 1] as number;
    const ll = this.lens[k1 - 1] as number;
    if (sl + ll > end) {
      keepS.push(end);
      keepL.push(sl + ll - end);
      keepF.push(this.entryIn(k1 - 1, end));
    }
    s.splice(k0, k1 - k0, ...keepS);
    this.lens.splice(k0, k1 - k0, ...keepL);
    this.firsts.splice(k0, k1 - k0, ...keepF);
    this.hint = 0;
  }

  /** Inserts a run at [i, i+n) (free slots), joining the runs either side when it continues them. */
  private insert(i: number, n: number, e: Entry): void {
    const k = this.lowerBound(i);
    const stride = this.stride;
    const left = k - 1;
    const joinsLeft =
      left >= 0 &&
      (this.starts[left] as number) + (this.lens[left] as number) === i &&
      continues(this.firsts[left] as Entry, i - (this.starts[left] as number), e, stride);
    const joinsRight =
      k < this.starts.length &&
      this.starts[k] === i + n &&
      e.kind !== 'swap' &&
      continues(e, n, this.firsts[k] as Entry, stride);
    if (joinsLeft && joinsRight) {
      this.lens[left] = (this.lens[left] as number) + n + (this.lens[k] as number);
      this.starts.splice(k, 1);
      this.lens.splice(k, 1);
      this.firsts.splice(k, 1);
      this.hint = left;
    } else if (joinsLeft) {
      this.lens[left] = (this.lens[left] as number) + n;
      this.hint = left;
    } else if (joinsRight) {
      this.starts[k] = i;
      this.lens[k] = (this.lens[k] as number) + n;
      this.firsts[k] = e;
      this.hint = k;
    } else if (k === this.starts.length) {
      this.starts.push(i);
      this.lens.push(n);
      this.firsts.push(e);
      this.hint = k;
    } else {
      this.starts.splice(k, 0, i);
      this.lens.splice(k, 0, n);
      this.firsts.splice(k, 0, e);
      this.hint = k;
    }
  }

  clone(): Slots {
    return new Slots(this.stride, this.starts.slice(), this.lens.slice(), this.firsts.slice());
  }

  forEach(fn: (e: Entry, i: number) => void): void {
    const n = this.starts.length;
    for (let k = 0; k < n; k++) {
      const s = this.starts[k] as number;
      const l = this.lens[k] as number;
      for (let j = 0; j < l; j++) fn(this.entryIn(k, s + j), s + j);
    }
  }

  some(fn: (e: Entry, i: number) => boolean): boolean {
    const n = this.starts.length;
    for (let k = 0; k < n; k++) {
      const s = this.starts[k] as number;
      const l = this.lens[k] as number;
      for (let j = 0; j < l; j++) if (fn(this.entryIn(k, s + j), s + j)) return true;
    }
    return false;
  }

  runs(): readonly SlotRun[] {
    const out: SlotRun[] = [];
    for (let k = 0; k < this.starts.length; k++)
      out.push({ start: this.starts[k] as number, len: this.lens[k] as number, e: this.firsts[k] as Entry });
    return out;
  }

  *[Symbol.iterator](): Iterator<Entry | undefined> {
    for (let i = 0; i < PTRS_PER_TABLE; i++) yield this.get(i);
  }

  /** A plain, JSON-friendly copy: the 512 slots as an array (none as null). */
  toJSON(): (Entry | null)[] {
    return Array.from(this, (e) => e ?? null);
  }
}
