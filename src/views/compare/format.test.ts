import { describe, expect, it } from 'vitest';
import { leaf } from '../../model/entry';
import { reportsText, sideText } from './format';

describe('compare texts', () => {
  it('groups reports', () => {
    expect(reportsText([])).toBe('none');
    expect(reportsText(['bad_page_map', 'bad_page_map', 'vm_warn'])).toBe('Bad page map ×2, VM_WARN_ON_ONCE');
  });
  it('describes one side of an entry range', () => {
    expect(sideText(null)).toBe('none');
    expect(
      sideText({
        entry: leaf(0x42, { special: true }),
        pfn: 0x42,
        pfnStep: 1,
        badge: 'zero',
        branch: 'M-S1c',
      }),
    ).toBe('pfn 0x42 R special: zero page (M-S1c)');
    expect(
      sideText({
        entry: { kind: 'swap', type: 'migration', offset: 0x10, write: false },
        pfn: 0x10,
        pfnStep: 1,
        badge: 'swap',
      }),
    ).toBe('migration 0x10');
  });
});
