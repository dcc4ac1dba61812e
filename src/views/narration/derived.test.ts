/** The line a step gets from its trace when its scenario tells nothing about it. */
import { describe, expect, it } from 'vitest';
import { runScenarioInput } from '../../scenario/run';
import { EXAMPLE_TEXT } from '../../state/example';
import { derivedLine } from './derived';

describe('derivedLine', () => {
  const r = runScenarioInput({
    ...JSON.parse(EXAMPLE_TEXT),
    steps: [
      ...JSON.parse(EXAMPLE_TEXT).steps,
      { op: 'query', proc: 'A', addr: '0x10001000', fn: 'vm_normal_page' },
    ],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const line = (i: number) => derivedLine(r.run.steps[i] as never);

  it('says what the step wrote, what it counted and how vm_normal_page*() decided', () => {
    expect(line(2)).toBe("Result: 0. A's PTE at 0x10001000 maps pfn 0x42, read-only, special.");
    expect(line(3)).toMatch(
      /A's PTE at 0x10001000 maps pfn 0x[0-9a-f]+, writable\. A's MM_ANONPAGES 0 → 1\./,
    );
    expect(line(4)).toMatch(/^Result: page 0x[0-9a-f]+\. __vm_normal_page\(\) decided at M-OK\.$/);
  });
});
