import { useId } from 'react';
import { useLab } from '../../state/hooks';
import { CATALOG } from '../../state/library';
import { type BuiltinAbout, selectBuiltinAbout } from '../../state/read/builtin';
import { type LabState, labStore } from '../../state/store';

const selectScenarioId = (s: LabState) => s.scenarioId;

/** Opens a built-in scenario; shows the current one's summary and what it illustrates. */
export function LibraryPicker() {
  const id = useLab(selectScenarioId);
  const current: BuiltinAbout | null = useLab(selectBuiltinAbout);
  const selectId = useId();
  return (
    <div className="flex flex-col gap-2 rounded border border-line bg-panel p-2 contain-content">
      <label htmlFor={selectId} className="text-sm font-medium">
        Built-in scenario
      </label>
      <select
        id={selectId}
        value={id ?? ''}
        onChange={(e) => void labStore.getState().openBuiltin(e.target.value)}
        className="rounded border border-line bg-panel px-2 py-1 text-sm"
      >
        <option value="" disabled>
          {id === null ? 'Your own scenario' : 'Choose…'}
        </option>
        {CATALOG.map((e, i) => (
          <option key={e.id} value={e.id}>
            {String(i + 1).padStart(2, '0')} {e.title}
          </option>
        ))}
      </select>
      {current && (
        <details className="text-sm">
          <summary className="cursor-pointer text-muted">About this scenario</summary>
          <p className="mt-1">{current.summary}</p>
          {current.references.length > 0 && (
            <ul className="mt-1 list-disc pl-5 text-muted">
              {current.references.map((r) => (
                <li key={`${r.patch ?? ''}${r.subject ?? ''}${r.author ?? ''}${r.date ?? ''}`}>
                  {r.patch !== undefined && (
                    <span className="font-mono">RFC {String(r.patch).padStart(2, '0')}/14 </span>
                  )}
                  {r.subject}
                  {r.author && ` — ${r.author}`}
                  {r.date && `, ${r.date}`}
                  {r.note && `: ${r.note}`}
                </li>
              ))}
            </ul>
          )}
        </details>
      )}
    </div>
  );
}
