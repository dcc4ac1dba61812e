import { describe, expect, it } from 'vitest';
import { asPfn } from '../../model/units';
import type { Classification } from '../../model/vm_normal_page';
import { badPageMapFn, decidingCheck, returnText, siteText, x86Flags } from './decision';

const c = (over: Partial<Classification>): Classification => ({
  fn: 'vm_normal_page',
  impl: 'vm_normal_page',
  branch: 'B-P7',
  text: '',
  page: asPfn(0x1001),
  checks: [],
  warns: [],
  bad: false,
  ...over,
});

describe('decision path helpers', () => {
  it('the deciding check is the one with the branch ID taken', () => {
    const checks = [
      { cond: 'pte_special(pte)', value: true },
      { id: 'B-P3', cond: 'vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP)', value: true },
    ];
    expect(decidingCheck(c({ branch: 'B-P3', checks }))).toBe(1);
  });

  it('when the function falls through, the last condition tested decides, not a VM_WARN_ON_ONCE', () => {
    const checks = [
      { cond: 'pte_special(pte)', value: false },
      { id: 'B-P1', cond: '!pte_special(pte): check the pfn', value: true },
      { id: 'B-P6', cond: 'pfn > highest_memmap_pfn', value: false },
      { cond: 'VM_WARN_ON_ONCE(is_zero_pfn(pfn))', value: false },
    ];
    expect(decidingCheck(c({ branch: 'B-P7', checks }))).toBe(2);
    expect(decidingCheck(c({ checks: [{ cond: 'VM_WARN_ON_ONCE(x)', value: true }] }))).toBe(0);
    expect(decidingCheck(c({}))).toBe(-1);
  });

  it('says what was returned', () => {
    expect(returnText(c({}))).toBe('pfn_to_page(0x1001)');
    expect(returnText(c({ page: null }))).toBe('NULL');
    expect(returnText(c({ page: null, missing: 'x' }))).toMatch(/^not called/);
    expect(badPageMapFn(true)).toBe('print_bad_page_map()');
    expect(badPageMapFn(false)).toBe('print_bad_pte()');
  });

  it('decodes x86 entry bits and warning sites', () => {
    expect(x86Flags(0x42225n)).toEqual(['_PAGE_PRESENT', '_PAGE_USER', '_PAGE_ACCESSED', '_PAGE_SPECIAL']);
    expect(siteText('mm/memory.c:__vm_normal_page:zero')).toBe('mm/memory.c __vm_normal_page()');
  });
});
