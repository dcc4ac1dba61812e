import { describe, expect, it } from 'vitest';
import { BADGE_ORDER, BADGES, glyphPath } from './badges';

describe('badges', () => {
  it('every badge has its label and a shape of its own (descriptions: kernelTexts.test.ts)', () => {
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
    for (const b of BADGE_ORDER) expect(BADGES[b].text).toMatch(/^text-(cls-|muted)/);
  });

  it('draws each shape as a path', () => {
    for (const b of BADGE_ORDER) expect(glyphPath(BADGES[b].shape, 10)).toMatch(/^M[-\d.,]+/);
  });
  it('draws a glyph centred elsewhere as the one at (0, 0) moved there', () => {
    // Moves the absolute commands of a path (M, L, H, V; lower-case ones are relative).
    const moved = (d: string, dx: number, dy: number) =>
      d.replace(/([MLHV])([-\d.]+)(?:,([-\d.]+))?/g, (_, c: string, a: string, b?: string) => {
        const r = (n: number) => String(Math.round(n * 100) / 100);
        if (c === 'H') return `H${r(Number(a) + dx)}`;
        if (c === 'V') return `V${r(Number(a) + dy)}`;
        return `${c}${r(Number(a) + dx)},${r(Number(b) + dy)}`;
      });
    for (const b of BADGE_ORDER) {
      const shape = BADGES[b].shape;
      expect(glyphPath(shape, 10, 14.5, -3), shape).toBe(moved(glyphPath(shape, 10), 14.5, -3));
    }
  });
});
