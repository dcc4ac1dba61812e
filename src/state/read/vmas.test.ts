import { describe, expect, it } from 'vitest';
import type { ProcSnapshot } from '../../model/mm';
import { VM, type Vma } from '../../model/vma';
import { counterRows, vmaRows } from './vmas';

const vma = (id: number, start: number, flags: number, anonVma = false): Vma => ({
  id,
  start: start as Vma['start'],
  end: (start + 4) as Vma['end'],
  pgoff: start,
  flags,
  backing: { type: 'anon' },
  anonVma,
  name: `v${id}`,
});
const RW = VM.READ | VM.WRITE | VM.MAYREAD | VM.MAYWRITE;
const proc = (vmas: Vma[], over: Partial<ProcSnapshot> = {}): ProcSnapshot =>
  ({
    name: 'A',
    pid: 1,
    levels: 4,
    vmas,
    counters: { anon: 0, file: 0, pgtables: 1 },
    hugeZeroRef: false,
    oopsed: false,
    exited: false,
    ...over,
  }) as unknown as ProcSnapshot;

describe('VMA rows', () => {
  it('marks nothing at the first step', () => {
    expect(vmaRows(proc([vma(1, 0x10000, RW)]), undefined).rows[0]?.changed).toBe(false);
  });

  it('marks new and changed VMAs and lists removed ones', () => {
    const before = proc([vma(1, 0x10000, RW), vma(2, 0x20000, RW)]);
    const after = proc([vma(1, 0x10000, RW, true), vma(3, 0x30000, VM.READ | VM.SHARED | VM.MAYSHARE)]);
    const { rows, removed } = vmaRows(after, before);
    expect(rows.map((r) => [r.summary.name, r.changed, r.cow])).toEqual([
      ['v1', true, true],
      ['v3', true, false],
    ]);
    expect(removed.map((r) => r.name)).toEqual(['v2']);
    expect(vmaRows(before, before).rows.every((r) => !r.changed)).toBe(true);
  });

  it('marks every counter of a new process, and changed counters of an old one', () => {
    const p = proc([], { counters: { anon: 1, file: 0, pgtables: 4 } });
    expect(counterRows(p, null).every((c) => c.changed)).toBe(true);
    const q = proc([], { counters: { anon: 0, file: 0, pgtables: 4 }, oopsed: true });
    const rows = counterRows(p, q);
    expect(rows.filter((c) => c.changed).map((c) => c.name)).toEqual(['MM_ANONPAGES', 'status']);
    expect(rows.find((c) => c.key === 'status')?.value).toBe('running');
    expect(counterRows(q, undefined).find((c) => c.key === 'status')?.value).toBe(
      'oopsed (killed by a kernel BUG)',
    );
  });
});
