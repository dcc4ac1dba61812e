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
    // An unknown key is named at its own path.
    expect(problems([{ step: 1, functions: ['set_pte_at'], why: 'x' }]).map((p) => p.path)).toEqual([
      '$.context[0].why',
    ]);
  });
});

describe('narration', () => {
  const narrate = (narration: unknown, context?: unknown) => {
    const v = validateScenario({ ...base, narration, ...(context ? { context } : {}) });
    return v.ok ? [] : v.problems;
  };
  const good = {
    step: 1,
    learner: [{ text: 'A read maps the zero page.' }],
    clauses: [
      {
        when: { variants: ['baseline', 'rfc-01..rfc-10', 'v6.18'], pteSpecial: false },
        text: 'is_zero_pfn()',
      },
      { when: [{ variants: ['rfc-11..rfc-14'] }, { pmdPfnmap: true }], text: 'either' },
      { when: 'otherwise', text: 'elsewhere' },
    ],
  };

  it('accepts clauses tagged by variants, ranges, options, lists of them and "otherwise"', () => {
    expect(narrate([good])).toEqual([]);
    expect(narrate([{ step: 2, learner: 'exit', clauses: [{ text: 'exit_mmap()' }] }])).toEqual([]);
  });

  it('refuses unknown variants, backward ranges, unknown options and a second "otherwise"', () => {
    const bad = {
      step: 1,
      learner: 'x',
      clauses: [
        { when: { variants: ['rfc-15'] }, text: 'a' },
        { when: [{ variants: ['v6.18..baseline'] }], text: 'b' },
        { when: 'otherwise', text: 'c' },
        { when: 'otherwise', text: 'd' },
      ],
    };
    expect(narrate([bad]).map((p) => [p.path, p.message])).toEqual([
      ['$.narration[0].clauses', 'at most one clause of a list may be "otherwise"'],
      ['$.narration[0].clauses[0].when.variants[0]', expect.stringMatching(/^unknown variant "rfc-15"/)],
      ['$.narration[0].clauses[1].when[0].variants[0]', expect.stringMatching(/runs backwards/)],
    ]);
    expect(
      narrate([{ step: 1, learner: 'x', clauses: [{ when: { pteSpecal: true }, text: 'typo' }] }]).map(
        (p) => p.path,
      ),
    ).toEqual(['$.narration[0].clauses[0].when.pteSpecal']);
  });

  it('takes one entry per existing step', () => {
    expect(narrate([good, { ...good }]).map((p) => p.message)).toEqual([
      'step 1 has a narration entry already',
    ]);
    expect(narrate([{ ...good, step: 3 }]).map((p) => p.message)).toEqual(['there is no step 3 (2 steps)']);
  });

  it("lets a step's context name a function its narration names", () => {
    expect(narrate([good], [{ step: 1, functions: ['is_zero_pfn'] }])).toEqual([]);
    expect(narrate([good], [{ step: 1, functions: ['pte_mkspecial'] }]).map((p) => p.message)).toEqual([
      "step 1's note does not name pte_mkspecial()",
    ]);
  });
});
