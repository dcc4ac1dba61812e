/**
 * lz-string's decompressFromEncodedURIComponent(), with a bound on what it may produce. lz-string builds
 * the whole text before returning, and an LZ78 stream can grow quadratically: a 74,000-character link
 * inflated to 500 million characters and 1.2 GB before anything could refuse it. This decoder is
 * lz-string 1.5.0's `_decompress` (MIT), bit for bit, with one change: it counts the characters it
 * emits and stops the moment they pass `maxChars`. lz-string itself still compresses (link.ts);
 * lz.test.ts holds the two decoders against each other.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));

export type Inflated =
  | { readonly ok: true; readonly text: string }
  /** Not a stream lz-string could have written (or cut short); `partial` is what was read before that. */
  | { readonly ok: false; readonly reason: 'damaged'; readonly partial: string }
  | { readonly ok: false; readonly reason: 'too-large' };

/** Decompresses an lz-string "encoded URI component", refusing output longer than `maxChars`. */
export function decompressBounded(encoded: string, maxChars: number): Inflated {
  if (encoded === '') return { ok: false, reason: 'damaged', partial: '' };
  const input = encoded.replace(/ /g, '+');
  const length = input.length;
  const reset = 32;
  // Characters outside the alphabet read as 0, as lz-string reads them.
  const valueAt = (i: number) => VALUE.get(input.charAt(i)) ?? 0;
  let val = valueAt(0);
  let position = reset;
  let index = 1;
  /** A code took bits from past the end (lz-string reads them as zeros): the stream was cut short. */
  let overrun = false;
  const readBits = (n: number): number => {
    let bits = 0;
    const max = 2 ** n;
    for (let power = 1; power !== max; power <<= 1) {
      if (index - 1 >= length) overrun = true; // the current character is index - 1
      const b = val & position;
      position >>= 1;
      if (position === 0) {
        position = reset;
        val = valueAt(index++);
      }
      if (b > 0) bits |= power;
    }
    return bits;
  };

  const dictionary: string[] = ['0', '1', '2'];
  let dictSize = 4;
  let enlargeIn = 4;
  let numBits = 3;
  const result: string[] = [];
  let produced = 0;

  let c: string;
  const first = readBits(2);
  if (first === 0) c = String.fromCharCode(readBits(8));
  else if (first === 1) c = String.fromCharCode(readBits(16));
  else return { ok: false, reason: 'damaged', partial: '' }; // no text: no link of ours carries one
  dictionary[3] = c;
  let w = c;
  result.push(c);
  produced = 1;

  const damaged = (): Inflated => ({ ok: false, reason: 'damaged', partial: result.join('') });
  for (;;) {
    if (index > length) return damaged();
    let code = readBits(numBits);
    if (code === 0 || code === 1) {
      const literal = readBits(code === 0 ? 8 : 16);
      if (overrun) return damaged();
      dictionary[dictSize++] = String.fromCharCode(literal);
      code = dictSize - 1;
      enlargeIn--;
    } else if (overrun) {
      return damaged();
    } else if (code === 2) {
      return { ok: true, text: result.join('') };
    }
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
    let entry: string;
    const known = dictionary[code];
    if (known !== undefined && code >= 3) entry = known;
    else if (code === dictSize) entry = w + w.charAt(0);
    else return damaged();
    produced += entry.length;
    if (produced > maxChars) return { ok: false, reason: 'too-large' };
    result.push(entry);
    dictionary[dictSize++] = w + entry.charAt(0);
    enlargeIn--;
    w = entry;
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
  }
}
