import { useId } from 'react';
import { ARCH_PRESETS } from '../../model/config';
import { VARIANTS } from '../../model/variants';
import { useEditor } from './context';
import { getIn, setIn } from './doc';
import { Message } from './FieldRow';
import { pathKey, problemAt } from './problems';
import { FIELD_ROW, INPUT, LABEL, SECTION } from './styles';

const CHOICES = {
  variant: VARIANTS.map((v) => ({ id: v.id as string, label: v.label })),
  preset: ARCH_PRESETS.map((p) => ({ id: p.id as string, label: p.label })),
};

/** The scenario's title and kernel: variant and architecture preset (the preset defaults to x86-64). */
export function KernelSection() {
  const { doc, update } = useEditor();
  const id = useId();
  const title = getIn(doc, ['title']);
  return (
    <fieldset className={`${SECTION} flex flex-col gap-1.5`}>
      <legend className="px-1 text-sm font-medium">Scenario and kernel</legend>
      <div className={FIELD_ROW}>
        <label htmlFor={`${id}-title`} className={LABEL}>
          title
        </label>
        <input
          id={`${id}-title`}
          data-path="$.title"
          className={`${INPUT} font-sans`}
          value={typeof title === 'string' ? title : ''}
          onChange={(e) => update((d) => setIn(d, ['title'], e.target.value || undefined))}
        />
      </div>
      <Choice which="variant" />
      <Choice which="preset" fallback="x86-64" />
    </fieldset>
  );
}

function Choice({ which, fallback }: { which: keyof typeof CHOICES; fallback?: string }) {
  const { doc, update, problems } = useEditor();
  const id = useId();
  const path = ['kernel', which];
  const raw = getIn(doc, path);
  const value = typeof raw === 'string' ? raw : (fallback ?? '');
  const options = CHOICES[which];
  const known = options.some((o) => o.id === value);
  const problem = problemAt(problems, path);
  return (
    <div className={FIELD_ROW}>
      <label htmlFor={id} className={LABEL}>
        {which}
      </label>
      <select
        id={id}
        data-path={pathKey(path)}
        className={INPUT}
        value={value}
        aria-invalid={problem !== undefined}
        aria-describedby={problem ? `${id}-msg` : undefined}
        onChange={(e) => update((d) => setIn(d, path, e.target.value))}
      >
        {!known && <option value={value}>{value ? `${value} (unknown)` : '(choose)'}</option>}
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
      {problem && <Message id={`${id}-msg`} msg={{ level: 'error', text: problem }} />}
    </div>
  );
}
