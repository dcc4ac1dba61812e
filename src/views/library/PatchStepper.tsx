import { previousVariant } from '../../scenario/order';
import type { PatchStep } from '../../scenario/outcomes';
import { useLab } from '../../state/hooks';
import { labStore, selectLoadStepper, selectStepper } from '../../state/store';

const steps = (xs: readonly number[]) => `step${xs.length > 1 ? 's' : ''} ${xs.join(', ')}`;

/** What a variant changes: behaviour first, then the steps where only the code path changes. */
function Changes({ p }: { p: PatchStep }) {
  const behaviour = p.changes.filter((c) => c.kind === 'behaviour').map((c) => c.index);
  const path = p.changes.filter((c) => c.kind === 'path').map((c) => c.index);
  if (!behaviour.length && !path.length) return <span className="block text-muted">no change here</span>;
  return (
    <>
      {behaviour.length > 0 && (
        <span className="block text-cls-warn">changes {steps(behaviour)} (behaviour)</span>
      )}
      {path.length > 0 && (
        <span className="block text-muted">
          {behaviour.length ? 'and' : 'same behaviour;'} code path only at {steps(path)}
        </span>
      )}
    </>
  );
}

/**
 * The scenario in every variant, in order: each patch with its subject and summary, and the steps whose
 * outcome it changes, behaviour first, then the steps where only the code path changes (a renamed or
 * moved check is no change). Choosing one shows that variant compared with the one before it.
 */
export function PatchStepper() {
  const st = useLab(selectStepper);
  const loadStepper = useLab(selectLoadStepper);
  const first =
    st.status === 'done' ? st.steps.find((p) => p.changes.some((c) => c.kind === 'behaviour')) : undefined;
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
        <p data-testid="first-behaviour-change" className="text-sm">
          {first ? (
            <>
              First behaviour change: <span className="font-mono">{first.label}</span>{' '}
              <span className="text-muted">{first.subject}</span>
            </>
          ) : (
            <span className="text-muted">No variant changes this scenario's behaviour.</span>
          )}
        </p>
      )}
      {st.status === 'done' && (
        <ol aria-label="Variants in order" className="flex max-h-80 flex-col gap-1 overflow-auto text-sm">
          {st.steps.map((p) => {
            const behaviour = p.changes.some((c) => c.kind === 'behaviour');
            return (
              <li
                key={p.variant}
                className={`rounded border px-2 py-1 ${behaviour ? 'border-cls-warn' : p.changes.length ? 'border-dotted border-muted' : 'border-line'}`}
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
                    if (prev && p.changes.length) void s.setCompare({ ...current, variant: prev });
                    // Behaviour changes come first.
                    if (p.changes[0]) s.select(p.changes[0].index);
                  }}
                >
                  <span className="font-mono">{p.label}</span> <span className="text-muted">{p.subject}</span>
                  <Changes p={p} />
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
