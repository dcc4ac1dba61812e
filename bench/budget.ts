/**
 * `node --import tsx bench/budget.ts [DIST]`: fails (exit 1) when the JavaScript the built page loads to
 * open exceeds its budget, so a regression cannot land unseen. Two openings are checked (bench/bundle.ts
 * says which chunks each loads, gzip):
 * - on a run (a link, a draft, the last visit): the entry, the lab's chunk, the worker, their static
 *   imports and `registerSW.js`, against `OPEN_BUDGET_GZIP`;
 * - on the start view (a first visit): the entry, its static imports and `registerSW.js`, against
 *   `START_BUDGET_GZIP`.
 * `.ci/run` runs it after `vite build` as a check of its own. It prints both figures, their budgets and the
 * chunks that make them up.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type Chunk,
  jsChunks,
  kB,
  OPEN_BUDGET_GZIP,
  openingChunks,
  START_BUDGET_GZIP,
  startChunks,
} from './bundle';

export interface BudgetResult {
  readonly ok: boolean;
  /** Gzip bytes of the chunks the page loads to open on a run. */
  readonly gzip: number;
  readonly budget: number;
  /** Gzip bytes of the chunks the page loads to open on the start view. */
  readonly startGzip: number;
  readonly startBudget: number;
  /** The chunks opening on a run loads (those of the start view among them). */
  readonly chunks: readonly Chunk[];
  /** What to print: a verdict line per opening, then a line per chunk counted. */
  readonly lines: readonly string[];
}

const verdict = (what: string, gzip: number, budget: number) =>
  gzip <= budget
    ? `${what}: ${kB(gzip)} gzip, within the budget of ${kB(budget)} (${kB(budget - gzip)} to spare)`
    : `${what}: ${kB(gzip)} gzip, OVER the budget of ${kB(budget)} by ${kB(gzip - budget)} (${gzip - budget} bytes): load more of it on use (docs/performance.md)`;

const sum = (cs: readonly Chunk[]) => cs.reduce((n, c) => n + c.gzip, 0);

export function checkBudget(
  dist: string,
  budget = OPEN_BUDGET_GZIP,
  startBudget = START_BUDGET_GZIP,
): BudgetResult {
  const all = jsChunks(dist);
  const chunks = openingChunks(all);
  const gzip = sum(chunks);
  const startGzip = sum(startChunks(all));
  const ok = gzip <= budget && startGzip <= startBudget;
  const lines = [
    verdict('JS to open on a run', gzip, budget),
    verdict('JS to open on the start view', startGzip, startBudget),
    ...chunks.map((c) => `  ${c.role.padEnd(8)} ${kB(c.gzip).padStart(9)}  ${c.file}`),
  ];
  return { ok, gzip, budget, startGzip, startBudget, chunks, lines };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dist = resolve(process.argv[2] ?? new URL('../dist', import.meta.url).pathname);
  const r = checkBudget(dist);
  for (const l of r.lines) console.log(l);
  process.exitCode = r.ok ? 0 : 1;
}
