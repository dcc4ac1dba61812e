import { useId } from 'react';
import { type MachineConfig, presetConfig } from '../../model/config';
import type { KernelSettings } from '../../state/settings';
import { effectiveConfig } from '../../state/settings';
import { usePopover } from '../usePopover';
import { MORE_OPTIONS, PGTABLE_LEVELS_NAME } from './options';
import { FOCUS, SELECT } from './styles';

interface Props {
  settings: KernelSettings;
  setOption<K extends keyof MachineConfig>(key: K, value: MachineConfig[K]): void;
}

const CHANGED = <span className="ml-1 rounded bg-changed px-1 text-[10px] text-fg">changed</span>;

/** The other configuration options in a compact disclosure, labelled with their kernel names. */
export function MoreOptions({ settings, setOption }: Props) {
  const id = useId();
  const { ref, onKeyDown } = usePopover();
  const cfg = effectiveConfig(settings);
  const preset = presetConfig(settings.preset);
  const changed =
    MORE_OPTIONS.filter((o) => cfg[o.key] !== preset[o.key]).length +
    (cfg.pgtableLevels !== preset.pgtableLevels ? 1 : 0);
  return (
    <details ref={ref} className="relative" onKeyDown={onKeyDown}>
      <summary
        className={`cursor-pointer rounded border border-line bg-panel px-2 py-1 text-sm hover:bg-hover ${FOCUS}`}
      >
        More config{changed > 0 && <span className="text-muted"> ({changed} changed)</span>}
      </summary>
      <fieldset className="absolute right-0 z-20 mt-1 flex w-[26rem] max-w-[90vw] flex-col gap-1 rounded border border-line bg-panel p-2 shadow-lg">
        <legend className="sr-only">More kernel configuration</legend>
        {MORE_OPTIONS.map((o) => (
          <label key={o.key} className="flex items-start gap-2 text-sm" title={o.hint}>
            <input
              type="checkbox"
              className={`mt-1 accent-accent ${FOCUS}`}
              checked={cfg[o.key]}
              onChange={(e) => setOption(o.key, e.target.checked)}
              aria-describedby={`${id}-${o.key}`}
            />
            <span>
              <span className="font-mono">{o.name}</span>
              {cfg[o.key] !== preset[o.key] && CHANGED}
              <span id={`${id}-${o.key}`} className="block text-xs text-muted">
                {o.hint}
              </span>
            </span>
          </label>
        ))}
        <label className="flex items-center gap-2 text-sm">
          <span className="font-mono">{PGTABLE_LEVELS_NAME}</span>
          <select
            className={SELECT}
            value={cfg.pgtableLevels}
            onChange={(e) => setOption('pgtableLevels', Number(e.target.value) === 5 ? 5 : 4)}
          >
            <option value={4}>4 (P4D folded)</option>
            <option value={5}>5 (LA57)</option>
          </select>
          {cfg.pgtableLevels !== preset.pgtableLevels && CHANGED}
        </label>
      </fieldset>
    </details>
  );
}
