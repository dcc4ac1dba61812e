import type { ZoomTransform } from 'd3';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { MachineConfig } from '../../model/config';
import type { ProcSnapshot } from '../../model/mm';
import { useLab } from '../../state/hooks';
import type { Lens } from '../../state/read/lens';
import type { StepMarks } from '../../state/read/marks';
import type { RunsOf } from '../../state/read/runs';
import type { EntryRef, LabState } from '../../state/store';
import type { TreeActions } from './actions';
import { drawWindow } from './cull';
import { ENTRY_STEP } from './drafts';
import { ENTRY_LIMIT, layoutTree } from './layout';
import { TreeContent } from './TreeContent';
import { zoomIdentity } from './transform';
import { useWidth } from './useWidth';
import { useZoom } from './useZoom';
import { fitAll, fitView, MIN_SCALE, MIN_TEXT_PX } from './viewport';

const selectSelectEntry = (s: LabState) => s.selectEntry;
const selectToggleExpanded = (s: LabState) => s.toggleExpanded;

export interface ProcessTreeProps {
  readonly proc: ProcSnapshot;
  readonly runsOf: RunsOf;
  readonly cfg: MachineConfig;
  readonly marks: StepMarks;
  /** What a filter or a chosen folio highlights (state/read/lens.ts). */
  readonly lens: Lens | null;
  /** In compare mode, the entries that differ between the runs. */
  readonly diff?: Lens | null;
  /** Which run the tree draws, in compare mode ("A", "B"): it names the tree for screen readers. */
  readonly run?: string;
  readonly selected: EntryRef | null;
  readonly expanded: readonly string[];
}

/** First pages that must stay drawn in this process: the selection and the entries reports point at. */
function focusOf(proc: string, selected: EntryRef | null, marks: StepMarks): number[] {
  const out = selected?.proc === proc ? [selected.v] : [];
  for (const [k, vs] of marks.reported) if (k.startsWith(`${proc}:`)) out.push(...vs);
  return out;
}

/** Narrower viewports get runs in three short lines instead of two long ones. */
const COMPACT_BELOW = 720;

const BTN =
  'rounded border border-line bg-panel px-2 py-0.5 text-xs hover:bg-hover focus-visible:outline-2 focus-visible:outline-accent aria-disabled:cursor-default aria-disabled:text-muted aria-disabled:hover:bg-panel';

const same = (a: ZoomTransform, b: ZoomTransform) => a.k === b.k && a.x === b.x && a.y === b.y;

/** One process's page tables, panned and zoomed with d3-zoom. */
export function ProcessTree({
  proc,
  runsOf,
  cfg,
  marks,
  lens,
  diff = null,
  run,
  selected,
  expanded,
}: ProcessTreeProps) {
  const selectEntry = useLab(selectSelectEntry);
  const toggle = useLab(selectToggleExpanded);
  const [limits, setLimits] = useState<Record<string, number>>({});
  const expandedSet = useMemo(() => new Set(expanded), [expanded]);
  const focus = useMemo(() => focusOf(proc.name, selected, marks), [proc.name, selected, marks]);
  const wrap = useRef<HTMLDivElement>(null);
  const vw = useWidth(wrap);
  const compact = vw < COMPACT_BELOW;
  const layout = useMemo(
    () => layoutTree({ proc, runsOf, cfg, expanded: expandedSet, limits, focus, marks, compact }),
    [proc, runsOf, cfg, expandedSet, limits, focus, marks, compact],
  );
  const svgRef = useRef<SVGSVGElement>(null);
  const zoom = useZoom(svgRef, { w: layout.width, h: layout.height });
  const fit = fitView(layout.width, layout.height, vw);
  const { set, touched, release, reveal, zoomBy } = zoom;
  // Fit all as far as MIN_SCALE allows. While its view stands and the tree is still larger, a line says
  // why not everything is in view (rather than leaving the user to wonder).
  const all = fitAll(layout.width, layout.height, vw, fit.height);
  const [fitAllAt, setFitAllAt] = useState<ZoomTransform | null>(null);
  const notAll = fitAllAt !== null && !all.fits && same(zoom.transform, fitAllAt);
  // At the least zoom the − button says so instead of doing nothing (aria-disabled keeps its focus).
  const atMin = zoom.transform.k <= MIN_SCALE;
  // By value: a pan inside one grid cell keeps the same window, and TreeContent's memo holds.
  const w = drawWindow(zoom.transform, vw, fit.height);
  const winKey = `${w.x0},${w.y0},${w.x1},${w.y1}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: winKey is w's value
  const win = useMemo(() => w, [winKey]);

  // Until the user zooms or pans, the tree follows its size: fitted to the width, top-left aligned.
  useEffect(() => {
    if (!touched) set(zoomIdentity.translate(fit.x, fit.y).scale(fit.k));
  }, [touched, set, fit.x, fit.y, fit.k]);

  const actions = useMemo<TreeActions>(
    () => ({
      select: selectEntry,
      toggle,
      more: (k) => setLimits((l) => ({ ...l, [k]: (l[k] ?? ENTRY_LIMIT) + ENTRY_STEP })),
      reveal: (x, y, w, h) => reveal(x, y, w, h, vw, fit.height),
    }),
    [selectEntry, toggle, reveal, vw, fit.height],
  );

  const c = proc.counters;
  const state = [proc.oopsed && 'killed by an oops', proc.exited && 'exited'].filter(Boolean).join(', ');
  return (
    <div className="min-w-0 rounded border border-line bg-page" data-proc={proc.name}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-line bg-panel px-2 py-1">
        <h3 className="text-sm font-semibold">
          Process {proc.name}{' '}
          <span className="font-normal text-muted">
            pid {proc.pid} · {proc.levels}-level · RSS anon {c.anon}, file {c.file} · page tables {c.pgtables}
            {state && ` · ${state}`}
          </span>
        </h3>
        <fieldset className="ml-auto flex items-center gap-1">
          <legend className="sr-only">
            Zoom, process {proc.name}
            {run ? ` in run ${run}` : ''}
          </legend>
          <button
            type="button"
            className={BTN}
            aria-label="Zoom out"
            aria-disabled={atMin || undefined}
            title={atMin ? `Text is at its smallest (${MIN_TEXT_PX} px); drag or scroll to pan` : undefined}
            onClick={() => {
              if (!atMin) zoomBy(1 / 1.25);
            }}
          >
            −
          </button>
          <span className="w-10 text-center font-mono text-xs text-muted" aria-live="polite">
            {Math.round(zoom.transform.k * 100)}%
          </span>
          <button type="button" className={BTN} aria-label="Zoom in" onClick={() => zoomBy(1.25)}>
            +
          </button>
          <button
            type="button"
            className={BTN}
            title={`The whole tree in view, as far as ${MIN_TEXT_PX} px text allows`}
            onClick={() => {
              const to = zoomIdentity.translate(all.x, all.y).scale(all.k);
              set(to, true);
              setFitAllAt(to);
            }}
          >
            Fit all
          </button>
          <button
            type="button"
            className={BTN}
            title="Readable size, top left; the view follows the tree again"
            onClick={() => {
              release();
              setFitAllAt(null);
              set(zoomIdentity.translate(fit.x, fit.y).scale(fit.k));
            }}
          >
            Reset
          </button>
        </fieldset>
      </div>
      {/* Always there (empty, it takes no room), so that screen readers announce what it comes to say. */}
      <p aria-live="polite" className="px-2 text-xs text-muted" data-testid="fit-note">
        {notAll &&
          `Fit all: text kept at ${MIN_TEXT_PX} px, so the tree is larger than its view; drag, scroll or Tab to see the rest.`}
      </p>
      <div ref={wrap} className="overflow-clip">
        {/* biome-ignore lint/a11y/useSemanticElements: an <svg> holding buttons; "group" keeps them exposed */}
        <svg
          ref={svgRef}
          width={vw}
          height={fit.height}
          role="group"
          aria-label={`Page tables of process ${proc.name}${run ? ` in run ${run}` : ''}`}
          className="block cursor-grab touch-none select-none active:cursor-grabbing"
        >
          <g transform={zoom.transform.toString()}>
            <TreeContent
              layout={layout}
              proc={proc.name}
              levels={proc.levels}
              selected={selected}
              marks={marks}
              lens={lens}
              diff={diff}
              actions={actions}
              win={win}
            />
          </g>
        </svg>
      </div>
    </div>
  );
}
