/**
 * Runs of alike page tables (family.ts): remap_pfn_range() over many whole PTE tables keeps them as one
 * run, and every operation after it (fork's copy, mprotect, a CoW write in the middle, munmap of parts,
 * exit) must give what the per-entry reference gives (slots.reference.ts, which never makes runs): the
 * same results, events, subjects and tables, id and generation included, at every step.
 */
import { describe, expect, it } from 'vitest';
import { runOk } from '../scenario/lab';
import { forEachTable, type Table, withSlots } from './pagetable';
import { ArraySlots } from './slots.reference';
import { VARIANT_IDS } from './variants';

const MiB = 0x100000;
const hex = (n: number) => `0x${n.toString(16)}`;

/** Results, events and every table at every step, as text. */
const transcriptOf = (input: unknown) =>
  JSON.stringify(
    runOk(input).steps.map((st) => ({
      result: st.result,
      detail: st.detail,
      events: st.events,
      subjects: st.subjects,
      tables: st.state.procs.map((p) => p.root),
    })),
  );

function sameAsReference(input: object): void {
  const runs = transcriptOf(input);
  const ref = withSlots(
    (_l, stride) => new ArraySlots(stride),
    () => transcriptOf(input),
  );
  if (runs !== ref) expect(runs).toBe(ref);
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
