import { useId } from 'react';
import { ARCH_PRESETS, type ArchPresetId } from '../../model/config';
import { LABEL, SELECT } from './styles';

interface Props {
  value: ArchPresetId;
  onChange(p: ArchPresetId): void;
  label: string;
  caption?: string;
}

/** The architecture preset: a set of Kconfig values (choosing one drops the option overrides). */
export function PresetPicker({ value, onChange, label, caption = 'Arch' }: Props) {
  const id = useId();
  const current = ARCH_PRESETS.find((p) => p.id === value);
  return (
    <div className="flex items-center gap-1">
      <label htmlFor={id} className={LABEL}>
        {caption}
      </label>
      <select
        id={id}
        aria-label={label}
        value={value}
        title={current?.description}
        onChange={(e) => onChange(e.target.value as ArchPresetId)}
        className={SELECT}
      >
        {ARCH_PRESETS.map((p) => (
          <option key={p.id} value={p.id} title={p.description}>
            {p.label}
          </option>
        ))}
      </select>
    </div>
  );
}
