import fc from 'fast-check';
import LZString from 'lz-string';
import { describe, expect, it } from 'vitest';
import { quadraticBomb } from './bomb.fixture';
import { decompressBounded } from './lz';

const MAX = 2_000_000;

describe('decompressBounded()', () => {
  it('reads back whatever lz-string compressed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        fc.pre(text.length > 0);
        const z = LZString.compressToEncodedURIComponent(text);
        expect(decompressBounded(z, MAX)).toEqual({ ok: true, text });
      }),
      { seed: 0x12a5, numRuns: 400 },
    );
  });

  // Where lz-string reads a text, this decoder reads the same one; where lz-string fails, this one does.
  // This one refuses more: a stream whose first code is 3, which lz-string cannot have written and reads
  // as text containing "undefined".
  it('agrees with lz-string on damaged input: truncated, bit-flipped, or made up', () => {
    const sample = LZString.compressToEncodedURIComponent(
      JSON.stringify({
        version: 1,
        title: 'zero page',
        steps: [{ op: 'read', proc: 'A', addr: '0x10001000' }],
      }),
    );
    const damaged = fc.oneof(
      fc.nat({ max: sample.length - 1 }).map((n) => sample.slice(0, n)),
      fc
        .tuple(fc.nat({ max: sample.length - 1 }), fc.constantFrom(...'ABCxyz019+-$'))
        .map(([i, ch]) => sample.slice(0, i) + ch + sample.slice(i + 1)),
      fc.string({ unit: fc.constantFrom(...'ABCDEFabcdef0123+-$ .'), maxLength: 60 }),
    );
    fc.assert(
      fc.property(damaged, (s) => {
        const theirs = LZString.decompressFromEncodedURIComponent(s);
        const ours = decompressBounded(s, MAX);
        if (ours.ok) expect(ours.text).toBe(theirs);
        if (!theirs) expect(ours).toMatchObject({ ok: false, reason: 'damaged' });
      }),
      { seed: 0x5eed, numRuns: 2000 },
    );
  });

  it('stops a bomb as soon as its output passes the bound, and says "too-large"', () => {
    // 400,000 of one character compress to about 1,200: LZ78 output grows quadratically with its input.
    const bomb = LZString.compressToEncodedURIComponent('a'.repeat(400_000));
    expect(bomb.length).toBeLessThan(2_000);
    expect(decompressBounded(bomb, 300_000)).toEqual({ ok: false, reason: 'too-large' });
    expect(decompressBounded(bomb, 400_000)).toEqual({ ok: true, text: 'a'.repeat(400_000) });
  });

  it('keeps what it read before a stream was cut short', () => {
    const text = JSON.stringify({ version: 1, title: 'a scenario whose link was cut short in a mail' });
    const z = LZString.compressToEncodedURIComponent(text);
    const cut = decompressBounded(z.slice(0, Math.floor(z.length * 0.7)), MAX);
    expect(cut).toMatchObject({ ok: false, reason: 'damaged' });
    const partial = cut.ok ? '' : cut.reason === 'damaged' ? cut.partial : '';
    expect(partial.length).toBeGreaterThan(10);
    expect(text.startsWith(partial)).toBe(true);
  });
});

describe('the quadratic bomb', () => {
  it('is what lz-string itself decodes to n²/2 characters (checked at 2,000 codes)', () => {
    const text = LZString.decompressFromEncodedURIComponent(quadraticBomb(2000));
    expect(text.length).toBe(1 + (2000 * 2003) / 2);
    expect(/^a+$/.test(text)).toBe(true);
  });

  it('of 338 million characters is refused after about 2,000 of its 26,000 codes', () => {
    const bomb = quadraticBomb(26_000);
    expect(bomb.length).toBeLessThan(80_000);
    const t0 = performance.now();
    expect(decompressBounded(bomb, MAX)).toEqual({ ok: false, reason: 'too-large' });
    // lz-string itself takes seconds and gigabytes on this one; the bounded decoder stops early.
    expect(performance.now() - t0).toBeLessThan(500);
  });
});
