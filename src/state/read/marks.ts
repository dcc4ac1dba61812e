/**
 * What a step's events say about entries, in the form the tree asks about: which entries were written in
 * this step (entry events: proc, level, vaddr..lastVaddr) and which entries a report points at (report.at).
 */
import type { Level } from '../../model/entry';
import { entryBase } from '../../model/geometry';
import type { TraceEvent } from '../../model/trace';

/** Entries first, first + stride, ... last (virtual page numbers of entry starts); stride 0 for one entry. */
export interface VRange {
  readonly first: number;
  readonly last: number;
  readonly stride: number;
}

export interface StepMarks {
  /** By `${proc}:${level}`. */
  readonly written: ReadonlyMap<string, readonly VRange[]>;
  /** Entries reports point at, by `${proc}:${level}`: first pages of the entries. */
  readonly reported: ReadonlyMap<string, readonly number[]>;
}

export const markKey = (proc: string, level: Level): string => `${proc}:${level}`;

export const vpnOf = (vaddr: string): number => Number(BigInt(vaddr) >> 12n);

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

export function stepMarks(events: readonly TraceEvent[], levelsOf: (proc: string) => 4 | 5): StepMarks {
  const written = new Map<string, VRange[]>();
  const reported = new Map<string, number[]>();
  for (const e of events) {
    if (e.t === 'entry') {
      const n = levelsOf(e.proc);
      const first = entryBase(vpnOf(e.vaddr), e.level, n);
      const last = e.lastVaddr ? entryBase(vpnOf(e.lastVaddr), e.level, n) : first;
      const count = e.count ?? 1;
      // A folded loop records first, last and the count: the entries in between are evenly spaced.
      const stride = count > 1 && last > first ? (last - first) / (count - 1) : 0;
      push(written, markKey(e.proc, e.level), { first, last, stride });
    } else if (e.t === 'report' && e.at) {
      const n = levelsOf(e.at.proc);
      push(reported, markKey(e.at.proc, e.at.level), entryBase(vpnOf(e.at.vaddr), e.at.level, n));
    }
  }
  return { written, reported };
}

/** Whether some entry of the range lies in [lo, hi]. */
export function rangeHits(r: VRange, lo: number, hi: number): boolean {
  if (r.last < lo || r.first > hi) return false;
  if (r.stride <= 1) return true;
  const k = Math.max(0, Math.ceil((lo - r.first) / r.stride));
  const p = r.first + k * r.stride;
  return p <= Math.min(hi, r.last);
}

/** Whether an entry starting in [lo, hi] at `level` was written in this step. */
export function writtenIn(m: StepMarks, proc: string, level: Level, lo: number, hi: number): boolean {
  const rs = m.written.get(markKey(proc, level));
  return !!rs && rs.some((r) => rangeHits(r, lo, hi));
}

/** Whether a report points at an entry starting in [lo, hi] at `level`. */
export function reportedIn(m: StepMarks, proc: string, level: Level, lo: number, hi: number): boolean {
  const vs = m.reported.get(markKey(proc, level));
  return !!vs && vs.some((v) => v >= lo && v <= hi);
}

/** Whether any entry at one of `levels` starting within [lo, hi] was written (a collapsed group of tables). */
export function writtenBelow(
  m: StepMarks,
  proc: string,
  levels: readonly Level[],
  lo: number,
  hi: number,
): boolean {
  return levels.some((l) => writtenIn(m, proc, l, lo, hi));
}
