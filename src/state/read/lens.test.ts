import { describe, expect, it } from 'vitest';
import { lab } from '../../scenario/lab';
import { libraryScenario } from '../../scenario/library';
import { DEFAULT_SETTINGS, effectiveConfig } from '../settings';
import { bothLenses, filterLens, folioLens, lensCount } from './lens';
import { mappingsOf, totalHolds } from './mappings';
import { stepMarks } from './marks';
import { runsReader } from './runs';

const story = (id: string) => {
  const s = libraryScenario(id);
  if (!s) throw new Error(id);
  return lab(s.scenario).in({ variant: 'v6.18', preset: 'x86-64' }).run(id);
};

describe('lenses: filters and the folio view', () => {
  const r = story('fork-cow-pfnmap-anon-zero');
  const step = r.step(10); // after the fork
  const runsOf = runsReader(step.state, 'v6.18', effectiveConfig(DEFAULT_SETTINGS));
  const marks = stepMarks(step.events, () => 4);
  const count = (terms: Parameters<typeof filterLens>[0]) => {
    const lens = filterLens(terms, marks, null);
    return lens ? lensCount(step.state, runsOf, lens) : 0;
  };

  it('no terms, no lens', () => {
    expect(filterLens([], marks, null)).toBeNull();
  });

  it('classes are alternatives, attributes narrow', () => {
    const special = count(['special']);
    const zero = count(['zero']);
    expect(special).toBeGreaterThan(0);
    expect(count(['special', 'zero'])).toBe(special + zero);
    expect(count(['special', 'writable'])).toBeLessThanOrEqual(special);
    expect(count(['normal', 'dirty'])).toBeLessThanOrEqual(count(['normal']));
  });

  it('"written" picks what the step wrote: after the fork, the child\'s entries', () => {
    const written = filterLens(['written'], marks, null);
    expect(
      written?.match({
        proc: 'B',
        level: 'pte',
        lo: 0x20001,
        hi: 0x20001,
        badge: 'normal',
        write: false,
        dirty: true,
        pfns: null,
      }),
    ).toBe(true);
    expect(count(['written'])).toBeGreaterThan(0);
  });

  it('"differs" matches nothing without a comparison', () => {
    expect(count(['differs'])).toBe(0);
  });

  it("the folio view: the CoW'ed anon page is mapped by A and B, each holding a reference, a mapping and a page of RSS", () => {
    const pfn = 0x10000; // A's write at step 4
    const ms = mappingsOf(step.state, runsOf, pfn, pfn);
    expect(ms.map((m) => [m.proc, m.level, m.count])).toEqual([
      ['A', 'pte', 1],
      ['B', 'pte', 1],
    ]);
    expect(ms[0]?.holds).toEqual({ refcount: 1, mapcount: 1, rss: 1, rssCounter: 'anon' });
    expect(totalHolds(ms)).toEqual({ refcount: 2, mapcount: 2, rss: 2 });
    // A special entry holds nothing of what it maps.
    const special = mappingsOf(step.state, runsOf, 0x4000, 0x4000);
    expect(special.length).toBeGreaterThan(0);
    for (const m of special) expect(m.holds).toEqual({ refcount: 0, mapcount: 0, rss: 0, rssCounter: null });
  });

  it('a folio lens and a filter together match what both match', () => {
    const f = folioLens(0x10000, 0x10000);
    const both = bothLenses(filterLens(['special'], marks, null), f);
    expect(both && lensCount(step.state, runsOf, both)).toBe(0);
    expect(lensCount(step.state, runsOf, f)).toBe(2);
  });
});
