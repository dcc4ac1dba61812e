import { useId } from 'react';
import { checkField, type FieldMessage } from './check';
import { useEditor } from './context';
import type { Path } from './doc';
import { FieldControl } from './FieldControl';
import { FlagsField } from './FlagsField';
import { HINTS } from './hints';
import { problemAt } from './problems';
import type { Field } from './schemaFields';
import type { StepContext } from './steps';
import { FIELD_ROW, LABEL } from './styles';
import { VariantField } from './VariantField';

export interface FieldProps {
  readonly field: Field;
  readonly path: Path;
  readonly value: unknown;
  onChange(v: unknown): void;
  /** The step's operation, for op-specific hints (alignment, -EINVAL). */
  readonly op?: string;
  /** Processes that exist at this step, for `proc`. */
  readonly procs?: readonly string[];
  /** Starting values when a nested union changes arm. */
  readonly ctx?: StepContext;
  /** What an empty input means, when the schema has no default but the scenario does (the layout). */
  readonly placeholder?: string;
}

/** The message a field shows: its own check first, else the scenario's problem at its path. */
export function useFieldMessage(p: FieldProps): FieldMessage | null {
  const { problems } = useEditor();
  const own = checkField(p.field, p.value, p.op);
  if (own) return own;
  const other = problemAt(problems, p.path);
  return other ? { level: 'error', text: other } : null;
}

/** One field: its name, its control, and the message and hint the control is described by. */
export function FieldRow(p: FieldProps) {
  if (p.field.type.kind === 'variant') return <VariantField {...p} kind={p.field.type} />;
  if (p.field.type.kind === 'flags') return <FlagsField {...p} options={p.field.type.options} />;
  return <PlainField {...p} />;
}

function PlainField(p: FieldProps) {
  const id = useId();
  const msg = useFieldMessage(p);
  const hint = HINTS[p.field.key];
  const msgId = `${id}-msg`;
  const hintId = `${id}-hint`;
  const describedBy = [msg ? msgId : '', hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
  const isBool = p.field.type.kind === 'bool';
  const control = <FieldControl {...p} id={id} invalid={msg?.level === 'error'} describedBy={describedBy} />;
  return (
    <div className={FIELD_ROW}>
      {isBool ? (
        <span className="col-span-2 flex items-center gap-2">
          {control}
          <label htmlFor={id} className="font-mono text-xs text-fg">
            {p.field.key}
          </label>
        </span>
      ) : (
        <>
          <label htmlFor={id} className={LABEL}>
            {p.field.key}
          </label>
          {control}
        </>
      )}
      {msg && <Message id={msgId} msg={msg} />}
      {hint && (
        <p id={hintId} className={`${isBool ? 'col-span-2 pl-6' : 'col-start-2'} text-xs text-muted`}>
          {hint}
        </p>
      )}
    </div>
  );
}

export function Message({ id, msg, wide }: { id: string; msg: FieldMessage; wide?: boolean }) {
  const error = msg.level === 'error';
  return (
    <p
      id={id}
      data-testid={error ? 'field-error' : 'field-hint'}
      className={`${wide ? 'col-span-2' : 'col-start-2'} text-xs ${error ? 'text-cls-bad' : 'text-cls-warn'}`}
    >
      <span className="sr-only">{error ? 'Error: ' : 'Note: '}</span>
      {msg.text}
    </p>
  );
}
