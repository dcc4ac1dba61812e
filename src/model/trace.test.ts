/**
 * Tracer.repeat() against running the iterations: the folded events must come out the same, and it must
 * refuse what it cannot extend by arithmetic.
 */
import { describe, expect, it } from 'vitest';
import { leafBits } from './entry';
import { Tracer } from './trace';

type Body = (t: Tracer, j: number) => void;

function ran(body: Body, n: number) {
  const t = new Tracer();
  const f = t.loopBegin();
  for (let j = 0; j < n; j++) {
    t.iterBegin(f);
    body(t, j);
    t.iterEnd(f);
  }
  return t.take();
}

function repeated(body: Body, n: number) {
  const t = new Tracer();
  const f = t.loopBegin();
  for (let j = 0; j < 2; j++) {
    t.iterBegin(f);
    body(t, j);
    t.iterEnd(f);
  }
  return { ok: t.repeat(f, n - 2), events: t.take() };
}

describe('Tracer.repeat()', () => {
  it('gives the events the iterations give: calls, branches, entries with strides, counters', () => {
    const body: Body = (t, j) => {
      t.enterAt('vm_normal_page', 0x10000 + j, ', pte');
      t.emit({
        t: 'branch',
        fn: '__vm_normal_page',
        id: 'M-N2a',
        text: 'PFNMAP, linear pfn: special',
        depth: t.depth,
      });
      t.leave();
      t.entry('A', 'pte', 0x10000 + j, leafBits(0x500 + j, true, false, false, true), undefined, 'zap');
      t.emit({
        t: 'counter',
        proc: 'A',
        counter: 'pgtables',
        before: 7 + j,
        after: 8 + j,
        fn: 'x',
        depth: 0,
      });
    };
    for (const n of [3, 4, 10, 512]) {
      const r = repeated(body, n);
      expect(r.ok).toBe(true);
      expect(r.events).toEqual(ran(body, n));
    }
  });

  it('refuses a counter whose iterations do not follow on from each other', () => {
    // Two changes of one counter per iteration: each iteration starts where the one before ended, but the
    // second event of an iteration does not start where the second of the last ended.
    const body: Body = (t, j) => {
      t.emit({
        t: 'counter',
        proc: 'A',
        counter: 'anon',
        before: 100 - 2 * j,
        after: 99 - 2 * j,
        fn: 'x',
        depth: 0,
      });
      t.emit({
        t: 'counter',
        proc: 'A',
        counter: 'anon',
        before: 99 - 2 * j,
        after: 98 - 2 * j,
        fn: 'x',
        depth: 0,
      });
    };
    expect(repeated(body, 5).ok).toBe(false);
  });

  it('refuses folio changes and reports, and repeats an empty iteration as nothing', () => {
    const folio: Body = (t, j) => t.folio(0x700 + j, 'refcount', 1, 0, 'folio_put');
    expect(repeated(folio, 5).ok).toBe(false);
    const report: Body = (t) => t.emit({ t: 'report', kind: 'info', lines: ['x'], depth: 0 });
    expect(repeated(report, 5).ok).toBe(false);
    const empty: Body = () => undefined;
    const r = repeated(empty, 5);
    expect(r.ok).toBe(true);
    expect(r.events).toEqual([]);
  });
});
