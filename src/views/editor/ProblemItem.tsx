import type { NamedProblem } from '../../state/read/problems';
import { FOCUS } from './styles';

/**
 * One problem as a button that goes to it: where, as the form names it ("Step 2 › addr"), what is wrong,
 * and the JSON path in small type for those who edit the JSON; with `line`, the line of the text first.
 * Long values wrap rather than run out of the box.
 */
export function ProblemButton({
  id,
  problem,
  line,
  onGo,
}: {
  id?: string;
  problem: NamedProblem;
  /** The line in the JSON text: a number, null when the text has none for it, absent outside the JSON tab. */
  line?: number | null;
  onGo(): void;
}) {
  return (
    <button
      id={id}
      type="button"
      onClick={onGo}
      className={`w-full min-w-0 rounded px-1 py-0.5 text-left break-words hover:bg-hover ${FOCUS}`}
    >
      {line !== undefined && (
        <span className="font-mono">{line === null ? 'no line' : `line ${line}`}: </span>
      )}
      <span className="font-semibold">{problem.place}</span>: {problem.message}
      {problem.place !== problem.path && (
        <>
          {' '}
          <code className="font-mono text-xs text-muted">{problem.path}</code>
        </>
      )}
    </button>
  );
}
