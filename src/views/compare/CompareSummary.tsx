import { useMemo } from 'react';
import type { LeafLevel } from '../../model/entry';
import { hex } from '../../model/units';
import { useLab } from '../../state/hooks';
import { differingEntries, diffStep, type StepFacts } from '../../state/read/diff';
import type { KernelSettings } from '../../state/settings';
import {
  selectCompareStep,
  selectCurrentStep,
  selectCursor,
  selectSelect,
  selectSettings,
} from '../../state/store';
import { settingsText } from '../controls/options';
import { FOCUS } from '../controls/styles';
import { FIELD_LABEL, reportsText, sideText } from './format';
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

/** Compare mode: the steps where run B differs, and the current step of A and B side by side. */
export function CompareSummary({ b }: { b: KernelSettings }) {
  const diffs = useStepDiffs();
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
  const differs = (f: string) => here.fields.includes(f as never);
  const cell = (on: boolean) => `px-2 py-0.5 align-top font-mono ${on ? 'bg-changed' : ''}`;
  const facts = (f: StepFacts | undefined, field: 'result' | 'branches' | 'reports') => {
    if (!f) return '—';
    if (field === 'result') return f.result || '—';
    if (field === 'branches') return f.branches.join(' ') || 'none';
    return reportsText(f.reports);
  };
  return (
    <div className="grid gap-2 border-t border-line px-4 py-2 text-xs lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <div className="flex min-w-0 flex-col gap-1.5">
        <div className="flex flex-wrap items-center gap-1">
          <span className="font-semibold">Steps where B differs:</span>
          {list.length === 0 && (
            <span className="text-muted">none (result, vm_normal_page*() branches and reports agree)</span>
          )}
          {list.map((d) => (
            <button
              key={d.index}
              type="button"
              onClick={() => select(d.index)}
              aria-current={d.index === cursor ? 'step' : undefined}
              title={d.fields.map((f) => FIELD_LABEL[f]).join(', ')}
              className={`rounded border border-accent px-1.5 font-mono text-accent hover:bg-hover aria-[current=step]:bg-selected ${FOCUS}`}
            >
              <span className="sr-only">Go to step </span>
              {d.index}
            </button>
          ))}
        </div>
        <Scroll label={`Step ${cursor}: run A and run B`} className="max-h-32">
          <table className="w-full border-collapse">
            <caption className="sr-only">Step {cursor} in run A and run B</caption>
            <thead className="text-left text-muted">
              <tr>
                <th scope="col" className="px-2 py-0.5 font-normal">
                  Step {cursor}
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
              {(['result', 'branches', 'reports'] as const).map((f) => (
                <tr key={f} className="border-t border-line">
                  <th scope="row" className="px-2 py-0.5 text-left font-normal text-muted">
                    {FIELD_LABEL[f]}
                    {differs(f) && <span className="sr-only"> (differs)</span>}
                  </th>
                  <td className={cell(differs(f))}>{facts(here.a, f)}</td>
                  <td className={cell(differs(f))}>{facts(here.b, f)}</td>
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
          <Scroll label={`Entries that differ at step ${cursor}`} className="max-h-36">
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
