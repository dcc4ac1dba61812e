import { memo } from 'react';
import { clausesFor, type Kernel, kernelLabel, type ScenarioStory, storyOf } from '../../scenario/narration';
import { useLab } from '../../state/hooks';
import { effectiveConfig, type KernelSettings } from '../../state/settings';
import { type LabState, type Step, selectCurrentStep, selectSettings, selectSteps } from '../../state/store';
import { Clauses } from '../narration/Clauses';
import { derivedLine } from '../narration/derived';
import { LevelSwitch } from '../narration/LevelSwitch';

const selectRanText = (s: LabState) => s.ranText;
const selectExplain = (s: LabState) => s.explain;

/**
 * The current step's narration for the kernel the reader chose: in plain words or in kernel detail (the
 * switch), the clauses that hold for this kernel first and the others folded under "In other kernels". A
 * step the scenario does not narrate gets a line read off the trace, marked as such.
 */
export function Narration() {
  const step = useLab(selectCurrentStep);
  const steps = useLab(selectSteps);
  const text = useLab(selectRanText);
  const settings = useLab(selectSettings);
  const explain = useLab(selectExplain);
  const story = storyOf(text);
  // The text of the last run tells about these steps only when it has as many (a run may be on its way).
  const told = story.steps + 1 === steps.length ? story : null;
  return <NarrationView step={step} story={told} settings={settings} learner={explain === 'learner'} />;
}

const NarrationView = memo(function NarrationView({
  step,
  story,
  settings,
  learner,
}: {
  step: Step | undefined;
  story: ScenarioStory | null;
  settings: KernelSettings;
  learner: boolean;
}) {
  if (!step) return null;
  const kernel: Kernel = { variant: settings.variant, config: effectiveConfig(settings) };
  const n = story?.narration.get(step.index);
  const note = story ? story.notes.get(step.index) : step.note;
  return (
    <section
      aria-label="Narration"
      className="rounded border border-line bg-panel p-2 text-sm contain-content"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <p>
          <span className="font-mono text-muted">Step {step.index}: </span>
          <span className="font-medium">{step.title}</span>
        </p>
        <LevelSwitch />
      </div>
      {step.index === 0 ? (
        <p className="mt-1 text-muted">Nothing has run yet: step forward to see each operation explained.</p>
      ) : n ? (
        <Told n={n.learner} detail={n.clauses} learner={learner} kernel={kernel} />
      ) : note ? (
        <p className="mt-1" data-testid="narration-note">
          {note}
        </p>
      ) : (
        <p className="mt-1" data-testid="narration-derived">
          <span className="mr-1 rounded border border-line px-1 text-xs text-muted">from the trace</span>
          {derivedLine(step)}
        </p>
      )}
    </section>
  );
});

function Told({
  n,
  detail,
  learner,
  kernel,
}: {
  n: Parameters<typeof clausesFor>[0];
  detail: Parameters<typeof clausesFor>[0];
  learner: boolean;
  kernel: Kernel;
}) {
  const { here, other } = clausesFor(learner ? n : detail, kernel);
  return (
    <div className="mt-1" data-testid={learner ? 'narration-learner' : 'narration-reviewer'}>
      <p className="text-xs text-muted" data-testid="narration-kernel">
        For {kernelLabel(kernel)}:
      </p>
      <div data-testid="narration-here">
        {here.length > 0 ? (
          <Clauses clauses={here} />
        ) : (
          <p className="text-muted">
            This step says nothing specific about this kernel; see the other kernels.
          </p>
        )}
      </div>
      {other.length > 0 && (
        <details className="mt-1" data-testid="narration-other">
          <summary className="cursor-pointer text-xs text-muted">In other kernels ({other.length})</summary>
          <div className="mt-1 border-l-2 border-line pl-2">
            <Clauses clauses={other} labelled />
          </div>
        </details>
      )}
    </div>
  );
}
