/** The scenario's `context` field: functions a step's note names that its trace does not show. */
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from './schema';
import { validateScenario } from './validate';

const base: ScenarioInput = {
  version: 1,
  kernel: { variant: 'v6.18' },
  processes: [{ name: 'A' }],
  steps: [
    { op: 'read', proc: 'A', addr: '0x1000', note: 'handle_mm_fault() is not called: set_pte_at() was.' },
    { op: 'exit', proc: 'A', note: 'exit_mmap()' },
  ],
};

const problems = (context: unknown) => {
  const v = validateScenario({ ...base, context });
  return v.ok ? [] : v.problems;
};

describe('context', () => {
  it('accepts functions the step names, per step', () => {
    expect(problems([{ step: 1, functions: ['handle_mm_fault', 'set_pte_at'] }])).toEqual([]);
    expect(problems(undefined)).toEqual([]);
  });

  it('refuses a function the note does not name, a step that does not exist, and a second entry for a step', () => {
    expect(problems([{ step: 2, functions: ['check_mm'] }])).toEqual([
      { path: '$.context[0].functions[0]', message: "step 2's note does not name check_mm()" },
    ]);
    expect(problems([{ step: 3, functions: ['check_mm'] }])).toEqual([
      { path: '$.context[0].step', message: 'there is no step 3 (2 steps)' },
    ]);
    expect(
      problems([
        { step: 1, functions: ['set_pte_at'] },
        { step: 1, functions: ['handle_mm_fault'] },
      ]),
    ).toEqual([{ path: '$.context[1].step', message: 'step 1 has a context entry already' }]);
  });

  it('takes bare names, one to eight, and nothing else', () => {
    expect(problems([{ step: 1, functions: ['set_pte_at()'] }]).map((p) => p.path)).toEqual([
      '$.context[0].functions[0]',
    ]);
    expect(problems([{ step: 1, functions: [] }]).map((p) => p.path)).toEqual(['$.context[0].functions']);
    expect(problems([{ step: 1, functions: Array(9).fill('set_pte_at') }]).map((p) => p.path)).toEqual([
      '$.context[0].functions',
    ]);
    expect(problems([{ step: 1, functions: ['set_pte_at'], why: 'x' }]).map((p) => p.path)).toEqual([
      '$.context[0]',
    ]);
  });
});
