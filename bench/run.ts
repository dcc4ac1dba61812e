/**
 * npm run bench: model benchmarks in Node. Prints a table of medians and writes bench/results/latest.json.
 * Timings are medians over repeated runs (the machines are noisy); compare ratios, not absolute numbers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { runScenario } from '../src/scenario/run';
import type { Scenario } from '../src/scenario/schema';
import { validateScenario } from '../src/scenario/validate';

function scenario(bytes: number, extra: unknown[] = []): Scenario {
  const v = validateScenario({
    version: 1,
    title: `remap ${bytes} bytes`,
    kernel: { variant: 'v6.18' },
    memory: { ranges: [{ start: 0, end: '0x1000000', type: 'ram' }] },
    processes: [{ name: 'A' }],
    steps: [
      {
        op: 'mmap',
        proc: 'A',
        addr: '0x40000000',
        length: bytes,
        prot: ['read', 'write'],
        shared: true,
        backing: { type: 'devmem', openMode: 'rdwr' },
        offset: '0x100000',
      },
      ...extra,
    ],
  });
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.scenario;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function time(f: () => void, runs: number): { median: number; min: number; runs: number } {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    f();
    t.push(performance.now() - a);
  }
  return { median: median(t), min: Math.min(...t), runs };
}

const GiB = 2 ** 30;
const cases: { name: string; s: Scenario; runs: number }[] = [
  { name: 'remap_pfn_range 4 MiB (mmap /dev/mem)', s: scenario(4 * 2 ** 20), runs: 15 },
  { name: 'remap_pfn_range 64 MiB', s: scenario(64 * 2 ** 20), runs: 9 },
  { name: 'remap_pfn_range 1 GiB', s: scenario(GiB), runs: 5 },
  {
    name: 'remap 1 GiB + fork + munmap both',
    s: scenario(GiB, [
      { op: 'fork', proc: 'A', child: 'B' },
      { op: 'munmap', proc: 'A', addr: '0x40000000', length: GiB },
      { op: 'munmap', proc: 'B', addr: '0x40000000', length: GiB },
    ]),
    runs: 5,
  },
];

/** Heap retained by a run's result (needs --expose-gc). */
function retainedMiB(s: Scenario): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  gc();
  const before = process.memoryUsage().heapUsed;
  const keep = runScenario(s);
  gc();
  const after = process.memoryUsage().heapUsed;
  void keep.steps.length;
  return (after - before) / 2 ** 20;
}

const results: Record<string, unknown> = {};
console.log('| case | median ms | min ms | runs | trace events | retained heap MiB |');
console.log('|---|---|---|---|---|---|');
for (const c of cases) {
  let events = 0;
  runScenario(c.s); // warm-up
  const t = time(() => {
    const r = runScenario(c.s);
    events = r.steps.reduce((n, st) => n + st.events.length, 0);
  }, c.runs);
  const heap = retainedMiB(c.s);
  results[c.name] = { ...t, events, retainedMiB: heap };
  console.log(
    `| ${c.name} | ${t.median.toFixed(1)} | ${t.min.toFixed(1)} | ${t.runs} | ${events} | ${heap === undefined ? 'n/a' : heap.toFixed(1)} |`,
  );
}
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/latest.json', import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2)}\n`,
);
