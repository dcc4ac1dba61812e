import { memo, useEffect, useRef } from 'react';
import { useLab } from '../state/hooks';
import { type Step, selectCursor, selectSelect, selectStatus, selectSteps } from '../state/store';
import { type KernelReport, type StepDiff, stepReports } from './compare/diff';
import { FIELD_LABEL, REPORT_LABEL } from './compare/format';
import { useStepDiffs } from './compare/useStepDiffs';
import { isFailure } from './format';

const unique = (r: readonly KernelReport[]) => [...new Set(r)];

interface RowProps {
  step: Step;
  selected: boolean;
  diff: StepDiff | undefined;
  select(index: number): void;
}

/**
 * One step. Memoized: a step change re-renders the two rows whose selection changed, not all of them (a
 * scenario may have thousands of steps).
 */
const StepRow = memo(function StepRow({ step: s, selected, diff, select }: RowProps) {
  const reports = unique(stepReports(s));
  return (
    // content-visibility: rows scrolled out of the list are neither laid out nor painted.
    <li className="border-b border-line [contain-intrinsic-size:auto_2rem] [content-visibility:auto] last:border-b-0">
      <button
        type="button"
        aria-current={selected ? 'step' : undefined}
        onClick={() => select(s.index)}
        className="group flex w-full flex-wrap items-baseline gap-x-3 gap-y-0.5 px-3 py-1.5 text-left text-sm hover:bg-hover focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-accent aria-[current=step]:bg-selected aria-[current=step]:font-medium"
      >
        <span className="w-8 shrink-0 text-right font-mono text-muted group-aria-[current=step]:text-fg">
          {s.index}
        </span>
        <span data-testid="step-title" className="min-w-0 flex-1 break-words font-mono">
          {s.title}
        </span>
        {s.result && (
          <span
            data-testid="step-result"
            className={`shrink-0 rounded border px-1.5 font-mono text-xs font-normal ${isFailure(s.result) ? 'border-2 border-cls-bad text-fg' : 'border-line text-fg'}`}
          >
            <span className="sr-only">result </span>
            {s.result}
          </span>
        )}
        {(reports.length > 0 || diff) && (
          <span className="flex w-full flex-wrap justify-end gap-1 pl-11">
            {reports.length > 0 && (
              <span
                data-testid="step-reports"
                className="rounded bg-cls-bad px-1.5 font-mono text-xs font-normal text-panel"
              >
                <span className="sr-only">kernel reports: </span>
                {reports.map((r) => REPORT_LABEL[r]).join(', ')}
              </span>
            )}
            {diff && (
              <span
                data-testid="step-differs"
                className="rounded border border-dashed border-accent px-1.5 text-xs font-normal text-accent"
              >
                differs
                <span className="sr-only">
                  {' '}
                  in run B: {diff.fields.map((f) => FIELD_LABEL[f]).join(', ')}
                </span>
              </span>
            )}
          </span>
        )}
      </button>
    </li>
  );
});

/**
 * Every step of the run: index, title and the kernel's answer; a marker where the kernel printed a report,
 * and in compare mode a "differs" tag where run B differs. The selected step is aria-current.
 */
export function StepList() {
  const steps = useLab(selectSteps);
  const cursor = useLab(selectCursor);
  const select = useLab(selectSelect);
  const status = useLab(selectStatus);
  const diffs = useStepDiffs();
  const list = useRef<HTMLOListElement>(null);

  // Keeps the current step visible inside the list without scrolling the page (playback moves it every
  // 700 ms; the page must stay where the reader put it).
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll again whenever the cursor moves
  useEffect(() => {
    const box = list.current;
    const item = box?.querySelector<HTMLElement>('[aria-current="step"]');
    if (!item || !box) return;
    const top = item.offsetTop; // the list is positioned: offsets are relative to it
    if (top < box.scrollTop) box.scrollTop = top;
    else if (top + item.offsetHeight > box.scrollTop + box.clientHeight)
      box.scrollTop = top + item.offsetHeight - box.clientHeight;
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
  return (
    <ol
      ref={list}
      aria-label="Steps"
      className="relative max-h-72 overflow-auto rounded border border-line bg-panel"
    >
      {steps.map((s) => (
        <StepRow
          key={s.index}
          step={s}
          selected={s.index === cursor}
          diff={diffs?.get(s.index)}
          select={select}
        />
      ))}
    </ol>
  );
}
