import { describe, expect, expectTypeOf, it } from 'vitest';
import { leaf } from './entry';
import { memLayout, PhysMem } from './physmem';
import { asPfn, hex, type Pfn, type Vpn, vaddrHex, vpn } from './units';

describe('branded units', () => {
  it('a pfn and a virtual page number do not mix: the compiler refuses one for the other', () => {
    expectTypeOf<Vpn>().not.toExtend<Pfn>();
    expectTypeOf<Pfn>().not.toExtend<Vpn>();
    expectTypeOf(leaf(0x42).pfn).toEqualTypeOf<Pfn>();
    const mem = new PhysMem(
      memLayout({
        ranges: [{ start: 0, end: 0x100, type: 'ram' }],
        zeroPfn: 0x42,
        hugeZeroPfn: 0x200,
        highestMemmapPfn: 0xff,
        allocStart: 0x10,
      }),
    );
    // @ts-expect-error: a virtual page number is not a pfn
    mem.folioAt(vpn(0x42));
    // @ts-expect-error: a bare number must be said to be a pfn
    mem.pfnValid(0x42);
    expect(mem.pfnValid(asPfn(0x42))).toBe(true);
    expect(mem.folioAt(asPfn(0x42))).toBeUndefined(); // a free page: no folio
  });
});

describe('vaddrHex', () => {
  it('writes what hex(BigInt(v) << 12n) writes, for every page number up to 5-level paging', () => {
    const pages = [
      0,
      1,
      0xf,
      0x10,
      0x40000,
      0x40001,
      2 ** 32 - 1,
      2 ** 32,
      2 ** 35 - 1,
      2 ** 44 - 1,
      2 ** 45 - 1,
    ];
    for (let i = 0; i < 2000; i++) pages.push(Math.floor(Math.random() * 2 ** 45));
    for (const v of pages) expect(vaddrHex(v as Vpn)).toBe(hex(BigInt(v) << 12n));
  });
});
