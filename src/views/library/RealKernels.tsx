import { useEffect, useState } from 'react';
import { type ConformanceResults, loadConformance, observedRows } from '../../state/conformance';
import { useLab } from '../../state/hooks';
import type { LabState } from '../../state/store';
import { ScrollRegion } from '../ScrollRegion';

const selectScenarioId = (s: LabState) => s.scenarioId;

/** The conformance results, once loaded (a lazy chunk); null before, and for a page that never asks. */
function useResults(): ConformanceResults | null {
  const [r, setR] = useState<ConformanceResults | null>(null);
  useEffect(() => {
    let live = true;
    void loadConformance().then((x) => {
      if (live) setR(x);
    });
    return () => {
      live = false;
    };
  }, []);
  return r;
}

/** "Held against real kernels": the kernels, the model variant each was held against, and the date. */
export function RealKernelBadge() {
  const id = useLab(selectScenarioId);
  const results = useResults();
  const story = id && results ? results.stories[id] : undefined;
  if (!story || !results) return null;
  return (
    <p className="rounded border border-line bg-page px-2 py-1 text-xs" data-testid="real-kernel-badge">
      <span className="font-semibold">Held against real kernels</span> on {results.date}:{' '}
      {story.kernels.map((k, i) => (
        <span key={k.label}>
          {i > 0 && '; '}
          Linux {k.release} (the model as {k.variant}, x86-64): {k.agree} agree, {k.differ} differ
          {k.differ > 0 ? ' (explained in docs/conformance.md)' : ''}, {k.notObservable} not observable
        </span>
      ))}
      .
    </p>
  );
}

/** The real kernels' observed values for one step of a story, beside the model's. */
export function ObservedValues({ step }: { step: number }) {
  const id = useLab(selectScenarioId);
  const results = useResults();
  const story = id && results ? results.stories[id] : undefined;
  if (!story || step === 0) return null;
  const rows = observedRows(story, step);
  if (!rows.length) return null;
  const kernels = story.kernels.map((k) => k.label);
  return (
    <div className="mt-3" data-testid="observed-values">
      <h3 className="mb-1 text-sm font-semibold">On real kernels ({results?.date})</h3>
      <ScrollRegion label={`Step ${step} on real kernels`}>
        <table className="text-xs">
          <thead>
            <tr className="text-left text-muted">
              <th className="pr-3 font-normal">observed</th>
              <th className="pr-3 font-normal">model</th>
              {kernels.map((k) => (
                <th key={k} className="pr-3 font-normal">
                  Linux {k}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="font-mono">
            {rows.map((r) => (
              <tr key={r.what}>
                <td className="pr-3">{r.what}</td>
                <td className="pr-3">{r.model}</td>
                {kernels.map((k) => {
                  const v = r.real[k];
                  return (
                    <td key={k} className={`pr-3 ${v?.verdict === 'differ' ? 'text-cls-bad' : ''}`}>
                      {v ? `${v.value}${v.verdict === 'differ' ? ' ≠' : ''}` : '—'}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </div>
  );
}
