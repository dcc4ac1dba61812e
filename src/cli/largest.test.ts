import { describe, expect, it } from 'vitest';
import { LIMITS } from '../scenario/limits';
import { validateScenario } from '../scenario/validate';
import { largestScenario } from './largest';

describe('the largest accepted scenario (the CLI memory bench runs it)', () => {
  it('is accepted, and at every limit', () => {
    const s = largestScenario();
    const v = validateScenario(s);
    if (!v.ok) throw new Error(JSON.stringify(v.problems));
    const forks = v.scenario.steps.filter((st) => st.op === 'fork').length;
    expect(v.scenario.processes.length + forks).toBe(LIMITS.processes);
    expect(v.scenario.steps).toHaveLength(LIMITS.steps);
    const lengths = v.scenario.steps.flatMap((st) => ('length' in st ? [Number(st.length)] : []));
    expect(lengths.filter((n) => n === LIMITS.mapBytes)).toHaveLength(2);
  });

  it('is refused with one more fork or one more step', () => {
    const more = validateScenario(largestScenario(8));
    expect(more.ok).toBe(false);
    if (!more.ok) expect(more.problems[0]?.message).toContain("PMD tables' worth of PTE tables");
    const s = largestScenario();
    const longer = validateScenario({
      ...s,
      steps: [...s.steps, { op: 'read', proc: 'P00', addr: '0x10000000' }],
    });
    expect(longer.ok).toBe(false);
  });
});
