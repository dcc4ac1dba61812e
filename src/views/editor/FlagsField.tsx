import { useId } from 'react';
import { type FieldProps, Message, useFieldMessage } from './FieldRow';
import { pathKey } from './problems';
import { CHECK, FIELD_ROW, LABEL } from './styles';

/** An array of enum values (prot, folio_walk_start's flags, raw VMA flags) as a group of checkboxes. */
export function FlagsField(p: FieldProps & { options: readonly string[] }) {
  const id = useId();
  const msg = useFieldMessage(p);
  const list = Array.isArray(p.value) ? p.value : Array.isArray(p.field.default) ? p.field.default : [];
  const toggle = (o: string, on: boolean) =>
    p.onChange(p.options.filter((x) => (x === o ? on : list.includes(x))));
  return (
    <div className={FIELD_ROW}>
      <span id={`${id}-name`} className={`${LABEL} self-start`}>
        {p.field.key}
      </span>
      <fieldset
        aria-labelledby={`${id}-name`}
        aria-describedby={msg ? `${id}-msg` : undefined}
        className="flex min-w-0 flex-wrap gap-x-3 gap-y-0.5"
      >
        {p.options.map((o, i) => (
          <label key={o} className="flex items-center gap-1 font-mono text-xs">
            <input
              type="checkbox"
              data-path={i === 0 ? pathKey(p.path) : undefined}
              className={CHECK}
              checked={list.includes(o)}
              onChange={(e) => toggle(o, e.target.checked)}
            />
            {o}
          </label>
        ))}
      </fieldset>
      {msg && <Message id={`${id}-msg`} msg={msg} />}
    </div>
  );
}
