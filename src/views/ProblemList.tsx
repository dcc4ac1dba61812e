import { useLab } from '../state/hooks';
import { selectProblems, selectStatus } from '../state/store';

export const PROBLEMS_ID = 'scenario-problems';

/** Why the scenario was refused: one line per problem, each naming its JSON path. */
export function ProblemList() {
  const status = useLab(selectStatus);
  const problems = useLab(selectProblems);
  if (status !== 'invalid' || problems.length === 0) return null;
  return (
    <section
      id={PROBLEMS_ID}
      aria-labelledby="problems-heading"
      className="rounded border border-cls-bad p-3 text-cls-bad"
    >
      <h2 id="problems-heading" className="font-semibold">
        {problems.length === 1 ? '1 problem' : `${problems.length} problems`} in the scenario; nothing ran
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
