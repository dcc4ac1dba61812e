/**
 * The patch stepper: one scenario run in every variant in order, each variant compared with the one before
 * it ("what did patch N change here"). It runs the model, so only the worker (and Node) import it; the
 * pure step facts it compares are in facts.ts and the order in order.ts, re-exported here.
 */
import { type VariantId, variantInfo } from '../model/variants';
import { type BehaviourField, differenceOf, diffFacts, type StepFacts, stepFacts } from './facts';
import { STEPPER_ORDER } from './order';
import { runScenario } from './run';
import type { Scenario } from './schema';

export {
  BEHAVIOUR_FIELDS,
  type BehaviourField,
  CLASSIFIER_FNS,
  type Difference,
  differenceOf,
  diffFacts,
  KERNEL_REPORTS,
  type KernelReport,
  type StepFacts,
  sameFacts,
  stepFacts,
  stepReports,
} from './facts';
export { STEPPER_ORDER } from './order';

/** One step a variant changes against the one before it. */
export interface StepChange {
  readonly index: number;
  /** "behaviour": a result, report, entry, counter, folio or VMA differs; "path": only the code path. */
  readonly kind: 'behaviour' | 'path';
  /** The behaviour facts that differ (empty for "path"); "missing" when only one run has the step. */
  readonly fields: readonly (BehaviourField | 'missing')[];
}

export interface PatchStep {
  readonly variant: VariantId;
  readonly label: string;
  readonly subject: string;
  readonly summary: string;
  /** Facts of every step (index 0 is the initial state). */
  readonly facts: readonly StepFacts[];
  /** Steps whose outcome differs from the previous variant's (empty for the first): behaviour first. */
  readonly changes: readonly StepChange[];
  /** The indices of `changes`, in the same order (behaviour changes first, then code path only). */
  readonly changed: readonly number[];
}

/** The steps of run `b` that differ from run `a`: behaviour changes first, then those of code path only. */
export function stepChanges(a: readonly StepFacts[], b: readonly StepFacts[]): StepChange[] {
  const behaviour: StepChange[] = [];
  const path: StepChange[] = [];
  for (let i = 1; i < Math.max(a.length, b.length); i++) {
    const fa = a[i];
    const fb = b[i];
    if (!fa || !fb) {
      behaviour.push({ index: i, kind: 'behaviour', fields: ['missing'] });
      continue;
    }
    const d = diffFacts(fa, fb);
    const kind = differenceOf(d);
    if (kind === 'behaviour') behaviour.push({ index: i, kind, fields: d.behaviour });
    else if (kind === 'path') path.push({ index: i, kind, fields: [] });
  }
  return [...behaviour, ...path];
}

/** Runs the scenario in every variant of STEPPER_ORDER, keeping its preset and config. */
export function patchStepper(s: Scenario, order: readonly VariantId[] = STEPPER_ORDER): PatchStep[] {
  const out: PatchStep[] = [];
  let prev: readonly StepFacts[] | undefined;
  for (const variant of order) {
    const run = runScenario({ ...s, kernel: { ...s.kernel, variant } });
    const facts = run.steps.map(stepFacts);
    const changes = prev ? stepChanges(prev, facts) : [];
    const info = variantInfo(variant);
    out.push({
      variant,
      label: info.label,
      subject: info.subject,
      summary: info.summary,
      facts,
      changes,
      changed: changes.map((c) => c.index),
    });
    prev = facts;
  }
  return out;
}
