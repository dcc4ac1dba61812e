import { useMemo } from 'react';
import { useLab } from '../../state/hooks';
import { type LabState, type Step, selectCompareSteps, selectSteps } from '../../state/store';
import { differingSteps, type StepDiff } from './diff';

/** Both runs are finished and belong together (a re-run of either hides the marks until both are done). */
const selectBothDone = (s: LabState) =>
  s.compare !== null && s.compareStatus === 'done' && s.status === 'done';

let cache: { a: readonly Step[]; b: readonly Step[]; out: ReadonlyMap<number, StepDiff> } | undefined;

/** The differing steps by index, computed once per pair of runs however many views ask. */
function diffMap(a: readonly Step[], b: readonly Step[]): ReadonlyMap<number, StepDiff> {
  if (cache?.a !== a || cache.b !== b)
    cache = { a, b, out: new Map(differingSteps(a, b).map((d) => [d.index, d])) };
  return cache.out;
}

/** In compare mode with both runs done: the steps where run B differs from run A; else null. */
export function useStepDiffs(): ReadonlyMap<number, StepDiff> | null {
  const on = useLab(selectBothDone);
  const a = useLab(selectSteps);
  const b = useLab(selectCompareSteps);
  return useMemo(() => (on ? diffMap(a, b) : null), [on, a, b]);
}
