import { describe, expect, it } from 'vitest';
import { DEFAULT_RANGE_ITEMS, defaultLayoutText, nextFolio, nextRange } from './memory';
import { paletteGroups } from './palette';
import { OPS } from './schemaFields';

describe('memory items', () => {
  it('start from the default layout', () => {
    expect(DEFAULT_RANGE_ITEMS).toEqual([
      { start: '0x0', end: '0x80000', type: 'ram', name: 'System RAM' },
      { start: '0xfe000', end: '0x100000', type: 'device', name: 'MMIO' },
    ]);
    expect(defaultLayoutText).toBe('System RAM 0x0–0x80000, MMIO 0xfe000–0x100000');
  });

  it('add a range after the last and a folio after the last', () => {
    expect(nextRange(DEFAULT_RANGE_ITEMS)).toEqual({ start: '0x100000', end: '0x101000', type: 'ram' });
    expect(nextRange([])).toEqual({ start: '0x0', end: '0x1000', type: 'ram' });
    expect(nextFolio([])).toEqual({ pfn: '0x1000', order: 0, kind: 'anon' });
    expect(nextFolio([{ pfn: '0x200', order: 9, kind: 'anon' }])).toEqual({
      pfn: '0x400',
      order: 0,
      kind: 'anon',
    });
  });
});

describe('the palette', () => {
  it('offers every operation exactly once', () => {
    const offered = paletteGroups(OPS).flatMap((g) => g.ops);
    expect([...offered].sort()).toEqual([...OPS].sort());
  });

  it('puts an operation it does not know under Other', () => {
    // (madvise was the example until it became an operation; a name no helper will add stands in.)
    const groups = paletteGroups([...OPS, 'not_an_op_yet']);
    expect(groups.at(-1)).toEqual({ label: 'Other', ops: ['not_an_op_yet'] });
  });
});
