import { paletteGroups } from './palette';
import { OPS } from './schemaFields';
import { FOCUS, SUMMARY } from './styles';

const GROUPS = paletteGroups(OPS);

/** Every operation of the schema as a button; a new step goes after the open one, else at the end. */
export function Palette({ onAdd, where }: { onAdd(op: string): void; where: string }) {
  return (
    <details className="rounded border border-line p-1.5">
      <summary className={SUMMARY}>
        Add a step <span className="font-normal text-muted">({where})</span>
      </summary>
      <div className="mt-1 flex flex-col gap-1.5">
        {GROUPS.map((g) => (
          <fieldset key={g.label}>
            <legend className="text-xs text-muted">{g.label}</legend>
            <div className="flex flex-wrap gap-1">
              {g.ops.map((op) => (
                <button
                  key={op}
                  type="button"
                  onClick={() => onAdd(op)}
                  className={`rounded border border-line bg-panel px-1.5 py-0.5 font-mono text-xs text-fg hover:bg-hover ${FOCUS}`}
                >
                  <span className="sr-only">Add </span>
                  {op}
                </button>
              ))}
            </div>
          </fieldset>
        ))}
      </div>
    </details>
  );
}
