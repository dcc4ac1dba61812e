import { describe, expect, it } from 'vitest';
import { forEachTable, type Table } from '../../model/pagetable';
import { entriesShape } from '../../model/shape';
import { devmemRemap } from '../../scenario/fixtures';
import { runOk } from '../../scenario/lab';
import { LIBRARY } from '../../scenario/library';
import type { RunResult } from '../../scenario/run';
import { packedShape, packRun, unpackRun } from '../../worker/wire';
import { tableShape } from './runs';

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
