/** The figures as table rows, with their targets. */
import { type Chunk, kB, OPEN_BUDGET_GZIP, openingChunks, START_BUDGET_GZIP, startChunks } from './bundle';
import { type ModelResult, REMAP_1GIB, SCALE_4MIB, SCALE_256GIB } from './model';
import { COLD_LINK, DRAW_CASES, OTHER_VARIANT, type PageResults, STEP_BLOCK } from './page-bench';
import { judged, type Row, type TargetResult } from './report';
import { ms } from './stats';

/** The targets: issue 19's (the earlier ones were looser: a cold load under 1 s, a step in a frame). */
export const TARGETS = {
  coldLoadMs: 500,
  /** Step-to-drawn p95: within half a frame. */
  frameMs: 8,
  ratio: 1.5,
  /** Opening the 1 GiB and 256 GiB links against the 4 MiB one. */
  openRatio: 1.2,
  /** The kernel variant switch, 1 GiB against 4 MiB. */
  switchRatio: 1.5,
  /** The worker's peak heap in the 1 GiB case. */
  workerHeapMiB: 8,
  /** The heap a 1 GiB remap's run retains in Node. */
  retainedMiB: 1,
  /** The 256 GiB remap + fork + munmap: at most this many times the 4 MiB one, and under scaleMs. */
  scaleRatio: 2,
  scaleMs: 50,
  /**
   * The CI's budget for the JavaScript to open a run (issue 17); issue 19 aims at leanOpenBytes, which
   * the start view is held to as well (START_BUDGET_GZIP, bench/budget.ts).
   */
  gzipBytes: OPEN_BUDGET_GZIP,
  leanOpenBytes: START_BUDGET_GZIP,
  allJsBytes: 250_000,
};

export function modelRows(results: Record<string, ModelResult>): { rows: Row[]; targets: TargetResult[] } {
  const rows: Row[] = [];
  const targets: TargetResult[] = [];
  const detail = (r: ModelResult) =>
    `median of ${r.runs} (min ${ms(r.min)}); ${r.steps} steps, ${r.events} trace events; retains ${
      r.retainedMiB === undefined ? 'n/a' : r.retainedMiB.toFixed(1)
    } MiB; slowest step ${ms(r.worst.ms)} ms (step ${r.worst.index}: ${r.worst.title})`;
  const small = results[SCALE_4MIB];
  for (const [name, r] of Object.entries(results)) {
    const measure = `Node model: ${name}`;
    if (name === SCALE_256GIB && small) {
      // Both conditions of issue 19: within scaleRatio × the 4 MiB case, and under scaleMs.
      const limit = Number(Math.min(TARGETS.scaleRatio * small.median, TARGETS.scaleMs).toFixed(2));
      const j = r.refused
        ? judged(measure, Number.POSITIVE_INFINITY, '≤', limit, 'refused', r.refused, ' ms')
        : judged(
            measure,
            r.median,
            '≤',
            limit,
            `${ms(r.median)} ms (×${(r.median / small.median).toFixed(1)})`,
            detail(r),
            ' ms',
          );
      rows.push(j.row);
      targets.push(j.target);
      continue;
    }
    if (name === REMAP_1GIB && r.retainedMiB !== undefined) {
      const j = judged(
        `${measure}: heap its result retains`,
        r.retainedMiB,
        '≤',
        TARGETS.retainedMiB,
        `${r.retainedMiB.toFixed(2)} MiB`,
        `${ms(r.median)} ms, ${detail(r)}`,
        ' MiB',
      );
      rows.push(j.row);
      targets.push(j.target);
      continue;
    }
    rows.push({
      measure,
      figure: r.refused ? 'refused' : `${ms(r.median)} ms`,
      detail: r.refused ?? detail(r),
    });
  }
  return { rows, targets };
}

export function pageRows(p: PageResults): { rows: Row[]; targets: TargetResult[] } {
  const rows: Row[] = [];
  const targets: TargetResult[] = [];
  const add = (j: { row: Row; target: TargetResult }) => {
    rows.push(j.row);
    targets.push(j.target);
  };
  const c = p.coldLoad;
  add(
    judged(
      'Page: cold load to first drawn tree',
      c.median,
      '<',
      TARGETS.coldLoadMs,
      `${ms(c.median)} ms`,
      `median of ${c.n} new contexts (min ${ms(c.min)}, max ${ms(c.max)}); ${COLD_LINK}; navigation start to the frame with the tree (${c.rows} run) painted`,
      ' ms',
    ),
  );
  const s = p.stepToDrawn;
  add(
    judged(
      `Page: step-to-drawn, ${s.steps} × Next, anon faults (p95)`,
      s.painted.p95,
      '<',
      TARGETS.frameMs,
      `p95 ${ms(s.painted.p95)} ms (median ${ms(s.painted.median)})`,
      `click dispatched at the start of a frame, to that frame (or the first one that shows the new step in the step list and the trees) painted. Commit (DOM updated) median ${ms(s.commit.median)}, p95 ${ms(s.commit.p95)}. The VMA, physical memory, step detail and decision panels, rendered once that frame is painted, at a lower priority, drawn: median ${ms(s.settled.median)}, p95 ${ms(s.settled.p95)}`,
      ' ms',
    ),
  );
  const a = p.stepAnyPhase;
  rows.push({
    measure: `Page: step-to-drawn, ${a.steps} × Prev, clicked at any moment (p95)`,
    figure: `p95 ${ms(a.painted.p95)} ms (median ${ms(a.painted.median)})`,
    detail: `as a user's click lands: also waits for the next frame (0 to 16.7 ms at 60 Hz). Commit median ${ms(a.commit.median)}, p95 ${ms(a.commit.p95)}; commit plus that frame's rendering p95 ${ms(a.work.p95)}`,
  });
  const [small, ...big] = DRAW_CASES.map((d) => ({ name: d.name, r: p.draw[d.name] }));
  if (!small?.r) return { rows, targets };
  const base = small.r;
  // Drawing: the run's reply on the page → the tree painted. The target is on this part: it is what
  // coalescing and drawing only what is visible govern. Opening the link also loads the page and runs the
  // model in the worker; the model's own scaling is the Node rows above.
  rows.push({
    measure: `Page: draw (run reply → tree painted), ${small.name}`,
    figure: `${ms(base.drawn.median)} ms`,
    detail: `median of ${base.drawn.n} opens in a warm context, in turn with the other cases (min ${ms(base.drawn.min)}, max ${ms(base.drawn.max)}); unpacking the reply, classifying, layout, render, paint; ${base.rows} run rows`,
  });
  for (const { name, r } of big) {
    if (!r) continue;
    const ratio = r.drawn.median / base.drawn.median;
    add(
      judged(
        `Page: draw (run reply → tree painted), ${name}`,
        ratio,
        '≤',
        TARGETS.ratio,
        `${ms(r.drawn.median)} ms (×${ratio.toFixed(2)})`,
        `median of ${r.drawn.n} (min ${ms(r.drawn.min)}, max ${ms(r.drawn.max)}); ${r.rows} run rows; ratio to ${small.name}`,
        ' × 4 MiB',
      ),
    );
  }
  for (const { name, r } of [small, ...big]) {
    if (!r) continue;
    const measure = `Page: open link → tree drawn, ${name}`;
    const detail = `median of ${r.open.n} opens in a warm context (min ${ms(r.open.min)}, max ${ms(r.open.max)}): navigation start to the frame with the tree; includes loading the page and the model's run in the worker`;
    if (r === base) {
      rows.push({ measure, figure: `${ms(r.open.median)} ms`, detail });
      continue;
    }
    const ratio = r.open.median / base.open.median;
    const figure = `${ms(r.open.median)} ms (×${ratio.toFixed(2)})`;
    // Issue 19 judges opening the 1 GiB and the 256 GiB mappings; the 512 GiB pfnmap's link holds 514
    // steps, a different cost, shown without a target.
    if (name.startsWith('1 GiB') || name.startsWith('256 GiB'))
      add(judged(measure, ratio, '≤', TARGETS.openRatio, figure, detail, ' × 4 MiB'));
    else rows.push({ measure, figure, detail });
  }
  rows.push({
    measure: `Page: one step change, ${small.name}`,
    figure: `${ms(base.step.painted.median)} ms`,
    detail: `median of ${base.step.painted.n} Next/Prev to the frame painted, ${STEP_BLOCK} at a time in turn with the other cases (p95 ${ms(base.step.painted.p95)}); commit ${ms(base.step.commit.median)}, work ${ms(base.step.work.median)}`,
  });
  for (const { name, r } of big) {
    if (!r) continue;
    const ratio = r.step.painted.median / base.step.painted.median;
    add(
      judged(
        `Page: one step change, ${name}`,
        ratio,
        '≤',
        TARGETS.ratio,
        `${ms(r.step.painted.median)} ms (×${ratio.toFixed(2)})`,
        `median of ${r.step.painted.n} (p95 ${ms(r.step.painted.p95)}); commit ${ms(r.step.commit.median)}, work ${ms(r.step.work.median)}; ratio to ${small.name}`,
        ' × 4 MiB',
      ),
    );
  }
  const baseSwitch = base.variant?.painted.median;
  for (const d of DRAW_CASES) {
    const v = p.draw[d.name]?.variant;
    if (!v) continue;
    const measure = `Page: kernel variant switch, ${d.name}`;
    const detail = `median of ${v.painted.n} switches v6.18 ↔ ${OTHER_VARIANT} (max ${ms(v.painted.max)}): select to the re-run's tree painted`;
    // Issue 19 judges the 1 GiB case against the 4 MiB one.
    if (d.name.startsWith('1 GiB') && baseSwitch) {
      const ratio = v.painted.median / baseSwitch;
      add(
        judged(
          measure,
          ratio,
          '≤',
          TARGETS.switchRatio,
          `${ms(v.painted.median)} ms (×${ratio.toFixed(2)})`,
          `${detail}; ratio to ${small.name}`,
          ' × 4 MiB',
        ),
      );
    } else rows.push({ measure, figure: `${ms(v.painted.median)} ms`, detail });
  }
  const heaps = Object.entries(p.heap);
  for (const side of ['page', 'worker'] as const) {
    const key = side === 'page' ? 'pageMiB' : 'workerMiB';
    const peak = Math.max(...heaps.map(([, h]) => h[key]));
    rows.push({
      measure: `Page: peak JS heap, ${side === 'page' ? 'page (main thread)' : 'scenario worker'}`,
      figure: `${peak.toFixed(1)} MiB`,
      detail: `${heaps.map(([n, h]) => `${n.split(' (')[0]} ${h[key].toFixed(1)}`).join('; ')} (sampled every 20 ms over open, 4 steps, 2 variant switches${side === 'worker' ? '; a lower bound: the worker cannot answer while it serializes' : ''})`,
    });
  }
  const gib = heaps.find(([n]) => n.startsWith('1 GiB'));
  if (gib)
    add(
      judged(
        'Page: peak JS heap of the scenario worker, 1 GiB case',
        gib[1].workerMiB,
        '≤',
        TARGETS.workerHeapMiB,
        `${gib[1].workerMiB.toFixed(1)} MiB`,
        `${gib[0]}, sampled as above`,
        ' MiB',
      ),
    );
  return { rows, targets };
}

export function bundleRows(chunks: readonly Chunk[]): { rows: Row[]; targets: TargetResult[] } {
  const rows: Row[] = chunks.map((c) => ({
    measure: `Bundle: ${c.role} chunk ${c.file}`,
    figure: `${kB(c.gzip)} gzip`,
    detail: `${kB(c.raw)} raw`,
  }));
  const sum = (cs: readonly Chunk[], k: 'gzip' | 'raw') => cs.reduce((n, c) => n + c[k], 0);
  // What opening the page on a run fetches (a link, as the page cases above open it): the main chunk and
  // the chunks it imports statically, the lab's chunk (Lab.tsx) and its static imports, the worker's (the
  // first run starts it) and its static imports, and the few lines that register the service worker (not
  // the service worker itself). A first visit opens on the start view, which needs neither the lab nor the
  // worker: the next row but one. The lazy chunks load on demand (the editor's body and Form tab, the
  // comparison summary, export, the embed form, the quiz, print, the stories, the tree's zoom code, the
  // worker's quiz, stepper and impact tasks and its rare operations); they are summed in the last row. The
  // main-thread fallback, where module workers are missing, imports the worker's own chunks and adds none.
  const opening = openingChunks(chunks);
  const j = judged(
    'Bundle: JS the page loads to open on a run (main + lab + worker, their static imports, registerSW)',
    sum(opening, 'gzip') / 1000,
    '<',
    TARGETS.gzipBytes / 1000,
    `${kB(sum(opening, 'gzip'))} gzip`,
    `${kB(sum(opening, 'raw'))} raw; the lab and the worker load with the first run, as the page opens on a link`,
    ' kB gzip',
  );
  const lean = judged(
    'Bundle: JS the page loads to open on a run, against issue 19’s 150 kB',
    sum(opening, 'gzip') / 1000,
    '≤',
    TARGETS.leanOpenBytes / 1000,
    `${kB(sum(opening, 'gzip'))} gzip`,
    'the same figure, against the lower target issue 19 sets (the start view’s row below meets it)',
    ' kB gzip',
  );
  const start = startChunks(chunks);
  const first = judged(
    'Bundle: JS the page loads to open on the start view (a first visit: main + its static imports + registerSW)',
    sum(start, 'gzip') / 1000,
    '≤',
    TARGETS.leanOpenBytes / 1000,
    `${kB(sum(start, 'gzip'))} gzip`,
    `${kB(sum(start, 'raw'))} raw; the budget .ci/run holds the start view to (bench/budget.ts)`,
    ' kB gzip',
  );
  const all = judged(
    'Bundle: all JS, with the chunks loaded on demand',
    sum(chunks, 'gzip') / 1000,
    '≤',
    TARGETS.allJsBytes / 1000,
    `${kB(sum(chunks, 'gzip'))} gzip`,
    `${kB(sum(chunks, 'raw'))} raw; lazy chunks: the editor's body and its Form tab (with the zod schema), the comparison summary, export, the stories, the quiz and print views, the tree's zoom code (d3-zoom), the worker's quiz, stepper and impact tasks and its rare operations (mremap, pin_user_pages, madvise, the shrinker); the main-thread fallback runs the worker's own chunks`,
    ' kB gzip',
  );
  return {
    rows: [...rows, j.row, lean.row, first.row, all.row],
    targets: [j.target, lean.target, first.target, all.target],
  };
}
