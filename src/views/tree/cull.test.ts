import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CULL_GRID, CULL_MARGIN, drawWindow, meets, sameWindow } from './cull';

describe('drawWindow()', () => {
  it('at scale 1 covers the viewport and the margin, snapped out to the grid', () => {
    const w = drawWindow({ x: 12, y: 12, k: 1 }, 600, 400);
    expect(w).toEqual({
      x0: -CULL_GRID * Math.ceil((CULL_MARGIN + 12) / CULL_GRID),
      y0: -CULL_GRID * Math.ceil((CULL_MARGIN + 12) / CULL_GRID),
      x1: CULL_GRID * Math.ceil((600 - 12 + CULL_MARGIN) / CULL_GRID),
      y1: CULL_GRID * Math.ceil((400 - 12 + CULL_MARGIN) / CULL_GRID),
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
    const b = drawWindow({ x: -3, y: -5, k: 1 }, 600, 400);
    expect(sameWindow(a, b)).toBe(true);
    const far = drawWindow({ x: 0, y: -CULL_GRID, k: 1 }, 600, 400);
    expect(sameWindow(a, far)).toBe(false);
    expect(far.y0 - a.y0).toBe(CULL_GRID);
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
