import { useMemo } from 'react';
import { useLab } from '../../state/hooks';
import { type StepDiff, stepDiffsOf } from '../../state/read/diff';
import { type LabState, selectCompareSteps, selectSteps } from '../../state/store';

/** Both runs are finished and belong together (a re-run of either hides the marks until both are done). */
const selectBothDone = (s: LabState) =>
  s.compare !== null && s.compareStatus === 'done' && s.status === 'done';

/** In compare mode with both runs done: the steps where run B differs from run A; else null. */
export function useStepDiffs(): ReadonlyMap<number, StepDiff> | null {
  const on = useLab(selectBothDone);
  const a = useLab(selectSteps);
  const b = useLab(selectCompareSteps);
  return useMemo(() => (on ? stepDiffsOf(a, b) : null), [on, a, b]);
}
