import { describe, expect, it } from 'vitest';
import { compileScenario } from '../scenario/compile';
import { LIBRARY } from '../scenario/library';
import { validateScenario } from '../scenario/validate';
import { runModel } from './run';

describe('runModel onStep', () => {
  it('is told of every operation in order and does not change the run', () => {
    const story = LIBRARY.find((s) => s.id === 'fork-cow-pfnmap-anon-zero');
    const v = validateScenario(story?.scenario);
    if (!v.ok) throw new Error(JSON.stringify(v.problems));
    const seen: number[] = [];
    const watched = runModel(compileScenario(v.scenario), (i) => seen.push(i));
    const plain = runModel(compileScenario(v.scenario));
    expect(seen).toEqual(plain.slice(1).map((s) => s.index));
    expect(JSON.stringify(watched.map((s) => [s.title, s.result, s.events]))).toBe(
      JSON.stringify(plain.map((s) => [s.title, s.result, s.events])),
    );
  });
});
