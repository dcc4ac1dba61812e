import { describe, expect, it } from 'vitest';
import { LIBRARY } from '../../scenario/library';
import { runScenarioInput } from '../../scenario/run';
import type { Step } from '../lab';
import { settingsOf } from '../settings';
import { handoutOf } from './handout';

function story(id: string) {
  const s = LIBRARY.find((l) => l.id === id)?.scenario;
  const r = runScenarioInput(s);
  if (!r.ok) throw new Error('the story does not run');
  return { steps: r.run.steps as readonly Step[], settings: settingsOf(s) };
}

describe('a story as a handout', () => {
  it('gives each step its decision path and the entries it changed, read off the run', () => {
    const { steps, settings } = story('zero-page');
    const h = handoutOf(steps, settings);
    expect(h).toHaveLength(steps.length);
    expect(h[0]).toMatchObject({ index: 0, decision: null, entries: [], reports: [] });
    // Step 3 asks vm_normal_page() about the zero-page PTE: v6.18 with pte_special decides at M-S1c, NULL.
    const q = h[3];
    expect(q?.decision).toMatchObject({ entry: 'A PTE 0x10001000', fn: 'vm_normal_page', branch: 'M-S1c' });
    expect(q?.decision?.page).toBeNull();
    expect(q?.decision?.checks.some((c) => c.id === 'M-S1c' && c.value)).toBe(true);
    // Step 2's read fault wrote the zero-page PTE; step 7's write fault replaced it with an anon page.
    expect(h[2]?.entries.some((e) => e.startsWith('A PTE R special pfn 0x42'))).toBe(true);
    expect(h[7]?.entries.some((e) => /^A PTE W D.* pfn /.test(e))).toBe(true);
    expect(h[7]?.decision?.page).not.toBeNull();
  });
});
