/**
 * A step's facts and how two steps differ: behaviour (result, reports, entries written, counters, folios,
 * VMAs), code path only (another check decided), or not at all (one check under two names). Synthetic
 * events, one rule per test; real runs are compared in outcomes.test.ts and state/read/diff.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { StepRecord } from '../model/run';
import type { TraceEvent } from '../model/trace';
import { differenceOf, diffFacts, factChanges, sameFacts, stepFacts } from './facts';

const step = (events: TraceEvent[], result = '0'): Pick<StepRecord, 'events' | 'result'> => ({
  result,
  events,
});
const branch = (id: string, fn = 'vm_normal_page'): TraceEvent => ({
  t: 'branch',
  fn,
  id,
  text: '',
  depth: 1,
});
const leafView = (pfn: number, special = false) => ({
  kind: 'leaf' as const,
  pfn: `0x${pfn.toString(16)}`,
  write: false,
  dirty: false,
  young: false,
  special,
});
const pte = (
  vaddr: number,
  pfn: number | null,
  extra: Partial<Extract<TraceEvent, { t: 'entry' }>> = {},
): TraceEvent => ({
  t: 'entry',
  proc: 'D',
  level: 'pte',
  vaddr: `0x${vaddr.toString(16)}`,
  before: null,
  after: pfn === null ? null : leafView(pfn, true),
  fn: 'remap_pte_range',
  depth: 2,
  ...extra,
});
const folio = (
  pfn: string,
  field: 'refcount' | 'mapcount' | 'freed',
  before: number | string | null,
  after: number | string | null,
  count?: number,
): TraceEvent => ({
  t: 'folio',
  pfn,
  field,
  before,
  after,
  fn: 'f',
  depth: 1,
  ...(count ? { count } : {}),
});
const counter = (proc: string, before: number, after: number): TraceEvent => ({
  t: 'counter',
  proc,
  counter: 'anon',
  before,
  after,
  fn: 'f',
  depth: 1,
});
const kind = (a: TraceEvent[], b: TraceEvent[], ra = '0', rb = '0') =>
  differenceOf(diffFacts(stepFacts(step(a, ra)), stepFacts(step(b, rb))));

describe('code path', () => {
  it('IDs of one check under two bodies are no difference (B-N2a, R-N2a, M-N2a)', () => {
    expect(kind([branch('B-N2a')], [branch('R-N2a', 'vm_normal_page_pfn')])).toBeNull();
    expect(kind([branch('B-N5')], [branch('M-OK', '__vm_normal_page')])).toBeNull();
    expect(
      sameFacts(stepFacts(step([branch('B-P4')])), stepFacts(step([branch('M-S1c', '__vm_normal_page')]))),
    ).toBe(true);
  });

  it('another check deciding with the same behaviour is a difference of code path only (R-N2a, R-F3)', () => {
    expect(kind([branch('R-N2a')], [branch('R-F3', 'vm_pfnmap_normal_page_pfn')])).toBe('path');
    expect(kind([branch('R-F3')], [branch('R-F3'), branch('R-F4')])).toBe('path');
  });

  it("reads only the vm_normal_page*() bodies: callers' branches are no code path", () => {
    expect(
      kind([branch('zap-folio', 'zap_huge_pmd')], [branch('zap-special-huge', 'zap_huge_pmd')]),
    ).toBeNull();
  });
});

describe('behaviour', () => {
  it('the result', () => {
    const d = diffFacts(
      stepFacts(step([branch('R-N2a')], 'NULL')),
      stepFacts(step([branch('R-F4')], 'page 0x4002')),
    );
    expect(d).toEqual({ behaviour: ['result'], path: true });
  });

  it('the reports printed, not those a rate limit suppressed', () => {
    const rep = (suppressed: boolean): TraceEvent => ({
      t: 'report',
      kind: 'bad_page_map',
      lines: [],
      depth: 0,
      suppressed,
    });
    expect(kind([], [rep(false)])).toBe('behaviour');
    expect(kind([], [rep(true)])).toBeNull();
  });

  it('the entries written: pfn and bits, not the function that wrote them nor what was there before', () => {
    expect(kind([pte(0x20000000, 0x4000)], [pte(0x20000000, 0x4001)])).toBe('behaviour');
    expect(
      kind([pte(0x20000000, 0x4000)], [pte(0x20000000, 0x4000, { after: leafView(0x4000, false) })]),
    ).toBe('behaviour');
    expect(
      kind([pte(0x20000000, 0x4000)], [pte(0x20000000, 0x4000, { fn: 'insert_pfn', before: leafView(1) })]),
    ).toBeNull();
  });

  it('coalesces entries the same however the trace folded them', () => {
    // One run of four linear PTEs, as a loop whose iterations agree...
    const one = [pte(0x20000000, 0x4000, { count: 4, lastVaddr: '0x20003000' })];
    // ...and the same writes where a branch split the run (R-F4 on the third entry).
    const split = [
      pte(0x20000000, 0x4000, { count: 2, lastVaddr: '0x20001000' }),
      pte(0x20002000, 0x4002),
      pte(0x20003000, 0x4003),
    ];
    expect(stepFacts(step(one)).entries).toEqual(['D PTE R special pfn 0x4000 at 0x20000000..0x20003000 ×4']);
    expect(stepFacts(step(split)).entries).toEqual(stepFacts(step(one)).entries);
    // A pfn that does not continue the run is another write.
    const other = [
      pte(0x20000000, 0x4000, { count: 2, lastVaddr: '0x20001000' }),
      pte(0x20002000, 0x5000),
      pte(0x20003000, 0x5001),
    ];
    expect(kind(one, other)).toBe('behaviour');
    // Clearing: what is written is "none".
    expect(stepFacts(step([pte(0x20000000, null, { count: 2, lastVaddr: '0x20001000' })])).entries).toEqual([
      'D PTE none at 0x20000000..0x20001000 ×2',
    ]);
  });

  it('the net change of each mm counter', () => {
    expect(stepFacts(step([counter('D', 0, 1), counter('D', 1, 0)])).counters).toEqual([]);
    expect(stepFacts(step([counter('D', 0, -1), counter('E', 1, 2)])).counters).toEqual([
      'D anon -1',
      'E anon +1',
    ]);
    expect(kind([counter('D', 0, -1)], [counter('D', 5, 4)])).toBeNull();
    expect(kind([counter('D', 0, -1)], [])).toBe('behaviour');
  });

  it('the net change of each folio field, alike folios coalesced however the trace folded them', () => {
    const run = [folio('0x4000..0x4003', 'refcount', 1, 2, 4)];
    const split = [
      folio('0x4000..0x4001', 'refcount', 1, 2, 2),
      folio('0x4002', 'refcount', 3, 4),
      folio('0x4003', 'refcount', 1, 2),
    ];
    expect(stepFacts(step(run)).folios).toEqual(['refcount +1 at 0x4000..0x4003 ×4']);
    expect(stepFacts(step(split)).folios).toEqual(stepFacts(step(run)).folios);
    // A reference taken and dropped in the step is no change; one folio folded over three puts is -3.
    expect(
      stepFacts(step([folio('0x4002', 'refcount', 1, 2), folio('0x4002', 'refcount', 2, 1)])).folios,
    ).toEqual([]);
    expect(stepFacts(step([folio('0x4002', 'refcount', 4, 1, 3)])).folios).toEqual(['refcount -3 at 0x4002']);
    expect(stepFacts(step([folio('0x4002', 'freed', 'anon order 0', null)])).folios).toEqual([
      'freed anon order 0 at 0x4002',
    ]);
    // Alike changes of evenly spaced folios are one run, as the trace writes them; others are not.
    expect(
      stepFacts(step([folio('0x200', 'mapcount', 0, 1), folio('0x10000', 'mapcount', 0, 1)])).folios,
    ).toEqual(['mapcount +1 at 0x200..0x10000 ×2']);
    expect(
      stepFacts(step([folio('0x200', 'mapcount', 0, 1), folio('0x10000', 'mapcount', 0, 2)])).folios,
    ).toEqual(['mapcount +1 at 0x200', 'mapcount +2 at 0x10000']);
    expect(stepFacts(step([folio('0x1400..0x1800', 'mapcount', 0, 1, 3)])).folios).toEqual([
      'mapcount +1 at 0x1400..0x1800 ×3',
    ]);
  });

  it('the VMAs mapped, unmapped or changed', () => {
    const vma = (text: string): TraceEvent => ({
      t: 'vma',
      proc: 'D',
      action: 'change',
      range: '0x0-0x4000',
      text,
      fn: 'f',
      depth: 0,
    });
    expect(kind([vma('vm_pgoff 0x0 -> 0x4000')], [])).toBe('behaviour');
    expect(kind([vma('vm_pgoff 0x0 -> 0x4000')], [vma('vm_pgoff 0x0 -> 0x4000')])).toBeNull();
  });
});

describe('factChanges', () => {
  it('lists behaviour first, with what only each side has, then the branches when the code path differs', () => {
    const a = stepFacts(step([branch('R-N2a'), counter('D', 0, 1), counter('B', 1, 0)], 'NULL'));
    const b = stepFacts(step([branch('R-F4'), counter('D', 0, 1)], 'page 0x4002'));
    expect(factChanges(a, b)).toEqual([
      { field: 'result', before: ['NULL'], after: ['page 0x4002'] },
      { field: 'counters', before: ['B anon -1'], after: [] },
      { field: 'branches', before: ['R-N2a'], after: ['R-F4'] },
    ]);
    // IDs of one check: listed nowhere.
    const c = stepFacts(step([branch('B-N2a')], 'NULL'));
    const d = stepFacts(step([branch('M-N2a')], 'NULL'));
    expect(factChanges(c, d)).toEqual([]);
  });
});
