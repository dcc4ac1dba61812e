import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Level, leaf } from '../model/entry';
import { makeFamily } from '../model/family';
import { forEachTable, type Table } from '../model/pagetable';
import { modelSteps, runModel } from '../model/run';
import { Slots } from '../model/slots';
import { VARIANT_IDS } from '../model/variants';
import { compileScenario } from '../scenario/compile';
import { devmemRemap } from '../scenario/fixtures';
import { LIBRARY } from '../scenario/library';
import { runScenario } from '../scenario/run';
import type { Scenario } from '../scenario/schema';
import { mappingRuns, summarizeState } from '../scenario/summary';
import { validateScenario } from '../scenario/validate';
import { main } from './main';
import { RunCache } from './runs';
import { writeTrace } from './trace';

/** What `ptlab run` printed before the trace was streamed: the whole trace, then JSON.stringify. */
function wholeTrace(scenarios: readonly Scenario[], asArray: boolean): string {
  const out = scenarios
    .map((s) => runScenario(s))
    .map((r) => ({
      title: r.scenario.title ?? r.scenario.id ?? '',
      variant: r.scenario.kernel.variant,
      steps: r.steps.map((s) => ({
        index: s.index,
        title: s.title,
        result: s.result,
        ...(s.detail ? { detail: s.detail } : {}),
        events: s.events,
        state: summarizeState(s.state),
      })),
    }));
  return `${JSON.stringify(asArray ? out : out[0], null, 1)}\n`;
}

function streamed(scenarios: readonly Scenario[], asArray: boolean): string {
  const parts: string[] = [];
  writeTrace(
    scenarios.map((s) => ({ scenario: s, steps: modelSteps(compileScenario(s)) })),
    asArray,
    (s) => parts.push(s),
  );
  return parts.join('');
}

function valid(input: unknown): Scenario {
  const v = validateScenario(input);
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.scenario;
}

const WORKED_DIR = fileURLToPath(new URL('../scenario/worked/', import.meta.url));
const WORKED = readdirSync(WORKED_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ name: f, scenario: valid(JSON.parse(readFileSync(`${WORKED_DIR}${f}`, 'utf8'))) }));
const STORIES = LIBRARY.map((l) => ({ name: l.id, scenario: valid(l.scenario) }));
const ALL = [...STORIES, ...WORKED];

describe('the streamed trace', () => {
  // Every scenario twice, the 1 GiB story among them (about 2 s alone, more on a loaded machine): a time
  // limit for a hang, as the other whole-library tests have, not a speed target.
  it('is byte for byte what the whole trace printed, for every built-in and worked scenario', () => {
    for (const { name, scenario } of ALL) {
      expect(streamed([scenario], false), name).toBe(wholeTrace([scenario], false));
    }
  }, 60_000);

  it('is the same in every kernel variant and without pte_special', () => {
    // The 1 GiB story takes a second and a half a run, where the others take milliseconds: once is enough.
    for (const { name, scenario } of STORIES.filter((s) => s.name !== 'scale-1gib-remap')) {
      for (const variant of VARIANT_IDS) {
        const s = valid({ ...scenario, kernel: { ...scenario.kernel, variant } });
        expect(streamed([s], false), `${name} ${variant}`).toBe(wholeTrace([s], false));
      }
      const n = valid({ ...scenario, kernel: { ...scenario.kernel, preset: 'no-pte-special' } });
      expect(streamed([n], false), `${name} no-pte-special`).toBe(wholeTrace([n], false));
    }
  });

  it('is the same for arrays of scenarios, empty ones included, and through `ptlab run`', () => {
    const some = STORIES.slice(0, 4).map((s) => s.scenario);
    expect(streamed(some, true)).toBe(wholeTrace(some, true));
    expect(streamed([], true)).toBe(wholeTrace([], true));
    let out = '';
    const code = main(['run', '-'], {
      out: (s) => {
        out += s;
      },
      err: () => undefined,
      stdin: () => JSON.stringify(STORIES.slice(0, 4).map((s) => s.scenario)),
    });
    expect(code).toBe(0);
    expect(out).toBe(wholeTrace(some, true));
  });
});

describe('modelSteps', () => {
  it('yields the steps runModel() returns', () => {
    for (const { name, scenario } of ALL.filter((s) => s.name !== 'scale-1gib-remap')) {
      const input = compileScenario(scenario);
      const whole = runModel(input);
      const one = [...modelSteps(input)];
      expect(one.length, name).toBe(whole.length);
      one.forEach((s, i) => {
        const w = whole[i];
        if (!w) throw new Error('missing step');
        const { state: a, ...restA } = s;
        const { state: b, ...restB } = w;
        expect(restA, `${name} step ${i}`).toEqual(restB);
        expect(summarizeState(a), `${name} step ${i}`).toEqual(summarizeState(b));
        expect(a.warned).toEqual(b.warned);
      });
    }
  });
});

// ---- random scenarios: RunCache.mappingRuns() against mappingRuns() at every step --------------------

const BASE = 0x3fe00000; // 2 MiB below 1 GiB: a PTE range that crosses a PMD and a PUD boundary
const PAGES = 1536;
// Runs meet where tables meet: pages near the PTE tables' edges (512, 1024) come up often.
const page = fc.oneof(
  fc.integer({ min: 0, max: PAGES - 1 }),
  fc.integer({ min: 508, max: 516 }),
  fc.integer({ min: 1020, max: 1028 }),
);
const hexPage = (p: number) => `0x${(BASE + p * 4096).toString(16)}`;
const addr = page.map(hexPage);
const pfn = fc.oneof(
  fc.integer({ min: 0x100, max: 0x110 }),
  page.map((p) => 0x1000 + p),
  fc.constant(0x1000),
);
const bits = { write: fc.boolean(), dirty: fc.boolean(), young: fc.boolean(), special: fc.boolean() };
/** Entries written one after another: `n` pages from `start`, pfns stepping by 0 or 1. */
const burst = fc
  .record({ start: page, n: fc.integer({ min: 2, max: 5 }), pfn, step: fc.constantFrom(0, 1), ...bits })
  .map(({ start, n, pfn: p, step, ...b }) =>
    Array.from({ length: n }, (_, i) => ({
      op: 'inject',
      proc: 'A',
      addr: hexPage(Math.min(PAGES - 1, start + i)),
      level: 'pte',
      entry: { type: 'leaf', pfn: p + i * step, ...b },
    })),
  );
const single = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constantFrom('read', 'write'), proc: fc.constantFrom('A', 'B'), addr }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('inject'),
      proc: fc.constantFrom('A', 'B'),
      addr,
      level: fc.constantFrom('pte', 'pte', 'pte', 'pmd'),
      entry: fc.oneof(
        fc.record({ type: fc.constant('leaf'), pfn: pfn.map((p) => p - (p % 512)), ...bits }),
        fc.record({ type: fc.constant('leaf'), pfn, ...bits }),
        fc.record({ type: fc.constantFrom('swap', 'migration', 'marker'), offset: pfn, write: fc.boolean() }),
        fc.constant({ type: 'none' }),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('mprotect'),
      proc: fc.constantFrom('A', 'B'),
      addr,
      length: fc.integer({ min: 1, max: 600 }).map((n) => n * 4096),
      prot: fc.constantFrom(['read'], ['read', 'write'], []),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('munmap'),
      proc: fc.constantFrom('A', 'B'),
      addr,
      length: fc.integer({ min: 1, max: 600 }).map((n) => n * 4096),
    }),
  },
);

const stepArb = fc.oneof(
  single.map((x) => [x]),
  burst,
);

function randomScenario(steps: unknown[], fork: number, preset: string): unknown {
  const all: unknown[] = [
    {
      op: 'mmap',
      proc: 'A',
      addr: `0x${BASE.toString(16)}`,
      length: PAGES * 4096,
      prot: ['read', 'write'],
      backing: { type: 'anon' },
    },
    {
      op: 'mmap',
      proc: 'A',
      addr: '0x80000000',
      length: '0x400000',
      prot: ['read', 'write'],
      shared: true,
      backing: { type: 'devmem', openMode: 'rdwr' },
      offset: '0x100000',
    },
    ...steps,
  ];
  all.splice(2 + Math.min(fork, steps.length), 0, { op: 'fork', proc: 'A', child: 'B' });
  return {
    version: 1,
    kernel: { variant: 'v6.18', preset },
    memory: { ranges: [{ start: 0, end: '0x100000', type: 'ram' }] },
    processes: [{ name: 'A' }],
    steps: all,
  };
}

describe('RunCache', () => {
  it('coalesces as mappingRuns() does where two PTE tables meet, for every pattern of 4 pfns', () => {
    const cases = 3 ** 4;
    for (const first of [509, 510, 511]) {
      for (let c = 0; c < cases; c++) {
        const pfns = [0, 1, 2, 3].map((i) => 0x100 + (Math.floor(c / 3 ** i) % 3));
        const steps = pfns.map((p, i) => ({
          op: 'inject',
          proc: 'A',
          addr: hexPage(first + i),
          level: 'pte',
          entry: { type: 'leaf', pfn: p },
        }));
        const v = validateScenario(randomScenario(steps, steps.length, 'x86-64'));
        if (!v.ok) throw new Error(JSON.stringify(v.problems));
        const cache = new RunCache();
        for (const st of modelSteps(compileScenario(v.scenario)))
          for (const p of st.state.procs)
            expect(cache.mappingRuns(p.root, p.levels), `${first} ${pfns}`).toEqual(
              mappingRuns(p.root, p.levels),
            );
      }
    }
  }, 60_000);

  it('coalesces as mappingRuns() does, at every step of random scenarios', () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { maxLength: 40 }).map((xs) => xs.flat()),
        fc.nat(40),
        fc.constantFrom('x86-64', 'x86-64-la57'),
        (steps, fork, preset) => {
          const v = validateScenario(randomScenario(steps, fork, preset));
          if (!v.ok) return; // a step naming B before the fork
          const cache = new RunCache();
          for (const st of modelSteps(compileScenario(v.scenario))) {
            for (const p of st.state.procs)
              expect(cache.mappingRuns(p.root, p.levels)).toEqual(mappingRuns(p.root, p.levels));
          }
          expect(streamed([v.scenario], false)).toBe(wholeTrace([v.scenario], false));
        },
      ),
      { numRuns: 300, seed: 16 },
    );
  }, 60_000);
});

describe('RunCache over runs of alike PTE tables (model/family.ts)', () => {
  // /dev/mem over 24 MiB (nine of its twelve PTE tables one run), forked, then parts unmapped, a
  // mprotect over part and a read: runs of tables whole, split at either end, and rewritten.
  const hex = (n: number) => `0x${n.toString(16)}`;
  const G = 0x40000000;
  const MiB = 0x100000;
  const s = devmemRemap(hex(24 * MiB), [
    { op: 'fork', proc: 'A', child: 'B' },
    { op: 'munmap', proc: 'A', addr: hex(G + 9 * MiB + 0x3000), length: hex(5 * MiB) },
    { op: 'mprotect', proc: 'B', addr: hex(G + 8 * MiB), length: hex(8 * MiB), prot: ['read'] },
    { op: 'read', proc: 'B', addr: hex(G + 17 * MiB) },
    { op: 'munmap', proc: 'B', addr: hex(G), length: hex(12 * MiB) },
  ]);
  it.each(['x86-64', 'x86-64-la57', 'no-pte-special'])(
    '%s: coalesces as mappingRuns() does at every step',
    (preset) => {
      const v = validateScenario({ ...s, kernel: { variant: 'v6.18', preset } });
      if (!v.ok) throw new Error(JSON.stringify(v.problems));
      const cache = new RunCache();
      let families = 0;
      for (const st of modelSteps(compileScenario(v.scenario)))
        for (const p of st.state.procs) {
          forEachTable(p.root, p.levels, (t) => {
            if (t.level === 'pmd')
              families += t.entries.runs().filter((r) => r.e.kind === 'table' && r.len > 1).length;
          });
          expect(cache.mappingRuns(p.root, p.levels)).toEqual(mappingRuns(p.root, p.levels));
        }
      // The runs of tables the cache takes whole are there to take.
      expect(families).toBeGreaterThan(5);
    },
  );

  it('takes a run of tables whose first holds two runs, or one run all through, and what follows it', () => {
    // Built by hand: the operations only make runs of tables whose first is one run or empty.
    const table = (level: Level, id: number, stride: number): Table => ({
      id,
      level,
      gen: 1,
      entries: new Slots(stride),
      used: 0,
    });
    for (const split of [true, false]) {
      const head = table('pte', 10, 1);
      head.entries.setRun(0, 512, leaf(0x1000, { write: true, special: true }));
      if (split) head.entries.setRun(256, 256, leaf(0x1000 + 256, { special: true }));
      head.used = 512;
      makeFamily(head, 1, 512);
      const next = table('pte', 20, 1);
      next.entries.setRun(0, 512, leaf(0x1000 + 4 * 512, { write: true, special: true }));
      next.used = 512;
      const pmd = table('pmd', 3, 512);
      pmd.entries.setTableRun(7, 4, { kind: 'table', table: head });
      pmd.entries.set(11, { kind: 'table', table: next });
      const pud = table('pud', 2, 512 * 512);
      pud.entries.set(1, { kind: 'table', table: pmd });
      const root = table('pgd', 1, 0);
      root.entries.set(0, { kind: 'table', table: pud });
      expect(new RunCache().mappingRuns(root, 4)).toEqual(mappingRuns(root, 4));
      expect(mappingRuns(root, 4)).toHaveLength(split ? 9 : 1);
    }
  });
});

describe('writeTrace', () => {
  it('writes each step before the next one is made', () => {
    const s = STORIES.find((x) => x.name === 'fork-cow-pfnmap-anon-zero')?.scenario;
    if (!s) throw new Error('no story');
    let made = 0;
    const steps = (function* () {
      for (const st of modelSteps(compileScenario(s))) {
        made++;
        yield st;
      }
    })();
    const madeWhenWritten: number[] = [];
    let text = '';
    writeTrace([{ scenario: s, steps }], false, (piece) => {
      text += piece;
      const m = [...text.matchAll(/\n {3}"index": (\d+),/g)];
      const last = m[m.length - 1];
      if (last && madeWhenWritten.length === Number(last[1])) madeWhenWritten.push(made);
    });
    expect(made).toBeGreaterThan(10);
    // Step i's text is written when step i is the last one made.
    expect(madeWhenWritten).toEqual(Array.from({ length: made }, (_, i) => i + 1));
  });
});
