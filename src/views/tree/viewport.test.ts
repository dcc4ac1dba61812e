import { describe, expect, it } from 'vitest';
import { M } from './metrics';
import {
  clampScale,
  fitAll,
  fitView,
  HEIGHT_STEP,
  MAX_H,
  MAX_SCALE,
  MIN_H,
  MIN_SCALE,
  MIN_TEXT_PX,
  minScale,
  PAD,
  SCALE_EXTENT,
  wheelPan,
} from './viewport';

describe('the zoom limits', () => {
  it('draw the smallest tree text at MIN_TEXT_PX or more', () => {
    expect(MIN_TEXT_PX).toBe(11);
    expect(M.font * MIN_SCALE).toBeGreaterThanOrEqual(MIN_TEXT_PX);
    expect(SCALE_EXTENT).toEqual([MIN_SCALE, MAX_SCALE]);
  });
  it('follow the font size the layout uses', () => {
    expect(minScale(11)).toBe(1);
    expect(minScale(22)).toBe(0.5);
    expect(minScale(10)).toBeCloseTo(1.1);
    expect(minScale(12, 9)).toBe(0.75);
    // Never past the largest zoom, and a font of no size does not divide by zero.
    expect(minScale(1)).toBe(MAX_SCALE);
    expect(minScale(0)).toBe(1);
  });
  it('clamp a zoom set by code', () => {
    expect(clampScale(0.2)).toBe(MIN_SCALE);
    expect(clampScale(10)).toBe(MAX_SCALE);
    expect(clampScale(1.5)).toBe(1.5);
  });
});

describe('fitView()', () => {
  it('keeps a small tree at full size, its viewport as tall as the tree rounded up to a height step', () => {
    const height = Math.ceil((300 + 2 * PAD) / HEIGHT_STEP) * HEIGHT_STEP;
    expect(fitView(400, 300, 900)).toEqual({ k: 1, x: PAD, y: PAD, height });
    expect(height).toBeGreaterThanOrEqual(300 + 2 * PAD);
  });
  it('grows the viewport only when the tree outgrows a height step', () => {
    const heights = new Set(Array.from({ length: 400 }, (_, i) => fitView(400, 100 + i, 900).height));
    expect([...heights]).toEqual([...heights].sort((a, b) => a - b));
    expect(heights.size).toBeLessThanOrEqual(Math.ceil(400 / HEIGHT_STEP) + 1);
    for (let h = 100; h < 500; h++) expect(fitView(400, h, 900).height).toBeGreaterThanOrEqual(h + 2 * PAD);
  });
  it('never shrinks a wide tree below MIN_SCALE: it pans instead', () => {
    expect(fitView(1800, 200, 912).k).toBe(MIN_SCALE);
    expect(fitView(1800, 200, 390).k * M.font).toBeGreaterThanOrEqual(MIN_TEXT_PX);
    expect(fitView(1800, 200, 912)).toMatchObject({ x: PAD, y: PAD });
  });
  it('bounds the viewport height and centres a tiny tree vertically', () => {
    expect(fitView(300, 5000, 900).height).toBe(MAX_H);
    const tiny = fitView(100, 40, 900);
    expect(tiny.height).toBe(MIN_H);
    expect(tiny.y).toBe((MIN_H - 40) / 2);
  });
});

describe('fitAll()', () => {
  it('shows a layout that fits whole, centred, never enlarged', () => {
    expect(fitAll(100, 100, 500, 300)).toEqual({ k: 1, x: 200, y: 100, height: 300, fits: true });
    expect(fitAll(476, 276, 500, 300)).toMatchObject({ k: 1, x: PAD, y: PAD, fits: true });
  });
  it('keeps text at MIN_TEXT_PX: a larger layout starts at its top left and says it does not fit', () => {
    const wide = fitAll(2000, 400, 500, 300);
    expect(wide).toEqual({ k: MIN_SCALE, x: PAD, y: PAD, height: 300, fits: false });
    expect(fitAll(100000, 100, 500, 300).k * M.font).toBeGreaterThanOrEqual(MIN_TEXT_PX);
    // Taller only: centred across, from the top down.
    expect(fitAll(100, 1000, 500, 300)).toMatchObject({ x: 200, y: PAD, fits: false });
  });
});

describe('wheelPan()', () => {
  const content = { w: 400, h: 2000 };
  const view = { w: 500, h: 500 };
  it('scrolls a tall tree down and up within its ends', () => {
    expect(wheelPan({ x: PAD, y: PAD, k: 1 }, 0, 100, content, view)).toEqual({ x: PAD, y: PAD - 100 });
    expect(wheelPan({ x: PAD, y: -1400, k: 1 }, 0, 500, content, view).y).toBe(500 - PAD - 2000);
    expect(wheelPan({ x: PAD, y: -100, k: 1 }, 0, -300, content, view).y).toBe(PAD);
  });
  it('does not move at the ends, nor a tree that fits, so the page scrolls', () => {
    expect(wheelPan({ x: PAD, y: PAD, k: 1 }, 0, -100, content, view)).toEqual({ x: PAD, y: PAD });
    expect(wheelPan({ x: PAD, y: PAD, k: 1 }, 0, 100, { w: 100, h: 100 }, view)).toEqual({ x: PAD, y: PAD });
  });
  it('moves a view dragged beyond an end only back towards it', () => {
    expect(wheelPan({ x: PAD, y: 200, k: 1 }, 0, 50, content, view).y).toBe(150);
    expect(wheelPan({ x: PAD, y: 200, k: 1 }, 0, -50, content, view).y).toBe(200);
  });
});
