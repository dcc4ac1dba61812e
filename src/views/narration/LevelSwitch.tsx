import { useLab } from '../../state/hooks';
import type { LabState } from '../../state/store';

const selectExplain = (s: LabState) => s.explain;
const selectSetExplain = (s: LabState) => s.setExplain;

const LEVELS = [
  { id: 'learner', label: 'Plain words' },
  { id: 'reviewer', label: 'Kernel detail' },
] as const;

/**
 * Chooses how steps are explained; the choice travels in the link (explain=learner). Two toggle buttons,
 * each reached with Tab and pressed with Enter or Space: the arrow keys step through the scenario.
 */
export function LevelSwitch() {
  const explain = useLab(selectExplain);
  const setExplain = useLab(selectSetExplain);
  return (
    <fieldset className="flex items-center gap-1 text-xs">
      <legend className="sr-only">Explain the step in</legend>
      <span aria-hidden="true" className="mr-1 text-muted">
        Explain:
      </span>
      {LEVELS.map((l) => (
        <button
          key={l.id}
          type="button"
          aria-pressed={explain === l.id}
          onClick={() => setExplain(l.id)}
          className={`rounded border px-2 py-0.5 ${
            explain === l.id ? 'border-accent bg-selected font-medium' : 'border-line hover:bg-hover'
          }`}
        >
          {l.label}
        </button>
      ))}
    </fieldset>
  );
}
