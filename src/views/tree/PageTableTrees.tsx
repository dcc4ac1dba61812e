import { useEffect, useMemo } from 'react';
import { useLab } from '../../state/hooks';
import { bothLenses, filterLens, folioLens, stepDiff } from '../../state/read/lens';
import { stepMarks } from '../../state/read/marks';
import { runsReader } from '../../state/read/runs';
import { effectiveConfig } from '../../state/settings';
import {
  type LabState,
  selectCompare,
  selectCompareStep,
  selectCurrentStep,
  selectExpanded,
  selectFilter,
  selectFolioFocus,
  selectSelected,
  selectSettings,
} from '../../state/store';
import { FilterBar } from './FilterBar';
import { setHoveredPfns } from './hover';
import { Legend } from './Legend';
import { ProcessTree } from './ProcessTree';
import { SelectionLine } from './SelectionLine';

const selectSelectEntry = (s: LabState) => s.selectEntry;

/**
 * The page tables of every process of the current step, side by side where there is room: PGD → (P4D) →
 * PUD → PMD → PTE, each table listing its runs of leaf entries classified under the current settings.
 */
export function PageTableTrees() {
  const step = useLab(selectCurrentStep);
  const settings = useLab(selectSettings);
  const selected = useLab(selectSelected);
  const expanded = useLab(selectExpanded);
  const selectEntry = useLab(selectSelectEntry);
  const cfg = useMemo(() => effectiveConfig(settings), [settings]);
  const state = step?.state;
  const runsOf = useMemo(
    () => (state ? runsReader(state, settings.variant, cfg) : undefined),
    [state, settings.variant, cfg],
  );
  const marks = useMemo(() => {
    const levels = new Map(state?.procs.map((p) => [p.name, p.levels]));
    return stepMarks(step?.events ?? [], (p) => levels.get(p) ?? cfg.pgtableLevels);
  }, [step, state, cfg.pgtableLevels]);
  const filter = useLab(selectFilter);
  const focus = useLab(selectFolioFocus);
  const compare = useLab(selectCompare);
  const compareStep = useLab(selectCompareStep);
  const wantsDiff = filter.includes('differs');
  const diff = useMemo(
    () =>
      wantsDiff && state && compare && compareStep
        ? stepDiff({ state, settings }, { state: compareStep.state, settings: compare })
        : null,
    [wantsDiff, state, settings, compare, compareStep],
  );
  const lens = useMemo(
    () => bothLenses(filterLens(filter, marks, diff), focus ? folioLens(focus.first, focus.last) : null),
    [filter, marks, diff, focus],
  );

  // A row under the pointer may be gone after a step change (no mouseleave comes): forget it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every step change, on purpose
  useEffect(() => () => setHoveredPfns(null), [step]);

  return (
    <section
      aria-labelledby="pt-heading"
      className="flex flex-col gap-2 rounded border border-line bg-panel p-3 contain-content"
    >
      <h2 id="pt-heading" className="font-semibold">
        Page tables
      </h2>
      {!state || !runsOf ? (
        <p className="text-sm text-muted">No step to show: run the scenario.</p>
      ) : (
        <>
          <Legend variant={settings.variant} />
          {step && <FilterBar step={step} runsOf={runsOf} lens={lens} />}
          <SelectionLine state={state} selected={selected} clear={() => selectEntry(null)} />
          {state.procs.length === 0 ? (
            <p className="text-sm text-muted">No processes.</p>
          ) : (
            <div className="grid grid-cols-[repeat(auto-fit,minmax(min(100%,34rem),1fr))] gap-3">
              {state.procs.map((p) => (
                <ProcessTree
                  key={p.name}
                  proc={p}
                  runsOf={runsOf}
                  cfg={cfg}
                  marks={marks}
                  lens={lens}
                  selected={selected}
                  expanded={expanded}
                />
              ))}
            </div>
          )}
          <p className="text-xs text-muted">
            Click a run (or Tab to it and press Enter) to select its first entry; ▸ lists its entries. Drag or
            scroll to pan; Ctrl + wheel or the buttons zoom.
          </p>
        </>
      )}
    </section>
  );
}
