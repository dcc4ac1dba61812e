import { useLab } from '../../state/hooks';
import { selectCurrentStep } from '../../state/store';

/** The current step's narration: what happens and why, as the scenario tells it. */
export function Narration() {
  const step = useLab(selectCurrentStep);
  if (!step || (!step.note && step.index === 0)) return null;
  return (
    <section
      aria-label="Narration"
      className="rounded border border-line bg-panel p-2 text-sm contain-content"
    >
      <p>
        <span className="font-mono text-muted">Step {step.index}: </span>
        <span className="font-medium">{step.title}</span>
      </p>
      {step.note && <p className="mt-1">{step.note}</p>}
    </section>
  );
}
