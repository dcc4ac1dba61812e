import { describe, expect, it } from 'vitest';
import { fitAll, fitView, HEIGHT_STEP, MAX_H, MIN_FIT, MIN_H, PAD, wheelPan } from './viewport';

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
  it('shrinks a wide tree to the width, but never below MIN_FIT', () => {
    expect(fitView(1800, 200, 912).k).toBeGreaterThanOrEqual(MIN_FIT);
    expect(fitView(1000, 200, 912).k).toBeCloseTo(888 / 1000);
  });
  it('bounds the viewport height and centres a tiny tree vertically', () => {
    expect(fitView(300, 5000, 900).height).toBe(MAX_H);
    const tiny = fitView(100, 40, 900);
    expect(tiny.height).toBe(MIN_H);
    expect(tiny.y).toBe((MIN_H - 40) / 2);
  });
});

describe('fitAll()', () => {
  it('shows the whole layout, centred, never enlarged', () => {
    expect(fitAll(2000, 400, 500, 300)).toMatchObject({ k: 476 / 2000, y: (300 - 400 * (476 / 2000)) / 2 });
    expect(fitAll(100, 100, 500, 300)).toMatchObject({ k: 1, x: 200, y: 100 });
    expect(fitAll(100000, 100, 500, 300).k).toBe(0.2);
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
