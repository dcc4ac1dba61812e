import { useId } from 'react';
import { FOCUS } from './styles';

interface Props {
  /** The Kconfig symbol, shown and used as the accessible name unless `label` is given. */
  name: string;
  label?: string;
  checked: boolean;
  onChange(checked: boolean): void;
  hint?: string;
  compact?: boolean;
}

/** A Kconfig bool as a switch, shown the way .config has it: "=y" or "is not set". */
export function KconfigSwitch({ name, label, checked, onChange, hint, compact }: Props) {
  const id = useId();
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      aria-labelledby={label ? undefined : `${id}-name`}
      aria-describedby={hint ? `${id}-hint` : undefined}
      title={hint}
      onClick={() => onChange(!checked)}
      className={`flex items-center gap-2 rounded-md border-2 bg-panel font-mono text-fg hover:bg-hover ${
        checked ? 'border-cls-normal' : 'border-cls-bad'
      } ${compact ? 'px-1.5 py-0.5 text-xs' : 'px-2 py-1 text-sm font-semibold'} ${FOCUS}`}
    >
      <span
        aria-hidden="true"
        className={`relative inline-block h-4 w-7 shrink-0 rounded-full border border-line transition-colors ${
          checked ? 'bg-cls-normal' : 'bg-hover'
        }`}
      >
        <span
          className={`absolute top-0.5 h-2.5 w-2.5 rounded-full shadow transition-all ${
            checked ? 'left-3.5 bg-panel' : 'left-0.5 bg-muted'
          }`}
        />
      </span>
      <span>
        <span id={`${id}-name`}>{name}</span>
        <span className={checked ? 'text-cls-normal' : 'text-cls-bad'}>{checked ? '=y' : ' is not set'}</span>
      </span>
      {hint && (
        <span id={`${id}-hint`} className="sr-only">
          {hint}
        </span>
      )}
    </button>
  );
}
