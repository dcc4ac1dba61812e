import { memo, useMemo, useState } from 'react';
import { useLab } from '../../state/hooks';
import { changed, hugeZeroHeadOf, overlaps, stepFolioRows, visibleRows } from '../../state/read/folios';
import { runsReader } from '../../state/read/runs';
import { findEntry } from '../../state/read/selection';
import { effectiveConfig } from '../../state/settings';
import {
  type EntryRef,
  type LabState,
  type Step,
  selectCurrentStep,
  selectFolioFocus,
  selectSelected,
  selectSetFolioFocus,
  selectSettings,
} from '../../state/store';
import { useHoveredPfns } from '../tree/hover';
import { useLabFollowing } from '../useLabFollowing';
import { FolioMappings, PfnFinder } from './FolioMappings';
import { FolioTable } from './FolioTable';
import { MemoryStrip, segmentText } from './MemoryStrip';
import { withHoles } from './strip';

const CAP = 200;

/** Physical memory of the current step: the pfn ranges as a strip, and the folios as a table. */
export function PhysicalMemory() {
  // The selection follows with the step: the entry it names is looked up in that step's tables.
  const step = useLabFollowing(selectCurrentStep);
  const selectedRef = useLabFollowing(selectSelected);
  const settings = useLabFollowing(selectSettings);
  return <PhysicalMemoryView step={step} selectedRef={selectedRef} settings={settings} />;
}

interface ViewProps {
  step: Step | undefined;
  selectedRef: EntryRef | null;
  settings: LabState['scenarioSettings'];
}

/** Memoized: the render that commits a step (the values above still old) stops here. */
const PhysicalMemoryView = memo(function PhysicalMemoryView({ step, selectedRef, settings }: ViewProps) {
  const hoveredRange = useHoveredPfns();
  const focus = useLab(selectFolioFocus);
  const setFocus = useLab(selectSetFolioFocus);
  const runsOf = useMemo(
    () => (step ? runsReader(step.state, settings.variant, effectiveConfig(settings)) : undefined),
    [step, settings],
  );
  const [all, setAll] = useState(false);
  const state = step?.state;
  const rows = useMemo(() => (step ? stepFolioRows(step) : []), [step]);
  const selected = useMemo(() => findEntry(state, selectedRef)?.pfns ?? null, [state, selectedRef]);
  const hovered = useMemo(
    () => (hoveredRange ? ([hoveredRange.first, hoveredRange.last] as const) : null),
    [hoveredRange],
  );
  const hugeZero = useMemo(() => (step ? hugeZeroHeadOf(step) : null), [step]);
  const changedRanges = useMemo(() => rows.filter(changed).map((r) => [r.pfn, r.last] as const), [rows]);
  const shown = useMemo(
    () =>
      visibleRows(
        rows,
        all ? Number.POSITIVE_INFINITY : CAP,
        (r) => overlaps(r, selected) || overlaps(r, hovered),
      ),
    [rows, all, selected, hovered],
  );

  return (
    <section
      aria-labelledby="mem-heading"
      className="panel-offscreen flex flex-col gap-2 rounded border border-line bg-panel p-3"
    >
      <h2 id="mem-heading" className="font-semibold">
        Physical memory
      </h2>
      {!state || !step ? (
        <p className="text-sm text-muted">No step to show: run the scenario.</p>
      ) : (
        <>
          <MemoryStrip
            layout={state.layout}
            hovered={hovered}
            selected={selected}
            changed={changedRanges}
            hugeZero={hugeZero}
          />
          <ul
            aria-label="Physical ranges"
            className="flex flex-wrap gap-x-4 gap-y-0.5 font-mono text-xs text-muted"
          >
            {withHoles(state.layout).map((s) => (
              <li key={s.start}>{segmentText(s)}</li>
            ))}
            <li>highest_memmap_pfn {`0x${state.layout.highestMemmapPfn.toString(16)}`}</li>
            <li>huge zero folio refcount {state.hugeZeroRefcount}</li>
          </ul>
          <FolioTable
            rows={shown.rows}
            hidden={shown.hidden}
            step={step.index}
            selected={selected}
            hovered={hovered}
            onShowAll={() => setAll(true)}
            onFocus={(first, last) => setFocus({ first, last })}
          />
          <PfnFinder onFind={(p) => setFocus({ first: p, last: p })} />
          {focus && runsOf && (
            <FolioMappings
              step={step}
              runsOf={runsOf}
              first={focus.first}
              last={focus.last}
              onClear={() => setFocus(null)}
            />
          )}
        </>
      )}
    </section>
  );
});
