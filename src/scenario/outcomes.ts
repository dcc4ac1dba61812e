/**
 * The patch stepper: one scenario run in every variant in order, each variant compared with the one before
 * it ("what did patch N change here"). It runs the model, so only the worker (and Node) import it; the
 * pure step facts it compares are in facts.ts and the order in order.ts, re-exported here.
 */
import { type VariantId, variantInfo } from '../model/variants';
import { type StepFacts, sameFacts, stepFacts } from './facts';
import { STEPPER_ORDER } from './order';
import { runScenario } from './run';
import type { Scenario } from './schema';

export {
  CLASSIFIER_FNS,
  KERNEL_REPORTS,
  type KernelReport,
  type StepFacts,
  sameFacts,
  stepFacts,
  stepReports,
} from './facts';
export { STEPPER_ORDER } from './order';

export interface PatchStep {
  readonly variant: VariantId;
  readonly label: string;
  readonly subject: string;
  readonly summary: string;
  /** Facts of every step (index 0 is the initial state). */
  readonly facts: readonly StepFacts[];
  /** Steps whose outcome differs from the previous variant's (empty for the first). */
  readonly changed: readonly number[];
}

/** Runs the scenario in every variant of STEPPER_ORDER, keeping its preset and config. */
export function patchStepper(s: Scenario, order: readonly VariantId[] = STEPPER_ORDER): PatchStep[] {
  const out: PatchStep[] = [];
  let prev: readonly StepFacts[] | undefined;
  for (const variant of order) {
    const run = runScenario({ ...s, kernel: { ...s.kernel, variant } });
    const facts = run.steps.map(stepFacts);
    const changed: number[] = [];
    if (prev) {
      for (let i = 1; i < Math.max(prev.length, facts.length); i++) {
        const a = prev[i];
        const b = facts[i];
        if (!a || !b || !sameFacts(a, b)) changed.push(i);
      }
    }
    const info = variantInfo(variant);
    out.push({ variant, label: info.label, subject: info.subject, summary: info.summary, facts, changed });
    prev = facts;
  }
  return out;
}
