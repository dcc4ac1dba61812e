import { describe, expect, it } from 'vitest';
import { scrollKey } from './ScrollRegion';

const box = (w: number, h: number) => ({
  scrollWidth: w,
  clientWidth: 300,
  scrollHeight: h,
  clientHeight: 200,
});

describe('scrollKey()', () => {
  it('keeps ← → for a region that scrolls sideways, Home and End for one that scrolls down', () => {
    expect(scrollKey('ArrowRight', box(600, 200))).toBe(true);
    expect(scrollKey('ArrowLeft', box(600, 200))).toBe(true);
    expect(scrollKey('End', box(600, 200))).toBe(false);
    expect(scrollKey('Home', box(300, 900))).toBe(true);
    expect(scrollKey('ArrowRight', box(300, 900))).toBe(false);
  });
  it('leaves every key to the steps when the region does not scroll', () => {
    for (const k of ['ArrowLeft', 'ArrowRight', 'Home', 'End', ' ', 'Escape'])
      expect(scrollKey(k, box(300, 200))).toBe(false);
  });
});
