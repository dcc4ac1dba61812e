/**
 * A decompression bomb for the tests: lz-string's compressToEncodedURIComponent() of {"title":"a…a"} with
 * 2,100,000 a's (made once, here, because compressing it takes seconds): 3,469 characters that inflate to
 * 2,100,013.
 */
export const BOMB = [
  'N4IgLglmA2CmIC4QENVvRzXs93-BhRxJpZ5FlV1Ntd9DjTzLrb7HnX3Pvf-AwUOEjRY8RMlTpM2XPkLFS5StVr1GzVu07de-QcNH',
  'jJ02fMXLV6zdt37Dx0+cvXb9x89fvP33-8BgUHBIaFh4RGRUdExsXHxCYlJySmpaekZmVnZObl5+QWFRcUlpWXlFZVV1TW1dfUNj',
  'U3NLa1t7R2dXd09vX39A4NDwyOjY+MTk1PTM7Nz8wuLS8srq2vrG5tb2zu7e-sHh0fHJ6dn5xeXV9c3t3f3D49Pzy+vb+8fn1-fP',
  '79--wDAUDgSDQWDwRDIVDoTDYXD4QjEUjkSjUWj0RjMVjsTjcXj8QTCUTiSTSWTyRTKVTqTTaXT6QzGUzmSzWWz2RzOVzuTzeXz+',
  'QLBULhSLRWLxRLJVLpTLZXL5QrFUrlSrVWr1RrNVrtTrdXr9QbDUbjSbTWbzRbLVbrTbbXb7Q7HU7nS7XW73R7PV7vT7fX7-QHA0',
  'HgyHQ2HwxHI1HozHY3H4wnE0nkynU2n0xnM1nsznc3n8wXC0XiyXS2XyxXK1XqzXa3X6w3G03my3W232x3O13uz3e33+wPB0PhyP',
  'R2PxxPJ1PpzPZ3P5wvF0vlyvV2v1xvN1vtzvd3v9wfD0fjyfT2fzxfL1frzfb3f7w-H0-ny-X2-3x-P1-vz-f3--wBgFAcBIGgWB',
  '4EQZBUHQTBsFwfBCGIUhyEoahaHoRhmFYdhOG4Xh+EEYRRHESRpFkeRFGUVR1E0bRdH0QxjFMcxLGsWx7EcZxXHcTxvF8fxAmCUJ',
  'wkiaJYniRJklSdJMmyXJ8kKYpSnKSpqlqepGmaVp2k6bpen6QZhlGcZJmmWZ5kWZZVnWTZtl2fZDmOU5zkua5bnuR5nled5Pm+X5',
  '-kBYFQXBSFoVheFEWRVF0UxbFcXxQliVJclKWpWl6UZZlWXZTluV5flBWFUVxUlaVZXlRVlVVdVNW1XV9UNY1TXNS1rVte1HWdV1',
  '3U9b1fX9QNg1DcNI2jWN40TZNU3TTNs1zfNC2LUty0rata3rRtm1bdtO27Xt+0HYdR3HSdp1nedF2XVd103bdd33Q9j1Pc9L2vW9',
  '70fZ9X3fT9v1-f9AOA0DwMg6DYPgxDkNQ9DMOw3D8MI4jSPIyjqNo+jGOY1j2M47jeP4wThNE8TJOk2T5MU5TVPUzTtN0-TDOM0z',
  'zMs6zbPsxznNc9zPO83z-MC4LQvCyLoti+LEuS1L0sy7LcvywritK8rKuq2r6sa5rWvazrut6-rBuG0bxsm6bZvmxbltW9bNu23b',
  '9sO47TvOy7rtu+7Hue173s+77fv+wHgdB8HIeh2H4cR5HUfRzHsdx-HCeJ0nycp6nafpxnmdZ9nOe53n+cF4XRfFyXpdl+XFeV1X',
  '1c17Xdf1w3jdN83Let237cd53Xfdz3vd9-3A+D0Pw8j6PY-jxPk9T9PM+z3P88L4vS-Lyvq9r+vG+b1v2877ve-7wfh9H8fJ+n2f',
  '58X5fV-Xzft93-fD+P0-z8v6-b-vx-n9f9-P+-3--8AMAUA4BIDQFgPARAyBUDoEwNgXA+BCDEFIOQSg1BaD0EYMwVg7BODcF4Pw',
  'QQwhRDiEkNIWQ8hFDKFUOoTQ2hdD6EMMYUw5hLDWFsPYRwzhXDuE8N4Xw-hAjBFCOESI0RYjxESMkVI6RMjZFyPkQoxRSjlEqNUW',
  'o9RGjNFaO0To3Rej9EGMMUY4xJjTFmPMRYyxVjrE2NsXY+xDjHFOOcS41xbj3EeM8V47xPjfF+P8QEwJQTgkhNCWE8JETIlROiTE',
  '2JcT4kJMSUk5JKTUlpPSRkzJWTsk5NyXk-JBTClFOKSU0pZTykVMqVU6pNTal1PqQ0xpTTmktNaW09pHTOldO6T03pfT+kDMGUM4',
  'ZIzRljPGRMyZUzpkzNmXM+ZCzFlLOWSs1Zaz1kbM2Vs7ZOzdl7P2Qcw5RzjknNOWc85FzLlXOuTc25dz7kPMeU855LzXlvPeR8z5',
  'Xzvk-N+X8-5ALAVAuBSC0FYLwUQshVC6FMLYVwvhQixFSLkUotRWi9FGLMVYuxTi3FeL8UEsJUS4lJLSVkvJRSylVLqU0tpXS+lD',
  'LGVMuZSy1lbL2Ucs5Vy7lPLeV8v5QKwVQrhUitFWK8VErJVSulTK2Vcr5UKsVUq5VKrVVqvVRqzVWrtU6t1Xq-VBrDVGuNSa01Zr',
  'zUWstVa61NrbV2vtQ6x1TrnUutdW691HrPVeu9T631fr-UBsDUG4NIbQ1hvDRGyNUbo0xtjXG+NCbE1JuTSm1Nab00ZszVm7NObc',
  '15vzQWwtRbi0ltLWW8tFbK1VurTW2tdb60NsbU25tLbW1tvbR2ztXbu09t7X2-tA7B1DuHSO0dY7x0TsnVO6dM7Z1zvnQuxdS7l0',
  'rtXWu9dG7N1bu3Tu3de790HsPUe49J7T1nvPRey9V7r03tvXe+9D7H1PufS+19b730fs-V+79P7f1-v-QBwDQHgMgdA2B8DEHINQ',
  'egzB2DcH4MIcQ0h5DKHUNofQxhzDWHsM4dw3h-DBHCNEeIyR0jZHyMUco1R6jNHaN0fowxxjTHmMsdY2x9jHHONce4zx3jfH+MCc',
  'E0J4TInRNifExJyTUnpMydk3J+TCnFNKeUyp1Tan1Mac01p7TOndN6f0wZwzRnjMmdM2Z8zFnLNWeszZ2zdn7MOcc055zLnXNufc',
  'x5zzXnvM+d835-zAXAtBeCyF0LYXwsRci1F6LMXYtxfiwlxLSXkspdS2l9LGXMtZeyzl3LeX8sFcK0V4rJXStlfKxVyrVXqs1dq3',
  'V+rDXGtNeay11rbX2sdc6117rPXet9f6wNwbQ3hsjdG2N8bE3JtTemzN2bc35sLcW0t5bK3VtrfWxtzbW3ts7d23t-bB3DtHeOyd',
  '07Z3zsXcu1d67N3bt3fuw9x7T3nsvde2997H3Ptfe+z937f3-sA8B0D4HIPQdg-BxDyHUPocw9h3D+HCPEdI+Ryj1HaP0cY8x1j7',
  'HOPcd4-xwTwnRPick9J2T8nFPKdU+pzT2ndP6cM8Z0z5nLPWds-ZxzznXPuc8953z-nAvBdC+FyL0XYvxcS8l1L6XMvZdy-lwrxX',
  'Svlcq9V2r9XGvNda+1zr3Xev9cG8N0b43JvTdm-Nxby3Vvrc29t3b+3DvHdO+dy713bv3ce891773Pvfd+-9wHwPQfg8h9D2H8PE',
  'fI9R+jzH2Pcf48J8T0n5PKfU9p-TxnzPWfs859z3n-PBfC9F+LyX0vZfy8V8r1X6vNfa91-rw3xvTfm8t9b239vHfO9d+7z33vff',
  '+8D8H0P4fI-R9j-HxPyfU-p8z9n3P+fC-F9L+Xyv1fa-18b831v7fO-d97-3wfw-R-j8n9P2f8-F-L9X+vzf2-d-78P8f0-5-L-X',
  '9v-fx-z-X-v8-9-3---ABgBQBwBIBoBYB4BEBkBUB0BMBsBcB8BCBiBSByBzOIAAAvkAA',
].join('');

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';

/**
 * The worst bomb lz-string's format allows, built bit by bit: the literal "a", then `codes` codes that each
 * name the entry about to be made (the previous text plus its first character), so the n-th code emits
 * n + 1 characters and the output grows as codes²/2. 26,000 codes fit in 73,000 link characters and make
 * about 338 million characters: the size of the bomb that took a tab past a gigabyte.
 */
export function quadraticBomb(codes: number): string {
  const bits: number[] = [];
  const put = (value: number, n: number) => {
    for (let i = 0; i < n; i++) bits.push((value >> i) & 1); // lz-string writes each code LSB first
  };
  put(0, 2); // a literal of 8 bits
  put(0x61, 8);
  let dictSize = 4;
  let numBits = 3;
  let enlargeIn = 4;
  for (let i = 0; i < codes; i++) {
    put(dictSize, numBits); // the entry about to be made: w + w[0]
    dictSize++;
    enlargeIn--;
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
  }
  put(2, numBits); // end of stream
  while (bits.length % 6) bits.push(0);
  let out = '';
  for (let i = 0; i < bits.length; i += 6) {
    let v = 0;
    for (let j = 0; j < 6; j++) v = (v << 1) | (bits[i + j] as number); // six bits a character, MSB first
    out += ALPHABET[v];
  }
  return out;
}
