import { describe, expect, it } from 'vitest';
import { editDistance, nearestOf, nearestPreset, nearestVariant } from './nearest';

describe('nearest valid values for a link', () => {
  it('measures edits', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it.each([
    ['V6.18', 'v6.18'],
    ['rfc-7', 'rfc-07'],
    ['RFC07', 'rfc-07'],
    ['rfc-15', 'rfc-14'],
    ['rfc-0', 'rfc-01'],
    ['v6.18.3', 'v6.18'],
    ['6.18-rc1', 'v6.18'],
    ['v6.19', 'v6.18'],
    ['v9.99', 'v6.18'],
    ['v6.17', 'v6.17'],
    ['v5.10', 'baseline'],
    ['baseine', 'baseline'],
    ['fix-2025', 'fix-2026'],
  ])('reads the variant %s as %s', (raw, id) => {
    expect(nearestVariant(raw)).toBe(id);
  });

  it('names none when nothing is close', () => {
    expect(nearestVariant('nope')).toBeUndefined();
    expect(nearestVariant('')).toBeUndefined();
    expect(nearestPreset('sparc64')).toBeUndefined();
  });

  it('reads a preset spelt otherwise', () => {
    expect(nearestPreset('X86-64')).toBe('x86-64');
    expect(nearestPreset('x86_64')).toBe('x86-64');
    expect(nearestPreset('x86-64-la58')).toBe('x86-64-la57');
  });

  it('prefers a same-case match and the first of equally close values', () => {
    expect(nearestOf('ab', ['aa', 'bb'] as const)).toBe('aa');
    expect(nearestOf('AA', ['aa', 'ab'] as const)).toBe('aa');
  });
});
