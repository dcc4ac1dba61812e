/**
 * Operations whose code the page loads on first use: mremap(), pin_user_pages() and unpin_user_pages(),
 * madvise() (with MADV_COLLAPSE's khugepaged code) and the shrinker. No built-in story's first view needs
 * them, and they are about a seventh of the model the worker loads as the page opens (docs/performance.md).
 *
 * The model stays synchronous: `applyOp()` (index.ts) calls them through the table here, which must be
 * filled before a scenario that uses them runs. In the browser the worker (and the main-thread fallback)
 * awaits `loadRareOps()` first when a scenario names one (`needsRareOps()`); Node (the CLI, the tests, the
 * benchmark) fills it at once by importing `./eager`. The code that runs is the same either way: the
 * table holds the operations themselves (rareTable.ts), so traces and results do not depend on how it
 * was filled.
 */
import type { Kernel } from '../kernel';
import { RARE_OPS, type RareOp, type RareOpName, type RareTable } from './rareNames';
import type { OpResult } from './types';

export { RARE_OPS, type RareOp, type RareOpName, type RareTable } from './rareNames';

const RARE: ReadonlySet<string> = new Set(RARE_OPS);
export const isRareOp = (name: unknown): name is RareOpName => typeof name === 'string' && RARE.has(name);

let table: RareTable | undefined;
let loading: Promise<void> | undefined;

/** Fills the table (eager.ts in Node, `loadRareOps()` in the browser). */
export function provideRareOps(t: RareTable): void {
  table = t;
}

export const rareOpsLoaded = (): boolean => table !== undefined;

/** Loads the rare operations' chunk once; resolves at once when the table is already filled. */
export function loadRareOps(): Promise<void> {
  if (table) return Promise.resolve();
  loading ??= import('./rareTable').then(
    (m) => provideRareOps(m.RARE_TABLE),
    (e: unknown) => {
      loading = undefined; // a failed fetch may be retried by the next run
      throw e;
    },
  );
  return loading;
}

/**
 * Whether these steps (a scenario's, validated or not: only `op` is read) name an operation whose code is
 * not loaded yet. A scenario refused by the validator runs nothing, so a wrong answer for one costs at
 * most a needless load.
 */
export function needsRareOps(steps: unknown): boolean {
  if (table || !Array.isArray(steps)) return false;
  return steps.some((s: unknown) => isRareOp((s as { op?: unknown } | null)?.op));
}

export function applyRareOp(k: Kernel, op: RareOp): OpResult {
  if (!table)
    throw new Error(
      `the code of op "${op.op}" is not loaded: await loadRareOps() first (model/ops/rare.ts), or import model/ops/eager in Node`,
    );
  const fn = table[op.op] as (k: Kernel, op: RareOp) => OpResult;
  return fn(k, op);
}
