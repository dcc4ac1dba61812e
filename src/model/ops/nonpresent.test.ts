/**
 * What the insertion paths compare over a non-present entry: pte_pfn() of it, which on x86-64 is not the
 * swap offset but swp_offset >> 3 (__swp_entry() in arch/x86/include/asm/pgtable_64.h stores the inverted
 * offset from bit 9; pte_pfn() un-inverts a non-present value, asm/pgtable-invert.h). kernel-semantics.md §3.3, §4.2.
 */
import { describe, expect, it } from 'vitest';
import { runScenarioInput } from '../../scenario/run';
import { entryAtAddress, summarizeState } from '../../scenario/summary';
import { entryRawValue, nonPresentPfn, type SwapEntry } from '../entry';
import type { StepRecord } from '../run';

const swap = (offset: number): SwapEntry => ({ kind: 'swap', type: 'swap', offset, write: false });

/** x86-64 pte_pfn() of a raw value: a non-present, non-zero value is inverted first, then bits 12-51. */
function x86PtePfn(raw: bigint): number {
  const v = raw !== 0n && (raw & 1n) === 0n ? ~raw & ((1n << 64n) - 1n) : raw;
  return Number((v & 0x000f_ffff_ffff_f000n) >> 12n);
}

describe('pte_pfn() of a swap entry (x86-64)', () => {
  it('is the swap offset >> 3, as the raw entry value says', () => {
    for (const offset of [0x1234, 0x2000, 0x7f0010, 0x7f0017, 0x5, 0]) {
      const raw = entryRawValue(swap(offset), 'pte');
      expect(raw & 1n, 'not present').toBe(0n);
      expect(x86PtePfn(raw), `offset ${offset.toString(16)}`).toBe(offset >> 3);
      expect(nonPresentPfn(swap(offset))).toBe(offset >> 3);
    }
  });

  const over = (offset: string) => {
    const r = runScenarioInput({
      version: 1,
      kernel: { variant: 'v6.18', preset: 'x86-64' },
      processes: [{ name: 'A' }],
      steps: [
        {
          op: 'mmap',
          proc: 'A',
          addr: '0x30000000',
          length: '0x1000',
          prot: ['read', 'write'],
          shared: true,
          backing: { type: 'mixedmap-driver', pfnBase: '0xfe000' },
        },
        { op: 'inject', proc: 'A', addr: '0x30000000', level: 'pte', entry: { type: 'swap', offset } },
        { op: 'vmf_insert_mixed', proc: 'A', addr: '0x30000000', pfn: '0xfe000', mkwrite: true },
      ],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const st = r.run.steps[3] as StepRecord;
    return {
      warned: st.events.some((e) => e.t === 'report' && e.kind === 'warn' && !e.suppressed),
      entry: entryAtAddress(summarizeState(st.state), 'A', 0x30000000),
    };
  };

  it('insert_pfn() upgrades a swap entry whose offset >> 3 is the pfn, without a warning', () => {
    const r = over('0x7f0000');
    expect(r.warned).toBe(false);
    expect(r.entry).toMatchObject({ kind: 'swap', pfn: 0x7f0000, write: true });
  });

  it('and warns over a swap entry whose offset itself equals the pfn', () => {
    const r = over('0xfe000');
    expect(r.warned).toBe(true);
    expect(r.entry).toMatchObject({ kind: 'swap', pfn: 0xfe000, write: false });
  });
});
