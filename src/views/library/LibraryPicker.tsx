import { useId } from 'react';
import { LIBRARY } from '../../scenario/library';
import { useLab } from '../../state/hooks';
import { type LabState, labStore } from '../../state/store';

const selectScenarioId = (s: LabState) => s.scenarioId;

/** Opens a built-in scenario; shows the current one's summary and what it illustrates. */
export function LibraryPicker() {
  const id = useLab(selectScenarioId);
  const selectId = useId();
  const current = LIBRARY.find((e) => e.id === id);
  return (
    <div className="flex flex-col gap-2 rounded border border-line bg-panel p-2 contain-content">
      <label htmlFor={selectId} className="text-sm font-medium">
        Built-in scenario
      </label>
      <select
        id={selectId}
        value={id ?? ''}
        onChange={(e) => {
          const pick = LIBRARY.find((x) => x.id === e.target.value);
          if (pick) void labStore.getState().loadScenario(JSON.stringify(pick.scenario, null, 2), pick.id);
        }}
        className="rounded border border-line bg-panel px-2 py-1 text-sm"
      >
        <option value="" disabled>
          {id === null ? 'Your own scenario' : 'Choose…'}
        </option>
        {LIBRARY.map((e, i) => (
          <option key={e.id} value={e.id}>
            {String(i + 1).padStart(2, '0')} {e.scenario.title ?? e.id}
          </option>
        ))}
      </select>
      {current && (
        <details className="text-sm">
          <summary className="cursor-pointer text-muted">About this scenario</summary>
          <p className="mt-1">{current.scenario.summary}</p>
          {current.scenario.references && current.scenario.references.length > 0 && (
            <ul className="mt-1 list-disc pl-5 text-muted">
              {current.scenario.references.map((r) => (
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
