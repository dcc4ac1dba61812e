import { describe, expect, it } from 'vitest';
import type { Check } from '../../scenario/conformance/compare';
import { explain, KNOWN } from './known';

const check = (what: string): Check => ({
  step: 3,
  what,
  model: 'anon-thp',
  real: 'zero',
  verdict: 'differ',
});

describe('known differences', () => {
  it('each names why, citing a kernel function', () => {
    for (const k of KNOWN) expect(k.why).toMatch(/[a-z_]+\(\)/);
  });

  it('explain only the kernel and scenarios they name', () => {
    expect(explain('6.12', 'thp-huge-zero', check('A/0x40000000/kind'))?.why).toMatch(
      /do_huge_zero_wp_pmd\(\)/,
    );
    expect(explain('7.2', 'thp-huge-zero', check('A/0x40000000/kind'))).toBeUndefined();
    expect(explain('6.12', 'zero-page', check('A/0x40000000/kind'))).toBeUndefined();
    expect(explain('6.12', 'C-23-exit-rss', check('result'))?.why).toMatch(/track_pfn_copy\(\)/);
  });
});
