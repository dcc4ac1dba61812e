import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32 } from './checksum';

describe('crc32()', () => {
  it('is the CRC-32 zlib computes, over the UTF-8 bytes', () => {
    expect(crc32('')).toBe('00000000');
    expect(crc32('123456789')).toBe('cbf43926'); // the standard check value
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        expect(crc32(s)).toBe(zlibCrc32(s).toString(16).padStart(8, '0'));
      }),
      { seed: 32, numRuns: 300 },
    );
  });
});
