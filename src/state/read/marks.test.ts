import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../model/trace';
import { runOk } from '../../scenario/lab';
import { EXAMPLE_TEXT } from '../example';
import { rangeHits, reportedIn, stepMarks, writtenBelow, writtenIn } from './marks';

const four = () => 4 as const;

function entry(vaddr: string, lastVaddr?: string, count?: number): TraceEvent {
  return {
    t: 'entry',
    proc: 'A',
    level: 'pte',
    vaddr,
    before: null,
    after: null,
    fn: 'f',
    depth: 0,
    ...(lastVaddr ? { lastVaddr, count } : {}),
  };
}

describe('stepMarks()', () => {
  it('the example write marks PTE 0x10001000 of A, and nothing else', () => {
    const r = runOk(JSON.parse(EXAMPLE_TEXT));
    const m = stepMarks(r.steps[3]?.events ?? [], four);
    expect(writtenIn(m, 'A', 'pte', 0x10001, 0x10001)).toBe(true);
    expect(writtenIn(m, 'A', 'pte', 0x10000, 0x10000)).toBe(false);
    expect(writtenIn(m, 'A', 'pmd', 0x10000, 0x10200)).toBe(false);
    expect(writtenIn(m, 'B', 'pte', 0x10001, 0x10001)).toBe(false);
  });

  it('a folded run of writes covers first..last, spaced by the count', () => {
    const m = stepMarks([entry('0x40000000', '0x7ffff000', 0x40000)], four);
    expect(writtenIn(m, 'A', 'pte', 0x50000, 0x50000)).toBe(true);
    expect(writtenIn(m, 'A', 'pte', 0x80000, 0x80000)).toBe(false);
    // Every other page: 0x10000, 0x10002, ... 0x10010.
    const odd = stepMarks([entry('0x10000000', '0x10010000', 9)], four);
    expect(writtenIn(odd, 'A', 'pte', 0x10002, 0x10002)).toBe(true);
    expect(writtenIn(odd, 'A', 'pte', 0x10003, 0x10003)).toBe(false);
    expect(writtenIn(odd, 'A', 'pte', 0x10003, 0x10004)).toBe(true);
  });

  it('writes at any level from a table down count for a folded group of tables', () => {
    const m = stepMarks([entry('0x40400000')], four);
    expect(writtenBelow(m, 'A', ['pmd', 'pte'], 0x40200, 0x40400)).toBe(true);
    expect(writtenBelow(m, 'A', ['pmd', 'pte'], 0x40600, 0x40800)).toBe(false);
  });

  it('a "Bad page map" points at the corrupted PTE (S-61)', async () => {
    const s = (await import('../../scenario/worked/S-61-corrupted-pte.json')).default;
    const r = runOk(s);
    const m = stepMarks(r.steps[3]?.events ?? [], four);
    expect(reportedIn(m, 'A', 'pte', 0x10003, 0x10003)).toBe(true);
    expect(reportedIn(m, 'A', 'pte', 0x10000, 0x10002)).toBe(false);
  });
});

describe('rangeHits()', () => {
  it('finds an entry of an evenly spaced range inside [lo, hi]', () => {
    const r = { first: 0, last: 100, stride: 10 };
    expect(rangeHits(r, 5, 9)).toBe(false);
    expect(rangeHits(r, 5, 10)).toBe(true);
    expect(rangeHits(r, 101, 200)).toBe(false);
    expect(rangeHits({ first: 7, last: 7, stride: 0 }, 7, 7)).toBe(true);
  });
});
