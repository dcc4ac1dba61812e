import { describe, expect, it } from 'vitest';
import { presetConfig } from '../../model/config';
import { leaf, type SwapEntry } from '../../model/entry';
import type { EntryRun } from '../../model/inspect';
import { bitsSpoken, bitsText, notesText, runPfns, targetText, vaRangeText } from './text';

const run = (over: Partial<EntryRun>): EntryRun => ({
  level: 'pte',
  firstIndex: 0,
  lastIndex: 0,
  v: 0x10000,
  count: 1,
  entry: leaf(0x42),
  pfnStep: 1,
  badge: 'zero',
  ...over,
});

describe('run text', () => {
  it('addresses are bytes, inclusive ranges', () => {
    expect(vaRangeText(0x10000, 0x10004)).toBe('0x10000000-0x10003fff');
    // 5-level addresses stay exact.
    expect(vaRangeText(2 ** 44 - 1, 2 ** 44)).toBe('0xfffffffffff000-0xffffffffffffff');
  });

  it('pfns: a range, one page mapped by every entry, a huge entry, swap', () => {
    expect(targetText(run({ count: 512, entry: leaf(0x100), pfnStep: 1 }), 1)).toBe('pfn 0x100-0x2ff');
    expect(targetText(run({ count: 16, pfnStep: 0 }), 1)).toBe('pfn 0x42 (each)');
    expect(targetText(run({ level: 'pmd', entry: leaf(0x200), pfnStep: 512 }), 512)).toBe('pfn 0x200-0x3ff');
    expect(runPfns(run({ count: 2, entry: leaf(0x400), pfnStep: 512 }), 512)).toEqual([0x400, 0x7ff]);
    const swap: SwapEntry = { kind: 'swap', type: 'migration', offset: 0x55, write: true };
    expect(targetText(run({ entry: swap, badge: 'swap' }), 1)).toBe('migration 0x55');
    expect(runPfns(run({ entry: swap }), 1)).toBeNull();
    expect(bitsText(swap)).toBe('-W---');
  });

  it('bits: PWDAS, and a special bit the machine does not have is marked ignored', () => {
    const e = leaf(0x42, { write: true, young: true, special: true });
    expect(bitsText(e)).toBe('PW-AS');
    expect(notesText(presetConfig('x86-64'), 'pte', e)).toBe('');
    expect(notesText(presetConfig('no-pte-special'), 'pte', e)).toBe('S ignored');
    // x86-32 with THP: pte_special yes, pmd_special no.
    expect(notesText(presetConfig('x86-32-thp'), 'pte', e)).toBe('');
    expect(notesText(presetConfig('x86-32-thp'), 'pmd', e)).toBe('S ignored');
    expect(notesText(presetConfig('x86-64'), 'pmd', leaf(0x200, { deposit: true }))).toBe('+deposit');
    expect(bitsSpoken(presetConfig('no-pte-special'), 'pte', e)).toBe(
      'present, writable, young, special bit set but ignored (no special bit here)',
    );
  });
});
