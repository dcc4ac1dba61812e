import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CULL_GRID, CULL_MARGIN, drawWindow, meets } from './cull';

describe('drawWindow()', () => {
  it('at scale 1 covers the viewport and the margin, snapped out to the grid', () => {
    expect([CULL_GRID, CULL_MARGIN]).toEqual([128, 128]);
    // Layout [-12, 588] x [-12, 388] is in view; 128 more on each side, out to multiples of 128.
    expect(drawWindow({ x: 12, y: 12, k: 1 }, 600, 400)).toEqual({ x0: -256, y0: -256, x1: 768, y1: 640 });
    // At 0.78 the grid is 256 layout units: in view [-15.4, 753.8] x [-15.4, 497.4], margin 164.1.
    expect(drawWindow({ x: 12, y: 12, k: 0.78 }, 600, 400)).toEqual({
      x0: -256,
      y0: -256,
      x1: 1024,
      y1: 768,
    });
  });

  it('always contains the visible part of the layout and its margin, at any pan and zoom', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e5, max: 1e5, noNaN: true }),
        fc.double({ min: -1e5, max: 1e5, noNaN: true }),
        fc.double({ min: 0.2, max: 3, noNaN: true }),
        fc.integer({ min: 1, max: 4000 }),
        fc.integer({ min: 1, max: 4000 }),
        (x, y, k, vw, vh) => {
          const w = drawWindow({ x, y, k }, vw, vh);
          const m = CULL_MARGIN / k;
          expect(w.x0).toBeLessThanOrEqual(-x / k - m + 1e-6);
          expect(w.y0).toBeLessThanOrEqual(-y / k - m + 1e-6);
          expect(w.x1).toBeGreaterThanOrEqual((vw - x) / k + m - 1e-6);
          expect(w.y1).toBeGreaterThanOrEqual((vh - y) / k + m - 1e-6);
        },
      ),
    );
  });

  it('stays the same while the view pans within one grid cell (no redraw per pixel)', () => {
    const a = drawWindow({ x: 0, y: 0, k: 1 }, 600, 400);
    expect(drawWindow({ x: -3, y: -5, k: 1 }, 600, 400)).toEqual(a);
    const far = drawWindow({ x: 0, y: -CULL_GRID, k: 1 }, 600, 400);
    expect(far.y0 - a.y0).toBe(CULL_GRID);
    expect(far.x0).toBe(a.x0);
  });
});

describe('meets()', () => {
  const w = { x0: 0, y0: 0, x1: 100, y1: 100 };
  it('is true for rectangles overlapping the window, false for those beside it', () => {
    expect(meets(w, 50, 50, 10, 10)).toBe(true);
    expect(meets(w, -20, -20, 30, 30)).toBe(true);
    expect(meets(w, -200, 0, 1000, 10)).toBe(true);
    expect(meets(w, 100, 0, 10, 10)).toBe(false);
    expect(meets(w, 0, -10, 10, 10)).toBe(false);
    expect(meets(w, 0, 150, 10, 10)).toBe(false);
  });
});
