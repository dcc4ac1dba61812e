import { describe, expect, expectTypeOf, it } from 'vitest';
import { leaf } from './entry';
import { memLayout, PhysMem } from './physmem';
import { asPfn, type Pfn, type Vpn, vpn } from './units';

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
