import { useMemo } from 'react';
import { useLab } from '../state/hooks';
import { nameProblem } from '../state/read/problems';
import { selectProblems, selectShowingStale, selectStatus } from '../state/store';
import { goToProblem } from './editor/drawer';
import { ProblemButton } from './editor/ProblemItem';

const PROBLEMS_ID = 'scenario-problems';
const HEADING_ID = 'problems-heading';

/**
 * What marks the panels of a run as the last good one while the scenario is refused: `data-stale`, which
 * greys them (`data-stale:grayscale` beside it), and the banner's heading as their description, so a
 * screen reader entering them hears why. Grey rather than faded: grayscale keeps each colour's
 * luminance, so the text keeps its contrast (4.5:1) and the old run stays readable.
 */
export function useStaleMark(): { 'data-stale'?: true; 'aria-describedby'?: string } {
  return useLab(selectShowingStale) ? { 'data-stale': true, 'aria-describedby': HEADING_ID } : {};
}

/**
 * Why the scenario was refused: one line per problem, named as the form names the field ("Step 2 ›
 * addr"), with its JSON path; a click opens the editor at that field, or at its line of the JSON.
 */
export function ProblemList() {
  const status = useLab(selectStatus);
  const problems = useLab(selectProblems);
  const stale = useLab(selectShowingStale);
  const named = useMemo(() => problems.map(nameProblem), [problems]);
  if (status !== 'invalid' || problems.length === 0) return null;
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return (
    <section
      id={PROBLEMS_ID}
      aria-labelledby={HEADING_ID}
      className="rounded border border-cls-bad p-2 text-cls-bad"
    >
      <h2 id={HEADING_ID} className="px-1 font-semibold">
        {stale
          ? `Showing the last good run; ${count} in the scenario`
          : `${count} in the scenario; nothing ran`}
      </h2>
      <ul className="mt-1 flex flex-col text-sm" aria-label="Problems">
        {named.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole on every run
          <li key={i}>
            <ProblemButton problem={p} onGo={() => goToProblem(p.path)} />
          </li>
        ))}
      </ul>
    </section>
  );
}
