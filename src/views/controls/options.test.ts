import { describe, expect, it } from 'vitest';
import { VARIANTS } from '../../model/variants';
import {
  nextVariant,
  overrideTexts,
  patchSubject,
  prevVariant,
  settingsText,
  VARIANT_GROUPS,
  variantOptionText,
} from './options';

describe('kernel settings as named in the controls', () => {
  it('groups every variant once, in VARIANTS order', () => {
    expect(VARIANT_GROUPS.flatMap((g) => g.variants.map((v) => v.id))).toEqual(VARIANTS.map((v) => v.id));
    expect(VARIANT_GROUPS.map((g) => g.variants.length)).toEqual([2, 14, 3]);
  });

  it('steps through the series: the patch before RFC 11 is RFC 10, before RFC 01 is v6.17', () => {
    expect(prevVariant('rfc-11')?.id).toBe('rfc-10');
    expect(prevVariant('rfc-01')?.id).toBe('v6.17');
    expect(prevVariant('baseline')).toBeUndefined();
    expect(nextVariant('rfc-14')?.id).toBe('v6.18');
    expect(nextVariant('fix-2026')).toBeUndefined();
  });

  it('names RFC patches by their subject', () => {
    expect(patchSubject('rfc-11')).toBe(
      '[PATCH RFC 11/14] mm: remove "horrible special case to handle copy-on-write behaviour"',
    );
    expect(variantOptionText(VARIANTS[12] as (typeof VARIANTS)[number])).toMatch(/^RFC 11\/14: mm: remove/);
    expect(patchSubject('v6.18')).toMatch(/^v6\.18-rc1/);
  });

  it('describes overrides with Kconfig names', () => {
    expect(overrideTexts({ variant: 'v6.18', preset: 'x86-64', config: {} })).toEqual([]);
    expect(
      overrideTexts({
        variant: 'v6.18',
        preset: 'x86-64',
        config: { pteSpecial: false, pgtableLevels: 5, useZeroPage: false },
      }),
    ).toEqual([
      'CONFIG_ARCH_HAS_PTE_SPECIAL=n',
      'transparent_hugepage/use_zero_page=0',
      'CONFIG_PGTABLE_LEVELS=5',
    ]);
    // An override equal to the preset is no override.
    expect(
      overrideTexts({ variant: 'v6.18', preset: 'no-pte-special', config: { pteSpecial: false } }),
    ).toEqual([]);
    expect(settingsText({ variant: 'rfc-11', preset: 'no-pte-special', config: {} })).toBe(
      'RFC 11/14, no pte_special',
    );
  });
});
