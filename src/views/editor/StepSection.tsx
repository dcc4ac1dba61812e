import { useEffect, useId, useRef, useState } from 'react';
import { useEditor } from './context';
import { selectGoal, useDrawer } from './drawer';
import { Palette } from './Palette';
import { hasProblemUnder } from './problems';
import { processesAt } from './processes';
import { StepForm } from './StepForm';
import { type RowControl, StepRow } from './StepRow';
import {
  contextAt,
  duplicateStep,
  firstProcess,
  insertStep,
  moveItem,
  moveStep,
  newStep,
  removeStep,
  stepLabel,
  stepsOf,
} from './steps';
import { NOTE, SECTION } from './styles';

/** Where the open step is after moving `from` to `to` (null stays null). */
const follow = (open: number | null, n: number, from: number, to: number): number | null =>
  open === null
    ? null
    : moveItem(
        Array.from({ length: n }, (_, i) => i),
        from,
        to,
      ).indexOf(open);

/** The steps: one line each, one form open at a time, keyboard moves, and the palette of operations. */
export function StepSection() {
  const { doc, problems, update } = useEditor();
  const id = useId();
  const steps = stepsOf(doc);
  const n = steps.length;
  const first = firstProcess(doc);
  const [open, setOpen] = useState<number | null>(null);
  const [said, say] = useState('');
  const controls = useRef(new Map<string, HTMLElement>());
  const [focus, setFocus] = useState<string | null>(null);
  const goal = useDrawer(selectGoal);

  // A click on a problem in a step opens that step's form (FormEditor then focuses the field).
  useEffect(() => {
    const m = goal?.tab === 'form' ? /^\$\.steps\[(\d+)\]/.exec(goal.path) : null;
    if (m) setOpen(Number(m[1]));
  }, [goal]);

  // Focus follows a moved, added or removed step once the list has re-rendered.
  useEffect(() => {
    if (focus === null) return;
    const el = controls.current.get(focus);
    // A step's form: its first text field (the address, mostly), else its first control.
    const target = el?.matches('button, input, select, textarea, summary')
      ? el
      : ['input[type=text]', 'textarea', 'select', 'summary']
          .map((q) => el?.querySelector<HTMLElement>(q))
          .find(Boolean);
    target?.focus();
    setFocus(null);
  }, [focus]);

  const register = (key: string) => (el: HTMLElement | null) => {
    if (el) controls.current.set(key, el);
    else controls.current.delete(key);
  };
  const openStep = open !== null && open < n ? open : null;

  const move = (from: number, to: number, control: RowControl) => {
    if (to < 0 || to >= n) return;
    update((d) => moveStep(d, from, to));
    setOpen(follow(openStep, n, from, to));
    const edge = (control === 'up' && to === 0) || (control === 'down' && to === n - 1);
    setFocus(`${to}:${edge ? 'title' : control}`);
    say(`Step ${from + 1} moved to position ${to + 1} of ${n}.`);
  };
  const add = (op: string) => {
    const at = openStep === null ? n : openStep + 1;
    update((d) => insertStep(d, at, newStep(op, contextAt(d, at))));
    setOpen(at);
    setFocus(`${at}:form`);
    say(`Added step ${at + 1}: ${op}.`);
  };
  const duplicate = (i: number) => {
    update((d) => duplicateStep(d, i));
    if (openStep !== null && openStep > i) setOpen(openStep + 1);
    say(`Step ${i + 1} copied as step ${i + 2}.`);
  };
  const remove = (i: number) => {
    update((d) => removeStep(d, i));
    setOpen(openStep === i ? null : openStep !== null && openStep > i ? openStep - 1 : openStep);
    setFocus(n > 1 ? `${Math.min(i, n - 2)}:title` : 'palette');
    say(`Step ${i + 1} removed.`);
  };

  return (
    <fieldset className={`${SECTION} flex flex-col gap-1.5`}>
      <legend className="px-1 text-sm font-medium">Steps</legend>
      {n === 0 ? (
        <p className={NOTE}>No steps yet: add one from the palette below.</p>
      ) : (
        <ol aria-label="Scenario operations" className="rounded border border-line">
          {steps.map((s, i) => (
            <StepRow
              // biome-ignore lint/suspicious/noArrayIndexKey: steps have no identity but their place; focus is moved by hand
              key={i}
              index={i}
              count={n}
              label={stepLabel(s, first)}
              bad={hasProblemUnder(problems, ['steps', i])}
              open={openStep === i}
              formId={`${id}-form-${i}`}
              keysHintId={`${id}-keys`}
              register={(c, el) => register(`${i}:${c}`)(el)}
              onToggle={() => setOpen(openStep === i ? null : i)}
              onMove={(to, c) => move(i, to, c)}
              onFocusRow={(j) => controls.current.get(`${j}:title`)?.focus()}
              onDuplicate={() => duplicate(i)}
              onRemove={() => remove(i)}
            >
              {openStep === i && (
                <div ref={register(`${i}:form`)}>
                  <StepForm
                    id={`${id}-form-${i}`}
                    index={i}
                    step={s}
                    procs={processesAt(doc, i)}
                    ctx={contextAt(doc, i)}
                  />
                </div>
              )}
            </StepRow>
          ))}
        </ol>
      )}
      <p id={`${id}-keys`} className={NOTE}>
        On a step: Alt+↑ and Alt+↓ move it, ↑ and ↓ go to the step above or below.
      </p>
      <div ref={register('palette')}>
        <Palette onAdd={add} where={openStep === null ? 'at the end' : `after step ${openStep + 1}`} />
      </div>
      <p className="sr-only" aria-live="polite">
        {said}
      </p>
    </fieldset>
  );
}
