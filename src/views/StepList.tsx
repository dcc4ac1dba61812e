import { memo, useLayoutEffect, useRef, useState } from 'react';
import { useLab } from '../state/hooks';
import {
  codePathDiffsOf,
  DIFF_FIELD_LABEL,
  type KernelReport,
  type StepDiff,
  stepReports,
} from '../state/read/diff';
import {
  type Step,
  selectCompareSteps,
  selectCursor,
  selectSelect,
  selectStatus,
  selectSteps,
} from '../state/store';
import { REPORT_LABEL } from './compare/format';
import { useStepDiffs } from './compare/useStepDiffs';
import { isFailure } from './format';

const unique = (r: readonly KernelReport[]) => [...new Set(r)];

/**
 * Every row has this height, room for a title of two lines (a longer one is cut, and its tooltip and the
 * step detail show it whole), so a long run can be windowed without measuring its rows.
 */
export const ROW_H = 48;
/** Runs longer than this render only the rows in view (and a few around them). */
export const WINDOW_FROM = 100;
const OVERSCAN = 8;
/** The height the list scrolls in: 24rem inside the box's 1 px borders. */
export const LIST_H = 384;

interface RowProps {
  step: Step;
  selected: boolean;
  /** Run B behaves differently at this step. */
  diff: StepDiff | undefined;
  /** Run B behaves the same here, but another vm_normal_page*() check decided. */
  path: StepDiff | undefined;
  select(index: number): void;
  /** Position in the whole list when only part of it is rendered. */
  posinset?: number;
  setsize?: number;
}

/**
 * One step. The current one is marked by its background and a bar on its left edge (an outline where the
 * system forces its colours, which drops both), not by bolder text: a change of weight would reshape
 * both rows' text, which is layout work on every step.
 * Memoized: a step change re-renders the two rows whose selection changed, not all of them (a
 * scenario may have thousands of steps).
 */
const StepRow = memo(function StepRow({
  step: s,
  selected,
  diff,
  path,
  select,
  posinset,
  setsize,
}: RowProps) {
  const reports = unique(stepReports(s));
  const reportText = reports.map((r) => REPORT_LABEL[r]).join(', ');
  // The tooltip tells the whole row, whatever the badges had to cut.
  const tooltip = [
    `${s.index}. ${s.title}`,
    s.result && `result: ${s.result}`,
    reportText && `kernel reports: ${reportText}`,
    diff && `differs in run B: ${diff.fields.map((f) => DIFF_FIELD_LABEL[f]).join(', ')}`,
    path && 'run B behaves the same; another vm_normal_page*() check decided',
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <li
      className="border-b border-line last:border-b-0"
      style={{ height: ROW_H }}
      aria-posinset={posinset}
      aria-setsize={setsize}
    >
      <button
        type="button"
        aria-current={selected ? 'step' : undefined}
        onClick={() => select(s.index)}
        title={tooltip}
        className="group grid h-full w-full grid-cols-[1.75rem_minmax(0,1fr)_auto] items-center gap-x-2 px-2 text-left text-sm hover:bg-hover focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-accent aria-[current=step]:bg-selected aria-[current=step]:shadow-[inset_3px_0_0_var(--color-accent)] forced-colors:aria-[current=step]:outline-2 forced-colors:aria-[current=step]:-outline-offset-2"
      >
        <span className="text-right font-mono text-muted group-aria-[current=step]:text-fg">{s.index}</span>
        <span data-testid="step-title" className="line-clamp-2 font-mono leading-5 break-all">
          {s.title}
        </span>
        {/* The badges keep to a column of at most 7.5rem, two lines high; each is cut, never the title. */}
        <span className="flex max-h-11 max-w-30 flex-wrap justify-end gap-0.5 overflow-hidden">
          {s.result && (
            <span
              data-testid="step-result"
              className={`max-w-full truncate rounded border px-1.5 font-mono text-xs ${isFailure(s.result) ? 'border-2 border-cls-bad text-fg' : 'border-line text-fg'}`}
            >
              <span className="sr-only">result </span>
              {s.result}
            </span>
          )}
          {reports.length > 0 && (
            <span
              data-testid="step-reports"
              className="max-w-full truncate rounded bg-cls-bad px-1.5 font-mono text-xs text-panel"
            >
              <span className="sr-only">kernel reports: </span>
              {reportText}
            </span>
          )}
          {diff && (
            <span
              data-testid="step-differs"
              className="max-w-full truncate rounded border border-dashed border-accent px-1.5 text-xs text-accent"
            >
              differs
              <span className="sr-only">
                {' '}
                in run B: {diff.fields.map((f) => DIFF_FIELD_LABEL[f]).join(', ')}
              </span>
            </span>
          )}
          {path && (
            <span
              data-testid="step-path"
              className="max-w-full truncate rounded border border-dotted border-muted px-1.5 text-xs text-muted group-aria-[current=step]:text-fg"
            >
              path only
              <span className="sr-only">
                : run B behaves the same here, another vm_normal_page*() check decided
              </span>
            </span>
          )}
        </span>
      </button>
    </li>
  );
});

/** The rows to render: all of a short run; of a long one, those in view and OVERSCAN on either side. */
export function visibleRows(count: number, scrollTop: number): { from: number; to: number } {
  if (count <= WINDOW_FROM) return { from: 0, to: count };
  const first = Math.floor(scrollTop / ROW_H);
  return {
    from: Math.max(0, first - OVERSCAN),
    to: Math.min(count, first + Math.ceil(LIST_H / ROW_H) + OVERSCAN),
  };
}

/** The scrollTop that brings row `i` into a list scrolled to `top`, or `top` when it is in view. */
export function scrollToRow(i: number, top: number): number {
  const y = i * ROW_H;
  if (y < top) return y;
  if (y + ROW_H > top + LIST_H) return y + ROW_H - LIST_H;
  return top;
}

/**
 * Every step of the run: index, title and the kernel's answer; a marker where the kernel printed a report,
 * and in compare mode a "differs" tag where run B behaves differently and a "path only" tag where it
 * behaves the same but another vm_normal_page*() check decided (one check renamed or moved is no tag). The selected step is aria-current. A long run
 * renders only the rows in view, so stepping costs the same however many steps the run has.
 */
export function StepList() {
  const steps = useLab(selectSteps);
  const cursor = useLab(selectCursor);
  const select = useLab(selectSelect);
  const status = useLab(selectStatus);
  const diffs = useStepDiffs();
  const stepsB = useLab(selectCompareSteps);
  // Cached per pair of runs with the behaviour differences (one comparison for both).
  const paths = diffs ? codePathDiffsOf(steps, stepsB) : null;
  const list = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);

  // Keeps the current step visible inside the list without scrolling the page (playback moves it up to
  // four times a second; the page must stay where the reader put it). Rows have one height, so no row is
  // measured. The scroll is set in the commit that moves the cursor (a layout effect), so the frame that
  // shows the new step shows it in view; setting scrollTop lays the page out there, which that frame
  // would do anyway. The window follows from the scroll event, unless the current row is outside what is
  // rendered (a jump to the last step), which is rendered at once.
  const scrolled = useRef(0);
  scrolled.current = scrollTop;
  useLayoutEffect(() => {
    const top = scrollToRow(cursor, scrolled.current);
    if (top === scrolled.current) return;
    const { from, to } = visibleRows(steps.length, scrolled.current);
    if (cursor < from || cursor >= to) setScrollTop(top);
    if (list.current) list.current.scrollTop = top;
  }, [cursor, steps]);

  if (steps.length === 0) {
    const why =
      status === 'invalid' || status === 'failed'
        ? 'No steps: the scenario did not run.'
        : status === 'running'
          ? 'The scenario is running…'
          : 'Press Run to see the steps.';
    return <p className="text-sm text-muted">{why}</p>;
  }
  const { from, to } = visibleRows(steps.length, scrollTop);
  const windowed = steps.length > WINDOW_FROM;
  return (
    // The scroller is a div around the list: padding on a max-height box would count against its height.
    // It is positioned, so the rows' sr-only (absolute) text stays inside it and cannot lengthen the page.
    <div
      ref={list}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      className="relative max-h-[calc(24rem+2px)] overflow-auto rounded border border-line bg-panel contain-content"
    >
      <ol
        aria-label="Steps"
        // The rows not rendered are stood in for by padding, so the scrollbar is that of the whole list.
        style={
          windowed ? { paddingTop: from * ROW_H, paddingBottom: (steps.length - to) * ROW_H } : undefined
        }
      >
        {steps.slice(from, to).map((s) => (
          <StepRow
            key={s.index}
            step={s}
            selected={s.index === cursor}
            diff={diffs?.get(s.index)}
            path={paths?.get(s.index)}
            select={select}
            posinset={windowed ? s.index + 1 : undefined}
            setsize={windowed ? steps.length : undefined}
          />
        ))}
      </ol>
    </div>
  );
}
