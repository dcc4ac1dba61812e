import { useId } from 'react';
import { VARIANTS, type VariantId } from '../../model/variants';
import { useLab } from '../../state/hooks';
import { labStore, selectImpact, selectLoadImpact } from '../../state/store';

/** "What changed in patch N": the built-in scenarios whose outcomes the patch changes, and where. */
export function PatchImpact() {
  const st = useLab(selectImpact);
  const loadImpact = useLab(selectLoadImpact);
  const id = useId();
  const open = (scenarioId: string, step: number) => {
    if (!st.result?.ok) return;
    const { variant, previous } = st.result;
    void labStore
      .getState()
      .openBuiltin(scenarioId)
      .then((opened) => {
        if (!opened) return;
        const base = labStore.getState().scenarioSettings;
        labStore.getState().setVariant(variant);
        void labStore.getState().setCompare({ ...base, variant: previous });
        labStore.getState().select(step);
      });
  };
  return (
    <section
      aria-labelledby={`${id}-h`}
      className="flex flex-col gap-2 rounded border border-line bg-panel p-2 text-sm contain-content"
    >
      <h2 id={`${id}-h`} className="font-medium">
        What changed in a patch
      </h2>
      <label htmlFor={id} className="sr-only">
        Patch or kernel version
      </label>
      <select
        id={id}
        value={st.variant ?? ''}
        onChange={(e) => void loadImpact(e.target.value as VariantId)}
        className="rounded border border-line bg-panel px-2 py-1"
      >
        <option value="" disabled>
          Choose a patch…
        </option>
        {VARIANTS.filter((v) => v.id !== 'baseline' && v.id !== 'v6.17').map((v) => (
          <option key={v.id} value={v.id}>
            {v.label}: {v.subject}
          </option>
        ))}
      </select>
      {st.status === 'running' && (
        <p role="status" className="text-muted">
          Running every built-in scenario before and after…
        </p>
      )}
      {st.error && (
        <p role="alert" className="text-cls-bad">
          {st.error}
        </p>
      )}
      {st.status === 'done' &&
        st.result?.ok &&
        (st.result.scenarios.length === 0 ? (
          <p className="text-muted">No built-in scenario changes outcome with {st.result.variant}.</p>
        ) : (
          <ul className="flex flex-col gap-1">
            {st.result.scenarios.map((sc) => (
              <li key={sc.id}>
                <span className="font-medium">{sc.title}</span>
                <ul className="pl-3">
                  {sc.steps.map((x) => (
                    <li key={x.index}>
                      <button
                        type="button"
                        className="text-left text-accent underline"
                        onClick={() => open(sc.id, x.index)}
                      >
                        step {x.index}: {x.title}
                      </button>
                      <span className="block font-mono text-xs text-muted">
                        {x.before} → {x.after}
                      </span>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}
