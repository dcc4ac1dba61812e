import { describe, expect, it } from 'vitest';
import { describeEvent, formatEntry, isFailure } from './format';

describe('event lines', () => {
  it('names the function and branch id of a branch', () => {
    expect(
      describeEvent({ t: 'branch', fn: 'vm_normal_page', id: 'VNP-2', text: 'pte_special()', depth: 1 }),
    ).toEqual({
      kind: 'branch',
      fn: 'vm_normal_page',
      id: 'VNP-2',
      text: 'pte_special()',
      depth: 1,
      count: 1,
    });
  });

  it('shows an entry write as before → after over a coalesced range', () => {
    const line = describeEvent({
      t: 'entry',
      proc: 'A',
      level: 'pte',
      vaddr: '0x10000000',
      lastVaddr: '0x10003000',
      before: null,
      after: { kind: 'leaf', pfn: '0x1234', write: true, dirty: true, young: false, special: false },
      fn: 'do_anonymous_page',
      depth: 2,
      count: 4,
    });
    expect(line.text).toBe('A PTE 0x10000000..0x10003000: none → pfn 0x1234 W D');
    expect(line.count).toBe(4);
    expect(line.repeat).toBe('4 entries');
  });

  it('shows counter changes and reports', () => {
    expect(
      describeEvent({
        t: 'counter',
        proc: 'A',
        counter: 'anon',
        before: 0,
        after: 1,
        fn: 'do_anonymous_page',
        depth: 0,
      }).text,
    ).toBe('A anon pages (MM_ANONPAGES): 0 → 1');
    const r = describeEvent({
      t: 'report',
      kind: 'bad_page_map',
      site: 'mm/memory.c',
      lines: ['BUG: Bad page map'],
      depth: 0,
    });
    expect(r.text).toBe('bad_page_map at mm/memory.c');
    expect(r.lines).toEqual(['BUG: Bad page map']);
  });

  it('names counters in words and tells a folded run by its step, not as one change', () => {
    const line = describeEvent({
      t: 'counter',
      proc: 'A',
      counter: 'pgtables',
      before: 4,
      after: 1,
      fn: 'free_pgtables',
      depth: 1,
      count: 3,
    });
    expect(line.text).toBe('A page-table pages: 4 → 1');
    expect(line.repeat).toBe('3 × −1');
    const one = describeEvent({
      t: 'counter',
      proc: 'A',
      counter: 'pgtables',
      before: 4,
      after: 3,
      fn: 'f',
      depth: 0,
    });
    expect(one.text).toBe('A page-table pages: 4 → 3');
    expect(one.repeat).toBeUndefined();
    const flag = describeEvent({
      t: 'counter',
      proc: 'B',
      counter: 'hugeZeroRef',
      before: false,
      after: true,
      fn: 'mm_get_huge_zero_folio',
      depth: 0,
    });
    expect(flag.text).toBe('B huge zero folio held (MMF_HUGE_ZERO_PAGE): clear → set');
  });

  it('says what a folded folio run repeats: folios of a range, or steps on one folio', () => {
    const range = describeEvent({
      t: 'folio',
      pfn: '0x100..0x103',
      field: 'refcount',
      before: 1,
      after: 2,
      fn: 'folio_get',
      depth: 0,
      count: 4,
    });
    expect(range.repeat).toBe('4 folios');
    const one = describeEvent({
      t: 'folio',
      pfn: '0x100',
      field: 'mapcount',
      before: 0,
      after: 512,
      fn: 'folio_add_file_rmap_ptes',
      depth: 0,
      count: 512,
    });
    expect(one.repeat).toBe('512 × +1');
    const call = describeEvent({ t: 'call', fn: 'zap_pte_range', args: '', depth: 0, count: 2 });
    expect(call.repeat).toBe('2 times');
  });

  it('shows a VMA change with its range', () => {
    const line = describeEvent({
      t: 'vma',
      proc: 'A',
      action: 'change',
      range: '0x10000000-0x10004000',
      text: 'anon_vma attached',
      fn: 'anon_vma_prepare',
      depth: 3,
    });
    expect(line.text).toBe('A 0x10000000-0x10004000 change: anon_vma attached');
  });

  it('formats swap and table entries', () => {
    expect(formatEntry({ kind: 'swap', type: 'migration', offset: '0x5', write: false })).toBe(
      'migration 0x5',
    );
    expect(formatEntry({ kind: 'table', table: 3 })).toBe('table #3');
  });

  it('marks failing results', () => {
    expect(isFailure('-EINVAL')).toBe(true);
    expect(isFailure('SIGSEGV')).toBe(true);
    expect(isFailure('0')).toBe(false);
    expect(isFailure('page 0x1234')).toBe(false);
  });
});
