import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonDepth, MAX_JSON_DEPTH, parseJson } from './json';

describe('bounded JSON', () => {
  it('measures nesting, skipping brackets inside strings and escapes', () => {
    expect(jsonDepth('1')).toBe(0);
    expect(jsonDepth('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(jsonDepth('{"a":"[[[[\\"[[["}')).toBe(1);
    expect(jsonDepth('"\\\\"')).toBe(0);
  });

  it('agrees with the nesting of any JSON value', () => {
    const depthOf = (v: unknown): number =>
      typeof v === 'object' && v !== null
        ? 1 + Math.max(0, ...Object.values(v as Record<string, unknown>).map(depthOf))
        : 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (v) => {
        expect(jsonDepth(JSON.stringify(v), 100)).toBe(depthOf(v));
      }),
      { seed: 64, numRuns: 500 },
    );
  });

  it('refuses text nested past the bound before parsing it, and stops scanning there', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    expect(parseJson(deep)).toEqual({
      ok: false,
      message: `nested more than ${MAX_JSON_DEPTH} levels deep (no scenario needs that)`,
    });
    expect(jsonDepth(deep)).toBe(MAX_JSON_DEPTH + 1);
    const fine = `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`;
    expect(parseJson(fine).ok).toBe(true);
    expect(parseJson('{"a":')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^not valid JSON: /),
    });
  });
});
