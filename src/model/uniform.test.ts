/**
 * Working a run at a time (uniform.ts, ops/runs.ts), against the per-entry reference (slots.reference.ts).
 * Crafted runs whose decision changes inside the run, whole scenarios, the page's lists, RunMem's bounds,
 * and seeded random programs over layouts with boundaries to cross (PFNMAP, CoW PFNMAP, MIXEDMAP and plain
 * VMAs; remap, injected runs, mprotect, munmap, reads and writes, fork and exit).
 *
 * The crafted runs: where the kernel's decision changes inside the run:
 * each case builds a run of PTEs whose first entry the classifier (or remap_pfn_range()'s RFC 11 check)
 * decides one way and a later one another, then forks and unmaps. The run-based tables must give what the
 * per-entry reference gives: the same results, events and tables. And RunMem itself, query by query.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configOf } from '../scenario/compile';
import { devmemRemap } from '../scenario/fixtures';
import { runOk, transcriptOf } from '../scenario/lab';
import { LIBRARY } from '../scenario/library';
import { presetConfig } from './config';
import { isLeafLevel } from './entry';
import { classifyCtx, tableRuns } from './inspect';
import type { Kernel } from './kernel';
import { LAYOUT, run as runOp, world } from './ops/testkit';
import type { Op } from './ops/types';
import { forEachTable, withSlots } from './pagetable';
import { type Folio, type MemLayout, memLayout, PhysMem } from './physmem';
import { type ModelInput, runModel } from './run';
import { ArraySlots } from './slots.reference';
import { RunMem } from './uniform';
import { asPfn, type Vpn } from './units';
import { VARIANT_IDS } from './variants';
import { VM } from './vma';

const V = 0x10000; // the mapping's first page
const PAGES = 32;
const at = (vpn: number) => ({ vpn: vpn as Vpn, off: 0 });

type Range = { start: number; end: number; type: 'ram' | 'device'; name: string };
const RAM = (start: number, end: number): Range => ({ start, end, type: 'ram', name: 'System RAM' });
const MMIO = (start: number, end: number): Range => ({ start, end, type: 'device', name: 'MMIO' });

/** A layout of `ranges` with the zero page, huge zero folio and memmap end these tests share. */
const layoutOf = (ranges: Range[]) =>
  memLayout({ ranges, zeroPfn: 0x1042, hugeZeroPfn: 0x1200, highestMemmapPfn: 0x7ffff, allocStart: 0x10000 });

/** A device range just below RAM, so a run can start on pfns without a memmap and go on into RAM. */
const DEVICE_THEN_RAM = layoutOf([MMIO(0, 0x1000), RAM(0x1000, 0x80000)]);

/** Eight coloured zero pages (memory.zeroPages, §3.17) at 0x40..0x47: a run can start on them and go on. */
const COLOURED_ZERO = { ...LAYOUT, zeroPfn: asPfn(0x40), zeroPages: 8 };

/** Ranges may overlap; pfn_valid() answers from the first listed: RAM from 0x1000, device memory under it. */
const OVERLAPPING = layoutOf([RAM(0x1000, 0x80000), MMIO(0, 0x100000)]);

const mmapRaw = (flags: number): Extract<Op, { op: 'mmap' }> => ({
  op: 'mmap',
  proc: 'A',
  addr: at(V),
  bytes: PAGES * 4096,
  prot: { read: true, write: true, exec: false },
  shared: (flags & VM.SHARED) !== 0,
  backing: { type: 'raw-flags', flags, pgoff: 0 },
  offsetBytes: 0,
  hugepage: false,
});

/** PTEs at V.. with pfns from `pfn`, one per page (not linear: the VMA's pgoff is 0). */
function injectRun(pfn: number, n: number): Op[] {
  return Array.from({ length: n }, (_, i) => ({
    op: 'inject' as const,
    proc: 'A',
    addr: at(V + i),
    level: 'pte' as const,
    entry: { type: 'leaf' as const, pfn: pfn + i, special: false, write: true, dirty: true, young: true },
  }));
}

const thenForkAndUnmap: Op[] = [
  { op: 'fork', proc: 'A', child: 'B' },
  { op: 'munmap', proc: 'A', addr: at(V), bytes: PAGES * 4096 },
  { op: 'munmap', proc: 'B', addr: at(V), bytes: PAGES * 4096 },
];

/** Runs the ops, returning every result, event and table as text. */
function transcript(make: () => Kernel, ops: readonly Op[]): string {
  const k = make();
  const out = ops.map((op) => {
    const r = runOp(k, op);
    return { r, events: k.trace.take(), tables: [...k.procs.values()].map((m) => m.pt.root) };
  });
  return JSON.stringify(out);
}

function compare(make: () => Kernel, ops: readonly Op[]): void {
  const runs = transcript(make, ops);
  const ref = withSlots(
    (_l, stride) => new ArraySlots(stride),
    () => transcript(make, ops),
  );
  expect(runs).toBe(ref);
}

// Each run's first entries agree (so the tracer's fold alone would not stop the run), and a later one does
// not: only uniform.ts's check keeps the operation from treating the whole run as the first entry.
describe('a run whose entries the kernel decides differently is worked entry by entry', () => {
  it.each(VARIANT_IDS)('%s: a CoW PFNMAP run without pte_special over the zero pages and on', (variant) => {
    // The first eight PTEs map the coloured zero pages (NULL); the others are normal pages past them.
    compare(
      () => world(variant, 'no-pte-special', COLOURED_ZERO),
      [
        mmapRaw(VM.READ | VM.WRITE | VM.MAYREAD | VM.MAYWRITE | VM.PFNMAP | VM.IO),
        ...injectRun(0x40, PAGES),
        ...thenForkAndUnmap,
      ],
    );
  });

  it.each(VARIANT_IDS)('%s: a MIXEDMAP run from pfns without a memmap into RAM', (variant) => {
    // Without pte_special, pfn_valid() decides: false for the first eight (NULL), true for the rest (normal).
    compare(
      () => world(variant, 'no-pte-special', DEVICE_THEN_RAM),
      [
        mmapRaw(VM.READ | VM.WRITE | VM.MAYREAD | VM.MAYWRITE | VM.SHARED | VM.MAYSHARE | VM.MIXEDMAP),
        ...injectRun(0xff8, PAGES),
        ...thenForkAndUnmap,
      ],
    );
  });

  it.each(VARIANT_IDS)('%s: a MIXEDMAP run into RAM listed before the device range holding it', (variant) => {
    // The first eight pfns answer from the device range (listed second), the rest from RAM (listed first).
    compare(
      () => world(variant, 'no-pte-special', OVERLAPPING),
      [
        mmapRaw(VM.READ | VM.WRITE | VM.MAYREAD | VM.MAYWRITE | VM.SHARED | VM.MAYSHARE | VM.MIXEDMAP),
        ...injectRun(0xff8, PAGES),
        ...thenForkAndUnmap,
      ],
    );
  });

  it('a PMD leaf whose deposit is taken reads the same from a run (pgtable_trans_huge_withdraw)', () => {
    // Three THPs with deposits, then leaves injected without: unmapping one takes a neighbour's deposit.
    const leafSpec = (pfn: number) =>
      ({ type: 'leaf', pfn, special: false, write: true, dirty: true, young: true }) as const;
    const thp: Op = {
      op: 'mmap',
      proc: 'A',
      addr: at(V),
      bytes: 8 * 512 * 4096,
      prot: { read: true, write: true, exec: false },
      shared: false,
      backing: { type: 'anon' },
      offsetBytes: 0,
      hugepage: true,
    };
    compare(
      () => world('v6.18'),
      [
        thp,
        ...[1, 2, 3].map((j): Op => ({ op: 'write', proc: 'A', addr: at(V + j * 512) })),
        { op: 'inject', proc: 'A', addr: at(V), level: 'pmd', entry: leafSpec(0x10000 - 512) },
        { op: 'inject', proc: 'A', addr: at(V + 5 * 512), level: 'pmd', entry: leafSpec(0x1400) },
        { op: 'munmap', proc: 'A', addr: at(V + 5 * 512), bytes: 512 * 4096 },
      ],
    );
  });

  it.each(VARIANT_IDS)('%s: remap_pfn_range() of a CoW range that reaches an anon folio', (variant) => {
    // remap_pte_range() checks each pfn before it writes; nothing folds there, only the check tells.
    // world() holds an anon THP at pfn 0x1400: RFC 11 refuses the pfns from there (RPR-anon).
    compare(
      () => world(variant, 'no-pte-special'),
      [
        mmapRaw(VM.READ | VM.WRITE | VM.MAYREAD | VM.MAYWRITE),
        { op: 'remap_pfn_range', proc: 'A', addr: at(V), pfn: asPfn(0x13f0), bytes: PAGES * 4096 },
        ...thenForkAndUnmap,
      ],
    );
  });
});

describe('whole scenarios over long runs give what the per-entry reference gives', () => {
  const mprotect = (proc: string, addr: string, length: string, prot: string[]) => ({
    op: 'mprotect',
    proc,
    addr,
    length,
    prot,
  });
  const devmem = (shared: boolean, extra: unknown[]) => ({
    ...devmemRemap('0x800000', extra),
    steps: [{ ...(devmemRemap('0x800000').steps[0] as object), shared }, ...extra],
  });
  const cases = [
    [
      'shared /dev/mem: mprotect read-only and back over parts, fork, munmap',
      devmem(true, [
        mprotect('A', '0x40100000', '0x300000', ['read']),
        { op: 'fork', proc: 'A', child: 'B' },
        mprotect('B', '0x40000000', '0x800000', ['read', 'write']),
        { op: 'munmap', proc: 'A', addr: '0x40201000', length: '0x400000' },
        { op: 'write', proc: 'B', addr: '0x40300000' },
        { op: 'munmap', proc: 'B', addr: '0x40000000', length: '0x800000' },
      ]),
    ],
    [
      'private /dev/mem: a CoW write in the middle, mprotect, fork, munmap',
      devmem(false, [
        { op: 'write', proc: 'A', addr: '0x40203000' },
        mprotect('A', '0x40000000', '0x800000', ['read']),
        mprotect('A', '0x40000000', '0x800000', ['read', 'write']),
        { op: 'fork', proc: 'A', child: 'B' },
        { op: 'munmap', proc: 'A', addr: '0x40000000', length: '0x800000' },
        { op: 'exit', proc: 'B' },
      ]),
    ],
  ] as const;
  it.each(cases)('%s, in every variant and preset', (_id, input) => {
    for (const variant of VARIANT_IDS)
      for (const preset of ['x86-64', 'no-pte-special'] as const) {
        const s = { ...input, kernel: { variant, preset } };
        const runs = transcriptOf(s);
        const ref = withSlots(
          (_l, stride) => new ArraySlots(stride),
          () => transcriptOf(s),
        );
        if (runs !== ref) expect(runs).toBe(ref);
      }
  });
});

describe('the classified runs the page lists (tableRuns) read a stored run at once', () => {
  /** Every leaf table's classified runs, at every step, under `variant`, as text. */
  function classified(input: unknown, variant: (typeof VARIANT_IDS)[number]): string {
    const r = runOk(input);
    const cfg = configOf(r.scenario);
    return JSON.stringify(
      r.steps.map((st) => {
        const ctx = classifyCtx(st.state, variant, cfg);
        return st.state.procs.map((p) => {
          const out: unknown[] = [];
          forEachTable(p.root, p.levels, (t, base) => {
            if (isLeafLevel(t.level)) out.push(tableRuns(ctx, p, t, base));
          });
          return out;
        });
      }),
    );
  }
  const cases = [
    ...LIBRARY.filter((x) => x.id !== 'scale-1gib-remap').map((x) => [x.id, x.scenario] as const),
    [
      '8 MiB /dev/mem, fork, munmap of a part',
      devmemRemap('0x800000', [
        { op: 'fork', proc: 'A', child: 'B' },
        { op: 'munmap', proc: 'B', addr: '0x40101000', length: '0x3000' },
      ]),
    ] as const,
  ];
  it.each(cases)('%s: as the per-entry reference lists them, in every variant', (_id, input) => {
    for (const variant of VARIANT_IDS) {
      const runs = classified(input, variant);
      const ref = withSlots(
        (_l, stride) => new ArraySlots(stride),
        () => classified(input, variant),
      );
      expect(runs).toBe(ref);
    }
  });
});

describe('RunMem: memory as seen from a run', () => {
  /** Device pfns below RAM, then a gap, then more device memory. */
  const layout = layoutOf([MMIO(0, 0x1000), RAM(0x1000, 0x80000), MMIO(0xfe000, 0x100000)]);
  const mem = new PhysMem(layout);
  mem.put({
    pfn: 0x5000,
    order: 2,
    kind: 'anon',
    refcount: 1,
    mapcount: 1,
    anonExclusive: true,
    content: 'x',
  });
  /** The first pfn of [lo, hi) whose answer to `q` differs from lo's (hi when none does). */
  const limit = (lo: number, hi: number, q: (m: RunMem) => unknown): number => {
    const m = new RunMem(mem, lo, hi);
    q(m);
    return m.limit;
  };
  it('answers for the first pfn and notes where in the run an answer would change', () => {
    expect(limit(0x2000, 0x3000, (m) => m.pfnValid(asPfn(0x2000)))).toBe(0x3000);
    expect(limit(0xff8, 0x1008, (m) => m.pfnValid(asPfn(0xff8)))).toBe(0x1000);
    // Overlapping ranges: the answer may change where a range listed earlier begins.
    const overlapping = new RunMem(new PhysMem(OVERLAPPING), 0xff8, 0x1008);
    overlapping.pfnValid(asPfn(0xff8));
    expect(overlapping.limit).toBe(0x1000);
    // From the gap after RAM into the next range.
    expect(limit(0xfdff0, 0xfe010, (m) => m.pfnValid(asPfn(0xfdff0)))).toBe(0xfe000);
    expect(limit(0x1040, 0x1050, (m) => m.isZeroPfn(asPfn(0x1040)))).toBe(0x1042);
    expect(limit(0x1042, 0x1050, (m) => m.isZeroPfn(asPfn(0x1042)))).toBe(0x1043);
    expect(limit(0x1043, 0x1050, (m) => m.isZeroPfn(asPfn(0x1043)))).toBe(0x1050);
    expect(limit(0x11f0, 0x1210, (m) => m.isHugeZeroAny(asPfn(0x11f0)))).toBe(0x1200);
    expect(limit(0x1300, 0x1500, (m) => m.isHugeZeroAny(asPfn(0x1300)))).toBe(0x1400);
    expect(limit(0x1200, 0x1210, (m) => m.isHugeZeroExact(asPfn(0x1200)))).toBe(0x1201);
    expect(limit(0x4ffe, 0x5010, (m) => m.folioAt(asPfn(0x4ffe)))).toBe(0x5000);
    expect(limit(0x5001, 0x5010, (m) => m.folioAt(asPfn(0x5001)))).toBe(0x5004);
    expect(limit(0x5004, 0x6000, (m) => m.folioAt(asPfn(0x5004)))).toBe(0x6000);
    expect(limit(0x7fff0, 0x80010, (m) => m.highestMemmapPfn)).toBe(0x80000);
    expect(limit(0x80000, 0x80010, (m) => m.highestMemmapPfn)).toBe(0x80010);
    // A question not asked does not count: a special entry decided before any pfn check stays whole.
    expect(limit(0x1040, 0x1050, () => undefined)).toBe(0x1050);
  });
});

// ---- random programs over long runs --------------------------------------------------------------------

/** Layouts whose boundaries runs cross: device memory below RAM, overlapping ranges, a gap, coloured zeros. */
const LAYOUTS = [DEVICE_THEN_RAM, OVERLAPPING, COLOURED_ZERO];
/** pfns near the layouts' boundaries: device/RAM, the zero pages, the huge zero folio, world()'s folios. */
const PFNS = [0xff8, 0x1000, 0x103c, 0x11f8, 0x13f0, 0x1ff8, 0x2ffc, 0x30, 0x1f8, 0x7fff0, 0xfdff8];
const FLAGS = [
  VM.READ | VM.WRITE | VM.MAYREAD | VM.MAYWRITE | VM.SHARED | VM.MAYSHARE | VM.PFNMAP | VM.IO,
  VM.READ | VM.WRITE | VM.MAYREAD | VM.MAYWRITE | VM.PFNMAP | VM.IO,
  VM.READ | VM.WRITE | VM.MAYREAD | VM.MAYWRITE | VM.SHARED | VM.MAYSHARE | VM.MIXEDMAP,
  VM.READ | VM.WRITE | VM.MAYREAD | VM.MAYWRITE,
];
/** Where the programs' three mappings are: `span` pages each, `stride` pages apart from V. */
interface Slots3 {
  span: number;
  stride: number;
}
/** Three PTE tables a slot. */
const NARROW: Slots3 = { span: 1536, stride: 2048 };
/** Seven PTE tables a slot: a remap over four or more whole ones makes a run of alike tables (family.ts). */
const WIDE: Slots3 = { span: 3584, stride: 4096 };

const randomOp = (procs: number, g: Slots3 = NARROW): fc.Arbitrary<Op> => {
  const SPAN = g.span;
  const slotBase = (slot: number) => V + slot * g.stride;
  const proc = fc.constantFrom(...['A', 'B'].slice(0, procs));
  const slot = fc.nat({ max: 2 });
  const off = fc.nat({ max: SPAN - 1 });
  const len = fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 3, max: SPAN }));
  return fc.oneof(
    fc.record({ slot, off, len, pfn: fc.constantFrom(...PFNS) }).map(
      (r): Op => ({
        op: 'remap_pfn_range',
        proc: 'A',
        addr: at(slotBase(r.slot) + r.off),
        pfn: asPfn(r.pfn),
        bytes: Math.min(r.len, SPAN - r.off) * 4096,
      }),
    ),
    fc.record({ proc, slot, off, len, write: fc.boolean() }).map(
      (r): Op => ({
        op: 'mprotect',
        proc: r.proc,
        addr: at(slotBase(r.slot) + r.off),
        bytes: Math.min(r.len, SPAN - r.off) * 4096,
        prot: { read: true, write: r.write, exec: false },
      }),
    ),
    fc.record({ proc, slot, off, len }).map(
      (r): Op => ({
        op: 'munmap',
        proc: r.proc,
        addr: at(slotBase(r.slot) + r.off),
        bytes: Math.min(r.len, SPAN - r.off) * 4096,
      }),
    ),
    fc
      .record({ proc, slot, off, write: fc.boolean() })
      .map((r): Op => ({ op: r.write ? 'write' : 'read', proc: r.proc, addr: at(slotBase(r.slot) + r.off) })),
  );
};

const programArb = (g: Slots3) => {
  const base = {
    variant: fc.constantFrom(...VARIANT_IDS),
    preset: fc.constantFrom('x86-64', 'no-pte-special'),
    layout: fc.nat({ max: LAYOUTS.length - 1 }),
    flags: fc.array(fc.constantFrom(...FLAGS), { minLength: 3, maxLength: 3 }),
    injected: fc.record({
      slot: fc.nat({ max: 2 }),
      off: fc.nat({ max: g.span - 64 }),
      n: fc.integer({ min: 3, max: 40 }),
      pfn: fc.constantFrom(...PFNS),
      write: fc.boolean(),
    }),
    before: fc.array(randomOp(1, g), { maxLength: 4 }),
    after: fc.array(randomOp(2, g), { maxLength: 6 }),
  };
  // The narrow programs are the ones this test always ran (same fields, same seed); the wide ones add
  // remap_pfn_range() over most of a mapping, which with seven PTE tables makes a run of alike tables.
  const long = fc.record({
    slot: fc.nat({ max: 2 }),
    off: fc.nat({ max: 600 }),
    pfn: fc.constantFrom(...PFNS),
  });
  return g === NARROW
    ? fc.record(base).map((x) => ({ ...x, long: [] as { slot: number; off: number; pfn: number }[] }))
    : fc.record({ ...base, long: fc.array(long, { maxLength: 2 }) });
};

/** world()'s folios (ops/testkit.ts): an anon THP at 0x1400, a file page at 0x2000, a slab page at 0x3000. */
const WORLD_FOLIOS: Folio[] = [
  {
    pfn: asPfn(0x1400),
    order: 9,
    kind: 'anon',
    refcount: 1,
    mapcount: 1,
    anonExclusive: true,
    content: 'thp',
  },
  {
    pfn: asPfn(0x2000),
    order: 0,
    kind: 'file',
    refcount: 1,
    mapcount: 0,
    anonExclusive: false,
    content: 'file',
  },
  {
    pfn: asPfn(0x3000),
    order: 0,
    kind: 'slab',
    refcount: 1,
    mapcount: 0,
    anonExclusive: false,
    content: 'slab',
  },
];

describe('random programs over long runs', () => {
  it.each([
    ['three PTE tables a mapping', NARROW, 300],
    ['seven PTE tables a mapping (runs of alike tables)', WIDE, 120],
  ] as const)(
    '%s: give, run a stored run at a time, what the per-entry reference gives',
    (_name, geo, numRuns) => {
      const SPAN = geo.span;
      const slotBase = (slot: number) => V + slot * geo.stride;
      let madeRuns = 0;
      fc.assert(
        fc.property(programArb(geo), (g) => {
          const ops: Op[] = [
            ...g.flags.map(
              (flags, slot): Op => ({ ...mmapRaw(flags), addr: at(slotBase(slot)), bytes: SPAN * 4096 }),
            ),
            ...Array.from(
              { length: g.injected.n },
              (_, i): Op => ({
                op: 'inject',
                proc: 'A',
                addr: at(slotBase(g.injected.slot) + g.injected.off + i),
                level: 'pte',
                entry: {
                  type: 'leaf',
                  pfn: g.injected.pfn + i,
                  special: false,
                  write: g.injected.write,
                  dirty: false,
                  young: true,
                },
              }),
            ),
            ...g.long.map(
              (r): Op => ({
                op: 'remap_pfn_range',
                proc: 'A',
                addr: at(slotBase(r.slot) + r.off),
                pfn: asPfn(r.pfn),
                bytes: (SPAN - r.off) * 4096,
              }),
            ),
            ...g.before,
            { op: 'fork', proc: 'A', child: 'B' },
            ...g.after,
            { op: 'exit', proc: 'B' },
            { op: 'exit', proc: 'A' },
          ];
          // Through the step runner, which turns a kernel BUG into the step's result as a scenario run does.
          const input: ModelInput = {
            variant: g.variant,
            config: presetConfig(g.preset),
            layout: LAYOUTS[g.layout] as MemLayout,
            folios: WORLD_FOLIOS,
            processes: ['A'],
            ops: ops.map((op, i) => ({ op, title: `step ${i + 1}` })),
          };
          const view = () =>
            JSON.stringify(
              runModel(input).map((st) => {
                for (const p of st.state.procs)
                  forEachTable(p.root, p.levels, (t) => {
                    if (t.level !== 'pmd') return;
                    madeRuns += t.entries.runs().filter((r) => r.len > 1 && r.e.kind === 'table').length;
                  });
                return {
                  result: st.result,
                  detail: st.detail,
                  events: st.events,
                  subjects: st.subjects,
                  tables: st.state.procs.map((p) => p.root),
                };
              }),
            );
          const runs = view();
          const ref = withSlots((_l, stride) => new ArraySlots(stride), view);
          if (runs !== ref) expect(runs).toBe(ref);
        }),
        { seed: 0x7ab1e5, numRuns },
      );
      // The wide programs do make runs of alike tables (the per-entry reference makes none).
      if (geo === WIDE) expect(madeRuns).toBeGreaterThan(numRuns);
    },
    240_000,
  );
});
