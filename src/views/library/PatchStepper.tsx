import { previousVariant } from '../../scenario/order';
import { useLab } from '../../state/hooks';
import { labStore, selectLoadStepper, selectStepper } from '../../state/store';

/**
 * The scenario in every variant, in order: each patch with its subject and summary, and the steps whose
 * outcome it changes. Choosing one shows that variant compared with the one before it.
 */
export function PatchStepper() {
  const st = useLab(selectStepper);
  const loadStepper = useLab(selectLoadStepper);
  return (
    <section
      aria-labelledby="stepper-heading"
      className="flex flex-col gap-2 rounded border border-line bg-panel p-2 contain-content"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="stepper-heading" className="text-sm font-medium">
          Patch by patch
        </h2>
        <button
          type="button"
          onClick={() => void loadStepper()}
          className="rounded border border-line px-2 py-1 text-sm hover:bg-hover"
        >
          {st.status === 'done' ? 'Run again' : 'Run in every variant'}
        </button>
      </div>
      {st.status === 'running' && (
        <p role="status" className="text-sm text-muted">
          Running the scenario in every variant…
        </p>
      )}
      {st.error && (
        <p role="alert" className="text-sm text-cls-bad">
          {st.error}
        </p>
      )}
      {st.status === 'done' && (
        <ol aria-label="Variants in order" className="flex max-h-80 flex-col gap-1 overflow-auto text-sm">
          {st.steps.map((p) => (
            <li
              key={p.variant}
              className={`rounded border px-2 py-1 ${p.changed.length ? 'border-cls-warn' : 'border-line'}`}
            >
              <button
                type="button"
                className="w-full text-left"
                title={p.summary}
                onClick={() => {
                  const s = labStore.getState();
                  s.setVariant(p.variant);
                  const prev = previousVariant(p.variant);
                  const current = s.settings ?? s.scenarioSettings;
                  if (prev && p.changed.length) void s.setCompare({ ...current, variant: prev });
                  if (p.changed[0] !== undefined) s.select(p.changed[0]);
                }}
              >
                <span className="font-mono">{p.label}</span> <span className="text-muted">{p.subject}</span>
                <span className="block">
                  {p.changed.length ? (
                    <span className="text-cls-warn">
                      changes step{p.changed.length > 1 ? 's' : ''} {p.changed.join(', ')}
                    </span>
                  ) : (
                    <span className="text-muted">no change here</span>
                  )}
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
