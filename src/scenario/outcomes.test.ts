import { describe, expect, it } from 'vitest';
import { patchStepper, STEPPER_ORDER } from './outcomes';
import { validateScenario } from './validate';

function scenario(json: unknown) {
  const v = validateScenario(json);
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.scenario;
}

describe('patch stepper', () => {
  it('walks baseline, RFC 01..14, v6.18 and the 2026 trees in order', () => {
    expect(STEPPER_ORDER[0]).toBe('baseline');
    expect(STEPPER_ORDER.slice(1, 15)).toEqual(
      Array.from({ length: 14 }, (_, i) => `rfc-${String(i + 1).padStart(2, '0')}`),
    );
    expect(STEPPER_ORDER.slice(15)).toEqual(['v6.18', 'mm-2026', 'fix-2026']);
  });

  it('a partial remap_pfn_range on a CoW mapping changes at RFC 11 (accepted) and back in v6.18 (-EINVAL)', () => {
    const s = scenario({
      version: 1,
      kernel: { variant: 'v6.18' },
      processes: [{ name: 'A' }],
      steps: [
        {
          op: 'mmap',
          proc: 'A',
          addr: '0x20000000',
          length: '0x4000',
          prot: ['read', 'write'],
          backing: { type: 'raw', flags: ['READ', 'WRITE', 'MAYREAD', 'MAYWRITE'] },
        },
        { op: 'remap_pfn_range', proc: 'A', addr: '0x20001000', pfn: '0x7000', length: '0x1000' },
      ],
    });
    const steps = patchStepper(s);
    const changedAt = steps.filter((p) => p.changed.includes(2)).map((p) => p.variant);
    expect(changedAt).toEqual(['rfc-11', 'v6.18']);
    expect(steps.find((p) => p.variant === 'rfc-10')?.facts[2]?.result).toBe('-EINVAL');
    expect(steps.find((p) => p.variant === 'rfc-11')?.facts[2]?.result).toBe('0');
  });
});
