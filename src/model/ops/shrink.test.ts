/** The huge zero folio's life: huge_zero_refcount, the shrinker, and the 2026 "Bad page state" (§3.19). */
import { describe, expect, it } from 'vitest';
import { presetConfig } from '../config';
import { Kernel } from '../kernel';
import { VARIANT_IDS, type VariantId } from '../variants';
import { at, calls, LAYOUT, mmap, proc, RW, reports, run, shrink, T0, thpFault } from './testkit';

const HZ = 0x200;

function thpWorld(variant: VariantId, preset: 'x86-64' | 'x86-32-thp' = 'x86-64', debugVm = true) {
  const k = new Kernel(variant, { ...presetConfig(preset), debugVm }, LAYOUT);
  k.newProcess('A');
  mmap(k, T0, 512, RW, { type: 'anon' }, { hugepage: true });
  return k;
}

const names = (v: VariantId) =>
  ['v6.18', 'mm-2026', 'fix-2026'].includes(v)
    ? {
        count: 'shrink_huge_zero_folio_count',
        scan: 'shrink_huge_zero_folio_scan',
        get: 'get_huge_zero_folio',
      }
    : { count: 'shrink_huge_zero_page_count', scan: 'shrink_huge_zero_page_scan', get: 'get_huge_zero_page' };

describe('shrink: the huge zero folio with only the shrinker holding it', () => {
  it.each(VARIANT_IDS)('%s: count says HPAGE_PMD_NR, scan frees it and huge_zero_pfn goes', (v) => {
    const k = thpWorld(v);
    expect(k.hugeZeroRefcount).toBe(1);
    const r = shrink(k);
    const ev = k.trace.take();
    expect(r.result).toBe('512');
    expect(calls(ev, names(v).count)).toHaveLength(1);
    expect(calls(ev, names(v).scan)).toHaveLength(1);
    expect(k.hugeZeroRefcount).toBe(0);
    expect(k.mem.folioAt(HZ as never)).toBeUndefined();
    expect(k.mem.isHugeZeroAny(HZ as never)).toBe(false);
    expect(reports(ev, 'bad_page_state')).toHaveLength(0);
    // A second pass finds nothing.
    expect(shrink(k).result).toBe('0');
  });

  it('the next THP read fault allocates a new one: huge_zero_refcount 2, the mm holds one', () => {
    const k = thpWorld('v6.18');
    shrink(k);
    k.trace.take();
    expect(thpFault(k, T0, false).result).toBe('0');
    const ev = k.trace.take();
    expect(calls(ev, 'get_huge_zero_folio')).toHaveLength(1);
    expect(ev.some((e) => e.t === 'branch' && e.id === 'HZ-G2')).toBe(true);
    expect(k.hugeZeroRefcount).toBe(2);
    expect(proc(k).hugeZeroRef).toBe(true);
    // The layout's pfn was free again, so the model reuses it.
    expect(k.mem.hugeZeroHead).toBe(HZ);
    expect(k.mem.folioAt(HZ as never)).toMatchObject({ kind: 'huge_zero', refcount: 1, mapcount: 0 });
  });
});

describe('shrink: an mm holding its reference keeps the folio', () => {
  it.each(['baseline', 'rfc-10', 'v6.18', 'fix-2026'] as const)('%s: busy until the mm exits', (v) => {
    const k = thpWorld(v);
    thpFault(k, T0, false);
    expect(k.hugeZeroRefcount).toBe(2);
    // The folio's own refcount is the allocation's 1: huge_zero_refcount is a counter of its own.
    expect(k.mem.folioAt(HZ as never)?.refcount).toBe(1);
    k.trace.take();
    expect(shrink(k).result).toBe('0');
    expect(k.trace.take().some((e) => e.t === 'branch' && e.id === 'HZ-S1a')).toBe(true);
    expect(k.mem.isHugeZeroAny(HZ as never)).toBe(true);
    run(k, { op: 'exit', proc: 'A' });
    expect(k.hugeZeroRefcount).toBe(1);
    expect(shrink(k).result).toBe('512');
    expect(reports(k.trace.take(), 'bad_page_state')).toHaveLength(0);
  });
});

describe('shrink: the 2026 report (mm-2026 on x86-32 with THP)', () => {
  function zappedTwice(debugVm: boolean) {
    const k = thpWorld('mm-2026', 'x86-32-thp', debugVm);
    k.newProcess('B');
    thpFault(k, T0, false);
    run(k, { op: 'munmap', proc: 'A', addr: at(T0), bytes: 512 * 4096 });
    run(k, { op: 'exit', proc: 'A' });
    return k;
  }

  it('the zap drives the mapcount negative but drops no reference (folios_put_refs() skips it)', () => {
    const k = zappedTwice(true);
    const hz = k.mem.folioAt(HZ as never);
    expect(hz).toMatchObject({ kind: 'huge_zero', refcount: 1, mapcount: -1 });
    // A's exit put its huge_zero_refcount: only the shrinker's is left, and nothing was reported at exit
    // but the rss counters.
    expect(k.hugeZeroRefcount).toBe(1);
    const ev = k.trace.take();
    expect(reports(ev, 'bad_page_state')).toHaveLength(0);
    expect(reports(ev, 'bad_rss').length).toBeGreaterThan(0);
  });

  it('shrink_huge_zero_folio_scan() puts the last reference: "Bad page state" in kswapd0, pages leaked', () => {
    const k = zappedTwice(true);
    k.trace.take();
    expect(shrink(k).result).toBe('512');
    const ev = k.trace.take();
    const bad = reports(ev, 'bad_page_state');
    expect(bad).toHaveLength(1);
    const lines = bad[0]?.t === 'report' ? bad[0].lines : [];
    expect(lines[0]).toBe('BUG: Bad page state in process kswapd0  pfn:00201');
    expect(lines.join('\n')).toMatch(/page dumped because: nonzero entire_mapcount/);
    expect(calls(ev, 'free_pages_prepare')).toHaveLength(1);
    expect(k.taint.has('B')).toBe(true);
    // bad_page() leaves the pages out of the allocator; they are no longer the huge zero folio.
    expect(k.mem.folioAt(HZ as never)).toMatchObject({ kind: 'kernel', refcount: 0, mapcount: -1 });
    expect(k.mem.isHugeZeroAny(HZ as never)).toBe(false);
    // The next user gets a new huge zero folio elsewhere.
    run(k, {
      op: 'mmap',
      proc: 'B',
      addr: at(T0),
      bytes: 512 * 4096,
      prot: RW,
      shared: false,
      backing: { type: 'anon' },
      offsetBytes: 0,
      hugepage: true,
    });
    k.current = proc(k, 'B');
    run(k, { op: 'read', proc: 'B', addr: at(T0) });
    const head = k.mem.hugeZeroHead;
    expect(head).not.toBeNull();
    expect(head).not.toBe(HZ);
    expect(k.hugeZeroRefcount).toBe(2);
  });

  it('without CONFIG_DEBUG_VM free_pages_prepare() checks nothing: the folio is freed quietly', () => {
    const k = zappedTwice(false);
    k.trace.take();
    shrink(k);
    const ev = k.trace.take();
    expect(reports(ev, 'bad_page_state')).toHaveLength(0);
    expect(k.mem.folioAt(HZ as never)).toBeUndefined();
  });

  it.each(['v6.18', 'fix-2026'] as const)(
    '%s: the zap recognises the huge zero PMD; the shrinker is quiet',
    (v) => {
      const k = thpWorld(v, 'x86-32-thp');
      thpFault(k, T0, false);
      run(k, { op: 'munmap', proc: 'A', addr: at(T0), bytes: 512 * 4096 });
      run(k, { op: 'exit', proc: 'A' });
      k.trace.take();
      expect(shrink(k).result).toBe('512');
      expect(reports(k.trace.take(), 'bad_page_state')).toHaveLength(0);
    },
  );
});
