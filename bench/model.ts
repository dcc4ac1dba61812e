/**
 * The model in Node: runScenario() per case after a warm-up, medians and minima over repeated runs, and
 * the heap a run's result retains (needs node --expose-gc).
 */
// Every operation's code at once: the page loads the rare ones on use (model/ops/rare.ts).
import '../src/model/ops/eager';
import { runModel } from '../src/model/run';
import { compileScenario } from '../src/scenario/compile';
import { runScenario } from '../src/scenario/run';
import type { Scenario } from '../src/scenario/schema';
import { validateScenario } from '../src/scenario/validate';
import { devmemRemap, GiB, MiB, pudPfnmap512, randomSteps, type ScenarioJson } from './scenarios';
import { median } from './stats';

export interface ModelResult {
  /** Set when the scenario is refused (a limit of the format): the other figures are then 0. */
  refused?: string;
  median: number;
  min: number;
  runs: number;
  events: number;
  retainedMiB: number | undefined;
  /** The slowest step (operation and its snapshot): median over the runs of each run's slowest. */
  worst: { ms: number; index: number; title: string };
  steps: number;
}

/** remap of `bytes` of /dev/mem, fork, munmap in both: issue 19's scale case and its 4 MiB reference. */
function remapForkUnmap(bytes: number): ScenarioJson {
  const json = devmemRemap(bytes, [
    { op: 'fork', proc: 'A', child: 'B' },
    { op: 'munmap', proc: 'A', addr: '0x40000000', length: bytes },
    { op: 'munmap', proc: 'B', addr: '0x40000000', length: bytes },
  ]);
  // Device memory past the RAM, as a BAR would be, so the whole range is physical memory of the layout.
  return {
    ...json,
    memory: {
      ranges: [
        { start: 0, end: '0x1000000', type: 'ram' },
        { start: '0x1000000', end: '0x10000000', type: 'device' },
      ],
    },
  };
}

export const SCALE_4MIB = 'remap 4 MiB + fork + munmap both';
export const SCALE_256GIB = 'remap 256 GiB at PTE level + fork + munmap both';
export const REMAP_1GIB = 'remap_pfn_range 1 GiB';

export const MODEL_CASES: { name: string; json: ScenarioJson; runs: number }[] = [
  { name: 'remap_pfn_range 4 MiB (mmap /dev/mem)', json: devmemRemap(4 * MiB), runs: 15 },
  { name: 'remap_pfn_range 64 MiB', json: devmemRemap(64 * MiB), runs: 9 },
  { name: REMAP_1GIB, json: devmemRemap(GiB), runs: 5 },
  {
    name: 'remap 1 GiB + fork + munmap both',
    json: devmemRemap(GiB, [
      { op: 'fork', proc: 'A', child: 'B' },
      { op: 'munmap', proc: 'A', addr: '0x40000000', length: GiB },
      { op: 'munmap', proc: 'B', addr: '0x40000000', length: GiB },
    ]),
    runs: 5,
  },
  { name: SCALE_4MIB, json: remapForkUnmap(4 * MiB), runs: 15 },
  // As many runs as the 4 MiB case it is judged against, so both medians are taken alike.
  { name: SCALE_256GIB, json: remapForkUnmap(256 * GiB), runs: 15 },
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
  const v = validateScenario(json);
  if (!v.ok) {
    const refused = v.problems.map((p) => p.message).join('; ');
    const none = { ms: 0, index: 0, title: '' };
    return { refused, median: 0, min: 0, runs: 0, events: 0, retainedMiB: undefined, worst: none, steps: 0 };
  }
  const s = v.scenario;
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
