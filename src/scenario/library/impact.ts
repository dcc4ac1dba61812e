/**
 * "What changed in patch N": the scenarios whose outcomes a variant changes against the one before it,
 * each step as a change of behaviour (result, reports, entries, counters, folios, VMAs) or of the code
 * path only (another vm_normal_page*() check decided, with the same behaviour). A renamed or moved check
 * (equivalence.ts) is no change at all.
 * The worker runs this with the scenarios the page sends (the page already bundles the library), so the
 * library's JSON is not bundled a second time into the worker: nothing here imports ./index at run time.
 */
import { isVariantId, type VariantId } from '../../model/variants';
import { type FactChange, factChanges, stepFacts } from '../facts';
import { previousVariant } from '../order';
import { stepChanges } from '../outcomes';
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

export interface ImpactStep {
  readonly index: number;
  readonly title: string;
  readonly kind: 'behaviour' | 'path';
  /** What differs, behaviour first; empty when only one run has the step. */
  readonly changes: readonly FactChange[];
}

export interface ScenarioImpact {
  readonly id: string;
  readonly title: string;
  /** Some step's behaviour changes (else only code paths do). */
  readonly behaviour: boolean;
  /** The steps that differ from the previous variant: behaviour changes first, then code path only. */
  readonly steps: readonly ImpactStep[];
}

export type ImpactOutcome =
  | {
      ok: true;
      variant: VariantId;
      previous: VariantId;
      /** Scenarios whose behaviour changes first, then those that change in code path only. */
      scenarios: ScenarioImpact[];
    }
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
    const fa = a.map(stepFacts);
    const fb = b.map(stepFacts);
    const steps = stepChanges(fa, fb).map(({ index, kind }): ImpactStep => {
      const x = fa[index];
      const y = fb[index];
      return {
        index,
        title: (b[index] ?? a[index])?.title ?? '',
        kind,
        changes: x && y ? factChanges(x, y) : [],
      };
    });
    if (steps.length)
      scenarios.push({
        id: e.id,
        title: v.scenario.title ?? e.id,
        behaviour: steps.some((s) => s.kind === 'behaviour'),
        steps,
      });
  }
  scenarios.sort((x, y) => Number(y.behaviour) - Number(x.behaviour));
  return { ok: true, variant, previous, scenarios };
}
