import type { KeyboardEvent } from 'react';
import { useLab } from '../state/hooks';
import { selectRun, selectSetText, selectStatus, selectText } from '../state/store';
import { PROBLEMS_ID } from './ProblemList';

export function ScenarioEditor() {
  const text = useLab(selectText);
  const setText = useLab(selectSetText);
  const run = useLab(selectRun);
  const invalid = useLab(selectStatus) === 'invalid';

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void run();
    }
  };

  return (
    <form
      className="flex flex-col gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        void run();
      }}
    >
      <div className="flex items-center justify-between gap-2">
        <label htmlFor="scenario-text" className="font-medium">
          Scenario (JSON)
        </label>
        <button
          type="submit"
          className="rounded bg-accent px-4 py-1.5 font-medium text-panel hover:opacity-90 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
        >
          Run
        </button>
      </div>
      <textarea
        id="scenario-text"
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
    </form>
  );
}
