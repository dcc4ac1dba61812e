/** "What changed in patch N": the built-in scenarios whose outcomes a variant changes against the one before it. */
import { isVariantId, type VariantId } from '../../model/variants';
import { STEPPER_ORDER, sameFacts, stepFacts } from '../outcomes';
import { runScenario } from '../run';
import { validateScenario } from '../validate';
import { LIBRARY } from './index';

export interface ScenarioImpact {
  readonly id: string;
  readonly title: string;
  /** Steps whose result, vm_normal_page*() branches or reports differ from the previous variant. */
  readonly steps: readonly { index: number; title: string; before: string; after: string }[];
}

export type ImpactOutcome =
  | { ok: true; variant: VariantId; previous: VariantId; scenarios: ScenarioImpact[] }
  | { ok: false; error: string };

/** The variant before `v` in reading order (baseline for RFC 01). */
export function previousVariant(v: VariantId): VariantId | undefined {
  const i = STEPPER_ORDER.indexOf(v);
  return i > 0 ? STEPPER_ORDER[i - 1] : undefined;
}

export function patchImpact(variant: string): ImpactOutcome {
  if (!isVariantId(variant)) return { ok: false, error: `unknown kernel variant "${variant}"` };
  const previous = previousVariant(variant);
  if (!previous) return { ok: false, error: `${variant} is the first variant: there is nothing before it` };
  const scenarios: ScenarioImpact[] = [];
  for (const e of LIBRARY) {
    const v = validateScenario(e.scenario);
    if (!v.ok) continue;
    const a = runScenario({ ...v.scenario, kernel: { ...v.scenario.kernel, variant: previous } }).steps;
    const b = runScenario({ ...v.scenario, kernel: { ...v.scenario.kernel, variant } }).steps;
    const steps: ScenarioImpact['steps'][number][] = [];
    for (let i = 1; i < Math.max(a.length, b.length); i++) {
      const sa = a[i];
      const sb = b[i];
      const fa = sa && stepFacts(sa);
      const fb = sb && stepFacts(sb);
      if (fa && fb && sameFacts(fa, fb)) continue;
      const say = (f: typeof fa) => (f ? [f.result, ...f.branches, ...f.reports].join(' ') : '(no step)');
      steps.push({ index: i, title: (sb ?? sa)?.title ?? '', before: say(fa), after: say(fb) });
    }
    if (steps.length) scenarios.push({ id: e.id, title: v.scenario.title ?? e.id, steps });
  }
  return { ok: true, variant, previous, scenarios };
}
