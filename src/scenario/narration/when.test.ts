/** Which clause holds for which kernel, and how a clause's kernels read. */
import { describe, expect, it } from 'vitest';
import { presetConfig } from '../../model/config';
import { VARIANT_IDS, type VariantId } from '../../model/variants';
import {
  type Clause,
  clausesFor,
  type Kernel,
  narrationText,
  variantSet,
  variantsLabel,
  variantsOfSpec,
  whenLabel,
} from './when';

const k = (variant: VariantId, preset: 'x86-64' | 'no-pte-special' | 'x86-32-thp' = 'x86-64'): Kernel => ({
  variant,
  config: presetConfig(preset),
});

describe('variants and ranges', () => {
  it('expands a range in the order of the variant list', () => {
    expect(variantsOfSpec('rfc-09..rfc-11')).toEqual(['rfc-09', 'rfc-10', 'rfc-11']);
    expect(variantsOfSpec('baseline..rfc-01')).toEqual(['baseline', 'v6.17', 'rfc-01']);
    expect(variantsOfSpec('v6.18')).toEqual(['v6.18']);
    expect(variantsOfSpec('v6.18..fix-2026')).toEqual(['v6.18', 'mm-2026', 'fix-2026']);
  });
  it('names what is wrong with a bad one', () => {
    expect(variantsOfSpec('rfc-15')).toMatch(/unknown variant "rfc-15"/);
    expect(variantsOfSpec('rfc-11..rfc-02')).toMatch(/runs backwards/);
    expect(variantsOfSpec('a..b..c')).toMatch(/not a variant or a range/);
  });
  it('labels sets with RFC runs as ranges', () => {
    expect(variantsLabel(variantSet(['baseline', 'rfc-01..rfc-10', 'v6.18']))).toBe(
      'baseline, RFC 01-10 and v6.18',
    );
    expect(variantsLabel(variantSet(['rfc-11..rfc-14']))).toBe('RFC 11-14');
    expect(variantsLabel(variantSet(['rfc-03', 'rfc-05']))).toBe('RFC 03 and RFC 05');
    expect(variantsLabel(new Set(VARIANT_IDS))).toBe('every variant');
    expect(whenLabel({ variants: ['rfc-11..rfc-14'], pteSpecial: false })).toBe(
      'RFC 11-14, without pte_special',
    );
    expect(whenLabel({ variants: ['v6.18..fix-2026'] })).toBe('v6.18, mm-2026 and fix-2026');
    expect(whenLabel({ variants: ['baseline'] })).toBe('Baseline');
    expect(whenLabel([{ variants: ['baseline'] }, { pmdPfnmap: true }])).toBe(
      'Baseline; or every variant, with a PMD special bit',
    );
    expect(whenLabel(undefined)).toBe('Every kernel');
    expect(whenLabel('otherwise')).toBe('Every other kernel');
  });
});

describe('clauses for a kernel', () => {
  const clauses: Clause[] = [
    { text: 'always' },
    { when: { variants: ['rfc-11..rfc-14'], pteSpecial: false }, text: 'anon rule' },
    { when: [{ variants: ['baseline'] }, { variants: ['v6.18'], pteSpecial: false }], text: 'either' },
    { when: 'otherwise', text: 'elsewhere' },
  ];
  const here = (kk: Kernel) => clausesFor(clauses, kk).here.map((c) => c.text);
  it('shows what holds, in order; "otherwise" where no conditioned clause does', () => {
    expect(here(k('rfc-11', 'no-pte-special'))).toEqual(['always', 'anon rule']);
    expect(here(k('rfc-11'))).toEqual(['always', 'elsewhere']);
    expect(here(k('baseline'))).toEqual(['always', 'either']);
    expect(here(k('v6.18', 'no-pte-special'))).toEqual(['always', 'either']);
    expect(here(k('v6.18'))).toEqual(['always', 'elsewhere']);
    expect(clausesFor(clauses, k('v6.18')).other.map((c) => c.text)).toEqual(['anon rule', 'either']);
  });
  it('reads a plain string as holding everywhere', () => {
    expect(clausesFor('plain', k('rfc-03'))).toEqual({ here: [{ text: 'plain' }], other: [] });
  });
  it("gives a run's record the detail that holds, or the plain line when none does", () => {
    const n = { step: 1, learner: 'in plain words', clauses: [clauses[1] as Clause] };
    expect(narrationText(n, k('rfc-12', 'no-pte-special'))).toBe('anon rule');
    expect(narrationText(n, k('v6.18'))).toBe('in plain words');
  });
});
