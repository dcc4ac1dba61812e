/**
 * The model in Node: runScenario() per case after a warm-up, medians and minima over repeated runs, and
 * the heap a run's result retains (needs node --expose-gc).
 */
import { runModel } from '../src/model/run';
import { compileScenario } from '../src/scenario/compile';
import { runScenario } from '../src/scenario/run';
import type { Scenario } from '../src/scenario/schema';
import { validateScenario } from '../src/scenario/validate';
import { devmemRemap, GiB, MiB, pudPfnmap512, randomSteps, type ScenarioJson } from './scenarios';
import { median } from './stats';

export interface ModelResult {
  median: number;
  min: number;
  runs: number;
  events: number;
  retainedMiB: number | undefined;
  /** The slowest step (operation and its snapshot): median over the runs of each run's slowest. */
  worst: { ms: number; index: number; title: string };
  steps: number;
}

function validated(json: ScenarioJson): Scenario {
  const v = validateScenario(json);
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.scenario;
}

export const MODEL_CASES: { name: string; json: ScenarioJson; runs: number }[] = [
  { name: 'remap_pfn_range 4 MiB (mmap /dev/mem)', json: devmemRemap(4 * MiB), runs: 15 },
  { name: 'remap_pfn_range 64 MiB', json: devmemRemap(64 * MiB), runs: 9 },
  { name: 'remap_pfn_range 1 GiB', json: devmemRemap(GiB), runs: 5 },
  {
    name: 'remap 1 GiB + fork + munmap both',
    json: devmemRemap(GiB, [
      { op: 'fork', proc: 'A', child: 'B' },
      { op: 'munmap', proc: 'A', addr: '0x40000000', length: GiB },
      { op: 'munmap', proc: 'B', addr: '0x40000000', length: GiB },
    ]),
    runs: 5,
  },
  { name: 'PUD pfnmap 512 GiB, 512 PUD faults (513 steps)', json: pudPfnmap512(), runs: 5 },
  { name: '1,000 random operations (seeded)', json: randomSteps(1000), runs: 7 },
];

/** Heap retained by a run's result. */
function retainedMiB(s: Scenario): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  gc();
  const before = process.memoryUsage().heapUsed;
  const keep = runScenario(s);
  gc();
  const after = process.memoryUsage().heapUsed;
  void keep.steps.length;
  return (after - before) / MiB;
}

export function runModelCase(json: ScenarioJson, runs: number): ModelResult {
  const s = validated(json);
  runScenario(s); // warm-up
  const t: number[] = [];
  const worst: { ms: number; index: number }[] = [];
  let events = 0;
  let titles: string[] = [];
  for (let i = 0; i < runs; i++) {
    const input = compileScenario(s);
    let slowest = { ms: -1, index: 0 };
    const a = performance.now();
    let last = a;
    const steps = runModel(input, (index) => {
      const now = performance.now();
      if (now - last > slowest.ms) slowest = { ms: now - last, index };
      last = now;
    });
    t.push(performance.now() - a);
    worst.push(slowest);
    events = steps.reduce((n, st) => n + st.events.length, 0);
    titles = steps.map((st) => st.title);
  }
  const w = [...worst].sort((x, y) => x.ms - y.ms)[Math.floor(worst.length / 2)] ?? { ms: 0, index: 0 };
  return {
    median: median(t),
    min: Math.min(...t),
    runs,
    events,
    retainedMiB: retainedMiB(s),
    worst: { ms: w.ms, index: w.index, title: titles[w.index] ?? '' },
    steps: titles.length,
  };
}
