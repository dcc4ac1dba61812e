import { type KeyboardEvent, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { useLab } from '../../state/hooks';
import { nameProblem } from '../../state/read/problems';
import {
  labStore,
  selectProblems,
  selectRun,
  selectSetText,
  selectStatus,
  selectText,
} from '../../state/store';
import { clearGoal, selectGoal, useDrawer } from './drawer';
import { ProblemButton } from './ProblemItem';

export const JSON_TEXT_ID = 'scenario-text';
const PROBLEMS_ID = 'scenario-text-problems';
/** The problems the text field's description reads out, after the count: the first few. */
const DESCRIBED = 3;
const problemId = (i: number) => `${PROBLEMS_ID}-${i}`;

type Lines = typeof import('./jsonLines');

/** The line finder and its parser, fetched once, when there is a problem to place. */
let lines: Promise<Lines> | undefined;
const loadLines = (): Promise<Lines> => {
  lines ??= import('./jsonLines');
  return lines;
};

/** The line finder once loaded; `failed` when it could not be (offline after a deploy, say). */
function useLines(wanted: boolean): { m: Lines | null; failed: boolean } {
  const [got, setGot] = useState<{ m: Lines | null; failed: boolean }>({ m: null, failed: false });
  useEffect(() => {
    if (!wanted || got.m || got.failed) return;
    let live = true;
    loadLines().then(
      (m) => {
        if (live) setGot({ m, failed: false });
      },
      // The problems are still listed, without their lines, and a click on one focuses the text.
      () => {
        if (live) setGot({ m: null, failed: true });
      },
    );
    return () => {
      live = false;
    };
  }, [wanted, got]);
  return got;
}

/** Selects line `line` of the text (its indentation left out), focused and scrolled to the middle. */
function selectLine(m: Lines, line: number): void {
  const ta = document.getElementById(JSON_TEXT_ID);
  if (!(ta instanceof HTMLTextAreaElement)) return;
  const { start, end } = m.lineRange(ta.value, line);
  ta.focus();
  ta.setSelectionRange(start, end);
  const lineHeight = Number.parseFloat(getComputedStyle(ta).lineHeight) || 20;
  ta.scrollTop = Math.max(0, (line - 1) * lineHeight - ta.clientHeight / 2);
}

/** The scenario as JSON text: what the page runs. Ctrl+Enter runs it. */
export function JsonText() {
  const text = useLab(selectText);
  const setText = useLab(selectSetText);
  const run = useLab(selectRun);
  const invalid = useLab(selectStatus) === 'invalid';
  const goal = useDrawer(selectGoal);
  const { m, failed } = useLines(invalid || goal?.tab === 'json');

  // A click on a problem the form does not show (elsewhere on the page, or the form's own list) lands
  // here: its line is selected, or the text focused when it has none.
  useEffect(() => {
    if (goal?.tab !== 'json' || (!m && !failed)) return;
    const { problems, text } = labStore.getState();
    const problem = problems.find((p) => p.path === goal.path) ?? { path: goal.path, message: '' };
    const line = m?.problemLines(text, [nameProblem(problem)])[0];
    if (m && line) selectLine(m, line);
    else document.getElementById(JSON_TEXT_ID)?.focus();
    clearGoal(goal);
  }, [goal, m, failed]);

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
        aria-describedby={
          invalid
            ? [
                'scenario-hint',
                `${PROBLEMS_ID}-h`,
                ...Array.from({ length: DESCRIBED }, (_, i) => problemId(i)),
              ].join(' ')
            : 'scenario-hint'
        }
        className="w-full resize-y rounded border border-line bg-panel p-2 font-mono text-sm leading-5 focus-visible:outline-2 focus-visible:outline-accent aria-invalid:border-cls-bad"
      />
      <p id="scenario-hint" className="text-sm text-muted">
        Ctrl+Enter runs. Outside the editor, ← and → step, Home and End jump to the first and last step.
      </p>
      {invalid && <ProblemLines m={m} />}
    </div>
  );
}

/**
 * The last run's problems at their lines of the text as it is now (a line moves as the text is edited
 * above it); a click selects the line. Until the line finder has loaded they are listed without lines.
 */
function ProblemLines({ m }: { m: Lines | null }) {
  const problems = useLab(selectProblems);
  const text = useDeferredValue(useLab(selectText));
  const named = useMemo(() => problems.map(nameProblem), [problems]);
  const at = useMemo(() => (m ? m.problemLines(text, named) : null), [m, text, named]);

  if (named.length === 0) return null;
  return (
    <section
      id={PROBLEMS_ID}
      aria-labelledby={`${PROBLEMS_ID}-h`}
      className="rounded border border-cls-bad p-2"
    >
      <h3 id={`${PROBLEMS_ID}-h`} className="text-sm font-semibold text-cls-bad">
        {named.length === 1 ? '1 problem' : `${named.length} problems`} when last run, by line
      </h3>
      <ul aria-label="Problems by line" className="mt-1 flex flex-col text-sm text-cls-bad">
        {named.map((p, i) => {
          const line = at ? (at[i] ?? null) : undefined;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole on every run
            <li key={i}>
              <ProblemButton
                id={problemId(i)}
                problem={p}
                line={line}
                onGo={() => {
                  if (m && line) selectLine(m, line);
                  else document.getElementById(JSON_TEXT_ID)?.focus();
                }}
              />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
