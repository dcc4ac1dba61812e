import { type RefObject, useEffect, useMemo, useRef } from 'react';
import { useLab } from '../../state/hooks';
import { nameProblem } from '../../state/read/problems';
import { labStore, selectSetText, selectText } from '../../state/store';
import { type Editor, EditorContext } from './context';
import { type Doc, docText, parseDoc } from './doc';
import { clearGoal, goTo, selectGoal, useDrawer } from './drawer';
import { controlFor } from './goal';
import { KernelSection } from './KernelSection';
import { MemorySection } from './MemorySection';
import { ProblemButton } from './ProblemItem';
import { ProcessSection } from './ProcessSection';
import { problemMap, unshownProblems } from './problems';
import { StepSection } from './StepSection';
import { shownInForm } from './shown';
import { BUTTON } from './styles';

/** Frames to wait for the exact control of a goal: a step opens, the memory section unfolds. */
const SETTLE = 10;

/**
 * Takes the user to the control a click on a problem asked for (the drawer's goal): focused and in view.
 * A problem that names part of a control (a union's tag) or a whole (a list item) goes to the nearest
 * control once the sections have had their frames to open; one the form has no control for goes to the
 * JSON tab.
 */
function useGoal(root: RefObject<HTMLElement | null>): void {
  const goal = useDrawer(selectGoal);
  useEffect(() => {
    if (goal?.tab !== 'form') return;
    let frame = 0;
    let id = 0;
    const look = () => {
      const controls = [...(root.current?.querySelectorAll<HTMLElement>('[data-path]') ?? [])];
      const i = controlFor(
        controls.map((c) => c.dataset.path ?? ''),
        goal.path,
        frame >= SETTLE,
      );
      const c = controls[i];
      if (c) {
        c.focus();
        c.scrollIntoView({ block: 'center' });
        clearGoal(goal);
      } else if (frame++ < SETTLE) id = requestAnimationFrame(look);
      else goTo(goal.path, 'json');
    };
    id = requestAnimationFrame(look);
    return () => cancelAnimationFrame(id);
  }, [goal, root]);
}

/**
 * The scenario as a form over the same text as the JSON tab: every change parses the current text, changes
 * it and writes it back, 2-space indented. Text the form cannot read sends the user to the JSON tab.
 */
export function FormEditor({ onShowJson }: { onShowJson(): void }) {
  const root = useRef<HTMLDivElement>(null);
  useGoal(root);
  const text = useLab(selectText);
  const setText = useLab(selectSetText);
  const parsed = useMemo(() => parseDoc(text), [text]);
  const editor = useMemo<Editor | null>(() => {
    if (!parsed.ok) return null;
    const update = (fn: (d: Doc) => Doc) => {
      // The store's text, not this render's: two changes in one event must not undo each other.
      const now = parseDoc(labStore.getState().text);
      if (now.ok) setText(docText(fn(now.doc)));
    };
    return { doc: parsed.doc, problems: problemMap(parsed.doc), update };
  }, [parsed, setText]);

  if (!editor || !parsed.ok) {
    return (
      <div className="flex flex-col items-start gap-2 rounded border border-cls-bad p-2 text-sm">
        <p className="text-cls-bad">The form cannot show this text: {parsed.ok ? '' : parsed.message}</p>
        <button type="button" className={BUTTON} onClick={onShowJson}>
          Fix it in the JSON tab
        </button>
      </div>
    );
  }
  const other = unshownProblems(editor.problems, shownInForm);
  return (
    <EditorContext value={editor}>
      <div ref={root} className="flex flex-col gap-2">
        {other.length > 0 && (
          <ul aria-label="Other problems" className="rounded border border-cls-bad p-1 text-xs text-cls-bad">
            {other.map((p) => (
              <li key={`${p.path}:${p.message}`}>
                <ProblemButton problem={nameProblem(p)} onGo={() => goTo(p.path, 'json')} />
              </li>
            ))}
          </ul>
        )}
        <KernelSection />
        <ProcessSection />
        <MemorySection />
        <StepSection />
      </div>
    </EditorContext>
  );
}
