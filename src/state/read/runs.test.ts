import { describe, expect, it } from 'vitest';
import type { EntryRun } from '../../model/inspect';
import type { ProcSnapshot } from '../../model/mm';
import { forEachTable, type Table } from '../../model/pagetable';
import { entriesShape } from '../../model/shape';
import { VM } from '../../model/vma';
import { configOf } from '../../scenario/compile';
import { devmemRemap } from '../../scenario/fixtures';
import { runOk } from '../../scenario/lab';
import { LIBRARY } from '../../scenario/library';
import type { RunResult } from '../../scenario/run';
import { packedShape, packRun, unpackRun } from '../../worker/wire';
import { forEachEntryRun, type RunsOf, runsReader, tableShape } from './runs';

const run = (input: unknown): RunResult => runOk(input);

/** Every table of the last step, in walk order. */
function lastTables(r: RunResult): Table[] {
  const out: Table[] = [];
  const last = r.steps.at(-1);
  for (const p of last?.state.procs ?? []) forEachTable(p.root, p.levels, (t) => out.push(t));
  return out;
}

describe('tableShape', () => {
  const cases = [
    ...LIBRARY.filter((s) => s.id !== 'scale-1gib-remap').map((s) => [s.id, s.scenario] as const),
    ['4 MiB /dev/mem remap', devmemRemap('0x400000')] as const,
  ];
  it.each(cases)('reads a packed table of %s as it reads the table it was packed from', (_id, scenario) => {
    const r = run(scenario);
    const { run: packed } = packRun(r);
    const received = unpackRun(structuredClone(packed));
    const mine = lastTables(r);
    const theirs = lastTables(received);
    expect(theirs.length).toBe(mine.length);
    // tableShape caches by table: the received tables are other objects, carrying the worker's shapes.
    expect(theirs.every((t) => packedShape(t) !== undefined)).toBe(true);
    expect(mine.some((t) => packedShape(t) !== undefined)).toBe(false);
    expect(theirs.map(tableShape)).toEqual(mine.map(tableShape));
    // The shape the worker sent is the shape of the entries that arrived (read from the packed slots).
    expect(theirs.map(tableShape)).toEqual(theirs.map((t) => entriesShape(t.entries)));
  });

  it("tells tables apart by bits and pfn stride, and finds one mapping's tables alike", () => {
    const r = run(devmemRemap('0x800000'));
    const ptes = lastTables(r).filter((t) => t.level === 'pte');
    expect(ptes).toHaveLength(4);
    // Four full tables of one remap: the same shape (pfns differ, the stride does not).
    expect(new Set(ptes.map(tableShape)).size).toBe(1);
    expect(tableShape(ptes[0] as Table)).toMatch(/^0\+512:\d+:1$/);
  });
});

describe('forEachEntryRun', () => {
  const hex = (n: number) => `0x${n.toString(16)}`;
  const G = 0x40000000;
  const MiB = 0x100000;
  /** The runs as a reader without the runs-of-tables shortcut reads them: table by table, each made. */
  const tableByTable = (proc: ProcSnapshot, runsOf: RunsOf) => {
    const out: EntryRun[] = [];
    forEachTable(proc.root, proc.levels, (t, base) => {
      if (t.level === 'pte' || t.level === 'pmd' || t.level === 'pud') out.push(...runsOf(proc, t, base));
    });
    return out;
  };
  // 24 MiB of /dev/mem forked and partly written (runs of alike PTE tables, whole and split); the same over
  // RAM's end (the classifier's answer changes inside a run of tables: it is read table by table); 5 GiB
  // (runs of alike PMD tables).
  const cases = [
    [
      '24 MiB, fork, CoW write',
      {
        ...devmemRemap(hex(24 * MiB), [
          { op: 'fork', proc: 'A', child: 'B' },
          { op: 'write', proc: 'B', addr: hex(G + 13 * MiB) },
        ]),
        kernel: { variant: 'v6.18', preset: 'no-pte-special' },
      },
    ],
    [
      '24 MiB across the end of RAM',
      {
        ...devmemRemap(hex(24 * MiB)),
        memory: { ranges: [{ start: 0, end: '0x1000000', type: 'ram' }] },
        steps: [{ ...(devmemRemap(hex(24 * MiB)).steps[0] as object), shared: false, offset: '0x0' }],
        kernel: { variant: 'v6.18', preset: 'no-pte-special' },
      },
    ],
    ['5 GiB', { ...devmemRemap(hex(5 * 2 ** 30)), kernel: { variant: 'rfc-11' } }],
  ] as const;
  it.each(cases)(
    '%s: gives the runs of every leaf table, the same as reading each table',
    (_id, scenario) => {
      const r = run(scenario);
      for (const st of r.steps)
        for (const proc of st.state.procs) {
          const runsOf = runsReader(st.state, r.scenario.kernel.variant, configOf(r.scenario));
          const got: EntryRun[] = [];
          forEachEntryRun(proc, runsOf, (x) => got.push(x));
          expect(got).toEqual(tableByTable(proc, runsOf));
        }
    },
  );

  it("reads a run of tables table by table where the classifier's answer changes inside it", () => {
    // The 24 MiB mapping's VMA made VM_MIXEDMAP without pte_special: vm_normal_page() then asks
    // pfn_valid(), which turns false where RAM ends and device memory begins (pfn 0x1000), inside the run
    // of alike tables (pfns 0x700-0x18ff).
    const r = run({
      ...devmemRemap(hex(24 * MiB)),
      memory: {
        ranges: [
          { start: 0, end: '0x1000', type: 'ram' },
          { start: '0x1000', end: '0x10000', type: 'device' },
        ],
      },
      kernel: { variant: 'v6.18', preset: 'no-pte-special' },
    });
    const st = r.steps[1]?.state;
    const proc = st?.procs[0];
    if (!st || !proc) throw new Error('no step 1');
    const mixed: ProcSnapshot = {
      ...proc,
      vmas: proc.vmas.map((v) => ({ ...v, flags: (v.flags & ~VM.PFNMAP) | VM.MIXEDMAP })),
    };
    const runsOf = runsReader(st, 'v6.18', configOf(r.scenario));
    const got: EntryRun[] = [];
    forEachEntryRun(mixed, runsOf, (x) => got.push(x));
    expect(got).toEqual(tableByTable(mixed, runsOf));
    expect(new Set(got.map((x) => x.badge)).size).toBeGreaterThan(1);
  });
});
