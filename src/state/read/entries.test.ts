import { describe, expect, it } from 'vitest';
import type { KernelSnapshot } from '../../model/kernel';
import { anonReads, devmemRemap } from '../../scenario/fixtures';
import { lab } from '../../scenario/lab';
import { BADGES } from '../../views/badges';
import { DEFAULT_SETTINGS } from '../settings';
import { entryOptions, MAX_OPTIONS, MAX_TABLES, type Option, optionText } from './entries';

const text = (o: Option | undefined) => o && optionText(o, (b) => BADGES[b].label);

const lastState = (s: object): KernelSnapshot => lab(s).run().last.state;

describe('entryOptions()', () => {
  it('lists every run of a small step, in address order, and nothing more', () => {
    const { options, more } = entryOptions(
      lastState(anonReads(0x10000, [0x0, 0x1000, 0x5000])),
      DEFAULT_SETTINGS,
    );
    expect(options.map(text)).toEqual([
      'A PTE 0x10000000 ×2: pfn 0x42, zero page',
      'A PTE 0x10005000: pfn 0x42, zero page',
    ]);
    expect(more).toBe(false);
  });

  it(`a 1 GiB remap: one run per PTE table, ${MAX_TABLES} tables classified, the rest announced`, () => {
    const s = lastState(devmemRemap(2 ** 30));
    const { options, more } = entryOptions(s, DEFAULT_SETTINGS);
    expect(options).toHaveLength(MAX_TABLES);
    expect(text(options[0])).toBe('A PTE 0x40000000 ×512: pfn 0x100, special');
    expect(text(options.at(-1))).toBe(
      `A PTE 0x${(0x40000000 + (MAX_TABLES - 1) * 0x200000).toString(16)} ×512: pfn 0x${(0x100 + (MAX_TABLES - 1) * 512).toString(16)}, special`,
    );
    expect(more).toBe(true);
  });

  it(`stops at ${MAX_OPTIONS} runs inside one table`, () => {
    // Every other page read: 70 runs of one zero-page PTE each, in one PTE table.
    const reads = Array.from({ length: 70 }, (_, i) => i * 0x2000);
    const { options, more } = entryOptions(lastState(anonReads(0x100000, reads)), DEFAULT_SETTINGS);
    expect(options).toHaveLength(MAX_OPTIONS);
    expect(text(options.at(-1))).toBe(
      `A PTE 0x${(0x10000000 + 63 * 0x2000).toString(16)}: pfn 0x42, zero page`,
    );
    expect(more).toBe(true);
  });
});
