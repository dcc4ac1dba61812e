import { useLab } from '../state/hooks';
import { selectProblems, selectShowingStale, selectStatus } from '../state/store';

export const PROBLEMS_ID = 'scenario-problems';
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

/** Why the scenario was refused: one line per problem, each naming its JSON path. */
export function ProblemList() {
  const status = useLab(selectStatus);
  const problems = useLab(selectProblems);
  const stale = useLab(selectShowingStale);
  if (status !== 'invalid' || problems.length === 0) return null;
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return (
    <section
      id={PROBLEMS_ID}
      aria-labelledby={HEADING_ID}
      className="rounded border border-cls-bad p-3 text-cls-bad"
    >
      <h2 id={HEADING_ID} className="font-semibold">
        {stale
          ? `Showing the last good run; ${count} in the scenario`
          : `${count} in the scenario; nothing ran`}
      </h2>
      <ul className="mt-2 flex flex-col gap-1 text-sm" aria-label="Problems">
        {problems.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole on every run
          <li key={i} className="flex flex-wrap gap-x-2">
            <code className="font-mono font-semibold">{p.path}</code>
            <span>{p.message}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
