import { describe, expect, it } from 'vitest';
import { lab } from '../scenario/lab';
import { presetConfig } from './config';
import { classifyCtx, inspectEntry, tableRuns } from './inspect';
import type { KernelSnapshot } from './kernel';
import { forEachTable } from './pagetable';
import type { VariantId } from './variants';

function snapshot(variant: VariantId, preset: 'x86-64' | 'no-pte-special', steps: unknown[]): KernelSnapshot {
  return lab()
    .procs('A')
    .steps(...steps)
    .in({ variant, preset })
    .run().last.state;
}

function runsOf(s: KernelSnapshot, variant: VariantId, preset: 'x86-64' | 'no-pte-special') {
  const ctx = classifyCtx(s, variant, presetConfig(preset));
  const proc = s.procs[0];
  if (!proc) throw new Error('no process');
  const out: ReturnType<typeof tableRuns>[number][] = [];
  forEachTable(proc.root, proc.levels, (t, base) => out.push(...tableRuns(ctx, proc, t, base)));
  return out;
}

const DEVMEM_PRIVATE = [
  {
    op: 'mmap',
    proc: 'A',
    addr: '0x20000000',
    length: '0x4000',
    prot: ['read', 'write'],
    backing: { type: 'devmem' },
    offset: '0x4000000',
  },
  { op: 'write', proc: 'A', addr: '0x20001000', value: 'copy' },
];

describe('tableRuns(): entries coalesced as ptdump does, each run classified', () => {
  it('a 4 MiB shared /dev/mem mapping is two runs (two PTE tables), special', () => {
    const steps = [
      {
        op: 'mmap',
        proc: 'A',
        addr: '0x40000000',
        length: '0x400000',
        prot: ['read', 'write'],
        shared: true,
        backing: { type: 'devmem' },
        offset: '0x100000',
      },
    ];
    const runs = runsOf(snapshot('v6.18', 'x86-64', steps), 'v6.18', 'x86-64');
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatchObject({ count: 512, pfnStep: 1, badge: 'special', branch: 'M-S1b' });
  });

  it('a CoW /dev/mem mapping with one copied page: special, normal (the copy), special', () => {
    for (const [variant, preset, specialBranch, copyBranch] of [
      ['v6.18', 'x86-64', 'M-S1b', 'M-OK'],
      ['v6.18', 'no-pte-special', 'M-N2a', 'M-OK'],
      ['rfc-11', 'no-pte-special', 'R-F3', 'R-F4'],
    ] as const) {
      const runs = runsOf(snapshot(variant, preset, DEVMEM_PRIVATE), variant, preset);
      expect(runs.map((r) => [r.count, r.badge, r.branch])).toEqual([
        [1, 'special', specialBranch],
        [1, 'normal', copyBranch],
        [2, 'special', specialBranch],
      ]);
    }
  });

  it('the same zero-page PTE is "zero" with pte_special (M-S1c) and without (M-N3)', () => {
    const steps = [
      {
        op: 'mmap',
        proc: 'A',
        addr: '0x10000000',
        length: '0x3000',
        prot: ['read'],
        backing: { type: 'anon' },
      },
      { op: 'read', proc: 'A', addr: '0x10000000' },
      { op: 'read', proc: 'A', addr: '0x10001000' },
    ];
    const y = runsOf(snapshot('v6.18', 'x86-64', steps), 'v6.18', 'x86-64');
    expect(y).toEqual([expect.objectContaining({ count: 2, pfnStep: 0, badge: 'zero', branch: 'M-S1c' })]);
    const n = runsOf(snapshot('v6.18', 'no-pte-special', steps), 'v6.18', 'no-pte-special');
    expect(n).toEqual([expect.objectContaining({ count: 2, badge: 'zero', branch: 'M-N3' })]);
  });

  it('classifying the same state under another config changes the badge (a non-special zero PTE is P+W with pte_special)', () => {
    const steps = [
      {
        op: 'mmap',
        proc: 'A',
        addr: '0x10000000',
        length: '0x1000',
        prot: ['read'],
        backing: { type: 'anon' },
      },
      { op: 'read', proc: 'A', addr: '0x10000000' },
    ];
    const s = snapshot('v6.18', 'no-pte-special', steps); // the PTE was written without a special bit
    const asY = runsOf(s, 'v6.18', 'x86-64');
    expect(asY[0]).toMatchObject({ badge: 'normal-warn', branch: 'M-OK' });
  });
});

describe('inspectEntry(): the decision path of one entry', () => {
  it('lists the conditions checked and the deciding branch', () => {
    const s = snapshot('baseline', 'no-pte-special', DEVMEM_PRIVATE);
    const ctx = classifyCtx(s, 'baseline', presetConfig('no-pte-special'));
    const proc = s.procs[0];
    if (!proc) throw new Error('no process');
    const at = inspectEntry(ctx, proc, 0x20000, 'pte');
    expect(at.classification?.branch).toBe('B-N2a');
    expect(at.classification?.checks.find((c) => c.id === 'B-N2a')).toMatchObject({ value: true });
    const none = inspectEntry(ctx, proc, 0x30000, 'pte');
    expect(none.entry).toBeUndefined();
    expect(none.classification).toBeUndefined();
  });
});
