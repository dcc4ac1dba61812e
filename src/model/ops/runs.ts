/**
 * Working a run of alike entries at once, where the kernel's loop does the same to each of them
 * (uniform.ts decides when). The trace must come out as if the loop had gone entry by entry: the first two
 * entries go through the per-entry code inside iterations of the caller's loop frame, so the tracer folds
 * the second into the first; Tracer.repeat() then adds the other entries to that fold by arithmetic, and
 * the caller's `rest` writes them to the tables in one go (PageTables.setRun/clearRun).
 */
import type { Level } from '../entry';
import type { Kernel } from '../kernel';
import type { LoopFrame } from '../trace';

/** Runs below this length go entry by entry: two go through the per-entry code anyway. */
export const MIN_RUN = 3;

/**
 * Deals with the n entries from v (`span` pages apart): `one(v, j)` is the per-entry body for the j-th,
 * `rest(v, j, m)` writes the m entries from the j-th. `touched` are the processes whose entries the per-entry
 * body notes as the step's subjects (Kernel.touch), in its order. Returns how many entries it dealt with:
 * n, or 2 when the tracer could not extend the fold (the caller then goes on entry by entry).
 */
export function workRun(
  k: Kernel,
  f: LoopFrame,
  v: number,
  n: number,
  span: number,
  one: (v: number, j: number) => void,
  rest: (v: number, j: number, m: number) => void,
  touched: readonly string[],
  level: Level,
): number {
  for (let j = 0; j < 2; j++) {
    k.trace.iterBegin(f);
    one(v + j * span, j);
    k.trace.iterEnd(f);
  }
  const m = n - 2;
  if (!k.trace.repeat(f, m)) return 2;
  const v2 = v + 2 * span;
  rest(v2, 2, m);
  k.touchRun(touched, level, v2, m, span);
  return n;
}

/**
 * Whether operations may repeat a whole PMD table's worth of work at once (runs of alike PMD tables,
 * family.ts; Tracer.repeatGroup()). Tests turn it off to compare with the same run made one PMD table at
 * a time, which the per-entry reference can still check at sizes it can afford.
 */
export const tableGroups = { on: true };

/** Runs fn with whole-PMD-table repeats off, then restores them. */
export function withoutTableGroups<T>(fn: () => T): T {
  const prev = tableGroups.on;
  tableGroups.on = false;
  try {
    return fn();
  } finally {
    tableGroups.on = prev;
  }
}
