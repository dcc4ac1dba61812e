import { useMemo } from 'react';
import type { LeafLevel } from '../../model/entry';
import { hex } from '../../model/units';
import { useLab } from '../../state/hooks';
import {
  codePathDiffsOf,
  DIFF_FIELD_LABEL,
  type DiffField,
  differingEntries,
  diffStep,
  type StepDiff,
  type StepFacts,
} from '../../state/read/diff';
import type { KernelSettings } from '../../state/settings';
import {
  selectCompareStep,
  selectCompareSteps,
  selectCurrentStep,
  selectCursor,
  selectSelect,
  selectSettings,
  selectSteps,
} from '../../state/store';
import { settingsText } from '../controls/options';
import { FOCUS } from '../controls/styles';
import { reportsText, sideText } from './format';
import { useStepDiffs } from './useStepDiffs';

const vaddr = (v: number) => hex(BigInt(v) << 12n);
const LEVEL_SPAN: Record<LeafLevel, number> = { pte: 1, pmd: 512, pud: 512 * 512 };

/** A scrollable box the keyboard can reach (axe: scrollable-region-focusable). */
function Scroll({
  label,
  children,
  className,
}: {
  label: string;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <section
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
      tabIndex={0}
      aria-label={label}
      className={`overflow-auto rounded border border-line bg-panel ${FOCUS} ${className ?? ''}`}
    >
      {children}
    </section>
  );
}

type Row = Exclude<DiffField, 'missing'>;
const ROWS: readonly Row[] = ['result', 'reports', 'entries', 'counters', 'folios', 'vmas', 'branches'];
/** Rows shown even when both runs have nothing there. */
const ALWAYS: ReadonlySet<Row> = new Set(['result', 'reports', 'branches']);

function factText(f: StepFacts | undefined, field: Row): string {
  if (!f) return '—';
  if (field === 'result') return f.result || '—';
  if (field === 'reports') return reportsText(f.reports);
  if (field === 'branches') return f.branches.join(' ') || 'none';
  return f[field].join('; ') || 'none';
}

/** Buttons to the steps of one kind of difference. */
function StepLinks({
  list,
  cursor,
  select,
  path,
}: {
  list: readonly StepDiff[];
  cursor: number;
  select(i: number): void;
  path: boolean;
}) {
  return list.map((d) => (
    <button
      key={d.index}
      type="button"
      onClick={() => select(d.index)}
      aria-current={d.index === cursor ? 'step' : undefined}
      title={
        path ? 'same behaviour, another check decided' : d.fields.map((f) => DIFF_FIELD_LABEL[f]).join(', ')
      }
      className={`rounded border px-1.5 font-mono hover:bg-hover aria-[current=step]:bg-selected ${path ? 'border-dotted border-muted text-muted aria-[current=step]:text-fg' : 'border-accent text-accent'} ${FOCUS}`}
    >
      <span className="sr-only">Go to step </span>
      {d.index}
    </button>
  ));
}

/**
 * Compare mode: the steps where run B behaves differently, those where only the code path differs, and the
 * current step of A and B side by side.
 */
export function CompareSummary({ b }: { b: KernelSettings }) {
  const diffs = useStepDiffs();
  const stepsA = useLab(selectSteps);
  const stepsB = useLab(selectCompareSteps);
  const cursor = useLab(selectCursor);
  const select = useLab(selectSelect);
  const a = useLab(selectSettings);
  const stepA = useLab(selectCurrentStep);
  const stepB = useLab(selectCompareStep);
  const here = useMemo(() => diffStep(cursor, stepA, stepB), [cursor, stepA, stepB]);
  const entries = useMemo(
    () =>
      diffs && stepA && stepB
        ? differingEntries({ state: stepA.state, settings: a }, { state: stepB.state, settings: b }, 100, 32)
        : null,
    [diffs, stepA, stepB, a, b],
  );
  if (!diffs) return null;
  const list = [...diffs.values()];
  const paths = [...codePathDiffsOf(stepsA, stepsB).values()];
  const differs = (f: Row) => here.fields.includes(f);
  // Branch IDs that differ but are one check under two bodies (a rename or a move): not a difference.
  const renamed =
    !differs('branches') && here.a && here.b && here.a.branches.join() !== here.b.branches.join();
  const rows = ROWS.filter(
    (f) => ALWAYS.has(f) || differs(f) || factText(here.a, f) !== 'none' || factText(here.b, f) !== 'none',
  );
  const cell = (on: boolean) => `px-2 py-0.5 align-top font-mono ${on ? 'bg-changed' : ''}`;
  return (
    <div className="grid gap-2 border-t border-line px-4 py-2 text-xs lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <div className="flex min-w-0 flex-col gap-1.5">
        <div className="flex flex-wrap items-center gap-1">
          <span className="font-semibold">Steps where B behaves differently:</span>
          {list.length === 0 && <span className="text-muted">none</span>}
          <StepLinks list={list} cursor={cursor} select={select} path={false} />
          {paths.length > 0 && (
            <>
              <span className="ml-2 font-semibold">
                Code path only<span className="sr-only"> (same behaviour, another check decided)</span>:
              </span>
              <StepLinks list={paths} cursor={cursor} select={select} path />
            </>
          )}
        </div>
        <Scroll label={`Step ${cursor}: run A and run B`} className="max-h-28">
          <table className="w-full border-collapse">
            <caption className="sr-only">Step {cursor} in run A and run B</caption>
            <thead className="text-left text-muted">
              <tr>
                <th scope="col" className="px-2 py-0.5 font-normal">
                  Step {cursor}
                  {here.kind === 'path' && ': code path only'}
                </th>
                <th scope="col" className="px-2 py-0.5 font-normal">
                  A: {settingsText(a)}
                </th>
                <th scope="col" className="px-2 py-0.5 font-normal">
                  B: {settingsText(b)}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((f) => (
                <tr key={f} className="border-t border-line">
                  <th scope="row" className="px-2 py-0.5 text-left font-normal text-muted">
                    {DIFF_FIELD_LABEL[f]}
                    {differs(f) && <span className="sr-only"> (differs)</span>}
                    {f === 'branches' && renamed && <span className="block">same checks, renamed</span>}
                  </th>
                  <td className={cell(differs(f))}>{factText(here.a, f)}</td>
                  <td className={cell(differs(f))}>{factText(here.b, f)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      </div>
      <div className="flex min-w-0 flex-col gap-1.5">
        <p className="font-semibold">
          Entries that differ at step {cursor}
          {entries && (
            <span className="font-normal text-muted">
              {' '}
              ({entries.diffs.length} {entries.diffs.length === 1 ? 'range' : 'ranges'}
              {entries.truncated ? ' found before the comparison stopped; later ones not examined' : ''}; each
              run classified under its own settings)
            </span>
          )}
        </p>
        {entries && entries.diffs.length === 0 && (
          <p className="text-muted">None: every mapping has the same bits, pfn and classification.</p>
        )}
        {entries && entries.diffs.length > 0 && (
          <Scroll label={`Entries that differ at step ${cursor}`} className="max-h-28">
            <table className="w-full border-collapse">
              <caption className="sr-only">Entries that differ between run A and run B</caption>
              <thead className="text-left text-muted">
                <tr>
                  <th scope="col" className="px-2 py-0.5 font-normal">
                    Entry
                  </th>
                  <th scope="col" className="px-2 py-0.5 font-normal">
                    A
                  </th>
                  <th scope="col" className="px-2 py-0.5 font-normal">
                    B
                  </th>
                </tr>
              </thead>
              <tbody>
                {entries.diffs.map((d) => (
                  <tr key={`${d.proc}:${d.level}:${d.v}`} className="border-t border-line">
                    <th scope="row" className="px-2 py-0.5 text-left font-mono font-normal whitespace-nowrap">
                      {d.proc} {d.level.toUpperCase()} {vaddr(d.v)}
                      {d.count > 1 && `..${vaddr(d.v + (d.count - 1) * LEVEL_SPAN[d.level])} ×${d.count}`}
                    </th>
                    <td className="px-2 py-0.5 font-mono">{sideText(d.a)}</td>
                    <td className="px-2 py-0.5 font-mono">{sideText(d.b)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
        )}
        {entries && (entries.onlyInA.length > 0 || entries.onlyInB.length > 0) && (
          <p className="text-muted">
            {entries.onlyInA.length > 0 && `Only in A: ${entries.onlyInA.join(', ')}. `}
            {entries.onlyInB.length > 0 && `Only in B: ${entries.onlyInB.join(', ')}.`}
          </p>
        )}
      </div>
    </div>
  );
}
