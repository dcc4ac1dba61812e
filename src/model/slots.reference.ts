/**
 * The per-entry reference for slots.ts: one array element per slot, as the model stored tables before runs.
 * Kept for tests only (slots.test.ts, properties.test.ts run whole scenarios with it through withSlots()
 * and compare every step with the run-based tables); the app never uses it.
 */
import type { Entry, LeafEntry, TableEntry } from './entry';
import { leafAt, type SlotRun, type SlotsLike } from './slots';
import { PTRS_PER_TABLE } from './units';

export class ArraySlots implements SlotsLike {
  constructor(
    readonly stride: number,
    private readonly a: (Entry | undefined)[] = new Array(PTRS_PER_TABLE),
  ) {}

  get length(): number {
    return PTRS_PER_TABLE;
  }

  get coalesces(): boolean {
    return false;
  }

  runLength(i: number): number {
    return this.a[i] === undefined ? 0 : 1;
  }

  countIn(start: number, len: number): number {
    let n = 0;
    for (let j = start; j < start + len; j++) if (this.a[j] !== undefined) n++;
    return n;
  }

  get(i: number): Entry | undefined {
    return this.a[i];
  }

  next(i: number): number {
    let j = i;
    while (j < PTRS_PER_TABLE && this.a[j] === undefined) j++;
    return j;
  }

  set(i: number, e: Entry | undefined): void {
    this.a[i] = e;
  }

  setRun(start: number, len: number, first: LeafEntry): void {
    for (let j = 0; j < len; j++) this.a[start + j] = leafAt(first, j, this.stride);
  }

  setTableRun(start: number, len: number, first: TableEntry): void {
    if (len !== 1) throw new Error('the per-entry reference makes no runs of tables');
    this.a[start] = first;
  }

  mapRuns(fn: (r: SlotRun) => Entry): ArraySlots {
    return new ArraySlots(
      this.stride,
      Array.from(this.a, (e, start) => (e === undefined ? undefined : fn({ start, len: 1, e }))),
    );
  }

  clearRange(start: number, len: number): void {
    for (let j = 0; j < len; j++) this.a[start + j] = undefined;
  }

  clone(): ArraySlots {
    return new ArraySlots(this.stride, this.a.slice());
  }

  forEach(fn: (e: Entry, i: number) => void): void {
    for (let i = 0; i < PTRS_PER_TABLE; i++) {
      const e = this.a[i];
      if (e) fn(e, i);
    }
  }

  some(fn: (e: Entry, i: number) => boolean): boolean {
    for (let i = 0; i < PTRS_PER_TABLE; i++) {
      const e = this.a[i];
      if (e && fn(e, i)) return true;
    }
    return false;
  }

  /** One run per present slot: the reference does not coalesce. */
  runs(): readonly SlotRun[] {
    const out: SlotRun[] = [];
    this.forEach((e, start) => {
      out.push({ start, len: 1, e });
    });
    return out;
  }

  *[Symbol.iterator](): Iterator<Entry | undefined> {
    for (let i = 0; i < PTRS_PER_TABLE; i++) yield this.a[i];
  }

  toJSON(): (Entry | null)[] {
    return Array.from(this, (e) => e ?? null);
  }
}
