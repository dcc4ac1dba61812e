import { memo } from 'react';
import { type Step, selectCurrentStep } from '../state/store';
import { EventList } from './EventList';
import { ObservedValues } from './library/RealKernels';
import { useLabFollowing } from './useLabFollowing';

/** The selected step: what ran, what the kernel answered, and every event on the way (its narration is above the trees). */
export function StepDetail() {
  const step = useLabFollowing(selectCurrentStep);
  return <StepDetailView step={step} />;
}

/** Memoized: the render that commits a step (the deferred step still old) stops here. */
const StepDetailView = memo(function StepDetailView({ step }: { step: Step | undefined }) {
  if (!step) return null;
  const facts: [string, string | undefined][] = [
    ['Process', step.proc],
    ['Result', step.result || undefined],
    ['Detail', step.detail],
    ['Taint', step.state.taint],
  ];
  return (
    <section
      aria-labelledby="step-heading"
      className="panel-offscreen rounded border border-line bg-panel p-3"
    >
      <h2 id="step-heading" className="font-semibold">
        Step {step.index}: <span className="font-mono">{step.title}</span>
      </h2>
      <dl className="mt-2 grid grid-cols-[max-content_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-sm">
        {facts
          .filter((f): f is [string, string] => f[1] !== undefined && f[1] !== '')
          .map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-muted">{k}</dt>
              <dd className="font-mono wrap-anywhere">{v}</dd>
            </div>
          ))}
      </dl>
      <ObservedValues step={step.index} />
      <h3 className="mt-3 mb-1 text-sm font-semibold">Events ({step.events.length})</h3>
      <EventList events={step.events} />
    </section>
  );
});
