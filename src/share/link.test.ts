import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SEED } from '../scenario/quiz/random';
import { BOMB } from './bomb.fixture';
import { decodeLink, encodeLink, type LinkView, MAX_FRAGMENT, MAX_QUIZ_SEED } from './link';
import { decompressBounded } from './lz';

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

  it.each([
    [
      '?variant=v7.0',
      { settings: { variant: 'v6.18' } },
      /kernel variant "v7.0" .*showing v6.18, the nearest/,
    ],
    ['?variant=nope', { settings: {} }, /kernel variant "nope" .*showing the scenario’s own/],
    ['?preset=X86-64', { settings: { preset: 'x86-64' } }, /preset "X86-64" .*showing x86-64/],
    [
      '?cmp_variant=rfc-99',
      { settings: {}, compare: { variant: 'rfc-14' } },
      /compared run’s kernel variant "rfc-99" .*compared with rfc-14/,
    ],
    [
      '?pte_special=maybe',
      { settings: {} },
      /pte_special="maybe" is not 0 or 1: showing the scenario’s own value/,
    ],
    ['?levels=3', { settings: {} }, /levels="3" is not 4 or 5/],
    ['?step=-1', { settings: {} }, /step "-1" is not a step number: showing the first step/],
    [
      '?entry=A:pte',
      { settings: {} },
      /entry "A:pte" is not "process:level:0xaddress": no entry is selected/,
    ],
    [
      '?explain=expert',
      { settings: {} },
      /explain "expert" is not "learner" or "reviewer": explaining for reviewers/,
    ],
    ['?filter=special,shiny', { settings: {}, filter: ['special'] }, /unknown filter "shiny" .*left out/],
    [
      '?from=2&to=x',
      { settings: {}, range: { from: 2 } },
      /to "x" is not a step number: the range goes to the last step/,
    ],
    [
      '?from=-1&to=4',
      { settings: {}, range: { to: 4 } },
      /from "-1" is not a step number: the range goes to the first step/,
    ],
    [
      '?from=5&to=2',
      { settings: {}, range: { from: 2, to: 5 } },
      /the range 5–2 is backwards: showing steps 2–5/,
    ],
  ])('opens %s with the nearest valid value, and names what it replaced', (search, view, message) => {
    const d = decodeLink(search, '');
    expect(d).toMatchObject({ ok: true, view: { scenario: { kind: 'default' }, ...view } });
    if (d.ok) {
      expect(d.replaced).toHaveLength(1);
      expect(d.replaced?.[0]).toMatch(message);
    }
  });

  it('keeps a step past the run for the opening to bring back, and a valid link names no replacement', () => {
    expect(decodeLink('?step=999', '')).toEqual({
      ok: true,
      view: { scenario: { kind: 'default' }, settings: {}, step: 999 },
    });
  });

  it('carries a range of steps, either end alone, and a link without one opens as before', () => {
    const view: LinkView = {
      scenario: { kind: 'builtin', id: 'zero-page' },
      settings: {},
      step: 3,
      range: { from: 2, to: 5 },
      embed: true,
    };
    const link = encodeLink(view);
    expect(link).toBe('?v=1&s=zero-page&step=3&from=2&to=5&embed=1');
    expect(decodeLink(link, '')).toEqual({ ok: true, view });
    expect(decodeLink('?v=1&s=zero-page&to=4', '')).toEqual({
      ok: true,
      view: { scenario: { kind: 'builtin', id: 'zero-page' }, settings: {}, range: { to: 4 } },
    });
    expect(decodeLink('?v=1&s=zero-page&step=2&embed=1', '')).toEqual({
      ok: true,
      view: { scenario: { kind: 'builtin', id: 'zero-page' }, settings: {}, step: 2, embed: true },
    });
  });

  it('carries a quiz and its seed; a seed out of range is seed 1, said so', () => {
    const view: LinkView = { scenario: { kind: 'default' }, settings: {}, quiz: true, seed: 42 };
    expect(encodeLink(view)).toBe('?v=1&quiz=1&seed=42');
    expect(decodeLink('?v=1&quiz=1&seed=42', '')).toEqual({ ok: true, view });
    const d = decodeLink('?v=1&quiz=1&seed=0', '');
    expect(d).toMatchObject({ ok: true, view: { quiz: true, seed: 1 } });
    expect(d.ok && d.replaced).toEqual(['seed "0" is not a whole number from 1 to 999999999: seed 1']);
    expect(MAX_QUIZ_SEED).toBe(MAX_SEED);
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

describe('integrity and bounds of a link', () => {
  const view: LinkView = { scenario: { kind: 'custom', json: CUSTOM }, settings: {} };
  const text = JSON.stringify(CUSTOM);
  const link = encodeLink(view, text);
  const fragment = split(link)[1];

  it('a new compressed link carries the CRC-32 of its scenario before the data', () => {
    expect(fragment).toMatch(/^#z=[0-9a-f]{8}\./);
    expect(decodeLink(...split(link))).toEqual({ ok: true, view });
  });

  it('a frozen compressed link of format 1, without a checksum, still opens', () => {
    const frozen =
      '#z=N4IgbgpgTgzglgewHYgFwEYA0IAuccA2EaIAZlAgF4RIAEltBcSA1iNi9EhAWqGAEMocAUhwkwANgB06ABwgAvtgAOFAMYQYMLWgDaoJAIC2xVCACCSgLrYYOCCpj7QCFSWPGB71RpJXsAQATIKgSAAYAD3Rw2Ljw9hAiJABzHAALCMiAFjjEtQRxVD0QKAhgxIB3YQcQWxAAIwF1FmYUvlwATxUzEFFkJWVXd3Myit8EdX9E4NCsmNiFhMVrRSA';
    const d = decodeLink('?v=1', frozen);
    expect(d.ok && d.view.scenario).toMatchObject({ kind: 'custom', json: { title: 'frozen z link' } });
  });

  it('no corrupted compressed link opens with altered text: each is refused as damaged, offering what was read', () => {
    const data = fragment.slice(fragment.indexOf('.') + 1);
    const head = fragment.slice(0, fragment.indexOf('.') + 1);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
    let refused = 0;
    fc.assert(
      fc.property(fc.nat({ max: data.length - 1 }), fc.nat({ max: 63 }), (i, k) => {
        const ch = alphabet[k] as string;
        fc.pre(ch !== data[i]);
        const d = decodeLink('?v=1', `${head}${data.slice(0, i)}${ch}${data.slice(i + 1)}`);
        if (d.ok)
          expect(d.view.scenario).toEqual(view.scenario); // a flip lz-string ignores
        else {
          refused++;
          expect(d.error).toMatch(/damaged in transit/);
        }
      }),
      { seed: 320, numRuns: 320 },
    );
    expect(refused).toBeGreaterThan(250);
  });

  it('a link cut short is damaged in transit, and what could be read is offered', () => {
    const cut = fragment.slice(0, Math.floor(fragment.length * 0.8));
    const d = decodeLink('?v=1', cut);
    expect(d).toMatchObject({ ok: false, error: expect.stringMatching(/damaged in transit.*cut short/) });
    if (d.ok) return;
    expect(d.salvage && text.startsWith(d.salvage)).toBe(true);
    expect(d.salvage?.length).toBeGreaterThan(40);
  });

  it('a decompression bomb is stopped at the size limit and called too large, not damaged', () => {
    const bomb = `#z=${BOMB}`;
    expect(decompressBounded(BOMB, 3_000_000)).toMatchObject({
      ok: true,
      text: expect.stringMatching(/^\{"title":"a{2100000}"\}$/),
    });
    expect(bomb.length).toBeLessThan(MAX_FRAGMENT);
    expect(decodeLink('?v=1', bomb)).toEqual({
      ok: false,
      error: 'the scenario in the link is too large (over 2000000 characters)',
    });
  });

  it('a scenario nested thousands of levels deep is refused before anything parses it', () => {
    const deep = `#j=${encodeURIComponent(`${'['.repeat(5000)}${']'.repeat(5000)}`)}`;
    expect(decodeLink('?v=1', deep)).toEqual({
      ok: false,
      error: 'the scenario in the link is nested more than 64 levels deep (no scenario needs that)',
    });
  });
});
