import type { FieldProps } from './FieldRow';
import { inputText, inputValue } from './inputs';
import { pathKey } from './problems';
import { CHECK, INPUT } from './styles';

interface Props extends FieldProps {
  readonly id: string;
  readonly invalid: boolean;
  readonly describedBy: string | undefined;
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

/** The input for one field, by kind: text for numbers (hex allowed), select for enums, checkbox for bools. */
export function FieldControl(p: Props) {
  const { field, value, onChange, id } = p;
  const t = field.type;
  // data-path: where a click on a problem of this field lands (FormEditor's goal).
  const aria = {
    id,
    'aria-invalid': p.invalid,
    'aria-describedby': p.describedBy,
    'data-path': pathKey(p.path),
  };
  switch (t.kind) {
    case 'bool':
      return (
        <input
          {...aria}
          type="checkbox"
          className={CHECK}
          checked={value === undefined ? field.default === true : value === true}
          onChange={(e) => onChange(e.target.checked)}
        />
      );
    case 'enum': {
      const current = value ?? field.default;
      const known = t.options.includes(str(current));
      return (
        <select
          {...aria}
          className={INPUT}
          value={str(current)}
          onChange={(e) => onChange(e.target.value || undefined)}
        >
          {(!field.required && field.default === undefined) || !known ? (
            <option value="">
              {known || current === undefined ? '(none)' : `${str(current)} (unknown)`}
            </option>
          ) : null}
          {t.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    }
    case 'proc': {
      const procs = p.procs ?? [];
      const current = str(value);
      return (
        <select
          {...aria}
          className={INPUT}
          value={current}
          onChange={(e) => onChange(e.target.value || undefined)}
        >
          {!field.required && <option value="">{`(first: ${procs[0] ?? '?'})`}</option>}
          {current !== '' && !procs.includes(current) && (
            <option value={current}>{`${current} (unknown)`}</option>
          )}
          {procs.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      );
    }
    case 'json':
      return (
        <input
          {...aria}
          readOnly
          className={`${INPUT} text-muted`}
          value={value === undefined ? '' : JSON.stringify(value)}
          placeholder="(not set)"
          title="edit this field in the JSON tab"
        />
      );
    case 'text':
      if (t.multiline)
        return (
          <textarea
            {...aria}
            rows={2}
            className={`${INPUT} resize-y font-sans`}
            value={str(value)}
            onChange={(e) => onChange(inputValue(t, e.target.value, field.required))}
          />
        );
      break;
    default:
      break;
  }
  const numeric = t.kind === 'num' || t.kind === 'numOr' || t.kind === 'numList' || t.kind === 'number';
  return (
    <input
      {...aria}
      type="text"
      className={INPUT}
      inputMode={t.kind === 'number' ? 'decimal' : undefined}
      spellCheck={false}
      autoComplete="off"
      placeholder={
        p.placeholder ??
        (field.default !== undefined
          ? `${inputText(t, field.default)} (default)`
          : numeric
            ? '0x…'
            : undefined)
      }
      value={inputText(t, value)}
      onChange={(e) => onChange(inputValue(t, e.target.value, field.required))}
    />
  );
}
