import { useEffect, useId, useState } from 'react';
import { useEditor } from './context';
import { pathKey, problemAt } from './problems';
import {
  addProcess,
  checkProcessName,
  declaredProcesses,
  forkChildren,
  removeProcess,
  renameProcess,
} from './processes';
import { BUTTON, INPUT, NOTE, SECTION } from './styles';

/** The declared processes: rename (every step follows), remove (refused while steps use it), add. */
export function ProcessSection() {
  const { doc, update } = useEditor();
  const id = useId();
  const names = declaredProcesses(doc);
  const kids = forkChildren(doc);
  return (
    <fieldset className={`${SECTION} flex flex-col gap-1.5`}>
      <legend className="px-1 text-sm font-medium">Processes</legend>
      <ul className="flex flex-col gap-1" aria-label="Declared processes">
        {names.map((name, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a process row is its place in the list; names change
          <ProcessRow key={i} index={i} name={name} hintId={`${id}-hint`} />
        ))}
      </ul>
      <p id={`${id}-hint`} className={NOTE}>
        A new name is applied on Enter or on leaving the field, in every step that names the process.
      </p>
      {kids.length > 0 && (
        <p className={NOTE}>
          Created by fork: {kids.map((k) => `${k.name} (step ${k.step + 1})`).join(', ')}
        </p>
      )}
      <button type="button" className={`${BUTTON} self-start`} onClick={() => update(addProcess)}>
        Add process
      </button>
    </fieldset>
  );
}

function ProcessRow({ index, name, hintId }: { index: number; name: string; hintId: string }) {
  const { doc, update, problems } = useEditor();
  const id = useId();
  const [draft, setDraft] = useState(name);
  const [refusal, setRefusal] = useState<string | null>(null);
  // The name can change under the row (the JSON tab, an import): show the new one.
  useEffect(() => setDraft(name), [name]);
  const error =
    draft === name
      ? (problemAt(problems, ['processes', index, 'name']) ?? null)
      : checkProcessName(doc, draft, name);
  const commit = () => {
    if (draft !== name && !checkProcessName(doc, draft, name)) update((d) => renameProcess(d, name, draft));
  };
  const remove = () => {
    const r = removeProcess(doc, index);
    if (r.ok) update(() => r.doc);
    setRefusal(r.ok ? null : r.message);
  };
  const describedBy = [error && `${id}-err`, refusal && `${id}-refusal`, hintId].filter(Boolean).join(' ');
  return (
    <li className="flex flex-col gap-0.5">
      <div className="flex items-center gap-1">
        <label htmlFor={id} className="sr-only">{`Name of process ${index + 1}`}</label>
        <input
          id={id}
          data-path={pathKey(['processes', index, 'name'])}
          className={INPUT}
          value={draft}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error !== null}
          aria-describedby={describedBy}
          onChange={(e) => {
            setDraft(e.target.value);
            setRefusal(null);
          }}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              commit();
            } else if (e.key === 'Escape' && draft !== name) {
              // Esc first takes back the edit; only a second one closes the editor's drawer.
              e.preventDefault();
              setDraft(name);
            }
          }}
        />
        <button
          type="button"
          className={BUTTON}
          onClick={remove}
          aria-describedby={refusal ? `${id}-refusal` : undefined}
        >
          Remove<span className="sr-only">{` process ${name}`}</span>
        </button>
      </div>
      {error && (
        <p id={`${id}-err`} className="text-xs text-cls-bad">
          {error}
        </p>
      )}
      <p id={`${id}-refusal`} role="alert" className="text-xs text-cls-bad empty:hidden">
        {refusal}
      </p>
    </li>
  );
}
