import { useId } from 'react';
import { isObject } from './doc';
import { type FieldProps, FieldRow, Message, useFieldMessage } from './FieldRow';
import { pathKey } from './problems';
import { armFor, type FieldKind } from './schemaFields';
import { armValue } from './steps';
import { FIELD_ROW, INPUT, LABEL } from './styles';

type Variant = Extract<FieldKind, { kind: 'variant' }>;

const NO_CTX = { newProc: 'B' };

/** A nested union (mmap's backing, inject's entry): its type, then that type's own fields. */
export function VariantField(p: FieldProps & { kind: Variant }) {
  const id = useId();
  const { kind, value, onChange, path } = p;
  const obj = isObject(value) ? value : {};
  const arm = armFor(kind, value);
  const tag = String(obj[kind.tag] ?? '');
  const tagMsg = useFieldMessage({ ...p, path: [...path, kind.tag] });
  const ownMsg = useFieldMessage(p);
  const msg = tagMsg ?? ownMsg;
  const tags = kind.arms.flatMap((a) => a.tags);
  const setTag = (t: string) => {
    const next = kind.arms.find((a) => a.tags.includes(t));
    if (next) onChange(armValue(kind.tag, next, t, value, p.ctx ?? NO_CTX));
  };
  return (
    <fieldset className="flex flex-col gap-1 rounded border border-line p-1.5">
      <legend className="px-1 font-mono text-xs text-muted">{p.field.key}</legend>
      <div className={FIELD_ROW}>
        <label htmlFor={id} className={LABEL}>
          {kind.tag}
        </label>
        <select
          id={id}
          data-path={pathKey(path)}
          className={INPUT}
          value={tag}
          aria-invalid={msg?.level === 'error'}
          aria-describedby={msg ? `${id}-msg` : undefined}
          onChange={(e) => setTag(e.target.value)}
        >
          {!tags.includes(tag) && <option value={tag}>{tag ? `${tag} (unknown)` : '(choose)'}</option>}
          {tags.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        {msg && <Message id={`${id}-msg`} msg={msg} />}
      </div>
      {arm?.fields.map((f) => (
        <FieldRow
          key={f.key}
          field={f}
          path={[...path, f.key]}
          value={obj[f.key]}
          onChange={(v) => onChange({ ...obj, [f.key]: v })}
          op={p.op}
          procs={p.procs}
          ctx={p.ctx}
        />
      ))}
    </fieldset>
  );
}
