import { type KeyboardEvent, useEffect } from 'react';
import { useLab } from '../../state/hooks';
import { selectRun, selectSetText, selectStatus, selectText } from '../../state/store';
import { PROBLEMS_ID } from '../ProblemList';
import { clearGoal, selectGoal, useDrawer } from './drawer';

export const JSON_TEXT_ID = 'scenario-text';

/** The scenario as JSON text: what the page runs. Ctrl+Enter runs it. */
export function JsonText() {
  const text = useLab(selectText);
  const setText = useLab(selectSetText);
  const run = useLab(selectRun);
  const invalid = useLab(selectStatus) === 'invalid';
  const goal = useDrawer(selectGoal);

  // A click on a problem the form does not show lands in the text.
  useEffect(() => {
    if (goal?.tab !== 'json') return;
    document.getElementById(JSON_TEXT_ID)?.focus();
    clearGoal(goal);
  }, [goal]);
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void run();
    }
  };
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={JSON_TEXT_ID} className="sr-only">
        Scenario (JSON)
      </label>
      <textarea
        id={JSON_TEXT_ID}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        rows={20}
        wrap="off"
        aria-invalid={invalid}
        aria-describedby={invalid ? `scenario-hint ${PROBLEMS_ID}` : 'scenario-hint'}
        className="w-full resize-y rounded border border-line bg-panel p-2 font-mono text-sm leading-5 focus-visible:outline-2 focus-visible:outline-accent aria-invalid:border-cls-bad"
      />
      <p id="scenario-hint" className="text-sm text-muted">
        Ctrl+Enter runs. Outside the editor, ← and → step, Home and End jump to the first and last step.
      </p>
    </div>
  );
}
