/**
 * The decision path of a step's subject is taken where the step's lookup asked: a query inside a huge
 * PFNMAP entry reads the linear test at that address (kernel-semantics.md §1 LINEAR), so the panel must
 * say what the step said, not what the entry gives at its first address. The example: a CoW
 * PFNMAP with vm_pgoff 0x1000, a PMD with pfn 0x1005, asked at vm_start + 0x5000.
 */
import { describe, expect, it } from 'vitest';
import { runScenarioInput } from '../../scenario/run';
import { settingsOf } from '../settings';
import { decide } from './decision';

const START = 0x40000000;

function scenario(pfn: string) {
  return {
    version: 1,
    kernel: { variant: 'v6.18', preset: 'no-pte-special' },
    processes: [{ name: 'A' }],
    steps: [
      {
        op: 'mmap',
        addr: `0x${START.toString(16)}`,
        length: '0x200000',
        prot: ['read'],
        backing: { type: 'raw', flags: ['READ', 'MAYREAD', 'MAYWRITE', 'PFNMAP', 'IO'], pgoff: '0x1000' },
      },
      { op: 'inject', addr: `0x${START.toString(16)}`, level: 'pmd', entry: { type: 'leaf', pfn } },
      { op: 'query', addr: `0x${(START + 0x5000).toString(16)}`, fn: 'vm_normal_page_pmd' },
    ],
  };
}

function queried(pfn: string) {
  const input = scenario(pfn);
  const r = runScenarioInput(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const step = r.run.steps[3];
  if (!step) throw new Error('no step 3');
  return { step, settings: settingsOf(input) };
}

describe('the decision path follows a lookup to the address it asked at', () => {
  for (const [pfn, answer] of [
    ['0x1005', 'NULL'],
    ['0x1000', 'page'],
  ] as const) {
    it(`pfn ${pfn} asked at vm_start + 0x5000: the step and the panel both say ${answer}`, () => {
      const { step, settings } = queried(pfn);
      const subject = step.subjects[0];
      expect(subject).toEqual({ proc: 'A', level: 'pmd', v: START / 4096, asked: START / 4096 + 5 });
      if (!subject) return;
      expect(step.result.startsWith('NULL') ? 'NULL' : 'page').toBe(answer);
      const d = decide(step.state, settings, subject);
      if (d.kind !== 'entry') throw new Error('no entry');
      expect(d.at.classification?.page != null ? 'page' : 'NULL').toBe(answer);
      // The same entry at its first address (as the tree and a click classify it) answers the other way.
      const first = decide(step.state, settings, { proc: 'A', level: 'pmd', v: START / 4096 });
      if (first.kind !== 'entry') throw new Error('no entry');
      expect(first.at.classification?.page != null ? 'page' : 'NULL').not.toBe(answer);
    });
  }
});
