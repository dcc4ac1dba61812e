/**
 * The run-based slots (slots.ts) against the per-entry reference (slots.reference.ts): random sequences of
 * writes, runs, clears and clones, read back slot by slot. Seeded; fast-check prints the shrunk sequence.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Entry, type LeafEntry, leafBits } from './entry';
import type { Table } from './pagetable';
import { entriesShape, shapeOf, slotCode } from './shape';
import { Slots, type SlotsLike } from './slots';
import { ArraySlots } from './slots.reference';

type Op =
  | { k: 'set'; i: number; e: Entry | undefined }
  | { k: 'run'; i: number; len: number; e: LeafEntry }
  | { k: 'clear'; i: number; len: number }
  | { k: 'clone' };

const idx = fc.oneof(fc.nat({ max: 511 }), fc.constantFrom(0, 1, 255, 256, 510, 511));
/** Few pfns and bit patterns, so that writes often continue or repeat a neighbour. */
const leafArb = fc
  .record({ pfn: fc.nat({ max: 40 }), write: fc.boolean(), dirty: fc.boolean(), special: fc.boolean() })
  .map((b) => leafBits(0x1000 + b.pfn, b.write, b.dirty, false, b.special));
const TABLE = { kind: 'table', table: { id: 1 } as Table } as const;
const entryArb: fc.Arbitrary<Entry | undefined> = fc.oneof(
  { weight: 6, arbitrary: leafArb },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constant(TABLE) },
  {
    weight: 1,
    arbitrary: fc
      .record({ offset: fc.nat({ max: 9 }), write: fc.boolean() })
      .map((s): Entry => ({ kind: 'swap', type: 'swap', offset: s.offset, write: s.write })),
  },
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ k: fc.constant('set' as const), i: idx, e: entryArb }) },
  {
    weight: 2,
    arbitrary: fc.record({ k: fc.constant('run' as const), i: idx, len: fc.nat({ max: 200 }), e: leafArb }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ k: fc.constant('clear' as const), i: idx, len: fc.nat({ max: 200 }) }),
  },
  { weight: 1, arbitrary: fc.constant({ k: 'clone' as const }) },
);

function apply(s: SlotsLike, op: Op): SlotsLike {
  const room = (i: number, len: number) => Math.min(len, 512 - i);
  if (op.k === 'set') s.set(op.i, op.e);
  else if (op.k === 'run') s.setRun(op.i, room(op.i, op.len), op.e);
  else if (op.k === 'clear') s.clearRange(op.i, room(op.i, op.len));
  else return s.clone();
  return s;
}

const slotsOf = (s: SlotsLike) => Array.from(s, (e) => (e === undefined ? null : e));

/** Maximal runs of the reference: alike leaves with the pfn advancing by one per slot, anything else alone. */
function canonicalRuns(s: SlotsLike): [number, number][] {
  const out: [number, number][] = [];
  let prev: Entry | undefined;
  for (let i = 0; i < 512; i++) {
    const e = s.get(i);
    const last = out[out.length - 1];
    const joins =
      e?.kind === 'leaf' &&
      prev?.kind === 'leaf' &&
      last !== undefined &&
      last[0] + last[1] === i &&
      e.pfn === prev.pfn + 1 &&
      e.write === prev.write &&
      e.dirty === prev.dirty &&
      e.young === prev.young &&
      e.special === prev.special;
    if (joins && last) last[1]++;
    else if (e) out.push([i, 1]);
    prev = e;
  }
  return out;
}

describe('run-based page-table slots', () => {
  it('read like the per-entry reference after any writes, and keep their runs maximal', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        let runs: SlotsLike = new Slots(1);
        let ref: SlotsLike = new ArraySlots(1);
        // Clones taken on the way must not change when the table they came from is written.
        const frozen: { s: SlotsLike; want: (Entry | null)[] }[] = [];
        for (const op of ops) {
          if (op.k === 'clone') frozen.push({ s: runs, want: slotsOf(ref) });
          runs = apply(runs, op);
          ref = apply(ref, op);
        }
        expect(slotsOf(runs)).toEqual(slotsOf(ref));
        for (const f of frozen) expect(slotsOf(f.s)).toEqual(f.want);
        expect(runs.runs().map((r) => [r.start, r.len])).toEqual(canonicalRuns(ref));
        for (let i = 0; i <= 512; i++) expect(runs.next(i)).toBe(ref.next(i));
        const seen: number[] = [];
        runs.forEach((_e, i) => {
          seen.push(i);
        });
        const want: number[] = [];
        ref.forEach((_e, i) => {
          want.push(i);
        });
        expect(seen).toEqual(want);
      }),
      { seed: 0x51075, numRuns: 400 },
    );
  });

  it('give the shape shapeOf() gives over the same slots one by one, read a run at a time', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), fc.constantFrom(1, 512), (ops, stride) => {
        let runs: SlotsLike = new Slots(stride);
        let ref: SlotsLike = new ArraySlots(stride);
        for (const op of ops) {
          // A run at the PMD level advances 512 pages a slot: scale the generated pfns to match.
          const scaled =
            op.k === 'run' ? { ...op, e: { ...op.e, pfn: (op.e.pfn * stride) as LeafEntry['pfn'] } } : op;
          runs = apply(runs, scaled);
          ref = apply(ref, scaled);
        }
        const codes = new Uint8Array(512);
        const pfns = new Float64Array(512);
        ref.forEach((e, i) => {
          codes[i] = slotCode(e);
          pfns[i] = e.kind === 'table' ? 0 : e.kind === 'swap' ? e.offset : e.pfn;
        });
        const want = shapeOf({ codes, pfns });
        expect(entriesShape(runs)).toBe(want);
        expect(entriesShape(ref)).toBe(want);
      }),
      { seed: 0x5a9e, numRuns: 400 },
    );
  });

  it('store a 512-entry remap as one run, and split it where one entry is written', () => {
    const s = new Slots(1);
    s.setRun(0, 512, leafBits(0x40000, true, false, false, true));
    expect(s.runCount).toBe(1);
    expect(s.get(300)).toEqual(leafBits(0x40000 + 300, true, false, false, true));
    s.set(300, leafBits(0x9999, true, true, true, false));
    expect(s.runs().map((r) => [r.start, r.len])).toEqual([
      [0, 300],
      [300, 1],
      [301, 211],
    ]);
    // Writing back what the run held joins it again.
    s.set(300, leafBits(0x40000 + 300, true, false, false, true));
    expect(s.runCount).toBe(1);
  });

  it('advance a huge PMD run by 512 pages per slot', () => {
    const s = new Slots(512);
    s.set(0, leafBits(0x200, false, false, false, true));
    s.set(1, leafBits(0x400, false, false, false, true));
    expect(s.runCount).toBe(1);
    expect((s.get(1) as LeafEntry).pfn).toBe(0x400);
  });
});
