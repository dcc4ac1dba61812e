/**
 * Runs of alike page tables (family.ts): remap_pfn_range() over many whole PTE tables keeps them as one
 * run, and every operation after it (fork's copy, mprotect, a CoW write in the middle, munmap of parts,
 * exit) must give what the per-entry reference gives (slots.reference.ts, which never makes runs): the
 * same results, events, subjects and tables, id and generation included, at every step.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runOk, transcriptOf } from '../scenario/lab';
import { leaf } from './entry';
import { withoutTableGroups } from './ops/runs';
import { tablesDigest } from './ops/testkit';
import { forEachTable, PageTables, type Table, withSlots } from './pagetable';
import { ArraySlots } from './slots.reference';
import type { Vpn } from './units';
import { VARIANT_IDS } from './variants';

const MiB = 0x100000;
const hex = (n: number) => `0x${n.toString(16)}`;

function sameAsReference(input: object): void {
  const runs = transcriptOf(input);
  const ref = withSlots(
    (_l, stride) => new ArraySlots(stride),
    () => transcriptOf(input),
  );
  if (runs !== ref) expect(runs).toBe(ref);
}

/**
 * Results, events, subjects, counters and every table (tablesDigest(), cheap at GiB sizes) at each step,
 * one text per step.
 */
const stepsText = (input: unknown) =>
  runOk(input).steps.map((st) =>
    JSON.stringify({
      result: st.result,
      detail: st.detail,
      events: st.events,
      subjects: st.subjects,
      counters: st.state.procs.map((p) => p.counters),
      tables: st.state.procs.map((p) => tablesDigest(p.root, p.levels)),
    }),
  );

/** Two stepsText() transcripts agree step by step (the first differing step is named). */
function sameSteps(got: readonly string[], want: readonly string[], what = ''): void {
  got.forEach((x, i) => {
    if (x !== want[i]) expect(`${what}step ${i}: ${x}`).toBe(`${what}step ${i}: ${want[i]}`);
  });
  expect(got.length).toBe(want.length);
}

/** /dev/mem mapped over `bytes` at `addr` (MAP_SHARED or private), then `extra`. */
function devmem(addr: number, bytes: number, shared: boolean, extra: unknown[]) {
  return {
    version: 1,
    title: `/dev/mem ${hex(bytes)} at ${hex(addr)}`,
    memory: { ranges: [{ start: 0, end: '0x1000000', type: 'ram' }] },
    processes: [{ name: 'A' }],
    steps: [
      {
        op: 'mmap',
        proc: 'A',
        addr: hex(addr),
        length: hex(bytes),
        prot: ['read', 'write'],
        shared,
        backing: { type: 'devmem', openMode: 'rdwr' },
        offset: '0x100000',
      },
      ...extra,
    ],
  };
}

const G = 0x40000000;
const cases: [string, object][] = [
  [
    'shared, 24 MiB: fork, mprotect over parts, munmap of parts and of the rest',
    devmem(G, 24 * MiB, true, [
      { op: 'fork', proc: 'A', child: 'B' },
      { op: 'mprotect', proc: 'A', addr: hex(G + 5 * MiB), length: hex(9 * MiB), prot: ['read'] },
      { op: 'mprotect', proc: 'B', addr: hex(G + 0x3000), length: hex(20 * MiB), prot: ['read'] },
      { op: 'munmap', proc: 'A', addr: hex(G + 6 * MiB + 0x5000), length: hex(7 * MiB) },
      { op: 'read', proc: 'B', addr: hex(G + 17 * MiB) },
      { op: 'munmap', proc: 'A', addr: hex(G), length: hex(24 * MiB) },
      { op: 'munmap', proc: 'B', addr: hex(G + 2 * MiB), length: hex(16 * MiB) },
      { op: 'exit', proc: 'B' },
    ]),
  ],
  [
    'private, 20 MiB: CoW writes in the middle, fork, mprotect, munmap',
    devmem(G + 4 * MiB, 20 * MiB, false, [
      { op: 'write', proc: 'A', addr: hex(G + 11 * MiB + 0x7000) },
      { op: 'fork', proc: 'A', child: 'B' },
      { op: 'write', proc: 'B', addr: hex(G + 15 * MiB) },
      { op: 'mprotect', proc: 'A', addr: hex(G + 4 * MiB), length: hex(20 * MiB), prot: ['read'] },
      { op: 'mprotect', proc: 'A', addr: hex(G + 4 * MiB), length: hex(20 * MiB), prot: ['read', 'write'] },
      { op: 'munmap', proc: 'B', addr: hex(G + 4 * MiB), length: hex(20 * MiB) },
      { op: 'exit', proc: 'A' },
    ]),
  ],
  [
    'shared, 12 MiB across a PMD table boundary, not table aligned: fork, munmap both',
    devmem(G - 5 * MiB - 0x3000, 12 * MiB, true, [
      { op: 'fork', proc: 'A', child: 'B' },
      { op: 'munmap', proc: 'B', addr: hex(G - 4 * MiB), length: hex(6 * MiB) },
      { op: 'munmap', proc: 'A', addr: hex(G - 5 * MiB - 0x3000), length: hex(12 * MiB) },
      { op: 'exit', proc: 'B' },
    ]),
  ],
];

/** The lengths of the runs of tables in every table under the root (a run of one is a lone table). */
function tableRunLengths(root: Table): number[] {
  const out: number[] = [];
  forEachTable(root, 4, (t) => {
    if (t.level !== 'pte') for (const r of t.entries.runs()) if (r.e.kind === 'table') out.push(r.len);
  });
  return out;
}

describe('runs of alike page tables give what the per-entry reference gives', () => {
  it('remap_pfn_range() over whole PTE tables makes them one run, which fork copies as one', () => {
    const st = runOk({ ...cases[0]?.[1], kernel: { variant: 'v6.18' } }).steps;
    // 24 MiB is 12 PTE tables: the first three are allocated one by one (the trace's fold needs two
    // alike iterations before it can repeat the last), the other nine as one run.
    expect(tableRunLengths(st[1]?.state.procs[0]?.root as Table)).toEqual([1, 1, 1, 1, 1, 9]);
    // The child's tables are allocated the same way; copying the first two PTEs one by one (to fold the
    // trace) then writes the first of the nine on its own, which splits it from the run.
    expect(tableRunLengths(st[2]?.state.procs[1]?.root as Table)).toEqual([1, 1, 1, 1, 1, 1, 8]);
  });

  it.each(cases)(
    '%s, in every variant and preset',
    (_id, input) => {
      for (const variant of VARIANT_IDS)
        for (const preset of ['x86-64', 'no-pte-special', 'x86-64-la57'] as const)
          sameAsReference({ ...input, kernel: { variant, preset } });
    },
    120_000,
  );
});

describe('a whole PMD table worked as one run gives what the per-entry reference gives', () => {
  // 1 GiB + 8 MiB from a PMD table boundary: the first PMD table is one run of leaves all through, which
  // fork's copy, zap and mprotect take as one run across its 512 PTE tables.
  const GiB = 2 ** 30;
  const input = devmem(G, GiB + 8 * MiB, false, [
    { op: 'fork', proc: 'A', child: 'B' },
    // A CoW write: B's first PMD table is then no longer one run all through, and is walked table by table.
    { op: 'write', proc: 'B', addr: hex(G + 700 * MiB) },
    { op: 'mprotect', proc: 'B', addr: hex(G), length: hex(GiB + 4 * MiB), prot: ['read'] },
    { op: 'munmap', proc: 'A', addr: hex(G + 0x5000), length: hex(GiB) },
    { op: 'write', proc: 'B', addr: hex(G + GiB + 0x2000) },
    { op: 'exit', proc: 'B' },
  ]);
  // Two /dev/mem mappings side by side in one PMD table, each 512 MiB of full PTE tables, the second's
  // pfns not following the first's: the PMD table is no one run, and is walked as two.
  const two = devmem(G, 512 * MiB, true, [
    {
      op: 'mmap',
      proc: 'A',
      addr: hex(G + 512 * MiB),
      length: hex(512 * MiB),
      prot: ['read', 'write'],
      shared: true,
      backing: { type: 'devmem', openMode: 'rdwr' },
      offset: '0x80000000',
    },
    { op: 'fork', proc: 'A', child: 'B' },
    { op: 'munmap', proc: 'A', addr: hex(G), length: hex(GiB) },
  ]);
  it.each([
    ['v6.18', input],
    ['rfc-11', input],
    ['v6.18, two mappings', two],
  ] as const)(
    '%s',
    (name, x) => {
      const s = { ...x, kernel: { variant: name.split(',')[0] } };
      sameSteps(
        stepsText(s),
        withSlots(
          (_l, stride) => new ArraySlots(stride),
          () => stepsText(s),
        ),
      );
    },
    120_000,
  );
});

describe('runs of alike PMD tables give what one PMD table at a time gives', () => {
  const GiB = 2 ** 30;
  const at = (n: number) => hex(n);
  // 6 GiB from a PMD table boundary: the first three PMD tables are filled one by one, the other three
  // as one run of alike PMD tables, and fork, mprotect, CoW writes and munmap take and split that run.
  const cases: [string, object][] = [
    [
      'shared, 6 GiB: fork, munmap of part, mprotect over part, munmap of all',
      devmem(G, 6 * GiB, true, [
        { op: 'fork', proc: 'A', child: 'B' },
        { op: 'munmap', proc: 'A', addr: at(G + 4 * GiB + 3 * MiB), length: at(GiB) },
        { op: 'mprotect', proc: 'B', addr: at(G + 3 * GiB), length: at(2 * GiB + 5 * MiB), prot: ['read'] },
        { op: 'read', proc: 'B', addr: at(G + 5 * GiB + 0x3000) },
        { op: 'munmap', proc: 'B', addr: at(G), length: at(6 * GiB) },
        { op: 'exit', proc: 'A' },
      ]),
    ],
    [
      'private, 5 GiB: CoW writes in the run, fork, munmap',
      devmem(G, 5 * GiB, false, [
        { op: 'write', proc: 'A', addr: at(G + 4 * GiB + 0x5000) },
        { op: 'fork', proc: 'A', child: 'B' },
        { op: 'write', proc: 'B', addr: at(G + 3 * GiB + 7 * MiB) },
        { op: 'munmap', proc: 'A', addr: at(G), length: at(5 * GiB) },
        { op: 'exit', proc: 'B' },
      ]),
    ],
  ];
  it('remap_pfn_range() over whole PMD tables makes the ones after the first alike three one run', () => {
    const st = runOk({ ...cases[0]?.[1], kernel: { variant: 'v6.18' } }).steps;
    let pud: Table | undefined;
    forEachTable(st[1]?.state.procs[0]?.root as Table, 4, (t) => {
      if (t.level === 'pud') pud = t;
    });
    expect(pud?.entries.runs().map((r) => r.len)).toEqual([1, 1, 1, 3]);
  });
  it.each(cases)(
    '%s, in every variant under two presets',
    (_id, input) => {
      for (const variant of VARIANT_IDS)
        for (const preset of ['x86-64', 'no-pte-special'] as const) {
          const s = { ...input, kernel: { variant, preset } };
          sameSteps(
            stepsText(s),
            withoutTableGroups(() => stepsText(s)),
            `${variant} ${preset} `,
          );
        }
    },
    300_000,
  );
});

describe('random programs over runs of alike PMD tables', () => {
  // /dev/mem over 5 or 6 GiB from a PMD table boundary (runs of alike PMD tables after the first three),
  // then forks, munmaps and mprotects of ranges that start and end anywhere on a page, CoW writes and
  // reads: with runs of PMD tables against the same programs made one PMD table at a time.
  const GiB = 2 ** 30;
  const page = (gib: number) => fc.integer({ min: 0, max: gib * (GiB / 4096) - 1 });
  const program = fc.record({
    gib: fc.constantFrom(5, 6),
    shared: fc.boolean(),
    variant: fc.constantFrom('v6.18', 'rfc-11', 'baseline'),
    preset: fc.constantFrom('x86-64', 'no-pte-special', 'x86-64-la57'),
    ops: fc.array(
      fc.oneof(
        fc.record({ op: fc.constant('fork' as const) }),
        fc.record({
          op: fc.constantFrom('munmap' as const, 'mprotect' as const),
          at: page(6),
          pages: page(3),
          proc: fc.constantFrom('A', 'B'),
        }),
        fc.record({
          op: fc.constantFrom('write' as const, 'read' as const),
          at: page(6),
          proc: fc.constantFrom('A', 'B'),
        }),
      ),
      { maxLength: 6 },
    ),
  });
  it('give what the same programs give one PMD table at a time', () => {
    let forked = false;
    let madeRuns = 0;
    fc.assert(
      fc.property(program, (g) => {
        forked = false;
        const steps = g.ops.map((o) => {
          if (o.op === 'fork') {
            if (forked) return { op: 'read', proc: 'A', addr: hex(G) };
            forked = true;
            return { op: 'fork', proc: 'A', child: 'B' };
          }
          const proc = forked ? o.proc : 'A';
          const addr = hex(G + (o.at % (g.gib * (GiB / 4096))) * 4096);
          if (o.op === 'write' || o.op === 'read') return { op: o.op, proc, addr };
          const length = hex(Math.max(1, 'pages' in o ? o.pages : 1) * 4096);
          return o.op === 'munmap'
            ? { op: 'munmap', proc, addr, length }
            : { op: 'mprotect', proc, addr, length, prot: ['read'] };
        });
        const input = {
          ...devmem(G, g.gib * GiB, g.shared, steps),
          kernel: { variant: g.variant, preset: g.preset },
        };
        sameSteps(
          stepsText(input),
          withoutTableGroups(() => stepsText(input)),
        );
        // The mmap made a run of alike PMD tables to work on.
        let pud: Table | undefined;
        const root = runOk({ ...input, steps: input.steps.slice(0, 1) }).steps[1]?.state.procs[0]?.root;
        forEachTable(root as Table, g.preset === 'x86-64-la57' ? 5 : 4, (t) => {
          if (t.level === 'pud') pud = t;
        });
        if (pud?.entries.runs().some((r) => r.len > 1)) madeRuns++;
      }),
      { seed: 0x5e55, numRuns: 40 },
    );
    expect(madeRuns).toBe(40);
  }, 300_000);
});

describe('remap_pfn_range() over PMD tables already there', () => {
  it('fills them as the per-table walk does, and repeats only PMD tables it made itself', () => {
    // A 6 GiB anonymous VMA whose second and third PMD tables hold an empty PTE table each (a read, then
    // MADV_DONTNEED, which keeps the tables), then remap_pfn_range() over all of it: those two PMD tables
    // come out alike, without the pmd_alloc()/pte_alloc() the new ones after them need.
    const GiB = 2 ** 30;
    const input = {
      version: 1,
      title: 'remap over tables already there',
      kernel: { variant: 'v6.18' },
      memory: { ranges: [{ start: 0, end: '0x1000000', type: 'ram' }] },
      processes: [{ name: 'A' }],
      steps: [
        {
          op: 'mmap',
          proc: 'A',
          addr: hex(G),
          length: hex(6 * GiB),
          prot: ['read', 'write'],
          shared: true,
          backing: { type: 'anon' },
        },
        { op: 'read', proc: 'A', addr: hex(G + GiB) },
        { op: 'read', proc: 'A', addr: hex(G + 2 * GiB) },
        { op: 'madvise', proc: 'A', addr: hex(G), length: hex(6 * GiB), advice: 'dontneed' },
        { op: 'remap_pfn_range', proc: 'A', addr: hex(G), pfn: '0x100', length: hex(6 * GiB) },
      ],
    };
    sameSteps(
      stepsText(input),
      withoutTableGroups(() => stepsText(input)),
    );
    expect(runOk(input).steps[5]?.result).toBe('0');
  });
});

describe('PageTables.countRun()', () => {
  it('counts the slots holding an entry of one kind, a run of alike tables counting in each member', () => {
    let n = 1;
    const pt = new PageTables(4, {
      next: () => n++,
      skip: (m) => {
        n += m;
      },
    });
    const P = 512;
    const base = 0x40000; // 1 GiB, the first PMD slot of PUD slot 1
    pt.ensureTable(base as Vpn, 'pmd');
    pt.allocRun(base as Vpn, 'pte', 6); // six empty PTE tables, one run of alike tables
    pt.setRun((base + 7 * P) as Vpn, 'pmd', 2, leaf(0x200000, { special: true })); // two huge PMDs
    pt.setRun((base + 2 * P + 5) as Vpn, 'pte', 3 * P, leaf(0x100)); // PTEs across three tables
    expect(pt.countRun(base, 'pmd', 9)).toBe(8);
    expect(pt.countRun(base, 'pmd', 9, 'table')).toBe(6);
    expect(pt.countRun(base, 'pmd', 9, 'leaf')).toBe(2);
    expect(pt.countRun(base, 'pte', 9 * P)).toBe(3 * P);
    expect(pt.countRun(base + 3 * P, 'pte', 2 * P, 'leaf')).toBe(2 * P);
  });
});
