import { describe, expect, it } from 'vitest';
import { BADGE_ORDER, BADGES, glyphPath } from './badges';

describe('badges', () => {
  it('every badge has its label, a description and a shape of its own', () => {
    expect(BADGE_ORDER.map((b) => BADGES[b].label)).toEqual([
      'normal',
      'normal + VM_WARN',
      'special',
      'zero page',
      'huge zero',
      'Bad page map',
      'no VMA',
      'n/a',
      'swap',
    ]);
    expect(new Set(BADGE_ORDER.map((b) => BADGES[b].shape)).size).toBe(BADGE_ORDER.length);
    expect(Object.keys(BADGES).sort()).toEqual([...BADGE_ORDER].sort());
    for (const b of BADGE_ORDER) {
      expect(BADGES[b].description.length).toBeGreaterThan(10);
      expect(BADGES[b].text).toMatch(/^text-(cls-|muted)/);
    }
  });

  it('draws each shape as a path', () => {
    for (const b of BADGE_ORDER) expect(glyphPath(BADGES[b].shape, 10)).toMatch(/^M[-\d.,]+/);
  });
});
