import { useEditor } from './context';
import { asArray, getIn, type Path, setIn, updateList } from './doc';
import { FieldRow } from './FieldRow';
import { pathKey } from './problems';
import type { Field } from './schemaFields';
import { BUTTON, ICON } from './styles';

interface Props {
  readonly path: Path;
  readonly fields: readonly Field[];
  /** What one item is called ("range", "folio"). */
  readonly noun: string;
  /** The item "Add" appends, given the items there are. */
  newItem(items: readonly unknown[]): unknown;
  /** An empty list is removed from the JSON (the scenario's default then applies). */
  readonly dropWhenEmpty?: boolean;
}

/** A list of small objects (memory ranges, folios): each with its fields and a remove button, then "Add". */
export function ListField({ path, fields, noun, newItem, dropWhenEmpty }: Props) {
  const { doc, update } = useEditor();
  const items = asArray(getIn(doc, path));
  const remove = (i: number) =>
    update((d) => {
      const rest = asArray(getIn(d, path)).filter((_, j) => j !== i);
      return setIn(d, path, rest.length === 0 && dropWhenEmpty ? undefined : rest);
    });
  return (
    <div className="flex flex-col gap-1">
      {items.length > 0 && (
        <ol className="flex flex-col gap-1">
          {items.map((item, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: items are plain data with no identity
            <li key={i}>
              <fieldset className="flex flex-col gap-1 rounded border border-line p-1.5">
                <legend className="flex items-center gap-1 px-1 text-xs text-muted">
                  {`${noun} ${i + 1}`}
                  <button
                    type="button"
                    className={ICON}
                    aria-label={`Remove ${noun} ${i + 1}`}
                    onClick={() => remove(i)}
                  >
                    <span aria-hidden="true">✕</span>
                  </button>
                </legend>
                {fields.map((f) => (
                  <FieldRow
                    key={f.key}
                    field={f}
                    path={[...path, i, f.key]}
                    value={getIn(item, [f.key])}
                    onChange={(v) => update((d) => setIn(d, [...path, i, f.key], v))}
                  />
                ))}
              </fieldset>
            </li>
          ))}
        </ol>
      )}
      <button
        type="button"
        data-path={pathKey(path)}
        className={`${BUTTON} self-start`}
        onClick={() => update((d) => updateList(d, path, (l) => [...l, newItem(l)]))}
      >
        Add {noun}
      </button>
    </div>
  );
}
