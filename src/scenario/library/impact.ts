/**
 * "What changed in patch N": the scenarios whose outcomes a variant changes against the one before it.
 * The worker runs this with the scenarios the page sends (the page already bundles the library), so the
 * library's JSON is not bundled a second time into the worker: nothing here imports ./index at run time.
 */
import { isVariantId, type VariantId } from '../../model/variants';
import { sameFacts, stepFacts } from '../facts';
import { previousVariant } from '../order';
import { runScenario } from '../run';
import { validateScenario } from '../validate';

export { previousVariant } from '../order';

/** One scenario to compare: a library entry's id and its JSON (validated here before it runs). */
export interface ImpactScenario {
  readonly id: string;
  readonly scenario: unknown;
}

/** The `impact` task's input: the patch (a variant id) and the scenarios to replay before and after it. */
export interface ImpactInput {
  readonly patch: string;
  readonly scenarios: readonly ImpactScenario[];
}

export interface ScenarioImpact {
  readonly id: string;
  readonly title: string;
  /** Steps whose result, vm_normal_page*() branches or reports differ from the previous variant. */
  readonly steps: readonly { index: number; title: string; before: string; after: string }[];
}

export type ImpactOutcome =
  | { ok: true; variant: VariantId; previous: VariantId; scenarios: ScenarioImpact[] }
  | { ok: false; error: string };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The worker's entry: any value arrives over the wire, so its shape is checked before anything runs. */
export function impactTask(input: unknown): ImpactOutcome {
  const fail = (what: string): ImpactOutcome => ({
    ok: false,
    error: `the impact request is malformed: ${what} (expected { patch: string, scenarios: { id: string, scenario }[] })`,
  });
  if (!isRecord(input)) return fail('it is not an object');
  const { patch, scenarios } = input;
  if (typeof patch !== 'string') return fail('"patch" is not a string');
  if (!Array.isArray(scenarios)) return fail('"scenarios" is not a list');
  const bad = scenarios.findIndex((s) => !isRecord(s) || typeof s.id !== 'string' || !('scenario' in s));
  if (bad >= 0) return fail(`scenarios[${bad}] has no string "id" or no "scenario"`);
  return patchImpactOn(patch, scenarios as ImpactScenario[]);
}

/** Replays each scenario in `variant` and in the variant before it, and lists the steps that differ. */
export function patchImpactOn(variant: string, list: readonly ImpactScenario[]): ImpactOutcome {
  if (!isVariantId(variant)) return { ok: false, error: `unknown kernel variant "${variant}"` };
  const previous = previousVariant(variant);
  if (!previous) return { ok: false, error: `${variant} is the first variant: there is nothing before it` };
  const scenarios: ScenarioImpact[] = [];
  for (const e of list) {
    // The built-in scenarios are checked by library.test.ts; one that does not validate has no outcome to
    // compare, so it is left out rather than failing the whole answer.
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
