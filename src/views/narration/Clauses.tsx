import { type Clause, whenLabel } from '../../scenario/narration';

/**
 * Clauses of a narration. Those for the reader's kernel read as plain sentences (the heading names the
 * kernel); the others go each under the kernels it holds for.
 */
export function Clauses({ clauses, labelled }: { clauses: readonly Clause[]; labelled?: boolean }) {
  return (
    <ul className="flex flex-col gap-1">
      {clauses.map((c) => (
        <li key={`${whenLabel(c.when)}:${c.text}`} data-testid="clause">
          {labelled && (
            <span className="mr-1 font-medium text-muted" data-testid="clause-kernels">
              {whenLabel(c.when)}:
            </span>
          )}
          {c.text}
        </li>
      ))}
    </ul>
  );
}
