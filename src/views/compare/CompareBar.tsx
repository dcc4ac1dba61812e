import { useLab } from '../../state/hooks';
import { effectiveConfig, withOption } from '../../state/settings';
import { type LabState, selectCompare, selectSettings } from '../../state/store';
import { KconfigSwitch } from '../controls/KconfigSwitch';
import { PTE_SPECIAL, patchSubject, prevVariant } from '../controls/options';
import { PresetPicker } from '../controls/PresetPicker';
import { BUTTON, TOGGLE } from '../controls/styles';
import { VariantPicker } from '../controls/VariantPicker';
import { onUse } from '../onUse';
import { useStepDiffs } from './useStepDiffs';

/**
 * The summary of what differs (the steps, entries and code paths of the two runs) is code the page needs
 * only once a comparison is asked for: it loads then, or as the pointer comes over a button that asks.
 */
const SUMMARY = 'the comparison summary';
const Summary = onUse(SUMMARY, () => import('./CompareSummary').then((m) => m.CompareSummary));

const selectSetCompare = (s: LabState) => s.setCompare;
const selectSwap = (s: LabState) => s.swapCompare;
const selectCompareStatus = (s: LabState) => s.compareStatus;
const selectCompareError = (s: LabState) => s.compareError;
const selectStepCount = (s: LabState) => s.steps.length;

/** Run B's state, in words. */
function CompareStatusText() {
  const status = useLab(selectCompareStatus);
  const error = useLab(selectCompareError);
  const diffs = useStepDiffs();
  const count = useLab(selectStepCount);
  let text = '';
  if (status === 'running') text = 'Running B…';
  else if (status === 'invalid') text = 'B did not run: the scenario is not valid.';
  else if (status === 'failed') text = `B failed: ${error ?? 'unknown error'}`;
  else if (status === 'done' && diffs)
    text = diffs.size ? `B differs at ${diffs.size} of ${count} steps` : `B agrees at all ${count} steps`;
  return (
    <p
      aria-live="polite"
      data-testid="compare-status"
      className={`text-xs ${status === 'failed' || status === 'invalid' ? 'text-cls-bad' : 'text-muted'}`}
    >
      {text}
    </p>
  );
}

/** Compare mode: a second run of the scenario under settings B, and what differs from run A. */
export function CompareBar() {
  const compare = useLab(selectCompare);
  const a = useLab(selectSettings);
  const setCompare = useLab(selectSetCompare);
  const swap = useLab(selectSwap);
  const prev = prevVariant(a.variant);
  const on = compare !== null;
  return (
    <div className="border-t border-line">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-1.5">
        <button
          type="button"
          className={TOGGLE}
          aria-pressed={on}
          onPointerEnter={Summary.preload}
          onFocus={Summary.preload}
          onClick={() => void setCompare(on ? null : { ...a, config: { ...a.config } })}
        >
          Compare
        </button>
        <button
          type="button"
          className={BUTTON}
          disabled={!prev}
          onPointerEnter={Summary.preload}
          onFocus={Summary.preload}
          onClick={() => prev && void setCompare({ ...a, config: { ...a.config }, variant: prev.id })}
          title={
            prev ? `Run B on ${prev.label}: ${patchSubject(prev.id)}` : 'There is no variant before this one'
          }
        >
          vs previous patch
          {prev && <span className="sr-only"> ({prev.label})</span>}
        </button>
        {compare && (
          <fieldset className="flex flex-wrap items-center gap-2 rounded border border-dashed border-accent px-2 py-0.5">
            <legend className="sr-only">Run B settings</legend>
            <span aria-hidden="true" className="text-xs font-semibold text-accent">
              B
            </span>
            <VariantPicker
              caption="Kernel"
              label="Kernel variant of run B"
              value={compare.variant}
              onChange={(variant) => void setCompare({ ...compare, variant })}
            />
            <KconfigSwitch
              compact
              name={PTE_SPECIAL.name}
              label={`${PTE_SPECIAL.name} in run B`}
              checked={effectiveConfig(compare).pteSpecial}
              onChange={(v) => void setCompare(withOption(compare, 'pteSpecial', v))}
            />
            <PresetPicker
              label="Architecture preset of run B"
              value={compare.preset}
              onChange={(preset) => void setCompare({ ...compare, preset, config: {} })}
            />
          </fieldset>
        )}
        {compare && (
          <button
            type="button"
            className={BUTTON}
            onClick={() => void swap()}
            title="Exchange runs A and B: B's settings become the page's, and A's the comparison's"
          >
            Swap A and B
          </button>
        )}
        {on && <CompareStatusText />}
      </div>
      {compare && <Summary.Part b={compare} />}
    </div>
  );
}
