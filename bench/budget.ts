/**
 * `node --import tsx bench/budget.ts [DIST]`: fails (exit 1) when the JavaScript the built page loads to
 * open (bench/bundle.ts's `jsChunks`, all but the lazy chunks, gzip) exceeds its budget, so a regression
 * cannot land unseen. `.ci/run` runs it after `vite build` as a check of its own. It prints the figure,
 * the budget and the chunks that make it up.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Chunk, jsChunks, kB, OPEN_BUDGET_GZIP, openingChunks } from './bundle';

export interface BudgetResult {
  readonly ok: boolean;
  /** Gzip bytes of the chunks the page loads to open. */
  readonly gzip: number;
  readonly budget: number;
  readonly chunks: readonly Chunk[];
  /** What to print: the verdict line, then a line per chunk counted. */
  readonly lines: readonly string[];
}

export function checkBudget(dist: string, budget = OPEN_BUDGET_GZIP): BudgetResult {
  const chunks = openingChunks(jsChunks(dist));
  const gzip = chunks.reduce((n, c) => n + c.gzip, 0);
  const ok = gzip <= budget;
  const verdict = ok
    ? `JS to open: ${kB(gzip)} gzip, within the budget of ${kB(budget)} (${kB(budget - gzip)} to spare)`
    : `JS to open: ${kB(gzip)} gzip, OVER the budget of ${kB(budget)} by ${kB(gzip - budget)} (${gzip - budget} bytes): load more of it on use (docs/performance.md)`;
  const lines = [verdict, ...chunks.map((c) => `  ${c.role.padEnd(8)} ${kB(c.gzip).padStart(9)}  ${c.file}`)];
  return { ok, gzip, budget, chunks, lines };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dist = resolve(process.argv[2] ?? new URL('../dist', import.meta.url).pathname);
  const r = checkBudget(dist);
  for (const l of r.lines) console.log(l);
  process.exitCode = r.ok ? 0 : 1;
}
