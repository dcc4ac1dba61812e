import { useId } from 'react';
import { nameProblem } from '../../state/read/problems';
import { useEditor } from './context';
import { isObject, setIn } from './doc';
import { goTo } from './drawer';
import { FieldRow } from './FieldRow';
import { ProblemButton } from './ProblemItem';
import { fieldPaths, leftoverProblems, pathKey } from './problems';
import { OPS, opForm } from './schemaFields';
import { newStep, type StepContext } from './steps';
import { FIELD_ROW, INPUT, LABEL } from './styles';

interface Props {
  readonly id: string;
  readonly index: number;
  readonly step: unknown;
  /** Processes that exist when this step runs. */
  readonly procs: readonly string[];
  readonly ctx: StepContext;
}

/** The fields of one step, from the schema of its operation; changing `op` keeps the fields both share. */
export function StepForm({ id, index, step, procs, ctx }: Props) {
  const { update, problems } = useEditor();
  const opId = useId();
  const obj = isObject(step) ? step : {};
  const op = typeof obj.op === 'string' ? obj.op : '';
  const form = opForm(op);
  const base = ['steps', index] as const;
  const leftover = leftoverProblems(problems, base, form ? fieldPaths(form.fields, obj, base) : []).filter(
    (p) => !p.path.endsWith('.op'),
  );
  return (
    <fieldset id={id} className="flex flex-col gap-1.5 border-t border-line bg-page px-2 py-1.5">
      <legend className="sr-only">{`Step ${index + 1}`}</legend>
      <div className={FIELD_ROW}>
        <label htmlFor={opId} className={LABEL}>
          op
        </label>
        <select
          id={opId}
          data-path={pathKey([...base, 'op'])}
          className={INPUT}
          value={op}
          onChange={(e) => update((d) => setIn(d, base, newStep(e.target.value, ctx, step)))}
        >
          {!form && <option value={op}>{op ? `${op} (unknown)` : '(choose)'}</option>}
          {OPS.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </div>
      {form?.fields.map((f) => (
        <FieldRow
          key={f.key}
          field={f}
          path={[...base, f.key]}
          value={obj[f.key]}
          onChange={(v) => update((d) => setIn(d, [...base, f.key], v))}
          op={op}
          procs={procs}
          ctx={ctx}
        />
      ))}
      {leftover.length > 0 && (
        <ul aria-label={`Other problems of step ${index + 1}`} className="text-xs text-cls-bad">
          {leftover.map((p) => (
            <li key={`${p.path}:${p.message}`}>
              <ProblemButton problem={nameProblem(p)} onGo={() => goTo(p.path, 'json')} />
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
