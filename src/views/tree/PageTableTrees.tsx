import { useEffect, useMemo, useRef, useState } from 'react';
import type { MachineConfig } from '../../model/config';
import { useLab } from '../../state/hooks';
import {
  bothLenses,
  diffLens,
  filterLens,
  folioLens,
  type Lens,
  lensCount,
  stepDiff,
} from '../../state/read/lens';
import { type StepMarks, stepMarks } from '../../state/read/marks';
import { type RunsOf, runsReader } from '../../state/read/runs';
import { effectiveConfig, type KernelSettings } from '../../state/settings';
import {
  type EntryRef,
  type FilterTerm,
  type LabState,
  type Step,
  selectCompare,
  selectCompareStep,
  selectCurrentStep,
  selectExpanded,
  selectFilter,
  selectFolioFocus,
  selectSelected,
  selectSettings,
} from '../../state/store';
import { settingsText } from '../controls/options';
import { FilterBar } from './FilterBar';
import { setHoveredPfns } from './hover';
import { Legend } from './Legend';
import { ProcessTree } from './ProcessTree';
import { SelectionLine } from './SelectionLine';
import { useWidth } from './useWidth';
import { MIN_TEXT_PX } from './viewport';

const selectSelectEntry = (s: LabState) => s.selectEntry;
const selectCompareDone = (s: LabState) => s.compare !== null && s.compareStatus === 'done';

/** Below this width the two runs of compare mode stack, one shown at a time. */
const SIDE_BY_SIDE = 760;

/** What one run's trees need: its step, settings, cached runs and marks. */
interface RunView {
  readonly step: Step;
  readonly settings: KernelSettings;
  readonly cfg: MachineConfig;
  readonly runsOf: RunsOf;
  readonly marks: StepMarks;
}

function useRunView(step: Step | undefined, settings: KernelSettings | null): RunView | null {
  // One configuration object per settings, not per step: a table's box (box.ts) is reused only while
  // its input's cfg is the same object, and a new one each step rebuilt the box of every table and
  // re-rendered every table node of every process on every step.
  const cfg = useMemo(() => (settings ? effectiveConfig(settings) : null), [settings]);
  return useMemo(() => {
    if (!step || !settings || !cfg) return null;
    const levels = new Map(step.state.procs.map((p) => [p.name, p.levels]));
    return {
      step,
      settings,
      cfg,
      runsOf: runsReader(step.state, settings.variant, cfg),
      marks: stepMarks(step.events, (p) => levels.get(p) ?? cfg.pgtableLevels),
    };
  }, [step, settings, cfg]);
}

/**
 * The page tables of every process of the current step, side by side where there is room: PGD → (P4D) →
 * PUD → PMD → PTE, each table listing its runs of leaf entries classified under the current settings. In
 * compare mode, run B's trees stand beside run A's at the same step, with the entries that differ outlined.
 */
export function PageTableTrees() {
  const step = useLab(selectCurrentStep);
  const settings = useLab(selectSettings);
  const selected = useLab(selectSelected);
  const expanded = useLab(selectExpanded);
  const selectEntry = useLab(selectSelectEntry);
  const filter = useLab(selectFilter);
  const focus = useLab(selectFolioFocus);
  const compareDone = useLab(selectCompareDone);
  const compare = useLab(selectCompare);
  const compareStep = useLab(selectCompareStep);
  const a = useRunView(step, settings);
  const b = useRunView(compareDone ? compareStep : undefined, compareDone ? compare : null);
  const diff = useMemo(
    () =>
      a && b
        ? stepDiff(
            { state: a.step.state, settings: a.settings },
            { state: b.step.state, settings: b.settings },
          )
        : null,
    [a, b],
  );
  const outline = useMemo(() => (diff ? diffLens(diff) : null), [diff]);
  const lensOf = useLens(filter, focus, diff);
  const lensA = useMemo(() => (a ? lensOf(a.marks) : null), [a, lensOf]);
  const lensB = useMemo(() => (b ? lensOf(b.marks) : null), [b, lensOf]);
  // How many entries of run A the highlight picks (the filter bar says it).
  const count = useMemo(() => (a && lensA ? lensCount(a.step.state, a.runsOf, lensA) : null), [a, lensA]);

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
      {!a ? (
        <p className="text-sm text-muted">No step to show: run the scenario.</p>
      ) : (
        <>
          <Legend variant={settings.variant} />
          <FilterBar count={count} />
          <SelectionLine state={a.step.state} selected={selected} clear={() => selectEntry(null)} />
          {b ? (
            <ComparePanes
              a={a}
              b={b}
              lensA={lensA}
              lensB={lensB}
              outline={outline}
              selected={selected}
              expanded={expanded}
            />
          ) : (
            <Processes view={a} lens={lensA} diff={null} selected={selected} expanded={expanded} />
          )}
          <p className="text-xs text-muted">
            Click a run (or Tab to it and press Enter) to select its first entry; ▸ lists its entries. Drag or
            scroll to pan (Shift + wheel: sideways); Ctrl + wheel or the buttons zoom, never below{' '}
            {MIN_TEXT_PX} px text.
          </p>
        </>
      )}
    </section>
  );
}

/** The lens of a run's marks: the filter (with that run's own marks) and the chosen folio. */
function useLens(
  filter: readonly FilterTerm[],
  focus: LabState['folioFocus'],
  diff: ReturnType<typeof stepDiff>,
) {
  return useMemo(() => {
    const folio = focus ? folioLens(focus.first, focus.last) : null;
    return (marks: StepMarks): Lens | null => bothLenses(filterLens(filter, marks, diff), folio);
  }, [filter, focus, diff]);
}

function Processes({
  view,
  lens,
  diff,
  run,
  selected,
  expanded,
}: {
  view: RunView;
  lens: Lens | null;
  diff: Lens | null;
  run?: string;
  selected: EntryRef | null;
  expanded: readonly string[];
}) {
  const { state } = view.step;
  if (state.procs.length === 0) return <p className="text-sm text-muted">No processes.</p>;
  return (
    <div className="grid grid-cols-[repeat(auto-fit,minmax(min(100%,28rem),1fr))] gap-3">
      {state.procs.map((p) => (
        <ProcessTree
          key={p.name}
          proc={p}
          runsOf={view.runsOf}
          cfg={view.cfg}
          marks={view.marks}
          lens={lens}
          diff={diff}
          {...(run ? { run } : {})}
          selected={selected}
          expanded={expanded}
        />
      ))}
    </div>
  );
}

/**
 * Runs A and B at the same step and selection: side by side when there is room, else one at a time with
 * a switch. The entries that differ are outlined in both.
 */
function ComparePanes(p: {
  a: RunView;
  b: RunView;
  lensA: Lens | null;
  lensB: Lens | null;
  outline: Lens | null;
  selected: EntryRef | null;
  expanded: readonly string[];
}) {
  const wrap = useRef<HTMLDivElement>(null);
  const width = useWidth(wrap);
  const [shown, setShown] = useState<'A' | 'B'>('A');
  const wide = width >= SIDE_BY_SIDE;
  const pane = (run: 'A' | 'B', v: RunView, lens: Lens | null) => (
    <section aria-label={`Run ${run}`} className="flex min-w-0 flex-col gap-2" key={run}>
      <h3 className="text-sm font-medium">
        Run {run} <span className="font-normal text-muted">({settingsText(v.settings)})</span>
      </h3>
      <Processes
        view={v}
        lens={lens}
        diff={p.outline}
        run={run}
        selected={p.selected}
        expanded={p.expanded}
      />
    </section>
  );
  return (
    <div ref={wrap} className="flex flex-col gap-2">
      <p className="text-xs text-muted">
        Entries that differ between the runs are outlined in red
        {!wide && '; the screen is narrow, so the runs take turns'}.
      </p>
      {!wide && (
        // biome-ignore lint/a11y/useSemanticElements: two toggles that pick a pane, not a form
        <div role="group" aria-label="Run shown" className="flex gap-1">
          {(['A', 'B'] as const).map((r) => (
            <button
              key={r}
              type="button"
              aria-pressed={shown === r}
              onClick={() => setShown(r)}
              className={`rounded border px-2 py-0.5 text-xs hover:bg-hover ${shown === r ? 'border-accent font-semibold' : 'border-line'}`}
            >
              Run {r}
            </button>
          ))}
        </div>
      )}
      <div className={wide ? 'grid grid-cols-2 gap-3' : ''}>
        {(wide || shown === 'A') && pane('A', p.a, p.lensA)}
        {(wide || shown === 'B') && pane('B', p.b, p.lensB)}
      </div>
    </div>
  );
}
