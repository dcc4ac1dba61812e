import { useId } from 'react';
import { VARIANTS, type VariantId, variantInfo } from '../../model/variants';
import type { ImpactStep, ScenarioImpact } from '../../scenario/library/impact';
import { useLab } from '../../state/hooks';
import { DIFF_FIELD_LABEL, type FactChange } from '../../state/read/diff';
import { labStore, selectImpact, selectLoadImpact } from '../../state/store';
import { REPORT_LABEL } from '../compare/format';

/** "result: NULL → page 0x4002"; lists show what only each side has. */
function changeText(c: FactChange): string {
  const side = (xs: readonly string[]) =>
    xs.length === 0
      ? 'none'
      : (c.field === 'reports' ? xs.map((r) => REPORT_LABEL[r as keyof typeof REPORT_LABEL] ?? r) : xs).join(
          '; ',
        );
  return `${DIFF_FIELD_LABEL[c.field]}: ${side(c.before)} → ${side(c.after)}`;
}

function StepItem({ step, open }: { step: ImpactStep; open: () => void }) {
  return (
    <li>
      <button type="button" className="text-left text-accent underline" onClick={open}>
        step {step.index}: {step.title}
      </button>
      {step.changes.length > 0 && (
        <ul className="font-mono text-xs text-muted">
          {step.changes.map((c) => (
            <li key={c.field} className="break-words">
              {changeText(c)}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function ScenarioList({
  label,
  scenarios,
  kind,
  open,
}: {
  label: string;
  scenarios: readonly ScenarioImpact[];
  kind: ImpactStep['kind'];
  open: (scenarioId: string, step: number) => void;
}) {
  return (
    <ul aria-label={label} className="flex flex-col gap-1">
      {scenarios.map((sc) => (
        <li key={sc.id}>
          <span className="font-medium">{sc.title}</span>
          <ul className="flex flex-col gap-0.5 pl-3">
            {sc.steps
              .filter((x) => x.kind === kind)
              .map((x) => (
                <StepItem key={x.index} step={x} open={() => open(sc.id, x.index)} />
              ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

/**
 * "What changed in patch N": the built-in scenarios whose outcomes the patch changes, and where. Changes of
 * behaviour (result, reports, entries, counters, folios, VMAs) come first; then the steps where only the
 * code path changes (another vm_normal_page*() check decides, with the same behaviour). A check that is
 * only renamed or moved is no change.
 */
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
  const r = st.status === 'done' && st.result?.ok ? st.result : null;
  const behaviour = r?.scenarios.filter((s) => s.behaviour) ?? [];
  const path = r?.scenarios.filter((s) => s.steps.some((x) => x.kind === 'path')) ?? [];
  const label = r ? variantInfo(r.variant).label : '';
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
      {r && (
        <>
          <h3 className="font-medium">Behaviour changes</h3>
          {behaviour.length ? (
            <ScenarioList
              label={`Behaviour changes with ${label}`}
              scenarios={behaviour}
              kind="behaviour"
              open={open}
            />
          ) : (
            <p className="text-muted">
              None: every built-in story behaves as with {variantInfo(r.previous).label}.
            </p>
          )}
          <h3 className="font-medium">Code path only</h3>
          <p className="text-muted">
            {path.length ? 'Same behaviour, another vm_normal_page*() check decides:' : 'None.'}
          </p>
          {path.length > 0 && (
            <ScenarioList label={`Code path only with ${label}`} scenarios={path} kind="path" open={open} />
          )}
        </>
      )}
    </section>
  );
}
