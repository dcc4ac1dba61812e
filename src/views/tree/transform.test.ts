import { zoomIdentity as d3Identity } from 'd3';
import { describe, expect, it } from 'vitest';
import { zoomIdentity } from './transform';

/** The tree is placed with this copy until d3-zoom's chunk loads, then d3-zoom takes over from it. */
describe("transform.ts: d3-zoom's transform, before its code loads", () => {
  const cases: [number, number, number][] = [
    [0, 0, 1],
    [12.5, -40, 0.42],
    [-300, 7, 3],
    [0.1, 0.2, 1.7],
  ];
  it.each(cases)('translate(%d, %d).scale(%d) gives what d3 gives, methods and text', (x, y, k) => {
    const ours = zoomIdentity.translate(x, y).scale(k);
    const theirs = d3Identity.translate(x, y).scale(k);
    expect([ours.k, ours.x, ours.y]).toEqual([theirs.k, theirs.x, theirs.y]);
    expect(ours.toString()).toBe(theirs.toString());
    const moved = ours.translate(5, -3);
    const moved3 = theirs.translate(5, -3);
    expect([moved.k, moved.x, moved.y]).toEqual([moved3.k, moved3.x, moved3.y]);
    expect(ours.apply([3, 4])).toEqual(theirs.apply([3, 4]));
    expect([ours.applyX(9), ours.applyY(-2)]).toEqual([theirs.applyX(9), theirs.applyY(-2)]);
    expect(ours.invert([3, 4])).toEqual(theirs.invert([3, 4]));
    expect([ours.invertX(9), ours.invertY(-2)]).toEqual([theirs.invertX(9), theirs.invertY(-2)]);
  });
  it('keeps itself when nothing moves, as d3 does', () => {
    const t = zoomIdentity.translate(4, 5);
    expect(t.scale(1)).toBe(t);
    expect(t.translate(0, 0)).toBe(t);
  });
});
