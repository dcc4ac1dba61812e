/** The page benchmarks: what they open, how often, and the raw figures (summaries in ms, heap in MiB). */
import type { Browser, Page } from '@playwright/test';
import {
  type Bench,
  type HeapPeak,
  heapPeak,
  newBench,
  type Opened,
  open,
  step,
  stepBackAndForth,
  variantSwitches,
} from './browser';
import type { Timing } from './inpage';
import { anonSteps, devmemDraw, GiB, linkTo, MiB, pudPfnmap512, type ScenarioJson } from './scenarios';
import { type Summary, summarize } from './stats';

export const RUNS = { coldLoad: 7, opens: 9, stepChanges: 20, variantSwitches: 4, steps: 200 };
/** Step changes a drawing case takes in one turn: even, so that each turn ends on the step it began with. */
export const STEP_BLOCK = 4;
if (STEP_BLOCK % 2 || RUNS.stepChanges % STEP_BLOCK)
  throw new Error('RUNS.stepChanges must be a multiple of STEP_BLOCK, which must be even');
/** A built-in scenario at a step whose tree has a run: the page as a link usually opens it. */
export const COLD_LINK = '?v=1&s=zero-page&step=2';
/** The other kernel variant the variant switch alternates with (the scenarios say v6.18). */
export const OTHER_VARIANT = 'rfc-10';

export interface TimingSummary {
  painted: Summary;
  settled: Summary;
  commit: Summary;
  work: Summary;
}

const timings = (ts: readonly Timing[]): TimingSummary => ({
  painted: summarize(ts.map((t) => t.painted)),
  settled: summarize(ts.map((t) => t.settled)),
  commit: summarize(ts.map((t) => t.commit)),
  work: summarize(ts.map((t) => t.work)),
});

export interface DrawCase {
  name: string;
  json: ScenarioJson;
  /** The step the link opens (the one after it is stepped to and back). */
  step: number;
  level: string;
}

export const DRAW_CASES: DrawCase[] = [
  { name: '4 MiB /dev/mem (1,024 PTEs)', json: devmemDraw(4 * MiB), step: 2, level: 'PTE' },
  { name: '1 GiB /dev/mem (262,144 PTEs)', json: devmemDraw(GiB), step: 2, level: 'PTE' },
  { name: '256 GiB /dev/mem (67,108,864 PTEs)', json: devmemDraw(256 * GiB), step: 2, level: 'PTE' },
  { name: '512 GiB pfnmap (512 PUD leaves)', json: pudPfnmap512(), step: 512, level: 'PUD' },
];

export interface DrawResult {
  open: Summary;
  /** The run's reply on the page → the tree painted (see FirstTree.drawn). */
  drawn: Summary;
  rows: number;
  step: TimingSummary;
  variant: TimingSummary;
}

/** One drawing case while the cases take turns: its context, its last page and its figures so far. */
interface DrawRun {
  drawCase: DrawCase;
  url: string;
  bench: Bench;
  opens: number[];
  drawn: number[];
  steps: Timing[];
  last?: Opened;
}

export interface PageResults {
  coldLoad: Summary & { rows: number };
  /** Clicks dispatched at the start of a frame (the target). */
  stepToDrawn: TimingSummary & { steps: number };
  /** The same scenario stepped back with clicks at any moment: the wait for the next frame included. */
  stepAnyPhase: TimingSummary & { steps: number };
  draw: Record<string, DrawResult>;
  heap: Record<string, HeapPeak>;
}

async function expectPosition(page: Page, text: string): Promise<void> {
  const got = await page.getByTestId('step-position').textContent();
  if (got !== text) throw new Error(`expected "${text}", the page says "${got}"`);
}

const stepsOf = (json: ScenarioJson) => json.steps.length;

export async function pageBench(
  browser: Browser,
  base: string,
  log: (s: string) => void,
): Promise<PageResults> {
  log('cold load');
  const cold: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS.coldLoad; i++) {
    const b = await newBench(browser, '');
    const o = await open(b.ctx, `${base}/${COLD_LINK}`);
    cold.push(o.first.painted);
    rows = o.first.rows;
    await b.ctx.close();
  }

  log(`step-to-drawn, ${RUNS.steps} steps`);
  const anon = anonSteps(RUNS.steps);
  const sb = await newBench(browser, null);
  const so = await open(sb.ctx, `${base}/${linkTo(anon, 1)}`);
  await expectPosition(so.page, `Step 1 of ${stepsOf(anon)}`);
  const st: Timing[] = [];
  for (let i = 0; i < RUNS.steps; i++) st.push(await step(so.page, 'Next'));
  await expectPosition(so.page, `Step ${RUNS.steps + 1} of ${stepsOf(anon)}`);
  const anyPhase: Timing[] = [];
  for (let i = 0; i < RUNS.steps / 2; i++) anyPhase.push(await step(so.page, 'Prev', false));
  await sb.ctx.close();

  // The three cases are compared as ratios, so they take turns, each in its own context: open by open,
  // and step changes in blocks. Run one after the other, the machine's drift over the minutes between
  // them (larger here than the differences measured) fell on one case only. The order rotates every
  // round, so that no case always comes right after the same other one (whose page may still be
  // finishing its panels, its worker or a collection).
  log('open and step: the drawing cases, in turn');
  const runs: DrawRun[] = [];
  for (const drawCase of DRAW_CASES) {
    const url = `${base}/${linkTo(drawCase.json, drawCase.step)}`;
    const bench = await newBench(browser, drawCase.level);
    await (await open(bench.ctx, url)).page.close(); // warm-up: HTTP and code caches
    runs.push({ drawCase, url, bench, opens: [], drawn: [], steps: [] });
  }
  const rotated = (round: number) => runs.map((_, i) => runs[(i + round) % runs.length] as DrawRun);
  const lastPage = (r: DrawRun): Opened => {
    if (!r.last) throw new Error(`${r.drawCase.name}: no open`);
    return r.last;
  };
  for (let round = 0; round < RUNS.opens; round++) {
    for (const r of rotated(round)) {
      await r.last?.page.close();
      r.last = await open(r.bench.ctx, r.url);
      r.opens.push(r.last.first.painted);
      r.drawn.push(r.last.first.drawn);
    }
  }
  for (const r of runs) {
    if (r.drawn.some((d) => d < 0)) throw new Error(`${r.drawCase.name}: the page set no run-reply mark`);
    await expectPosition(lastPage(r).page, `Step ${r.drawCase.step} of ${stepsOf(r.drawCase.json)}`);
  }
  for (let round = 0; round < RUNS.stepChanges / STEP_BLOCK; round++) {
    for (const r of rotated(round)) {
      const { page } = lastPage(r);
      await page.bringToFront();
      // Not timed: the page has sat idle while the others took their turn, and an idle page's first
      // step is slower (docs/performance.md); one change there and back, so the block starts where it
      // would have.
      await stepBackAndForth(page, 2);
      r.steps.push(...(await stepBackAndForth(page, STEP_BLOCK)));
      await expectPosition(page, `Step ${r.drawCase.step} of ${stepsOf(r.drawCase.json)}`);
    }
  }
  const draw: Record<string, DrawResult> = {};
  for (const r of runs) {
    const { page, first } = lastPage(r);
    await page.bringToFront();
    const variant = await variantSwitches(page, OTHER_VARIANT, RUNS.variantSwitches);
    draw[r.drawCase.name] = {
      open: summarize(r.opens),
      drawn: summarize(r.drawn),
      rows: first.rows,
      step: timings(r.steps),
      variant: timings(variant),
    };
    await r.bench.ctx.close();
  }

  log('JS heap');
  const heap: Record<string, HeapPeak> = {};
  const hb = await newBench(browser, '');
  const heapCases: [string, string][] = [
    ...DRAW_CASES.map((c): [string, string] => [c.name, linkTo(c.json, c.step)]),
    [`anon, ${RUNS.steps} steps`, linkTo(anon, 100)],
  ];
  for (const [name, link] of heapCases) {
    heap[name] = await heapPeak(hb.ctx, browser, `${base}/${link}`, async (page) => {
      await stepBackAndForth(page, 4);
      await variantSwitches(page, OTHER_VARIANT, 2);
    });
  }
  await hb.ctx.close();

  return {
    coldLoad: { ...summarize(cold), rows },
    stepToDrawn: { ...timings(st), steps: RUNS.steps },
    stepAnyPhase: { ...timings(anyPhase), steps: RUNS.steps / 2 },
    draw,
    heap,
  };
}
