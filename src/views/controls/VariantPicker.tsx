import { useId } from 'react';
import type { VariantId } from '../../model/variants';
import { nextVariant, patchSubject, prevVariant, VARIANT_GROUPS, variantOptionText } from './options';
import { BUTTON, LABEL, SELECT } from './styles';

interface Props {
  value: VariantId;
  onChange(v: VariantId): void;
  /** Accessible name of the select ("Kernel variant", "Kernel variant of run B"). */
  label: string;
  /** Show the previous/next patch buttons. */
  stepper?: boolean;
  /** Visible label text; defaults to "Kernel". */
  caption?: string;
}

/** The kernel variant: a grouped <select> (RFC patches titled with their subjects) and prev/next patch. */
export function VariantPicker({ value, onChange, label, stepper, caption = 'Kernel' }: Props) {
  const id = useId();
  const prev = prevVariant(value);
  const next = nextVariant(value);
  return (
    <div className="flex items-center gap-1">
      <label htmlFor={id} className={LABEL}>
        {caption}
      </label>
      <select
        id={id}
        aria-label={label}
        value={value}
        title={patchSubject(value)}
        onChange={(e) => onChange(e.target.value as VariantId)}
        className={`${SELECT} w-60 truncate`}
      >
        {VARIANT_GROUPS.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.variants.map((v) => (
              <option key={v.id} value={v.id} title={v.subject}>
                {variantOptionText(v)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {stepper && (
        <>
          <button
            type="button"
            className={BUTTON}
            disabled={!prev}
            onClick={() => prev && onChange(prev.id)}
            aria-label={prev ? `Previous patch: ${prev.label}` : 'Previous patch'}
            title={prev ? `Previous: ${patchSubject(prev.id)}` : undefined}
          >
            <span aria-hidden="true">‹</span>
          </button>
          <button
            type="button"
            className={BUTTON}
            disabled={!next}
            onClick={() => next && onChange(next.id)}
            aria-label={next ? `Next patch: ${next.label}` : 'Next patch'}
            title={next ? `Next: ${patchSubject(next.id)}` : undefined}
          >
            <span aria-hidden="true">›</span>
          </button>
        </>
      )}
    </div>
  );
}
