import { useId } from 'react';
import { storyOf } from '../../scenario/narration';
import { useLab } from '../../state/hooks';
import { CATALOG } from '../../state/library';
import { type BuiltinAbout, selectBuiltinAbout } from '../../state/read/builtin';
import { type LabState, labStore } from '../../state/store';
import { References } from '../narration/References';
import { RealKernelBadge } from './RealKernels';

const selectScenarioId = (s: LabState) => s.scenarioId;
const selectText = (s: LabState) => s.text;

/** Opens a built-in scenario; shows the current one's summary and what it illustrates. */
export function LibraryPicker() {
  const id = useLab(selectScenarioId);
  const current: BuiltinAbout | null = useLab(selectBuiltinAbout);
  // The references with their Message-IDs and commits, read from the same text as the summary.
  const text = useLab(selectText);
  const story = current ? storyOf(text) : null;
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
      {current && <RealKernelBadge />}
      {current && (
        <details className="text-sm">
          <summary className="cursor-pointer text-muted">About this scenario</summary>
          <p className="mt-1">{current.summary}</p>
          {story && story.references.length > 0 && <References references={story.references} />}
        </details>
      )}
    </div>
  );
}
