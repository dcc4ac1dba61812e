import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLink, encodeLink, type LinkView, MAX_FRAGMENT } from './link';

function split(link: string): [string, string] {
  const i = link.indexOf('#');
  return i < 0 ? [link, ''] : [link.slice(0, i), link.slice(i)];
}

const CUSTOM = {
  version: 1,
  title: 'zero page',
  kernel: { variant: 'v6.18' },
  processes: [{ name: 'A' }],
  steps: Array.from({ length: 20 }, (_, i) => ({
    op: 'read',
    proc: 'A',
    addr: `0x${(0x10000000 + i * 0x1000).toString(16)}`,
  })),
};

describe('share links', () => {
  it('round-trips a built-in scenario with readable parameters', () => {
    const view: LinkView = {
      scenario: { kind: 'builtin', id: 'dev-mem-cow' },
      settings: {
        variant: 'rfc-11',
        preset: 'no-pte-special',
        config: { pteSpecial: false, pgtableLevels: 5 },
      },
      step: 3,
      entry: { proc: 'A', level: 'pte', v: 0x20001 },
      compare: { variant: 'rfc-10' },
    };
    const link = encodeLink(view);
    expect(link).toBe(
      '?v=1&s=dev-mem-cow&variant=rfc-11&preset=no-pte-special&pte_special=0&levels=5&step=3&entry=A%3Apte%3A0x20001000&cmp_variant=rfc-10',
    );
    expect(decodeLink(...split(link))).toEqual({ ok: true, view });
  });

  it('round-trips a custom scenario in the fragment, compressed when it pays', () => {
    const view: LinkView = { scenario: { kind: 'custom', json: CUSTOM }, settings: {} };
    const link = encodeLink(view);
    expect(link).toMatch(/^\?v=1#z=/);
    expect(link.length).toBeLessThan(800);
    expect(decodeLink(...split(link))).toEqual({ ok: true, view });
  });

  // Links made by this version, frozen: they must keep opening after the format changes.
  const GOLDEN: [string, string, LinkView][] = [
    [
      '?v=1&s=zero-page&variant=rfc-08&pte_special=1&step=2',
      '',
      {
        scenario: { kind: 'builtin', id: 'zero-page' },
        settings: { variant: 'rfc-08', config: { pteSpecial: true } },
        step: 2,
      },
    ],
    ['?s=zero-page', '', { scenario: { kind: 'builtin', id: 'zero-page' }, settings: {} }],
    [
      '?v=1&variant=v6.18',
      '#j=%7B%22version%22%3A1%7D',
      { scenario: { kind: 'custom', json: { version: 1 } }, settings: { variant: 'v6.18' } },
    ],
    [
      '?v=1&entry=B:pmd:0x40000000&cmp_variant=fix-2026&cmp_preset=x86-32-thp',
      '',
      {
        scenario: { kind: 'default' },
        settings: {},
        entry: { proc: 'B', level: 'pmd', v: 0x40000 },
        compare: { variant: 'fix-2026', preset: 'x86-32-thp' },
      },
    ],
  ];
  it.each(GOLDEN)('opens golden link %s%s', (search, hash, view) => {
    expect(decodeLink(search, hash)).toEqual({ ok: true, view });
  });

  it.each([
    ['?v=9', '', /newer ptlab/],
    ['?v=abc', '', /unknown link version/],
    ['?variant=v7.0', '', /unknown kernel variant "v7.0"/],
    ['?pte_special=maybe', '', /pte_special must be 0 or 1/],
    ['?step=-1', '', /step must be a whole number/],
    ['?entry=A:pte', '', /process:level:0xaddress/],
    ['?s=<script>', '', /scenario id/],
    ['', '#z=NoT-lZ-dAtA', /damaged/],
    ['', '#j=%7B%22version', /not valid JSON/],
    ['', '#j=%E0%A4%A', /bad %-encoding/],
    ['', '#whatever', /not a ptlab scenario/],
    ['', `#j=${'x'.repeat(MAX_FRAGMENT)}`, /too long/],
  ])('refuses broken link %# with a message', (search, hash, message) => {
    const d = decodeLink(search, hash);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.error).toMatch(message);
  });

  it('never throws, whatever the input (fuzz)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }), (a, b) => {
        const d = decodeLink(a, b);
        expect(typeof d.ok).toBe('boolean');
      }),
      { numRuns: 2000, seed: 20261126 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const d = decodeLink('', `#z=${s}`);
        expect(typeof d.ok).toBe('boolean');
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});
